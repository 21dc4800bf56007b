// etcdctl 3.5's `snapshot restore --bump-revision N --mark-compacted` (and --initial-memory-map-size), compared
// with etcdctl 3.5.30 restoring the same snapshot of a real etcd 3.5: the flags' errors and exit codes, the two
// log lines the bump adds, the backend's buckets, and how etcd 3.5 (and 3.4.23, on ours) serves the restored
// member: reads below the bumped revision are compacted, the next write gets the bumped revision + 1.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hasReference, releaseEtcdctl } from '../helpers/etcd.mjs';
import { ours, reference, run } from '../helpers/run.mjs';
import { allocatePorts, startMember, tempDir } from '../helpers/offline.mjs';
import { normalizeZap, zapMessages } from '../helpers/zap.mjs';
import { V3_GLOBAL_FLAGS } from '../../dist/v3/registry.js';

const ETCDCTL_35 = releaseEtcdctl('3.5');
const ETCD_34 = '/usr/bin/etcd';
const skip = !hasReference() ? 'reference etcdctl not installed' : !ETCDCTL_35 ? 'etcd 3.5 is not provisioned (node scripts/releases.mjs provision 3.5)' : false;

const BUMP = ['--bump-revision', '1000000000', '--mark-compacted'];
// What etcdctl 3.5 prints before anything else (its restore moved to etcdutl); ours, as 3.4.23, does not.
const DEPRECATED = 'Deprecated: Use `etcdutl snapshot restore` instead.\n\n';
const without35Notice = (s) => (s.startsWith(DEPRECATED) ? s.slice(DEPRECATED.length) : s);
// 3.5's usage text says where the command moved; the rest of it is ours (the flags as 3.5 lists them), but for
// the global flags of releases after 3.5 that ours lists too.
const without35Description = (s) => s.replace('DESCRIPTION:\n\tMoved to `etcdutl snapshot restore ...`\n\n', '');
const newerThan35 = (since) => { const [major, minor] = since.split('.').map(Number); return major > 3 || minor > 5; };
const AFTER_35 = V3_GLOBAL_FLAGS.filter((f) => f.since && newerThan35(f.since)).map((f) => f.name);
const withoutGlobalsAfter35 = (s) => s.split('\n').filter((l) => !AFTER_35.some((n) => l.startsWith(`      --${n}=`))).join('\n');

/** etcdutl's console log lines (time, level, caller, message, JSON fields) as { caller, msg, fields }. */
function consoleLines(stderr) {
  return stderr.split('\n').filter((l) => /^\d{4}-\d\d-\d\dT/.test(l)).map((l) => {
    const [, , caller, msg, fields] = l.split('\t');
    return { caller, msg, fields: fields ? JSON.parse(fields) : {} };
  });
}

/** Our zap JSON lines as { caller, msg, fields }. */
function jsonLines(stderr) {
  return stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => {
    const { level, ts, caller, msg, ...fields } = JSON.parse(l);
    return { caller, msg, fields };
  });
}

