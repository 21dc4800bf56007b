// Offline tools: WAL and .snap bytes against test vectors made with the reference etcdctl 3.4.23,
// WAL reading rules, damaged records.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WalWriter, readWal, encodeFrame, SEGMENT_SIZE, walName, parseWalName } from '../../dist/offline/wal.js';
import { encodeSnapFile, decodeSnapFile, snapFileName } from '../../dist/offline/snap.js';
import { encode } from '../../dist/v3/proto/codec.js';
import { EntryType } from '../../dist/v3/proto/schema.js';
import { computeMemberId, computeClusterId, memberJson } from '../../dist/offline/membership.js';
import { planCluster } from '../../dist/offline/restore.js';
import { V2Store } from '../../dist/offline/v2store.js';
import { tempDir } from '../helpers/offline.mjs';

const tmp = tempDir('offline-wal-');
after(() => tmp.cleanup());
let n = 0;
const freshDir = () => {
  const d = join(tmp.dir, `w${n++}`);
  mkdirSync(d);
  return d;
};
const sha256 = (b) => createHash('sha256').update(b).digest('hex');

const DEFAULT_ID = 0x8e9e05c52164694dn;
const DEFAULT_CLUSTER = 0xcdf818194e3a8c32n;

test('member and cluster IDs (SHA-1 of URLs + token; SHA-1 of sorted IDs)', () => {
  assert.equal(computeMemberId(['http://localhost:2380'], 'etcd-cluster'), DEFAULT_ID);
  assert.equal(computeClusterId([DEFAULT_ID]), DEFAULT_CLUSTER);
  assert.equal(computeMemberId(['http://127.0.0.1:15390'], 'tokX').toString(16), '3986c91de8a789e3');
  assert.equal(computeMemberId(['http://10.0.0.1:20093'], 'etcd-cluster').toString(16), '5a3cf78b58a574');
});

test('frame: length in the low 56 bits, 0x80|pad in the top byte, zero padding', () => {
  const f = encodeFrame(Buffer.from([8, 4, 16, 0]));
  assert.equal(Buffer.from(f).toString('hex'), '0400000000000084' + '0804100000000000');
  assert.equal(encodeFrame(new Uint8Array(8)).length, 16);
  assert.equal(walName(1n, 0x1an), '0000000000000001-000000000000001a.wal');
  assert.deepEqual(parseWalName('0000000000000001-000000000000001a.wal'), { seq: 1n, index: 0x1an });
});

/** The WAL restore writes, built the way restore.ts builds it. */
function restoreWal(dir, members, localId, clusterId) {
  const w = WalWriter.create(dir, encode('etcdserverpb.Metadata', { node_id: localId, cluster_id: clusterId }));
  const entries = members.map((m, i) => ({
    type: EntryType.EntryConfChange,
    term: 1n,
    index: BigInt(i + 1),
    data: encode('raftpb.ConfChange', { id: 0n, type: 0, node_id: m.id, context: Buffer.from(memberJson(m)) }),
  }));
  w.save({ term: 1n, vote: members[0].id, commit: BigInt(members.length) }, entries);
  w.saveSnapshot({ index: BigInt(members.length), term: 1n });
  w.close();
  return join(dir, readdirSync(dir)[0]);
}

test('WAL of a default-flags restore: first 272 bytes and the whole 64 000 000-byte file', () => {
  const dir = freshDir();
  const member = { id: DEFAULT_ID, name: 'default', peerURLs: ['http://localhost:2380'], clientURLs: [], isLearner: false };
  const file = restoreWal(dir, [member], DEFAULT_ID, DEFAULT_CLUSTER);
  assert.equal(file.endsWith('0000000000000000-0000000000000000.wal'), true);
  const bytes = readFileSync(file);
  assert.equal(bytes.length, 64000000);
  assert.equal(SEGMENT_SIZE, 64000000);
  const head = bytes.subarray(0, 272);
  assert.equal(head.subarray(0, 0x10).toString('hex'), '04000000000000840804100000000000');
  assert.equal(head.subarray(0x10, 0x38).toString('hex'), '2000000000000000080110bb81c7fc051a1608cdd2918bd2b881cf8e0110b298eaf1948386fccd01');
  assert.equal(head.subarray(0xf8, 0x110).toString('hex'), '0e00000000000082080510b8e0e0e1061a0408011001' + '0000');
  assert.equal(sha256(head), '998433ada9e5ef3b2890ff34c680938790a190000239b88b6343e5ce66de7544');
  assert.equal(sha256(bytes), '73fd7868675205938f74fe11200674fec6b6704f3a3e0412e55e4ded923099f3');
  assert.equal(statSync(file).mode & 0o777, 0o600);
});

