// Auth retries as clientv3 3.4.23 does them (clientv3/retry_interceptor.go@v3.4.23): a call refused because the
// auth store moved on ("revision of auth store is old") or because the token expired ("invalid auth token") is
// sent again, after a new login when a user and password were given, as is on a client certificate. Each case is
// run by the reference etcdctl too, on the same server, and stderr compared (its retry warnings included).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEtcd, hasReference, REF_ETCDCTL } from '../helpers/etcd.mjs';
import { distinctZapLines, normalizeZap, ours, reference, run, OUR_ETCDCTL } from '../helpers/run.mjs';
import { HAVE_OPENSSL, makePki, openssl, startTlsEtcd } from '../helpers/tls.mjs';

const skip = !hasReference() ? 'reference etcdctl not installed' : !HAVE_OPENSSL ? 'openssl not installed' : false;
const ROOT = '--user=root:rootpw';
const OLD_REVISION = 'etcdserver: revision of auth store is old';

function warning(error) {
  return `{"level":"warn","ts":"<iso8601>","caller":"clientv3/retry_interceptor.go:62","msg":"retrying of unary invoker failed","target":"endpoint://client-ID/127.0.0.1:PORT","attempt":0,"error":"${error}"}`;
}

describe('a root client certificate while users are added and deleted (etcd e2e TestCtlV3AuthCertCNWithWithConcurrentOperation)', { skip }, () => {
  let pki;
  let etcd;
  let base;
  before(async () => {
    pki = makePki({ clients: ['root'] });
    etcd = await startTlsEtcd(pki, { clientCertAuth: true });
    base = ['--endpoints', etcd.endpoint, '--cacert', pki.ca, '--cert', pki.clients.root.cert, '--key', pki.clients.root.key];
    for (const args of [['user', 'add', 'root:rootpw'], ['auth', 'enable']]) {
      const r = await reference([...base, ...args]);
      assert.equal(r.code, 0, r.stderr);
    }
  });
  after(async () => {
    await etcd?.stop();
    pki?.cleanup();
  });

  /** etcd's test: one loop adds and deletes users, the other puts and deletes keys, 100 rounds each. */
  async function concurrentRounds(bin, name, rounds = 100) {
    const done = { userAdd: 0, userDelete: 0, put: 0, del: 0 };
    const stderr = [];
    const step = async (what, args, ok) => {
      const r = await run(bin, [...base, ...args]);
      if (r.code === 0 && ok(r.stdout)) done[what]++;
      stderr.push(r.stderr);
    };
    await Promise.all([
      (async () => {
        for (let i = 0; i < rounds; i++) {
          await step('userAdd', ['user', 'add', `${name}-user-${i}:pass-${i}`], (out) => out === `User ${name}-user-${i} created\n`);
          await step('userDelete', ['user', 'delete', `${name}-user-${i}`], (out) => out === `User ${name}-user-${i} deleted\n`);
        }
      })(),
      (async () => {
        for (let i = 0; i < rounds; i++) {
          await step('put', ['put', `${name}-key-${i}`, `value-${i}`], (out) => out === 'OK\n');
          await step('del', ['del', `${name}-key-${i}`], (out) => out === '1\n');
        }
      })(),
    ]);
    return { done, lines: distinctZapLines(stderr.join('')), other: stderr.join('').split('\n').filter((l) => l !== '' && !l.startsWith('{')) };
  }

  test('every put, del, user add and user delete succeeds, as with the reference; the only warnings are retried stale revisions', async () => {
    const [mine, ref] = await Promise.all([concurrentRounds(OUR_ETCDCTL, 'ours'), concurrentRounds(REF_ETCDCTL, 'ref')]);
    const all = { userAdd: 100, userDelete: 100, put: 100, del: 100 };
    assert.deepEqual(ref.done, all, 'the reference');
    assert.deepEqual(mine.done, all, `ours (stderr: ${mine.other.slice(0, 3).join(' | ')})`);
    assert.deepEqual(mine.other, []);
    // A put may meet a stale revision more than once in a row: any attempt number.
    const allowed = warning(`rpc error: code = InvalidArgument desc = ${OLD_REVISION}`).replace('"attempt":0', '"attempt":N');
    for (const l of [...mine.lines, ...ref.lines]) assert.equal(l.replace(/"attempt":\d+/, '"attempt":N'), allowed);
  });
});

