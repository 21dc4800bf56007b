// The generated schema: up to date with the .proto files, and carrying etcd's wire names and numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSync } from '../helpers/run.mjs';
import { fileURLToPath } from 'node:url';
import { ENUMS, MESSAGES, METHODS } from '../../dist/v3/proto/schema.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

test('schema.ts is what scripts/gen-proto.mjs makes of the .proto files', () => {
  const r = runSync(process.execPath, ['scripts/gen-proto.mjs', '--check'], { cwd: ROOT, inheritEnv: true });
  assert.equal(r.code, 0, r.stderr);
});

const EXPECTED_METHODS = {
  'etcdserverpb.KV': ['Range', 'Put', 'DeleteRange', 'Txn', 'Compact', 'RangeStream'],
  'etcdserverpb.Watch': ['Watch'],
  'etcdserverpb.Lease': ['LeaseGrant', 'LeaseRevoke', 'LeaseKeepAlive', 'LeaseTimeToLive', 'LeaseLeases'],
  'etcdserverpb.Cluster': ['MemberAdd', 'MemberRemove', 'MemberUpdate', 'MemberList', 'MemberPromote'],
  'etcdserverpb.Maintenance': ['Alarm', 'Status', 'Defragment', 'Hash', 'HashKV', 'Snapshot', 'MoveLeader', 'Downgrade'],
  'etcdserverpb.Auth': [
    'AuthEnable', 'AuthDisable', 'AuthStatus', 'Authenticate', 'UserAdd', 'UserGet', 'UserList', 'UserDelete',
    'UserChangePassword', 'UserGrantRole', 'UserRevokeRole', 'RoleAdd', 'RoleGet', 'RoleList', 'RoleDelete',
    'RoleGrantPermission', 'RoleRevokePermission',
  ],
  'v3lockpb.Lock': ['Lock', 'Unlock'],
  'v3electionpb.Election': ['Campaign', 'Proclaim', 'Leader', 'Observe', 'Resign'],
};

test('every etcd RPC is in the method table with its gRPC path', () => {
  const paths = Object.values(METHODS).map((m) => m.path).sort();
  const expected = Object.entries(EXPECTED_METHODS).flatMap(([svc, ms]) => ms.map((m) => `/${svc}/${m}`)).sort();
  assert.deepEqual(paths, expected);
  assert.equal(METHODS['KV.Range'].path, '/etcdserverpb.KV/Range');
  assert.equal(METHODS['Auth.UserAdd'].requestType, 'etcdserverpb.AuthUserAddRequest');
  assert.equal(METHODS['Maintenance.HashKV'].responseType, 'etcdserverpb.HashKVResponse');
  assert.equal(METHODS['Election.Observe'].requestType, 'v3electionpb.LeaderRequest');
});

test('streaming flags', () => {
  const streaming = Object.entries(METHODS)
    .filter(([, m]) => m.clientStreaming || m.serverStreaming)
    .map(([k, m]) => `${k}:${m.clientStreaming ? 'c' : ''}${m.serverStreaming ? 's' : ''}`)
    .sort();
  assert.deepEqual(streaming, ['Election.Observe:s', 'KV.RangeStream:s', 'Lease.LeaseKeepAlive:cs', 'Maintenance.Snapshot:s', 'Watch.Watch:cs']);
});

const fieldsOf = (type) => MESSAGES[type].map((f) => `${f.name}=${f.number}`).join(' ');

test('wire names and numbers of the messages printers depend on', () => {
  assert.equal(fieldsOf('etcdserverpb.ResponseHeader'), 'cluster_id=1 member_id=2 revision=3 raft_term=4');
  assert.equal(fieldsOf('mvccpb.KeyValue'), 'key=1 create_revision=2 mod_revision=3 version=4 value=5 lease=6');
  assert.equal(fieldsOf('mvccpb.Event'), 'type=1 kv=2 prev_kv=3');
  assert.equal(fieldsOf('etcdserverpb.RangeStreamResponse'), 'range_response=1');
  assert.equal(
    fieldsOf('etcdserverpb.RangeRequest'),
    'key=1 range_end=2 limit=3 revision=4 sort_order=5 sort_target=6 serializable=7 keys_only=8 count_only=9 min_mod_revision=10 max_mod_revision=11 min_create_revision=12 max_create_revision=13',
  );
  assert.equal(fieldsOf('etcdserverpb.WatchCreateRequest'), 'key=1 range_end=2 start_revision=3 progress_notify=4 filters=5 prev_kv=6 watch_id=7 fragment=8');
  assert.equal(fieldsOf('etcdserverpb.WatchResponse'), 'header=1 watch_id=2 created=3 canceled=4 compact_revision=5 cancel_reason=6 fragment=7 events=11');
  assert.equal(fieldsOf('etcdserverpb.Compare'), 'result=1 target=2 key=3 version=4 create_revision=5 mod_revision=6 value=7 lease=8 range_end=64');
  assert.equal(fieldsOf('etcdserverpb.Member'), 'ID=1 name=2 peerURLs=3 clientURLs=4 isLearner=5');
  assert.equal(fieldsOf('etcdserverpb.MemberAddRequest'), 'peerURLs=1 isLearner=2');
  assert.equal(
    fieldsOf('etcdserverpb.StatusResponse'),
    'header=1 version=2 dbSize=3 leader=4 raftIndex=5 raftTerm=6 raftAppliedIndex=7 errors=8 dbSizeInUse=9 isLearner=10',
  );
  assert.equal(fieldsOf('etcdserverpb.AuthStatusResponse'), 'header=1 enabled=2 authRevision=3');
  assert.equal(fieldsOf('etcdserverpb.LeaseTimeToLiveResponse'), 'header=1 ID=2 TTL=3 grantedTTL=4 keys=5');
  assert.equal(fieldsOf('etcdserverpb.HashKVResponse'), 'header=1 hash=2 compact_revision=3');
  assert.equal(fieldsOf('etcdserverpb.AuthUserGrantRoleRequest'), 'user=1 role=2');
  assert.equal(fieldsOf('authpb.Permission'), 'permType=1 key=2 range_end=3');
  assert.equal(fieldsOf('authpb.User'), 'name=1 password=2 roles=3 options=4');
  assert.equal(fieldsOf('v3electionpb.LeaderKey'), 'name=1 key=2 rev=3 lease=4');
  assert.equal(fieldsOf('v3lockpb.LockResponse'), 'header=1 key=2');
});