test('WAL reads back: metadata, state, entries after the snapshot, CRC chain', () => {
  const dir = freshDir();
  const members = [1n, 2n, 3n].map((id) => ({ id, name: `m${id}`, peerURLs: [`http://h${id}:1`], clientURLs: [], isLearner: false }));
  restoreWal(dir, members, 2n, 99n);
  const all = readWal(dir, { index: 0n, term: 0n });
  assert.equal(all.snapshotFound, true);
  assert.deepEqual(all.state, { term: 1n, vote: 1n, commit: 3n });
  assert.deepEqual(all.entries.map((e) => e.index), [1n, 2n, 3n]);
  const fromSnap = readWal(dir, { index: 3n, term: 1n });
  assert.equal(fromSnap.snapshotFound, true);
  assert.equal(fromSnap.entries.length, 0);
  assert.equal(readWal(dir, { index: 2n, term: 1n }).snapshotFound, false);
  assert.throws(() => readWal(dir, { index: 3n, term: 7n }), /wal: snapshot mismatch/);
});

test('a garbage record is a WAL error; a torn tail (zeroed sector) is the end of the log', () => {
  const dir = freshDir();
  // The default-flags layout of the vector above: entry 1's frame is at 0x50, its record at 0x58..0xd0.
  const member = { id: DEFAULT_ID, name: 'default', peerURLs: ['http://localhost:2380'], clientURLs: [], isLearner: false };
  const file = restoreWal(dir, [member], DEFAULT_ID, DEFAULT_CLUSTER);
  const bytes = readFileSync(file);
  const damaged = Buffer.from(bytes);
  damaged[0x70] ^= 0x55; // inside entry 1's data: its CRC no longer matches
  writeFileSync(file, damaged);
  assert.throws(() => readWal(dir, { index: 0n, term: 0n }), (e) => e.code === 'WAL' && e.message === 'walpb: crc mismatch');
  const garbage = Buffer.from(bytes);
  garbage[0x60] ^= 0x55; // the record's own framing: not a protobuf any more
  writeFileSync(file, garbage);
  assert.throws(() => readWal(dir, { index: 0n, term: 0n }), (e) => e.code === 'WAL' && /bad record at offset 80/.test(e.message));
  // Zero the entry's payload: a torn write at the tail, read as the end of the log.
  const torn = Buffer.from(bytes);
  torn.fill(0, 0x58, 0xd0);
  writeFileSync(file, torn);
  const r = readWal(dir, { index: 0n, term: 0n });
  assert.equal(r.entries.length, 0);
  assert.equal(r.snapshotFound, true);
  // A length that claims more than 10 MiB is refused.
  const big = Buffer.from(bytes);
  big.writeUInt32LE(11 << 20, 0x50);
  writeFileSync(file, big);
  assert.throws(() => readWal(dir, { index: 0n, term: 0n }), /max entry size/);
});