/** An RSA key pair for etcd's JWT tokens, which carry the auth revision they were issued at. */
function jwtKeys() {
  const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-jwt-'));
  openssl(['genrsa', '-out', join(dir, 'jwt.key'), '2048'], dir);
  openssl(['rsa', '-in', join(dir, 'jwt.key'), '-pubout', '-out', join(dir, 'jwt.pub')], dir);
  return { dir, token: (ttl) => `jwt,pub-key=${join(dir, 'jwt.pub')},priv-key=${join(dir, 'jwt.key')},sign-method=RS256,ttl=${ttl}` };
}

describe('a user and password whose token goes stale or expires during a long command', { skip }, () => {
  let keys;
  const servers = [];
  before(() => {
    keys = jwtKeys();
  });
  after(async () => {
    for (const s of servers) await s.stop();
    if (keys) rmSync(keys.dir, { recursive: true, force: true });
  });

  async function authServer(extraArgs) {
    const etcd = await startEtcd({ members: 1, extraArgs });
    servers.push(etcd);
    const env = { ETCDCTL_ENDPOINTS: etcd.endpoints[0] };
    for (const args of [['user', 'add', 'root:rootpw'], ['auth', 'enable']]) assert.equal((await reference(args, { env })).code, 0);
    return env;
  }

  /** Runs `args` with the reference, then ours, and compares exit codes and stderr's distinct lines (zap lines normalised). */
  async function same(env, args) {
    const r = await reference(args(REF_ETCDCTL), { env, timeoutMs: 30000 });
    const o = await ours(args(REF_ETCDCTL), { env, timeoutMs: 30000 });
    assert.deepEqual(distinctZapLines(o.stderr), distinctZapLines(r.stderr), `stderr:\n${o.stderr}---\n${r.stderr}`);
    assert.equal(o.code, r.code, 'exit code');
    return { o, r };
  }

  test('another client adds a user while lock holds its lock (JWT): unlocking logs in again', async () => {
    const env = await authServer(['--auth-token', keys.token('5m')]);
    let n = 0;
    // The pause lets the lock's keep-alive stream log in before the auth store changes (clientv3 logs in per stream).
    const { o } = await same(env, (ref) => [ROOT, 'lock', 'L', '--', 'sh', '-c', `sleep 1; ${ref} ${ROOT} user add u${n++}:p >/dev/null`]);
    assert.equal(o.code, 0);
    assert.equal(normalizeZap(o.stderr), `${warning(`rpc error: code = InvalidArgument desc = ${OLD_REVISION}`)}\n`);
    const left = await ours([ROOT, 'get', 'L', '--prefix', '--keys-only'], { env });
    assert.deepEqual([left.code, left.stdout], [0, ''], 'the lock key is gone');
  });

  // A JWT's exp is in whole seconds (now + ttl, truncated), so a 1s one may last only a few milliseconds and
  // expire while the lock is still being taken, a second warning; 2s leaves at least one second for that. The
  // session's TTL of 30 s puts its first keep-alive (at a third of it) after the unlock: 3.5 and 3.6 servers
  // reject the expired token there already (seen in their logs), and a client that renews it then has none left
  // to be rejected at the unlock.
  for (const [name, extraArgs, hold] of [
    ['a simple token', ['--auth-token', 'simple', '--auth-token-ttl', '1'], '3'],
    ['a JWT', null, '4'],
  ]) {
    test(`${name} that expires while lock holds its lock: unlocking logs in again`, async () => {
      const env = await authServer(extraArgs ?? ['--auth-token', keys.token('2s')]);
      const { o } = await same(env, () => [ROOT, 'lock', '--ttl', '30', 'L', 'sleep', hold]);
      assert.equal(o.code, 0);
      assert.equal(normalizeZap(o.stderr), `${warning('rpc error: code = Unauthenticated desc = etcdserver: invalid auth token')}\n`);
    });
  }
});