test('wire numbers of the records the offline tools read and write (proto2, gogo non-nullable = always)', () => {
  const presence = (type) => MESSAGES[type].map((f) => `${f.name}=${f.number}${f.presence === 'always' ? '!' : f.presence === 'explicit' ? '?' : ''}`).join(' ');
  assert.equal(presence('raftpb.Entry'), 'type=1! term=2! index=3! data=4?');
  assert.equal(presence('raftpb.HardState'), 'term=1! vote=2! commit=3!');
  assert.equal(presence('raftpb.ConfState'), 'voters=1 learners=2 voters_outgoing=3 learners_next=4 auto_leave=5!');
  assert.equal(presence('raftpb.ConfChange'), 'id=1! type=2! node_id=3! context=4?');
  assert.equal(presence('raftpb.SnapshotMetadata'), 'conf_state=1! index=2! term=3!');
  assert.equal(presence('raftpb.Snapshot'), 'data=1? metadata=2!');
  assert.equal(presence('walpb.WalRecord'), 'type=1! crc=2! data=3?');
  assert.equal(presence('walpb.WalSnapshot'), 'index=1! term=2! conf_state=3?');
  assert.equal(presence('snappb.SnapFile'), 'crc=1! data=2?');
  assert.equal(presence('etcdserverpb.Metadata'), 'node_id=1! cluster_id=2!');
  assert.equal(
    presence('etcdserverpb.V2Request'),
    'id=1! method=2! path=3! val=4! dir=5! prev_value=6! prev_index=7! prev_exist=8? expiration=9! wait=10! since=11! recursive=12! sorted=13! quorum=14! time=15! stream=16! refresh=17?',
  );
  assert.ok(MESSAGES['raftpb.ConfState'].every((f) => !f.packed));
  assert.deepEqual(ENUMS['raftpb.EntryType'], { EntryNormal: 0, EntryConfChange: 1, EntryConfChangeV2: 2 });
  assert.deepEqual(ENUMS['raftpb.ConfChangeType'], { ConfChangeAddNode: 0, ConfChangeRemoveNode: 1, ConfChangeUpdateNode: 2, ConfChangeAddLearnerNode: 3 });
});

test('enum values', () => {
  assert.deepEqual(ENUMS['etcdserverpb.AlarmType'], { NONE: 0, NOSPACE: 1, CORRUPT: 2 });
  assert.deepEqual(ENUMS['etcdserverpb.Compare.CompareResult'], { EQUAL: 0, GREATER: 1, LESS: 2, NOT_EQUAL: 3 });
  assert.deepEqual(ENUMS['etcdserverpb.RangeRequest.SortTarget'], { KEY: 0, VERSION: 1, CREATE: 2, MOD: 3, VALUE: 4 });
  assert.deepEqual(ENUMS['etcdserverpb.WatchCreateRequest.FilterType'], { NOPUT: 0, NODELETE: 1 });
});

test('oneofs', () => {
  const oneofs = (type) => [...new Set(MESSAGES[type].filter((f) => f.oneof).map((f) => `${f.oneof}:${f.name}`))].join(' ');
  assert.equal(oneofs('etcdserverpb.RequestOp'), 'request:request_range request:request_put request:request_delete_range request:request_txn');
  assert.equal(oneofs('etcdserverpb.WatchRequest'), 'request_union:create_request request_union:cancel_request request_union:progress_request');
});

test('the codec does not pull in grpc-js', () => {
  const script = `
    await import(${JSON.stringify(new URL('../../dist/v3/proto/codec.js', import.meta.url).href)});
    await import(${JSON.stringify(new URL('../../dist/v3/client/index.js', import.meta.url).href)});
    const { createRequire } = await import('node:module');
    const loaded = Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes('grpc-js'));
    process.stdout.write(String(loaded.length));
  `;
  const r = runSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, inheritEnv: true });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '0');
});
