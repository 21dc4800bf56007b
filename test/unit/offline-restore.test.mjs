// Offline tools: snapshot restore and status without a server — flag checks with etcdctl's wording, what
// the restored backend holds, refusals that leave nothing behind.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BoltWriter } from '../../dist/offline/bbolt/writer.js';
import { BoltReader } from '../../dist/offline/bbolt/reader.js';
import { snapshotRestore, snapshotStatus, defragDataDir, readWal, readSnapFile } from '../../dist/offline/index.js';
import { revisionKey, u64be } from '../../dist/offline/schema.js';
import { decode, encode } from '../../dist/v3/proto/codec.js';
import { tempDir } from '../helpers/offline.mjs';

const tmp = tempDir('offline-restore-');
after(() => tmp.cleanup());
let n = 0;
const fresh = (name = 'x') => join(tmp.dir, `${name}${n++}`);

/** A small etcd-like backend: keys (one named like an old member ID), a lease, old members, meta. */
function backendSpec() {
  const kv = (key, value, rev) => encode('mvccpb.KeyValue', { key: Buffer.from(key), create_revision: rev, mod_revision: rev, version: 1n, value: Buffer.from(value), lease: 0n });
  return {
    alarm: [],
    auth: [['authRevision', u64be(1n)]],
    authRoles: [],
    authUsers: [],
    cluster: [['clusterVersion', Buffer.from('3.4.0')]],
    key: [
      [revisionKey({ main: 2n, sub: 0n }), kv('foo', 'bar', 2n)],
      [revisionKey({ main: 3n, sub: 0n }), kv('df0f7c0574244b06', 'user data', 3n)],
    ],
    lease: [[u64be(0x4b06a209e1587509n), Buffer.from('0889eae18a9ec1a8834b10901c', 'hex')]],
    members: [['df0f7c0574244b06', Buffer.from('{"id":16073201957973805830,"peerURLs":["http://127.0.0.1:15380"],"name":"s1"}')]],
    members_removed: [['abc', Buffer.from('removed')]],
    meta: [['consistent_index', u64be(25n)]],
  };
}

function writeBackend(path, spec) {
  const fd = openSync(path, 'w');
  const w = new BoltWriter(fd, 4096, path);
  for (const name of Object.keys(spec).sort()) {
    w.bucket(Buffer.from(name), (b) => {
      for (const [k, v] of spec[name]) b.add(typeof k === 'string' ? Buffer.from(k) : k, v);
    });
  }
  w.finish({ txid: 2n });
  closeSync(fd);
}

/** A snapshot file: the db image followed by its SHA-256, as `snapshot save` writes it. */
function writeSnapshot(path, spec = backendSpec()) {
  writeBackend(path + '.img', spec);
  const img = readFileSync(path + '.img');
  writeFileSync(path, Buffer.concat([img, createHash('sha256').update(img).digest()]));
  return path;
}

function dump(dbPath) {
  const r = BoltReader.open(dbPath);
  const out = {};
  for (const b of r.buckets()) {
    const o = {};
    r.forEach(b.ref, (k, v) => (o[Buffer.from(k).toString('hex')] = Buffer.from(v).toString('hex')));
    out[Buffer.from(b.name).toString()] = o;
  }
  assert.deepEqual(r.check(), []);
  r.close();
  return out;
}
const hex = (s) => Buffer.from(s).toString('hex');

test('status of a snapshot with its SHA-256 trailer', async () => {
  const snap = writeSnapshot(fresh('snap'));
  const s = await snapshotStatus(snap);
  assert.equal(s.revision, 3n);
  assert.equal(s.totalKey, 8);
  assert.equal(typeof s.hash, 'number');
  assert.equal(s.totalSize % 4096, 0);
  // A plain db copy (no trailer) has the same status.
  assert.deepEqual(await snapshotStatus(snap + '.img'), s);
});