describe('snapshot restore --bump-revision --mark-compacted (etcdctl 3.5)', { skip }, () => {
  let tmp;
  let snap;
  let peerUrl;
  let restoreFlags;
  let latest;
  before(async () => {
    tmp = tempDir('restore-bump-');
    const [ports] = await allocatePorts(1);
    const src = await startMember({ name: 'src', dataDir: join(tmp.dir, 'src.etcd'), ports, release: '3.5' });
    try {
      const ep = ['--endpoints', src.endpoint];
      for (let i = 1; i <= 5; i++) await reference([...ep, 'put', `k${i}`, `v${i}`]);
      await reference([...ep, 'del', 'k5']);
      await reference([...ep, 'compaction', '4']);
      const put = await reference([...ep, 'put', 'k1', 'again', '-w', 'json']);
      latest = JSON.parse(put.stdout).header.revision;
      snap = join(tmp.dir, 'snap.db');
      const saved = await reference([...ep, 'snapshot', 'save', snap]);
      assert.equal(saved.code, 0, saved.stderr);
    } finally {
      await src.stop();
    }
    const [restorePorts] = await allocatePorts(1);
    peerUrl = `http://127.0.0.1:${restorePorts.peer}`;
    restoreFlags = ['--name', 'r', '--initial-cluster', `r=${peerUrl}`, '--initial-advertise-peer-urls', peerUrl];
  });
  after(() => tmp?.cleanup());

  test('flag errors and exit codes as etcdctl 3.5.30', async () => {
    for (const flags of [
      ['--bump-revision', '1000'],
      ['--mark-compacted'],
      ['--bump-revision', '0', '--mark-compacted'],
      ['--bump-revision', '-1', '--mark-compacted'],
      ['--bump-revision', '18446744073709551616', '--mark-compacted'],
      ['--initial-memory-map-size', 'foo'],
      ['--initial-memory-map-size', '-5'],
      ['--mark-compacted=maybe'],
    ]) {
      const dataDir = join(tmp.dir, 'never.etcd');
      const args = ['snapshot', 'restore', snap, '--data-dir', dataDir, ...flags];
      const [o, r] = await Promise.all([ours(args), run(ETCDCTL_35, args)]);
      const label = flags.join(' ');
      assert.equal(o.code, r.code, label);
      assert.equal(o.stderr, without35Notice(r.stderr), label);
      assert.equal(withoutGlobalsAfter35(o.stdout), without35Description(r.stdout), label);
    }
    // Arguments are counted first, as in 3.5.
    const [o, r] = await Promise.all([ours(['snapshot', 'restore', '--mark-compacted']), run(ETCDCTL_35, ['snapshot', 'restore', '--mark-compacted'])]);
    assert.equal(o.code, r.code);
    assert.equal(o.stderr, without35Notice(r.stderr));
  });

  test('the bump as 3.5.30 makes it: the same log lines and buckets; etcd 3.5 serves both restores alike', async () => {
    const mine = join(tmp.dir, 'ours.etcd');
    const theirs = join(tmp.dir, 'theirs.etcd');
    const o = await ours(['snapshot', 'restore', snap, '--data-dir', mine, ...restoreFlags, ...BUMP, '--initial-memory-map-size', '1048576']);
    const r = await run(ETCDCTL_35, ['snapshot', 'restore', snap, '--data-dir', theirs, ...restoreFlags, ...BUMP, '--initial-memory-map-size', '1048576']);
    assert.equal(o.code, 0, o.stderr);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(o.stdout, r.stdout);

    // The two lines the bump adds are 3.5.30's (its caller, message and fields), in our JSON encoding...
    const added = (lines) => lines.filter((l) => /^(bumping latest revision|marking revision compacted)$/.test(l.msg));
    const bumped = latest + 1000000000;
    assert.deepEqual(added(jsonLines(o.stderr)), added(consoleLines(r.stderr)));
    assert.deepEqual(added(jsonLines(o.stderr)).map((l) => l.fields), [
      { 'latest-revision': latest, 'bump-amount': 1000000000, 'new-latest-revision': bumped },
      { revision: bumped },
    ]);
    // ... between the lines 3.4.23 logs for the same restore without the flags.
    const plain = join(tmp.dir, 'plain34.etcd');
    const p = await reference(['snapshot', 'restore', snap, '--data-dir', plain, ...restoreFlags]);
    assert.equal(p.code, 0, p.stderr);
    const withoutAdded = o.stderr.split('\n').filter((l) => !/"msg":"(bumping latest revision|marking revision compacted)"/.test(l)).join('\n');
    assert.equal(normalizeZap(withoutAdded, [[mine, 'DIR']]), normalizeZap(p.stderr, [[plain, 'DIR']]));
    assert.deepEqual(zapMessages(o.stderr), [
      'restoring snapshot', 'restored last compact revision', 'bumping latest revision', 'marking revision compacted', 'added member', 'restored snapshot',
    ]);

    // Every bucket holds the same keys and values (snapshot status hashes them all) at the bumped revision.
    const status = async (dir) => {
      const s = await reference(['snapshot', 'status', join(dir, 'member', 'snap', 'db'), '-w', 'json']);
      assert.equal(s.code, 0, s.stderr);
      const { hash, revision, totalKey } = JSON.parse(s.stdout);
      return { hash, revision, totalKey };
    };
    const st = await status(mine);
    assert.deepEqual(st, await status(theirs));
    assert.equal(st.revision, bumped);
    // The key bucket gains a few pages (its rightmost path), not a second copy of itself.
    assert.ok(statSync(join(mine, 'member', 'snap', 'db')).size <= statSync(snap).size + 8 * 4096);

    // etcd 3.5 on each: the same answers.
    const served = [];
    for (const dir of [mine, theirs]) served.push(await serve('3.5', dir));
    assert.deepEqual(served[0], served[1]);
    assert.match(served[0].oldRev.stderr, /required revision has been compacted/);
    assert.equal(served[0].put.header.revision, bumped + 1);

    // etcd 3.4.23 on ours (another restore: a directory 3.5 has run is not for 3.4).
    if (!existsSync(ETCD_34)) return;
    const mine34 = join(tmp.dir, 'ours34.etcd');
    const o34 = await ours(['snapshot', 'restore', snap, '--data-dir', mine34, ...restoreFlags, ...BUMP]);
    assert.equal(o34.code, 0, o34.stderr);
    assert.deepEqual(await serve('3.4', mine34), served[0]);
  });

  /** Boots `release`'s etcd on a restored dir and asks it what the test compares; stops it again. */
  async function serve(release, dataDir) {
    const [ports] = await allocatePorts(1);
    const peer = Number(new URL(peerUrl).port);
    const m = await startMember({ name: 'r', dataDir, ports: { client: ports.client, peer }, initialCluster: `r=${peerUrl}`, release });
    try {
      const ep = ['--endpoints', m.endpoint];
      const json = async (args) => {
        const g = await reference([...ep, ...args, '-w', 'json']);
        assert.equal(g.code, 0, g.stderr);
        return JSON.parse(g.stdout.replace(/"(\w+)":(\d{16,})/g, '"$1":"$2"'));
      };
      const all = await json(['get', '', '--from-key']);
      const oldRev = await reference([...ep, 'get', 'k1', '--rev', String(latest)]);
      const compact = await reference([...ep, 'compaction', String(latest)]);
      const put = await json(['put', 'new', 'v']);
      const after = await json(['get', '', '--from-key']);
      const strip = (x) => ({ ...x, header: { ...x.header, raft_term: 'T' } });
      const outcome = (x) => ({ code: x.code, stdout: x.stdout, stderr: normalizeZap(x.stderr) });
      return { all: strip(all), after: strip(after), put: strip(put), oldRev: outcome(oldRev), compact: outcome(compact) };
    } finally {
      await m.stop();
    }
  }
});
