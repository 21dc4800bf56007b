// put, get, del and compaction compared byte for byte with the reference etcdctl: the reference runs against
// one twin server and ours against the other, fed the same commands, so even revisions and protobuf bytes match.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTwins, hasReference } from '../helpers/etcd.mjs';
import { ours, reference, normalizeZap, withoutZapLines } from '../helpers/run.mjs';
import { sameAsReference } from '../helpers/compare.mjs';

const skip = hasReference() ? false : 'reference etcdctl not installed';

describe('v3 key-value commands, byte for byte', { skip }, () => {
  let twins;
  before(async () => { twins = await startTwins(); });
  after(() => twins?.stop());

  const same = (args, { input, label } = {}) => sameAsReference(args, { twins, input, label });

  /** Formats etcdctl rejects after applying the change: we reject first, so apply it to our twin to stay in step. */
  async function rejectedBeforeApplying(args) {
    const r = await reference(['--endpoints', twins.ref, ...args]);
    const o = await ours(['--endpoints', twins.ours, ...args]);
    assert.equal(o.code, r.code);
    assert.equal(normalizeZap(o.stderr), normalizeZap(r.stderr));
    const i = args.indexOf('-w');
    await ours(['--endpoints', twins.ours, ...args.slice(0, i), ...args.slice(i + 2)]);
  }

  const FORMATS = ['simple', 'json', 'fields', 'protobuf'];

  test('put in every format, with --prev-kv and --hex', async () => {
    for (const w of FORMATS) {
      await same(['put', 'foo', `bar-${w}`, '-w', w]);
      await same(['put', 'foo', `baz-${w}`, '--prev-kv', '-w', w]);
    }
    await same(['put', 'foo', 'hexed', '--prev-kv', '--hex']);
    await rejectedBeforeApplying(['put', 'foo', 'tabled', '-w', 'table']);
  });

  test('values: from stdin byte for byte, empty, with newlines, binary, after --', async () => {
    await same(['put', 'stdin'], { input: Buffer.from([0, 1, 2, 0xff, 0xfe, 10, 13, 10]) });
    await same(['get', 'stdin']);
    await same(['get', 'stdin', '--hex']);
    await same(['get', 'stdin', '-w', 'json']);
    await same(['get', 'stdin', '-w', 'fields']);
    await same(['put', 'empty', '']);
    await same(['get', 'empty', '-w', 'fields']);
    await same(['put', 'nl', 'line1\nline2\n']);
    await same(['get', 'nl']);
    await same(['put', 'dash', '--', '-value']);
    await same(['put', '--', '-dashkey', 'v']);
    await same(['get', '--', '-dashkey']);
    await same(['put', 'unicode', 'héllo wörld ✓ \u00a0\u200b']);
    await same(['get', 'unicode', '-w', 'fields']);
    await same(['get', 'unicode', '-w', 'json']);
    await same(['put', 'html', '<a href="x">&</a>']);
    await same(['get', 'html', '-w', 'json']);
  });

  test('put flags and errors', async () => {
    await same(['put', 'iv', 'first']);
    await same(['put', 'iv', '--ignore-value', '--prev-kv']);
    await same(['put', 'nokey-yet', '--ignore-value']);
    await same(['put', 'x', '--lease=zz', 'v']);
    await same(['put', 'x', '--lease=123', 'v']);
    await same(['put']);
    await same(['put', 'a', '--ignore-value', 'b']);
    await same(['put', '', 'v']);
    await same(['put', 'x'], { input: '' });
  });

  test('get ranges, order, limits and formats', async () => {
    for (const k of ['k1', 'k2', 'k3', 'k4', 'k2']) await same(['put', k, `v-${k}-${Math.random() > 2 ? 0 : 1}`]);
    const cases = [
      ['get', 'k1'], ['get', 'k1', 'k3'], ['get', 'k', '--prefix'], ['get', 'k2', '--from-key'], ['get', '', '--prefix', '--keys-only'],
      ['get', 'k', '--prefix', '--limit', '2'], ['get', 'k', '--prefix', '--order', 'DESCEND'], ['get', 'k', '--prefix', '--sort-by', 'MODIFY'],
      ['get', 'k', '--prefix', '--sort-by', 'version', '--order', 'descend'], ['get', 'k', '--prefix', '--keys-only'],
      ['get', 'k', '--prefix', '--print-value-only'], ['get', 'k', '--prefix', '--consistency', 's'], ['get', 'k1', '--rev', '2'],
      ['get', 'nokey'], ['get', 'k1', 'k3', 'zzz'], ['get', 'k', '--prefix', '--hex'], ['get', 'k', '--prefix', '--limit', '-1'],
    ];
    for (const c of cases) for (const w of FORMATS) await same([...c, '-w', w]);
  });

  test('get errors', async () => {
    for (const c of [
      ['get'], ['get', 'k', '--prefix', '--from-key'], ['get', 'k1', 'k3', '--prefix'], ['get', 'k', '--consistency', 'x'],
      ['get', 'k', '--order', 'UP'], ['get', 'k', '--sort-by', 'foo'], ['get', 'k1', '--print-value-only', '-w', 'json'],
      ['get', 'k1', '-w', 'table'], ['get', 'k1', '-w', 'xml'], ['get', ''], ['get', 'k1', '--rev', '99999'],
      ['get', 'k', '--consistency', 'a"b\tc'], ['get', 'k', '--prefix', '--print-value-only', '-w', 'fields'],
    ]) await same(c);
  });

  test('del in every format and its errors', async () => {
    for (const w of FORMATS) {
      for (const k of ['d1', 'd2', 'd3']) await same(['put', k, `val-${k}`]);
      await same(['del', 'd1', '-w', w]);
      await same(['del', 'd1', '-w', w]);
      await same(['del', 'd', '--prefix', '--prev-kv', '-w', w]);
    }
    await same(['put', 'd2', 'x']);
    await same(['del', 'd2', '--prev-kv', '--hex']);
    for (const k of ['e1', 'e2', 'e3']) await same(['put', k, k]);
    await same(['del', 'e1', 'e3', '--prev-kv', '-w', 'fields']);
    await same(['del', 'e2', '--from-key', '-w', 'json']);
    for (const c of [['del'], ['del', 'a', 'b', 'c'], ['del', 'x', '--prefix', '--from-key'], ['del', 'd1', 'd3', '--prefix'], ['del', '']]) await same(c);
    await rejectedBeforeApplying(['del', 'k', '--prefix', '-w', 'table']);
  });

  test('compaction prints one line whatever -w says; errors', async () => {
    for (const c of [['compaction'], ['compaction', '1', '2'], ['compaction', 'abc'], ['compaction', '0x10'], ['compaction', '99999'], ['compaction', '5', '-w', 'xml']]) await same(c);
    await same(['compaction', '5', '-w', 'json']);
    await same(['compaction', '6', '--physical', '-w', 'table']);
    await same(['compaction', '6']);
    await same(['get', 'k1', '--rev', '3']);
  });

  test('an endpoint with an empty host (:PORT, http://:PORT) is this host, as Go dials it', async () => {
    const port = (ep) => ep.slice(ep.lastIndexOf(':'));
    const cases = [
      [(ep) => port(ep), ['put', 'emptyhost', 'v']],
      [(ep) => `http://${port(ep)}`, ['get', 'emptyhost', '-w', 'json']],
      [(ep) => `${port(ep)},http://${port(ep)}`, ['endpoint', 'status']],
      [(ep) => port(ep), ['endpoint', 'status', '-w', 'json']],
      [(ep) => port(ep), ['endpoint', 'health']],
    ];
    for (const [endpoints, args] of cases) {
      const r = await reference(['--endpoints', endpoints(twins.ref), ...args]);
      const o = await ours(['--endpoints', endpoints(twins.ours), ...args]);
      // The same output but for the port in the endpoint column, health's time and the db size (when the twins'
      // backends commit is their own); health lines are on stdout in ours, on stderr in etcdctl 3.4 (see the
      // README's compatibility notes).
      const plain = (res, ep) => (res.stdout + withoutZapLines(res.stderr))
        .replaceAll(port(ep), ':PORT')
        .replace(/took = \S+/g, 'took = T')
        .replace(/, [\d.]+ [kMG]?B, /g, ', SIZE, ')
        .replace(/("dbSize(?:InUse)?":)\d+/g, '$1N');
      assert.equal(o.code, 0, `${args.join(' ')}: ${o.stderr}`);
      assert.equal(plain(o, twins.ours), plain(r, twins.ref), args.join(' '));
    }
  });

  test('newer get flags: --count-only (fields only), --min/max-create/mod-rev', async () => {
    const ep = ['--endpoints', twins.ours];
    for (const k of ['n1', 'n2', 'n3']) await ours([...ep, 'put', k, k]);
    const count = await ours([...ep, 'get', 'n', '--prefix', '--count-only', '-w', 'fields']);
    assert.equal(count.code, 0, count.stderr);
    assert.match(count.stdout, /"More" : false\n"Count" : 3\n$/);
    assert.doesNotMatch(count.stdout, /"Key"/);
    const notFields = await ours([...ep, 'get', 'n', '--prefix', '--count-only']);
    assert.equal(notFields.code, 128);
    assert.equal(notFields.stderr, 'Error: --count-only is only for `--write-out=fields`\n');
    const both = await ours([...ep, 'get', 'n', '--prefix', '--count-only', '--keys-only', '-w', 'fields']);
    assert.equal(both.code, 128);
    assert.equal(both.stderr, 'Error: `--keys-only` and `--count-only` cannot be set at the same time, choose one\n');
    const revs = JSON.parse((await ours([...ep, 'get', 'n', '--prefix', '-w', 'json'])).stdout.replace(/:(\d{16,})/g, ':"$1"'));
    const n2rev = revs.kvs[1].mod_revision;
    const filtered = await ours([...ep, 'get', 'n', '--prefix', '--keys-only', '--min-mod-rev', String(n2rev)]);
    assert.equal(filtered.stdout, 'n2\n\nn3\n\n');
    const upTo = await ours([...ep, 'get', 'n', '--prefix', '--keys-only', '--max-create-rev', String(n2rev)]);
    assert.equal(upTo.stdout, 'n1\n\nn2\n\n');
    const bad = await ours([...ep, 'get', 'n', '--min-mod-rev', '5', '--max-mod-rev', '2']);
    assert.equal(bad.code, 4);
    assert.equal(bad.stderr, 'Error: getMinModRev(=5) > getMaxModRev(=2)\n');
    const del = await ours([...ep, 'del', 'n1', 'n3', '--range']);
    assert.equal(del.stdout, '2\n');
  });
});
