// Offline tools against real etcd 3.4.23: a snapshot saved by the reference etcdctl from a server holding keys,
// a lease, users and roles → our `snapshot status` equals the reference's → our restore matches the reference's
// WAL and .snap byte for byte → etcd starts on our restore, serves everything and accepts writes.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { snapshotStatus, snapshotRestore, defragDataDir } from '../../dist/offline/index.js';
import { fastStatus } from '../../dist/offline/statusfast.js';
import { allKeys, allocatePorts, gatewayPut, gatewayToken, refctl, startMember, tempDir, ETCD_BIN, REF_ETCDCTL } from '../helpers/offline.mjs';

const haveBinaries = existsSync(ETCD_BIN) && existsSync(REF_ETCDCTL);
const AUTH = ['--user', 'root:rootpw'];
const asJson = (s) => JSON.parse(JSON.stringify(s, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));

describe('offline snapshot status and restore with etcd 3.4.23', { skip: haveBinaries ? false : 'etcd or reference etcdctl missing' }, () => {
  let tmp;
  let source;
  let snapFile;
  let dbCopy;
  let sourceKeys;
  let leaseId;

  before(async () => {
    tmp = tempDir('offline-e2e-snap-');
    const [ports] = await allocatePorts(1);
    source = await startMember({ name: 'src', dataDir: join(tmp.dir, 'src.etcd'), ports });
    const ep = ['--endpoints', source.endpoint];
    await gatewayPut(source.clientUrl, 'foo', 'bar');
    await gatewayPut(source.clientUrl, 'foo', 'bar2');
    await gatewayPut(source.clientUrl, 'gone', 'x');
    await refctl([...ep, 'del', 'gone']);
    await gatewayPut(source.clientUrl, 'big', 'v'.repeat(10000));
    for (let i = 0; i < 300; i++) await gatewayPut(source.clientUrl, `bulk/${String(i).padStart(4, '0')}`, `value ${i}`);
    await refctl([...ep, 'compaction', '5']);
    const grant = await refctl([...ep, 'lease', 'grant', '3600']);
    leaseId = /lease ([0-9a-f]+) granted/.exec(grant.stdout)[1];
    await refctl([...ep, 'put', 'leased', 'v', '--lease', leaseId]);
    for (const args of [
      ['user', 'add', 'root:rootpw'],
      ['user', 'add', 'alice:alicepw'],
      ['role', 'add', 'r1'],
      ['role', 'grant-permission', 'r1', 'readwrite', 'bulk/', '--prefix=true'],
      ['user', 'grant-role', 'alice', 'r1'],
      ['auth', 'enable'],
    ]) {
      const r = await refctl([...ep, ...args]);
      assert.equal(r.code, 0, r.stderr);
    }
    sourceKeys = await allKeys(source.endpoint, AUTH);
    snapFile = join(tmp.dir, 'snap.db');
    const saved = await refctl([...ep, ...AUTH, 'snapshot', 'save', snapFile]);
    assert.equal(saved.code, 0, saved.stderr);
  });

  after(async () => {
    await source?.stop();
    tmp?.cleanup();
  });

  const refStatus = async (file) => {
    const r = await refctl(['snapshot', 'status', file, '-w', 'json']);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout);
  };

  test('status of a saved snapshot equals the reference\'s', async () => {
    assert.deepEqual(asJson(await snapshotStatus(snapFile)), await refStatus(snapFile));
  });

  test('status refuses a database a running etcd holds (the reference would wait forever)', async () => {
    await assert.rejects(snapshotStatus(join(tmp.dir, 'src.etcd', 'member', 'snap', 'db')), (e) => e.code === 'LOCKED' && /pid \d+/.test(e.message));
  });

  test('restore: WAL and .snap byte-identical to the reference\'s; etcd serves every key, lease, user and role', async () => {
    const [ports] = await allocatePorts(1);
    const peer = `http://127.0.0.1:${ports.peer}`;
    const flags = { name: 'solo', initialCluster: `solo=${peer}`, initialClusterToken: 'offline-e2e', initialAdvertisePeerUrls: peer };
    const refDir = join(tmp.dir, 'ref.etcd');
    const ref = await refctl([
      'snapshot', 'restore', snapFile, '--data-dir', refDir, '--name', flags.name, '--initial-cluster', flags.initialCluster,
      '--initial-cluster-token', flags.initialClusterToken, '--initial-advertise-peer-urls', peer,
    ]);
    assert.equal(ref.code, 0, ref.stderr);
    const ourDir = join(tmp.dir, 'ours.etcd');
    const result = await snapshotRestore({ file: snapFile, dataDir: ourDir, ...flags });

    const walName = '0000000000000000-0000000000000000.wal';
    assert.ok(readFileSync(join(ourDir, 'member', 'wal', walName)).equals(readFileSync(join(refDir, 'member', 'wal', walName))), 'WAL bytes');
    const snapName = '0000000000000001-0000000000000001.snap';
    assert.deepEqual(readdirSync(join(ourDir, 'member', 'snap')).sort(), [snapName, 'db']);
    assert.ok(readFileSync(join(ourDir, 'member', 'snap', snapName)).equals(readFileSync(join(refDir, 'member', 'snap', snapName))), '.snap bytes');
    // The reference's zap lines carry the same messages and fields.
    const refLogs = ref.stderr.trim().split('\n').map((l) => JSON.parse(l));
    const ourLogs = result.logs.map((l) => ({ level: l.level, caller: l.caller, msg: l.msg, ...asJson(Object.fromEntries(l.fields)) }));
    const sameDirs = (log) => JSON.parse(JSON.stringify(log).replaceAll(refDir, ourDir));
    assert.deepEqual(ourLogs, refLogs.map(({ ts, ...rest }) => sameDirs(rest)));

    // The backend: same data as the reference's restore except the membership we replace and meta/term.
    const ours = await snapshotStatus(join(ourDir, 'member', 'snap', 'db'));
    const theirs = await refStatus(join(refDir, 'member', 'snap', 'db'));
    assert.equal(Number(ours.revision), theirs.revision);

    const member = await startMember({ name: 'solo', dataDir: ourDir, ports, token: 'offline-e2e', initialCluster: flags.initialCluster });
    try {
      const ep = ['--endpoints', member.endpoint, ...AUTH];
      assert.deepEqual(await allKeys(member.endpoint, AUTH), sourceKeys);
      const leases = await refctl([...ep, 'lease', 'list']);
      assert.match(leases.stdout, new RegExp(`\\b${leaseId}\\b`));
      assert.equal((await refctl([...ep, 'user', 'list'])).stdout, 'alice\nroot\n');
      assert.match((await refctl([...ep, 'role', 'get', 'r1'])).stdout, /\[bulk\/, bulk0\)/);
      const alice = await refctl(['--endpoints', member.endpoint, '--user', 'alice:alicepw', 'get', 'bulk/0001', '--print-value-only']);
      assert.equal(alice.stdout, 'value 1\n');
      const status = JSON.parse((await refctl([...ep, 'endpoint', 'status', '-w', 'json'])).stdout.replace(/"(\w+_id)":(\d+)/g, '"$1":"$2"'));
      assert.equal(BigInt(status[0].Status.header.member_id), result.member.id);
      assert.equal(BigInt(status[0].Status.header.cluster_id), result.clusterId);
      const put = await refctl([...ep, 'put', 'after-restore', 'yes']);
      assert.equal(put.code, 0, put.stderr);
      assert.equal((await refctl([...ep, 'get', 'after-restore', '--print-value-only'])).stdout, 'yes\n');
      const members = await refctl([...ep, 'member', 'list']);
      assert.match(members.stdout, new RegExp(`^${result.member.id.toString(16)}, started, solo, ${peer}, ${member.clientUrl}, false\\n$`));
    } finally {
      await member.stop();
    }
  });

  test('status of a large snapshot (streaming path) equals the reference\'s', async () => {
    const token = await gatewayToken(source.clientUrl, 'root', 'rootpw');
    // Large values, then half of them rewritten: the file has stale pages and leaves out of key order.
    for (let i = 0; i < 120; i++) await gatewayPut(source.clientUrl, `large/${i}`, String(i % 10).repeat(100000), token);
    for (let i = 0; i < 120; i += 2) await gatewayPut(source.clientUrl, `large/${i}`, 'y'.repeat(50000 + i), token);
    const big = join(tmp.dir, 'big.db');
    const saved = await refctl(['--endpoints', source.endpoint, ...AUTH, 'snapshot', 'save', big]);
    assert.equal(saved.code, 0, saved.stderr);
    assert.ok(statSync(big).size > 8 << 20);
    assert.ok(fastStatus(big, statSync(big).size - 32), 'the streaming path handles a real etcd snapshot');
    assert.deepEqual(asJson(await snapshotStatus(big)), await refStatus(big));
  });

  test('status of a raw db copy and of our defragmented copy equal the reference\'s', async () => {
    await source.stop();
    const dataDir = join(tmp.dir, 'copy.etcd');
    const snapDir = join(dataDir, 'member', 'snap');
    await import('node:fs').then((fs) => fs.mkdirSync(snapDir, { recursive: true }));
    dbCopy = join(snapDir, 'db');
    copyFileSync(join(tmp.dir, 'src.etcd', 'member', 'snap', 'db'), dbCopy);
    assert.deepEqual(asJson(await snapshotStatus(dbCopy)), await refStatus(dbCopy));
    const before = await snapshotStatus(dbCopy);
    await defragDataDir(dataDir);
    const after = await snapshotStatus(dbCopy);
    assert.equal(after.hash, before.hash);
    assert.deepEqual(asJson(after), await refStatus(dbCopy));
    // The reference accepts our file as a restore source too.
    const r = await refctl(['snapshot', 'restore', dbCopy, '--skip-hash-check', '--data-dir', join(tmp.dir, 'from-ours.etcd')]);
    assert.equal(r.code, 0, r.stderr);
  });
});