test('restore with default flags: default member, consistent index 1, old membership replaced, user keys kept', async () => {
  const snap = writeSnapshot(fresh('snap'));
  const dataDir = fresh('data');
  const r = await snapshotRestore({ file: snap, dataDir });
  assert.equal(r.member.id, 0x8e9e05c52164694dn);
  assert.equal(r.clusterId, 0xcdf818194e3a8c32n);
  assert.deepEqual(readdirSync(join(dataDir, 'member', 'snap')).sort(), ['0000000000000001-0000000000000001.snap', 'db']);
  assert.equal(statSync(dataDir).mode & 0o777, 0o700);
  assert.equal(statSync(join(dataDir, 'member', 'snap', 'db')).mode & 0o777, 0o600);
  assert.deepEqual(r.logs.map((l) => l.msg), ['restoring snapshot', 'added member', 'restored snapshot']);
  assert.deepEqual(r.logs[0].fields, [['path', snap], ['wal-dir', join(dataDir, 'member', 'wal')], ['data-dir', dataDir], ['snap-dir', join(dataDir, 'member', 'snap')]]);
  assert.deepEqual(r.logs[1].fields, [['cluster-id', 'cdf818194e3a8c32'], ['local-member-id', '0'], ['added-peer-id', '8e9e05c52164694d'], ['added-peer-peer-urls', ['http://localhost:2380']]]);

  const db = dump(join(dataDir, 'member', 'snap', 'db'));
  assert.equal(db.meta[hex('consistent_index')], '0000000000000001');
  assert.equal(db.meta[hex('term')], '0000000000000001');
  assert.deepEqual(Object.keys(db.members), [hex('8e9e05c52164694d')]);
  assert.equal(Buffer.from(db.members[hex('8e9e05c52164694d')], 'hex').toString(), '{"id":10276657743932975437,"peerURLs":["http://localhost:2380"],"name":"default"}');
  assert.deepEqual(db.members_removed, {});
  // The user key named like an old member ID is untouched (etcdctl 3.4 would tombstone it).
  const before = dump(snap + '.img');
  assert.deepEqual(db.key, before.key);
  assert.deepEqual(db.lease, before.lease);
  assert.deepEqual(db.auth, before.auth);

  const wal = readWal(join(dataDir, 'member', 'wal'), { index: 1n, term: 1n });
  assert.equal(wal.snapshotFound, true);
  assert.deepEqual(wal.state, { term: 1n, vote: 0x8e9e05c52164694dn, commit: 1n });
  const snapFile = readSnapFile(r.snapPath);
  assert.equal(snapFile.metadata.index, 1n);
});

test('restore of one member of three: IDs, ConfChange entries in ID order, JSON escaping', async () => {
  const snap = writeSnapshot(fresh('snap'));
  const cluster = 'm1=http://127.0.0.1:2380?a=1&b=<x>,m2=http://127.0.0.1:2381,m3=http://127.0.0.1:2382,m3=http://127.0.0.1:2392';
  const dataDir = fresh('data');
  const r = await snapshotRestore({
    file: snap,
    dataDir,
    name: 'm3',
    initialCluster: cluster,
    initialClusterToken: 'tok',
    initialAdvertisePeerUrls: 'http://127.0.0.1:2392,http://127.0.0.1:2382',
  });
  assert.equal(r.members.length, 3);
  const ids = r.members.map((m) => m.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => (a < b ? -1 : 1)));
  assert.equal(r.member.name, 'm3');
  assert.deepEqual(r.member.peerURLs, ['http://127.0.0.1:2382', 'http://127.0.0.1:2392']);
  const wal = readWal(join(dataDir, 'member', 'wal'), { index: 0n, term: 0n });
  assert.deepEqual(wal.entries.map((e) => e.index), [1n, 2n, 3n]);
  const m1 = r.members.find((m) => m.name === 'm1');
  const cc = wal.entries.map((e) => decode('raftpb.ConfChange', e.data)).find((c) => c.node_id === m1.id);
  assert.equal(Buffer.from(cc.context).toString(), `{"id":${m1.id},"peerURLs":["http://127.0.0.1:2380?a=1\\u0026b=\\u003cx\\u003e"],"name":"m1"}`);
  const md = decode('etcdserverpb.Metadata', readWal(join(dataDir, 'member', 'wal'), { index: 0n, term: 0n }).metadata);
  assert.equal(md.node_id, r.member.id);
  assert.equal(dump(join(dataDir, 'member', 'snap', 'db')).meta[hex('consistent_index')], '0000000000000003');
});

test('restore refuses bad flags with etcdctl\'s messages, before touching the disk', async () => {
  const snap = writeSnapshot(fresh('snap'));
  const dataDir = fresh('data');
  const cases = [
    [{ name: 'nobody' }, `couldn't find local name "nobody" in the initial cluster configuration`],
    [{ initialAdvertisePeerUrls: 'ftp://x:1' }, 'URL scheme must be http, https, unix, or unixs: ftp://x:1'],
    [{ initialCluster: 'default=http://localhost' }, 'URL address does not have the form "host:port": http://localhost'],
    [{ initialCluster: 'default=http://localhost:2380/p' }, 'URL must not contain a path: http://localhost:2380/p'],
    [
      { initialAdvertisePeerUrls: 'http://127.0.0.1:1' },
      '--initial-cluster has default=http://localhost:2380 but missing from --initial-advertise-peer-urls=http://127.0.0.1:1 (resolved urls: "http://127.0.0.1:1" != "http://localhost:2380")',
    ],
    [
      { initialCluster: 'default=http://localhost:2380,b=http://localhost:2380' },
      'initial cluster b=http://localhost:2380,default=http://localhost:2380 has duplicate url',
    ],
  ];
  for (const [opts, message] of cases) {
    await assert.rejects(snapshotRestore({ file: snap, dataDir, ...opts }), (e) => e.exitCode === 1 && e.message === message, message);
  }
  assert.equal(existsSync(dataDir), false);
  mkdirSync(dataDir);
  await assert.rejects(snapshotRestore({ file: snap, dataDir }), (e) => e.code === 'EXISTS' && e.message === `data-dir "${dataDir}" exists`);
  const walDir = fresh('wal');
  mkdirSync(walDir);
  await assert.rejects(snapshotRestore({ file: snap, dataDir: fresh('data'), walDir }), (e) => e.message === `wal-dir "${walDir}" exists`);
});

