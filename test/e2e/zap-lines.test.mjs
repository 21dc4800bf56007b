// clientv3's retry warnings on stderr (`{"level":"warn",…,"msg":"retrying of unary invoker failed",…}`), compared
// with the reference etcdctl 3.4.23 case by case: the lines before `Error:` (timestamps, client ids and ports made
// alike), the `Error:` line and the exit code. Failed unary calls log one line per attempt; streams log none (but
// log in again first when given a user); an endpoint dialled directly is named passthrough:///<ep>.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEtcd, hasReference } from '../helpers/etcd.mjs';
import { both, normalizeZap, reference } from '../helpers/run.mjs';
import { asPrinted, sameAsReference } from '../helpers/compare.mjs';

const skip = hasReference() ? false : 'reference etcdctl not installed';
const DEAD = '127.0.0.1:1';
const FAST = ['--dial-timeout=1s', '--command-timeout=1s'];

/** Same stdout, exit code and stderr (zap lines normalised); returns ours. */
const same = (args, opts = {}) => sameAsReference(args, { timeoutMs: 30000, stdout: asPrinted, ...opts });

const WARN = '{"level":"warn","ts":"<iso8601>","caller":"clientv3/retry_interceptor.go:62","msg":"retrying of unary invoker failed",';

describe('retry warnings on stderr, as the reference prints them', { skip }, () => {
  let etcd;
  let ep;
  let dir;
  before(async () => {
    etcd = await startEtcd({ members: 1 });
    ep = etcd.endpoints[0];
    dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-zap-'));
  });
  after(async () => {
    await etcd?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const at = (...args) => ['--endpoints', ep, ...args];

  test('failed KV calls: one line with grpc-go\'s status, then Error:', async () => {
    const o = await same(at('put', '--lease=1234', 'k', 'v'));
    assert.equal(normalizeZap(o.stderr), `${WARN}"target":"endpoint://client-ID/127.0.0.1:PORT","attempt":0,"error":"rpc error: code = NotFound desc = etcdserver: requested lease not found"}\nError: etcdserver: requested lease not found\n`);
    await same(at('get', 'k', '--rev=999999'));
    await same(at('compaction', '999999'));
    await same(at('del', 'k', '--prev-kv', '--from-key', '--prefix'));
    await same(at('txn'), { input: 'value("k") = "v"\n\nput a b\n\n' });
    await same(at('put', 'k', 'v'));
    await same(at('get', 'k', '--consistency=l', '--rev=1'));
  });

  test('requests too large: the server\'s limit and the client\'s own', async () => {
    writeFileSync(join(dir, 'big1'), 'a'.repeat(1_600_000));
    writeFileSync(join(dir, 'big2'), 'a'.repeat(2_200_000));
    const { readFileSync } = await import('node:fs');
    await same(at('put', 'big'), { input: readFileSync(join(dir, 'big1')) });
    await same(at('put', 'big'), { input: readFileSync(join(dir, 'big2')) });
  });

  test('lease, user, role, member, move-leader and alarm errors', async () => {
    await same(at('lease', 'revoke', '1234'));
    await same(at('lease', 'timetolive', '1234'));
    await same(at('lease', 'keep-alive', '--once', '1234'));
    assert.equal((await reference(at('user', 'add', 'dup:pw'))).code, 0);
    await same(at('user', 'add', 'dup:pw'));
    await same(at('user', 'get', 'nobody'));
    await same(at('user', 'delete', 'nobody'));
    await same(at('role', 'get', 'nothing'));
    await same(at('role', 'revoke-permission', 'nothing', 'k'));
    await same(at('member', 'remove', '1234'));
    await same(at('member', 'update', '1234', '--peer-urls=http://127.0.0.1:9'));
    await same(at('member', 'promote', '1234'));
    await same(at('member', 'add', 'x', `--peer-urls=${etcd.members[0].peerUrl}`));
    const o = await same(at('move-leader', '1234'));
    assert.match(o.stderr, /"target":"endpoint:\/\/client-/, 'move-leader asks the leader through its own client');
    await same(at('alarm', 'disarm'));
    await same(at('alarm', 'list'));
  });

  test('--user against a cluster without authentication: a line for each login, one more before each stream', async () => {
    const o = await same(at('--user=root:x', 'get', 'k'));
    assert.ok(normalizeZap(o.stderr).includes('"error":"rpc error: code = FailedPrecondition desc = etcdserver: authentication is not enabled"}'), o.stderr);
    await same(at('--user=root:x', 'put', 'k', 'v'));
    await same(at('--user=root:x', 'watch', 'k', '-i'), { input: '' });
    await same(at('--user=root:x', 'watch', 'k', '-i'), { input: 'bogus\n' });
    await same(at('--user=root:x', 'lease', 'keep-alive', '--once', '1234'));
  });

  test('a dead endpoint: the balancer\'s last error in the line, context deadline exceeded after Error:', async () => {
    for (const args of [['get', 'k'], ['put', 'k', 'v'], ['member', 'list'], ['alarm', 'list'], ['--user=root:x', 'get', 'k']]) {
      await same(['--endpoints', DEAD, ...FAST, ...args]);
    }
    await same(['--endpoints', `${DEAD},127.0.0.2:1`, ...FAST, 'get', 'k']);
    await same(['--endpoints', `http://${DEAD}`, ...FAST, 'get', 'k']);
    await same(['--endpoints', 'unix:///nonexistent/socket', ...FAST, 'get', 'k']);
  });

  test('endpoints dialled directly (status, hashkv, defrag, move-leader) name their dial error', async () => {
    const o = await same(['--endpoints', `${DEAD},${ep}`, ...FAST, 'endpoint', 'status']);
    assert.ok(o.stderr.includes('"target":"passthrough:///127.0.0.1:1"'), o.stderr);
    assert.ok(o.stderr.includes('dial tcp 127.0.0.1:1: connect: connection refused'), o.stderr);
    await same(['--endpoints', `${DEAD},${ep}`, ...FAST, 'endpoint', 'hashkv']);
    await same(['--endpoints', `${DEAD},${ep}`, ...FAST, 'defrag']);
    await same(['--endpoints', DEAD, ...FAST, 'move-leader', '12']);
    await same(['--endpoints', `http://${DEAD}`, ...FAST, 'endpoint', 'status']);
    await same(['--endpoints', 'unix:///nonexistent/socket', ...FAST, 'endpoint', 'status']);
  });

  test('endpoint health: each endpoint\'s own client', async () => {
    const { ours: o, ref: r } = await both(['--endpoints', `${DEAD},${ep}`, ...FAST, 'endpoint', 'health']);
    // Healthy lines go to stdout in ours (as etcdctl >= 3.5): compare the rest of stderr.
    const healthy = (s) => s.split('\n').filter((l) => !l.includes(' is healthy: ')).join('\n');
    assert.equal(normalizeZap(o.stderr), normalizeZap(healthy(r.stderr)));
    assert.equal(o.code, r.code);
  });

  test('a wrong password: one line per endpoint tried, exit 2', async () => {
    const auth = await startEtcd({ members: 1 });
    try {
      const env = { ETCDCTL_ENDPOINTS: auth.endpoints[0] };
      for (const args of [['user', 'add', 'root:rootpw'], ['auth', 'enable']]) assert.equal((await reference(args, { env })).code, 0);
      const o = await same(['--user=root:wrong', 'get', 'k'], { env });
      assert.equal(o.code, 2);
      await same(['get', 'k'], { env });
      await same(['--user=root:rootpw', 'user', 'get', 'nobody'], { env });
      await same(['--endpoints', `${auth.endpoints[0]},${auth.endpoints[0]}`, '--user=root:wrong', 'get', 'k']);
    } finally {
      await auth.stop();
    }
  });
});