test('segments are cut after the size limit: crc, metadata, state start the next file', () => {
  const dir = freshDir();
  const w = WalWriter.create(dir, encode('etcdserverpb.Metadata', { node_id: 1n, cluster_id: 2n }), 4096);
  const entries = [];
  for (let i = 1; i <= 100; i++) entries.push({ type: 0, term: 1n, index: BigInt(i), data: Buffer.alloc(100, i) });
  w.save({ term: 1n, vote: 1n, commit: 100n }, entries);
  w.save({ term: 1n, vote: 1n, commit: 101n }, [{ type: 0, term: 1n, index: 101n, data: Buffer.from('x') }]);
  w.close();
  const names = readdirSync(dir).sort();
  // The first save passed 4096 bytes: the file was cut at its last record and segment 1 starts at index 101.
  assert.deepEqual(names, ['0000000000000000-0000000000000000.wal', '0000000000000001-0000000000000065.wal']);
  assert.ok(statSync(join(dir, names[0])).size > 4096);
  assert.equal(statSync(join(dir, names[0])).size % 8, 0);
  const r = readWal(dir, { index: 0n, term: 0n });
  assert.equal(r.entries.length, 101);
  assert.deepEqual(r.state, { term: 1n, vote: 1n, commit: 101n });
  // Reading from index 100 starts at the segment that holds it.
  assert.equal(readWal(dir, { index: 100n, term: 1n }).entries.length, 1);
});

test('.snap of a default-flags restore: 6490 bytes, known SHA-256, known tail', () => {
  const st = new V2Store(['/0', '/1']);
  st.create('/0/members/8e9e05c52164694d/raftAttributes', false, '{"peerURLs":["http://localhost:2380"]}', false);
  const file = encodeSnapFile({
    data: Buffer.from(st.save()),
    metadata: { conf_state: { voters: [DEFAULT_ID], learners: [], voters_outgoing: [], learners_next: [], auto_leave: false }, index: 1n, term: 1n },
  });
  assert.equal(file.length, 6490);
  assert.equal(sha256(file), '391e233526d2ed237b95d33b9d3c7975cf3db23b1913a478baacdeee4177b533');
  assert.equal(Buffer.from(file.subarray(-21)).toString('hex'), '12130a0d08cdd2918bd2b881cf8e012800' + '10011801');
  assert.equal(snapFileName(1n, 1n), '0000000000000001-0000000000000001.snap');
  const back = decodeSnapFile(file);
  assert.equal(back.metadata.index, 1n);
  assert.deepEqual(back.metadata.conf_state.voters, [DEFAULT_ID]);
  assert.match(Buffer.from(back.data).toString(), /^\{"Root":\{"Path":"\/","CreatedIndex":0/);
});

test('.snap files that etcd refuses', () => {
  assert.throws(() => decodeSnapFile(new Uint8Array(0)), /snap: empty snapshot/);
  const ok = encodeSnapFile({ data: Buffer.from('{}'), metadata: { conf_state: { voters: [], learners: [], voters_outgoing: [], learners_next: [], auto_leave: false }, index: 1n, term: 1n } });
  const bad = Buffer.from(ok);
  bad[bad.length - 1] ^= 1;
  assert.throws(() => decodeSnapFile(bad), /snap: crc mismatch/);
});

test('v2 store JSON: hex member names sort as strings, creation follows numeric ID order', async () => {
  const plan = await planCluster({
    name: 'a',
    initialCluster: 'a=http://10.0.0.1:20093,b=http://10.0.0.2:20093,c=http://10.0.0.3:20093',
    token: 'etcd-cluster',
    advertise: ['http://10.0.0.1:20093'],
  });
  const ids = plan.members.map((m) => m.id);
  assert.deepEqual(ids, [...ids].sort((x, y) => (x < y ? -1 : 1)));
  const st = new V2Store(['/0', '/1']);
  for (const m of plan.members) st.create(`/0/members/${m.id.toString(16)}/raftAttributes`, false, `{"peerURLs":["${m.peerURLs[0]}"]}`, false);
  const json = JSON.parse(st.save());
  const children = Object.keys(json.Root.Children['0'].Children.members.Children);
  assert.deepEqual(children, [...children].sort());
  assert.equal(json.CurrentIndex, 3);
  assert.equal(json.WatcherHub.EventHistory.Queue.Events.length, 1000);
  assert.equal(json.WatcherHub.EventHistory.Queue.Events[3], null);
  assert.equal(json.Stats.createSuccess, 3);
});