test('restore: hash trailer rules, damaged input, nothing half-written', async () => {
  const snap = writeSnapshot(fresh('snap'));
  const parent = fresh('out');
  mkdirSync(parent);
  const dataDir = join(parent, 'member1');
  const leftovers = () => readdirSync(parent);

  await assert.rejects(snapshotRestore({ file: snap + '.img', dataDir }), (e) => e.code === 'MISSING_HASH' && e.message === 'snapshot missing hash but --skip-hash-check=false');
  const bad = fresh('bad');
  const bytes = readFileSync(snap);
  bytes[9000] ^= 1;
  writeFileSync(bad, bytes);
  await assert.rejects(snapshotRestore({ file: bad, dataDir }), (e) => e.code === 'HASH_MISMATCH' && /^expected sha256 \[(\d+ ){31}\d+\], got \[/.test(e.message));
  await assert.rejects(snapshotRestore({ file: join(parent, 'missing.db'), dataDir }), (e) => e.message === `open ${join(parent, 'missing.db')}: no such file or directory`);
  const tiny = fresh('tiny');
  writeFileSync(tiny, 'abc');
  await assert.rejects(snapshotRestore({ file: tiny, dataDir }), (e) => e.message === `seek ${tiny}: invalid argument`);
  // A page of unknown type with the hash check skipped: refused by the integrity check, nothing left behind.
  const broken = Buffer.from(readFileSync(snap));
  const root = Number(broken.readBigUInt64LE(32));
  broken.writeUInt16LE(0x20, root * 4096 + 8);
  writeFileSync(bad, broken);
  await assert.rejects(
    snapshotRestore({ file: bad, dataDir, skipHashCheck: true }),
    (e) => e.code === 'INTEGRITY' && e.message === `snapshot file integrity check failed. 1 errors found.\npage ${root}: invalid type: unknown<20>`,
  );
  await assert.rejects(snapshotStatus(bad, { verifyHash: false }), (e) => e.code === 'INTEGRITY');
  assert.deepEqual(leftovers(), []);
  // Without the trailer and with the check skipped, a db copy restores.
  await snapshotRestore({ file: snap + '.img', dataDir, skipHashCheck: true });
  assert.deepEqual(leftovers(), ['member1']);
});

test('restore with an explicit WAL dir outside the data dir', async () => {
  const snap = writeSnapshot(fresh('snap'));
  const dataDir = fresh('data');
  const walDir = join(fresh('waldir'), 'nested', 'wal');
  const r = await snapshotRestore({ file: snap, dataDir, walDir });
  assert.equal(r.walDir, walDir);
  assert.deepEqual(readdirSync(walDir), ['0000000000000000-0000000000000000.wal']);
  assert.deepEqual(readdirSync(join(dataDir, 'member')), ['snap']);
});

test('offline defrag: same content, smaller file, refuses a missing directory', async () => {
  const dataDir = fresh('data');
  mkdirSync(join(dataDir, 'member', 'snap'), { recursive: true });
  const db = join(dataDir, 'member', 'snap', 'db');
  writeBackend(db, backendSpec());
  // Pad the file as a grown bbolt file would be.
  writeFileSync(db, Buffer.concat([readFileSync(db), Buffer.alloc(65536)]));
  const before = await snapshotStatus(db);
  const r = await defragDataDir(dataDir);
  assert.ok(r.sizeAfter < r.sizeBefore);
  const afterStatus = await snapshotStatus(db);
  assert.equal(afterStatus.hash, before.hash);
  assert.deepEqual(readdirSync(join(dataDir, 'member', 'snap')), ['db']);
  const missing = fresh('none');
  await assert.rejects(defragDataDir(missing), (e) => e.opts.stderr.startsWith(`Failed to defragment etcd data[${missing}] (cannot open database at`));
});
