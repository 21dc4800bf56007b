// v2 backup and migrate against real etcd 3.4.23: a stopped member holding v2 and v3 keys → our backup equals
// the reference's (WAL and .snap byte for byte once its random IDs are used, backend by content) → etcd starts
// from it with --force-new-cluster and serves the v2 keys (and v3 ones with --with-v3); migrate writes the same
// backend as the reference's.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { backupV2, migrate, readWalMetadata, BoltReader } from '../../dist/offline/index.js';
import { decode } from '../../dist/v3/proto/codec.js';
import { allocatePorts, gatewayPut, refctl, refctl2, startMember, tempDir, ETCD_BIN, REF_ETCDCTL } from '../helpers/offline.mjs';
import { serverAtLeast } from '../helpers/etcd.mjs';
import { ours } from '../helpers/run.mjs';

const haveBinaries = existsSync(ETCD_BIN) && existsSync(REF_ETCDCTL);

/** Every bucket/key/value of a bbolt file, as hex. */
function dump(db) {
  const r = BoltReader.open(db);
  const out = {};
  for (const b of r.buckets()) {
    const o = {};
    r.forEach(b.ref, (k, v) => (o[Buffer.from(k).toString('hex')] = Buffer.from(v).toString('hex')));
    out[Buffer.from(b.name).toString()] = o;
  }
  r.close();
  return out;
}

