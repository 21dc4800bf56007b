// The help-tree diff (scripts/help-tree.mjs): every command and flag that etcdctl or etcdutl 3.5, 3.6 or 3.7 has
// and etcdctl 3.4.23 lacks must be in ours, or be named with its reason in test/help-tree-gaps.json; a gap that
// ours no longer lacks must leave that list; what ours has of them it shows alike (shorthand, arity, type, default). Ours must also have every command and flag of 3.4.23 (same shorthand,
// default and value-taking), gaps aside. Only --help runs, no server: a release that is not provisioned
// (node scripts/releases.mjs provision) is skipped with a message. `node scripts/help-tree.mjs diff` prints the diff.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { hasReference } from '../helpers/etcd.mjs';
import {
  NEWER_RELEASES, TOOLS, added, addUnlisted, addedItems, hasItem, helpTree, itemKey, oursFor, oursProgramName, programFor, releaseDiffs,
} from '../../scripts/help-tree.mjs';

const GAPS = JSON.parse(readFileSync(new URL('../help-tree-gaps.json', import.meta.url), 'utf8'));
const skip = hasReference() ? false : 'reference etcdctl 3.4.23 not installed';

const trees = {};
let diffs = [];

/** The tool word of a gap key and the rest ("etcdutl snapshot restore --mark-compacted"). */
const splitKey = (key) => [key.slice(0, key.indexOf(' ')), key.slice(key.indexOf(' ') + 1)];

describe('help tree: 3.5, 3.6 and 3.7 against 3.4.23 and ours', { skip }, () => {
  before(async () => {
    diffs = await releaseDiffs(NEWER_RELEASES, trees);
  });

  test('every gap has a known tool and a one-line reason', () => {
    for (const [key, reason] of Object.entries(GAPS)) {
      assert.ok(TOOLS.includes(splitKey(key)[0]), `${key}: the key starts with etcdctl or etcdutl`);
      assert.match(reason, /^[^\n]+$/, `${key}: the reason is one line`);
    }
  });

  for (const release of NEWER_RELEASES) {
    for (const tool of TOOLS) {
      test(`${tool} ${release}: ours has what it adds to 3.4.23, gaps aside`, (t) => {
        const d = diffs.find((x) => x.release === release && x.tool === tool);
        if (d.skipped) {
          t.skip(d.skipped);
          return;
        }
        const unlisted = d.missing.filter((k) => !(k in GAPS));
        assert.deepEqual(unlisted, [], `ours lacks these and test/help-tree-gaps.json does not name them:\n  ${unlisted.join('\n  ')}`);
        // What ours has of it, it shows as that release does (shorthand, arity, type and default where both show them).
        assert.deepEqual(d.differs, []);
      });
    }
  }

  test('every listed gap is still missing in ours (remove the ones that landed)', async () => {
    for (const tool of TOOLS) {
      const ours = oursFor(tool, trees);
      const program = programFor(oursProgramName(tool));
      const keys = Object.keys(GAPS).filter((k) => splitKey(k)[0] === tool).map((k) => splitKey(k)[1]);
      // A gap's command may be one ours answers for without listing it (hidden): ask for its help directly.
      await addUnlisted(ours, program, keys.map((k) => k.split(' ').filter((w) => !w.startsWith('--')).join(' ')).filter(Boolean));
      const landed = keys.filter((k) => hasItem(ours, k)).map((k) => `${tool} ${k}`);
      assert.deepEqual(landed, [], `ours has these now; remove them from test/help-tree-gaps.json:\n  ${landed.join('\n  ')}`);
    }
  });

  test('every listed gap is something a provisioned release has (no typos, nothing obsolete)', (t) => {
    if (diffs.some((d) => d.skipped)) {
      t.skip('not every release is provisioned');
      return;
    }
    const seen = new Set(diffs.flatMap((d) => addedItems(d.tool, d.added)));
    const base = trees['3.4'];
    const unknown = Object.keys(GAPS).filter((k) => !seen.has(k) && !(k.startsWith('etcdctl ') && hasItem(base, splitKey(k)[1])));
    assert.deepEqual(unknown, [], `no release has these:\n  ${unknown.join('\n  ')}`);
  });

  test('ours has every command and flag of etcdctl 3.4.23, each with the same shorthand, default and arity', async () => {
    const base = trees['3.4'] ?? (trees['3.4'] = await helpTree(programFor('3.4')));
    const ours = trees['ours/etcdctl'];
    const a = added(base, ours);
    const lacking = addedItems('etcdctl', a).filter((k) => !(k in GAPS));
    assert.deepEqual(lacking, [], `ours lacks these of 3.4.23:\n  ${lacking.join('\n  ')}`);
    const differing = [];
    const compare = (key, want, got) => {
      if (got && JSON.stringify(got) !== JSON.stringify(want)) differing.push(`${key}: 3.4.23 ${JSON.stringify(want)}, ours ${JSON.stringify(got)}`);
    };
    for (const [name, f] of Object.entries(base.global)) compare(itemKey('etcdctl', '', name), f, ours.global[name]);
    for (const [path, c] of Object.entries(base.commands)) {
      for (const [name, f] of Object.entries(c.flags)) compare(itemKey('etcdctl', path, name), f, ours.commands[path]?.flags[name]);
    }
    assert.deepEqual(differing, []);
  });
});
