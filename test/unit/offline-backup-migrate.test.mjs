// Offline tools: v2 backup and migrate on a synthesized data dir (WAL with a ConfChange, a member-attributes
// update, v2 and v3 requests), an external transformer, and a damaged WAL.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backupV2, migrate, readWal, readWalMetadata, classifyEntryData, BoltReader } from '../../dist/offline/index.js';
import { WalWriter } from '../../dist/offline/wal.js';
import { BoltWriter } from '../../dist/offline/bbolt/writer.js';
import { decode, encode } from '../../dist/v3/proto/codec.js';
import { u64be } from '../../dist/offline/schema.js';
import { tempDir } from '../helpers/offline.mjs';

const tmp = tempDir('offline-backup-');
after(() => tmp.cleanup());
let n = 0;
const fresh = (name) => join(tmp.dir, `${name}${n++}`);

const v2req = (id, method, path, val = '') => encode('etcdserverpb.V2Request', { id, method, path, val });
const v3put = () => encode('etcdserverpb.InternalRaftRequest', { header: { id: 9 }, put: encode('PutRequest', { key: 'k3' }) });
const walMetadata = (dir) => decode('etcdserverpb.Metadata', readWalMetadata(dir));

/** A stopped member's data dir: no .snap, a WAL holding six entries, a backend with membership buckets. */
function dataDir() {
  const dir = fresh('member');
  const wal = join(dir, 'member', 'wal');
  const snap = join(dir, 'member', 'snap');
  mkdirSync(wal, { recursive: true });
  mkdirSync(snap, { recursive: true });
  const member = '{"id":1,"peerURLs":["http://127.0.0.1:2380"],"name":"m1"}';
  const w = WalWriter.create(wal, encode('etcdserverpb.Metadata', { node_id: 1n, cluster_id: 2n }));
  w.save({ term: 2n, vote: 1n, commit: 6n }, [
    { type: 1, term: 1n, index: 1n, data: encode('raftpb.ConfChange', { id: 0n, type: 0, node_id: 1n, context: Buffer.from(member) }) },
    { type: 0, term: 2n, index: 2n },
    { type: 0, term: 2n, index: 3n, data: v2req(1, 'PUT', '/0/members/1/attributes', '{"name":"m1","clientURLs":["http://127.0.0.1:2379"]}') },
    { type: 0, term: 2n, index: 4n, data: v2req(2, 'PUT', '/1/foo', 'bar') },
    { type: 0, term: 2n, index: 5n, data: v3put() },
    { type: 0, term: 2n, index: 6n, data: v2req(3, 'PUT', '/1/baz', 'qux') },
  ]);
  w.close();
  const db = join(snap, 'db');
  const fd = openSync(db, 'w');
  const bw = new BoltWriter(fd, 4096, db);
  for (const [name, entries] of [
    ['cluster', [['clusterVersion', '3.4.0']]],
    ['key', []],
    ['members', [['1', member]]],
    ['meta', [['consistent_index', u64be(5n)]]],
  ]) {
    bw.bucket(Buffer.from(name), (b) => entries.forEach(([k, v]) => b.add(Buffer.from(k), typeof v === 'string' ? Buffer.from(v) : v)));
  }
  bw.finish({ txid: 2n });
  closeSync(fd);
  return dir;
}

function buckets(db) {
  const r = BoltReader.open(db);
  const out = {};
  for (const b of r.buckets()) {
    const o = {};
    r.forEach(b.ref, (k, v) => (o[Buffer.from(k).toString('latin1')] = Buffer.from(v)));
    out[Buffer.from(b.name).toString()] = o;
  }
  r.close();
  return out;
}

test('backup drops membership changes and v3 entries, renumbers, lowers the commit', async () => {
  const src = dataDir();
  const dest = fresh('backup');
  const r = await backupV2({ dataDir: src, backupDir: dest, ids: { nodeId: 0xa1n, clusterId: 0xa2n } });
  assert.deepEqual(r.messages, [
    'ignoring EntryConfChange raft entry',
    'ignoring member attribute update on /0/members/1/attributes',
    'ignoring v3 raft entry',
  ]);
  assert.equal(r.removed, 3);
  const wal = readWal(join(dest, 'member', 'wal'), { index: 0n, term: 0n });
  assert.deepEqual(wal.entries.map((e) => [e.index, classifyEntryData(e.data).request?.path.toString() ?? null]), [
    [1n, null],
    [2n, '/1/foo'],
    [3n, '/1/baz'],
  ]);
  assert.deepEqual(wal.state, { term: 2n, vote: 1n, commit: 3n });
  assert.deepEqual(walMetadata(join(dest, 'member', 'wal')), { node_id: 0xa1n, cluster_id: 0xa2n });
  const db = buckets(join(dest, 'member', 'snap', 'db'));
  assert.deepEqual(Object.keys(db), ['meta']);
  assert.equal(db.meta.consistent_index.toString('hex'), '0000000000000003');
});