describe('offline v2 backup and migrate', { skip: haveBinaries ? false : 'etcd or reference etcdctl missing' }, () => {
  let tmp;
  const dirs = {};

  /** A stopped member with v2 keys (a dir, a TTL key, a deletion), a v3 key; `snapCount` decides whether a .snap exists. */
  async function populated(name, snapCount) {
    const [ports] = await allocatePorts(1);
    const dataDir = join(tmp.dir, `${name}.etcd`);
    const m = await startMember({ name, dataDir, ports, extraArgs: ['--snapshot-count', String(snapCount)] });
    try {
      const v2 = (args) => refctl2(['--endpoints', m.clientUrl, ...args]);
      for (let i = 1; i <= 8; i++) assert.equal((await v2(['set', `/k${i}`, `v${i}`])).code, 0);
      await v2(['mkdir', '/dir1']);
      await v2(['set', '/dir1/a', 'x<y>&z']);
      await v2(['set', '--ttl', '3600', '/ttlkey', 'tv']);
      await v2(['rm', '/k3']);
      await gatewayPut(m.clientUrl, 'v3key', 'v3val');
      await v2(['set', '/k9', 'after v3']);
    } finally {
      await m.stop();
    }
    return dataDir;
  }

  before(async () => {
    tmp = tempDir('offline-e2e-backup-');
    dirs.withSnap = await populated('b1', 10);
    dirs.noSnap = await populated('n1', 10000);
  });
  after(() => tmp?.cleanup());

  for (const [label, key] of [['with a .snap', 'withSnap'], ['without a .snap', 'noSnap']]) {
    for (const withV3 of [false, true]) {
      test(`backup ${label}${withV3 ? ' --with-v3' : ''} equals the reference's`, async () => {
        const tag = `${key}-${withV3 ? 'v3' : 'v2'}`;
        const refDir = join(tmp.dir, `ref-${tag}`);
        const ref = await refctl2(['backup', '--data-dir', dirs[key], '--backup-dir', refDir, ...(withV3 ? ['--with-v3'] : [])]);
        assert.equal(ref.code, 0, ref.stderr);
        const md = decode('etcdserverpb.Metadata', readWalMetadata(join(refDir, 'member', 'wal')));
        const ourDir = join(tmp.dir, `ours-${tag}`);
        const result = await backupV2({ dataDir: dirs[key], backupDir: ourDir, withV3, ids: { nodeId: md.node_id, clusterId: md.cluster_id } });

        const refMessages = ref.stderr.split('\n').filter(Boolean).map((l) => l.replace(/^\S+ \S+ I \| /, ''));
        assert.deepEqual(result.messages, refMessages);
        assert.deepEqual(readdirSync(join(ourDir, 'member', 'snap')).sort(), readdirSync(join(refDir, 'member', 'snap')).sort());
        for (const f of readdirSync(join(refDir, 'member', 'snap')).filter((n) => n.endsWith('.snap'))) {
          assert.ok(readFileSync(join(ourDir, 'member', 'snap', f)).equals(readFileSync(join(refDir, 'member', 'snap', f))), f);
        }
        const wal = '0000000000000000-0000000000000000.wal';
        assert.ok(readFileSync(join(ourDir, 'member', 'wal', wal)).equals(readFileSync(join(refDir, 'member', 'wal', wal))), 'WAL bytes');
        assert.deepEqual(dump(join(ourDir, 'member', 'snap', 'db')), dump(join(refDir, 'member', 'snap', 'db')));
      });
    }
  }

  test('etcd starts from our backup as a new single-member cluster with the v2 keys (and v3 keys with --with-v3)', async () => {
    for (const withV3 of [false, true]) {
      const backupDir = join(tmp.dir, `boot-${withV3}`);
      await backupV2({ dataDir: dirs.withSnap, backupDir, withV3 });
      const [ports] = await allocatePorts(1);
      const m = await startMember({ name: 'restored', dataDir: backupDir, ports, extraArgs: ['--force-new-cluster'] });
      try {
        const ls = await refctl2(['--endpoints', m.clientUrl, 'ls', '--recursive', '/']);
        assert.deepEqual(ls.stdout.split('\n').filter(Boolean).sort(), ['/dir1', '/dir1/a', '/k1', '/k2', '/k4', '/k5', '/k6', '/k7', '/k8', '/k9', '/ttlkey']);
        assert.equal((await refctl2(['--endpoints', m.clientUrl, 'get', '/dir1/a'])).stdout, 'x<y>&z\n');
        const v3 = await refctl(['--endpoints', m.endpoint, 'get', 'v3key', '--print-value-only']);
        assert.equal(v3.stdout, withV3 ? 'v3val\n' : '');
        assert.equal((await refctl2(['--endpoints', m.clientUrl, 'set', '/new', 'ok'])).code, 0);
      } finally {
        await m.stop();
      }
    }
  });

  test('backup refuses a non-empty destination and leaves nothing behind on failure', async () => {
    const backupDir = join(tmp.dir, 'twice');
    await backupV2({ dataDir: dirs.withSnap, backupDir });
    const snapDir = join(backupDir, 'member', 'snap');
    await assert.rejects(backupV2({ dataDir: dirs.withSnap, backupDir }), (e) =>
      e.message.startsWith(`failed creating backup snapshot dir ${snapDir}: expected "${snapDir}" to be empty, got [`),
    );
    const missing = join(tmp.dir, 'bk-missing');
    await assert.rejects(backupV2({ dataDir: join(tmp.dir, 'nonexist'), backupDir: missing }), (e) =>
      e.message === `open ${join(tmp.dir, 'nonexist', 'member', 'snap')}: no such file or directory`,
    );
    assert.equal(existsSync(missing) && readdirSync(join(missing, 'member')).length > 0, false);
  });

  for (const [label, key] of [['with a .snap', 'withSnap'], ['without a .snap', 'noSnap']]) {
    for (const noTTL of [false, true]) {
      test(`migrate ${label}${noTTL ? ' --no-ttl' : ''} writes what the reference writes`, async () => {
        const tag = `${key}-${noTTL}`;
        const refCopy = join(tmp.dir, `mig-ref-${tag}`);
        const ourCopy = join(tmp.dir, `mig-ours-${tag}`);
        cpSync(dirs[key], refCopy, { recursive: true });
        cpSync(dirs[key], ourCopy, { recursive: true });
        const ref = await refctl(['migrate', '--data-dir', refCopy, ...(noTTL ? ['--no-ttl'] : [])]);
        if (serverAtLeast(3, 5)) {
          // etcd 3.5 writes its cluster version (3.5) into the v2 store, which etcdctl 3.4.23 refuses as a downgrade
          // (etcdserver/api/membership/cluster.go@v3.4.23): a fatal line on stdout, exit 1. The info lines before
          // it are zap lines we do not print.
          const o = await ours(['migrate', '--data-dir', ourCopy, ...(noTTL ? ['--no-ttl'] : [])]);
          const withoutInfo = (s) => s.split('\n').filter((l) => !l.startsWith('{"level":"info"')).join('\n');
          assert.deepEqual([o.code, o.stdout, o.stderr], [ref.code, withoutInfo(ref.stdout), ref.stderr]);
          assert.match(o.stdout, /"level":"fatal","msg":"invalid downgrade;.*"determined-cluster-version":"3\.5"\}\n$/);
          assert.deepEqual(dump(join(ourCopy, 'member', 'snap', 'db')), dump(join(refCopy, 'member', 'snap', 'db')));
          return;
        }
        assert.equal(ref.code, 0, ref.stderr);
        const result = await migrate({ dataDir: ourCopy, noTTL });
        assert.deepEqual(result.stdout, ref.stdout.split('\n').filter((l) => l && !l.startsWith('{')));
        assert.deepEqual(dump(join(ourCopy, 'member', 'snap', 'db')), dump(join(refCopy, 'member', 'snap', 'db')));
      });
    }
  }
});
