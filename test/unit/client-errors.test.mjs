// Pure parts of the gRPC adapter: how endpoints are read and how failures are worded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEndpoint, usesTls } from '../../dist/v3/client/endpoints.js';
import { Code, ETCD_ERRORS, RpcError, goCodeName, rpcErrorText } from '../../dist/v3/client/index.js';
import { fromStatus, sendTooLarge } from '../../dist/v3/client/errors.js';

test('endpoints: schemeless, http, https, unix, unknown schemes', () => {
  assert.deepEqual(parseEndpoint('127.0.0.1:2379'), { raw: '127.0.0.1:2379', target: 'dns:127.0.0.1:2379', forceTls: undefined, host: '127.0.0.1:2379' });
  assert.equal(parseEndpoint('http://h:1/').target, 'dns:h:1');
  assert.equal(parseEndpoint('http://h:1').forceTls, false);
  assert.equal(parseEndpoint('HTTPS://h:1').forceTls, true);
  assert.equal(parseEndpoint('https://user@[::1]:2379/x?y').target, 'dns:[::1]:2379');
  assert.equal(parseEndpoint('unix://localhost:1234').target, 'unix:localhost:1234');
  assert.equal(parseEndpoint('unix:///run/etcd.sock').target, 'unix:/run/etcd.sock');
  assert.equal(parseEndpoint('unixs://s').forceTls, true);
  assert.equal(parseEndpoint('ftp://h:1').target, undefined);
  assert.equal(parseEndpoint('http://').target, undefined);
  // The host clientv3's log-line targets name: as typed, the URL's host, the socket path, or nothing.
  assert.equal(parseEndpoint('https://user@[::1]:2379/x?y').host, '[::1]:2379');
  assert.equal(parseEndpoint('unix:///run/etcd.sock').host, '/run/etcd.sock');
  assert.equal(parseEndpoint('ftp://h:1').host, '');
  // An empty host is Go's dial of the IPv4 wildcard; the endpoint keeps its spelling for messages.
  assert.deepEqual(parseEndpoint(':2379'), { raw: ':2379', target: 'dns:0.0.0.0:2379', forceTls: undefined, host: ':2379' });
  assert.equal(parseEndpoint('https://:2379').target, 'dns:0.0.0.0:2379');
});

test('TLS follows the configuration unless the scheme says otherwise', () => {
  assert.equal(usesTls(parseEndpoint('h:1'), false), false);
  assert.equal(usesTls(parseEndpoint('h:1'), true), true);
  assert.equal(usesTls(parseEndpoint('http://h:1'), true), false);
  assert.equal(usesTls(parseEndpoint('https://h:1'), false), true);
  assert.equal(usesTls(parseEndpoint('unix://s'), true), true);
  assert.equal(usesTls(parseEndpoint('unix://s'), false), false);
});

test('Go code names', () => {
  assert.equal(goCodeName(Code.DEADLINE_EXCEEDED), 'DeadlineExceeded');
  assert.equal(goCodeName(Code.CANCELLED), 'Canceled');
  assert.equal(goCodeName(Code.RESOURCE_EXHAUSTED), 'ResourceExhausted');
  assert.equal(goCodeName(Code.UNAUTHENTICATED), 'Unauthenticated');
  assert.equal(goCodeName(42), 'Code(42)');
});

test('known etcd errors print bare, others in grpc-go form', () => {
  assert.equal(rpcErrorText(Code.INVALID_ARGUMENT, 'etcdserver: key not found'), 'etcdserver: key not found');
  assert.equal(rpcErrorText(Code.OUT_OF_RANGE, 'etcdserver: mvcc: required revision has been compacted'), 'etcdserver: mvcc: required revision has been compacted');
  assert.equal(rpcErrorText(Code.UNKNOWN, 'auth: permission denied'), 'rpc error: code = Unknown desc = auth: permission denied');
  // Not in clientv3 3.4's table.
  assert.equal(rpcErrorText(Code.CANCELLED, 'etcdserver: watch canceled'), 'rpc error: code = Canceled desc = etcdserver: watch canceled');
  assert.ok(ETCD_ERRORS.has('etcdserver: user name is empty'));
  assert.ok(ETCD_ERRORS.has('etcdserver: permission denied'));
  assert.ok(ETCD_ERRORS.has('etcdserver: authentication failed, invalid user ID or password'));
  // clientv3 3.4's 51, and the five of 3.5's that only the Downgrade method (etcdctl 3.6's downgrade) answers with.
  assert.ok(ETCD_ERRORS.has('etcdserver: no inflight downgrade job'));
  assert.equal(ETCD_ERRORS.size, 56);
});

test('statuses from grpc-js', () => {
  const e = fromStatus({ code: Code.NOT_FOUND, details: 'etcdserver: requested lease not found' }, true);
  assert.ok(e instanceof RpcError);
  assert.equal(e.message, 'etcdserver: requested lease not found');
  assert.equal(e.codeName, 'NotFound');
  assert.equal(e.desc, 'etcdserver: requested lease not found');
  assert.equal(fromStatus({ code: Code.DEADLINE_EXCEEDED, details: 'Deadline exceeded after 5.001s' }, true).message, 'context deadline exceeded');
  // Without a deadline of ours, a server-side DeadlineExceeded is shown as such.
  assert.equal(fromStatus({ code: Code.DEADLINE_EXCEEDED, details: 'x' }, false).message, 'rpc error: code = DeadlineExceeded desc = x');
  assert.equal(
    fromStatus({ code: Code.RESOURCE_EXHAUSTED, details: 'Received message larger than max (5 vs. 4)' }, false).message,
    'rpc error: code = ResourceExhausted desc = grpc: received message larger than max (5 vs. 4)',
  );
  // As grpc-js words it (no period after "vs").
  assert.equal(
    fromStatus({ code: Code.RESOURCE_EXHAUSTED, details: 'Received message larger than max (5047 vs 1000)' }, false).message,
    'rpc error: code = ResourceExhausted desc = grpc: received message larger than max (5047 vs. 1000)',
  );
});

test('send limit wording', () => {
  assert.equal(
    sendTooLarge(3000008, 2097152).message,
    'rpc error: code = ResourceExhausted desc = trying to send message larger than max (3000008 vs. 2097152)',
  );
});