test('backup --with-v3 keeps v3 entries and the backend minus membership', async () => {
  const src = dataDir();
  const dest = fresh('backup');
  const r = await backupV2({ dataDir: src, backupDir: dest, withV3: true });
  assert.deepEqual(r.messages, ['ignoring EntryConfChange raft entry', 'ignoring member attribute update on /0/members/1/attributes']);
  assert.equal(readWal(join(dest, 'member', 'wal'), { index: 0n, term: 0n }).state.commit, 4n);
  const db = buckets(join(dest, 'member', 'snap', 'db'));
  assert.deepEqual(Object.keys(db), ['key', 'meta']);
  assert.equal(db.meta.consistent_index.toString('hex'), '0000000000000005');
  const md = walMetadata(join(dest, 'member', 'wal'));
  assert.equal(md.cluster_id, md.node_id + 1n);
});

test('a garbage WAL record fails the backup with nothing left behind', async () => {
  const src = dataDir();
  const walFile = join(src, 'member', 'wal', '0000000000000000-0000000000000000.wal');
  const bytes = readFileSync(walFile);
  // Inside the first entry's ConfChange context: its CRC no longer matches.
  const at = bytes.indexOf(Buffer.from('peerURLs'));
  bytes[at] ^= 0x20;
  writeFileSync(walFile, bytes);
  const dest = fresh('backup');
  await assert.rejects(backupV2({ dataDir: src, backupDir: dest }), (e) => e.code === 'WAL' && e.message === 'walpb: crc mismatch');
  assert.equal(existsSync(join(dest, 'member', 'snap')), false);
  assert.equal(existsSync(join(dest, 'member', 'wal')), false);
  await assert.rejects(migrate({ dataDir: src }), (e) => e.code === 'WAL' && e.messages[0] === 'using default transformer');
});

test('migrate replays the WAL into the v2 store and writes /1 keys at their modified index', async () => {
  const src = dataDir();
  const r = await migrate({ dataDir: src });
  assert.deepEqual(r.stdout, ['using default transformer', 'finished transforming keys']);
  assert.equal(r.consistentIndex, 6n);
  const db = buckets(join(src, 'member', 'snap', 'db'));
  const kvs = Object.entries(db.key).map(([k, v]) => [Buffer.from(k, 'latin1').readBigUInt64BE(0), decode('mvccpb.KeyValue', v)]);
  assert.deepEqual(
    kvs.map(([rev, kv]) => [rev, Buffer.from(kv.key).toString(), Buffer.from(kv.value).toString(), kv.create_revision, kv.mod_revision, kv.version]),
    [
      [3n, '/foo', 'bar', 3n, 3n, 1n],
      [4n, '/baz', 'qux', 4n, 4n, 1n],
    ],
  );
  assert.equal(db.meta.consistent_index.toString('hex'), '0000000000000006');
  assert.deepEqual(readdirSync(join(src, 'member', 'snap')), ['db']);
});

test('migrate with an external transformer speaks etcdctl\'s protocol; a failing one changes nothing', async () => {
  const src = dataDir();
  const script = join(tmp.dir, 'upper.mjs');
  writeFileSync(
    script,
    `#!${process.execPath}
const chunks = [];
process.stdin.on('data', (d) => chunks.push(d));
process.stdin.on('end', () => {
  const text = Buffer.concat(chunks).toString();
  const nodes = [];
  for (let i = 0, depth = 0, start = 0, inStr = false; i < text.length; i++) {
    const c = text[i];
    if (inStr) { if (c === '\\\\') i++; else if (c === '"') inStr = false; continue; }
    if (c === '"') inStr = true;
    else if (c === '{') { if (depth++ === 0) start = i; }
    else if (c === '}' && --depth === 0) nodes.push(JSON.parse(text.slice(start, i + 1)));
  }
  const out = [];
  for (const n of nodes) {
    if (n.dir) continue;
    const key = Buffer.from(n.key.toUpperCase());
    const value = Buffer.from(n.value);
    const kv = Buffer.concat([Buffer.from([0x0a, key.length]), key, Buffer.from([0x18, n.modifiedIndex, 0x20, 7, 0x2a, value.length]), value]);
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(kv.length));
    out.push(len, kv);
  }
  process.stdout.write(Buffer.concat(out));
});
`,
  );
  chmodSync(script, 0o755);
  const r = await migrate({ dataDir: src, transformer: script });
  assert.deepEqual(r.stdout, ['finished transforming keys']);
  const db = buckets(join(src, 'member', 'snap', 'db'));
  assert.deepEqual(Object.values(db.key).map((v) => Buffer.from(decode('mvccpb.KeyValue', v).key).toString()), ['/FOO', '/BAZ']);

  const failing = join(tmp.dir, 'fail.sh');
  writeFileSync(failing, '#!/bin/sh\ncat >/dev/null\nexit 3\n');
  chmodSync(failing, 0o755);
  const other = dataDir();
  const before = readFileSync(join(other, 'member', 'snap', 'db'));
  await assert.rejects(migrate({ dataDir: other, transformer: failing }), (e) => e.message === 'exit status 3' && e.messages.at(-1) === 'failed to transform keys');
  assert.ok(readFileSync(join(other, 'member', 'snap', 'db')).equals(before));
  await assert.rejects(migrate({ dataDir: other, transformer: 'no-such-transformer' }), (e) => e.message === 'exec: "no-such-transformer": executable file not found in $PATH');
});
