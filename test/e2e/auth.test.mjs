// Authentication on a real etcd, compared with the reference etcdctl: auth enable/disable (and 3.5's auth
// status), root and a limited user, permission denied outside the user's range, wrong passwords, credentials
// from flags, ETCDCTL_USER/ETCDCTL_PASSWORD and a password prompt read from stdin; and a token that expires
// while `lock` holds its lock, which the client renews by authenticating again.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEtcd, hasReference, ETCD_RELEASE, RELEASE_ETCDCTL } from '../helpers/etcd.mjs';
import { serverForSuite } from '../helpers/suite.mjs';
import { assertSameRun, promptStderr, sameAsReference } from '../helpers/compare.mjs';
import { ours, reference, run, withoutZapLines } from '../helpers/run.mjs';
import { needsCommand, startOurs } from '../helpers/faults.mjs';

const skip = hasReference() ? false : 'reference etcdctl not installed';
const ROOT = '--user=root:rootpw';
const ALICE = '--user=alice:alicepw';

describe('authentication', { skip }, () => {
  let etcd;
  let env;
  serverForSuite((server) => ({ etcd, env } = server));

  const assertSame = (o, r, what) => assertSameRun(o, r, what, { stderr: promptStderr });
  const same = (args, opts = {}) => sameAsReference(args, { stderr: promptStderr, env, ...opts, env: { ...env, ...opts.env } });

  const ref = async (args) => {
    const r = await reference(args, { env });
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  };

  test('auth enable without a root user, then with one: the root role is created as etcdctl does', async () => {
    const o = await same(['auth', 'enable']);
    assert.deepEqual([o.code, withoutZapLines(o.stderr)], [1, 'Error: etcdserver: root user does not exist\n']);
    await same(['auth', 'enable', 'extra']);
    await same(['auth', 'disable', 'extra']);
    await ref(['user', 'add', 'root:rootpw']);
    // The reference enables (creating role root); undo it all so that we start from the same state.
    const r = await reference(['auth', 'enable'], { env });
    await ref([ROOT, 'auth', 'disable']);
    await ref(['user', 'revoke-role', 'root', 'root']);
    await ref(['role', 'delete', 'root']);
    const mine = await ours(['auth', 'enable'], { env });
    assertSame(mine, r, 'auth enable');
    assert.equal(mine.stdout, 'Authentication Enabled\n');
    assert.equal((await reference([ROOT, 'user', 'get', 'root'], { env })).stdout, 'User: root\nRoles: root\n');
  });

  test('a limited user', async () => {
    await ref([ROOT, 'role', 'add', 'app']);
    await ref([ROOT, 'role', 'grant-permission', 'app', 'readwrite', '/app/', '--prefix']);
    await ref([ROOT, 'user', 'add', 'alice:alicepw']);
    await ref([ROOT, 'user', 'grant-role', 'alice', 'app']);
    await ref([ROOT, 'put', '/app/x', '1']);
    await ref([ROOT, 'put', '/other', '2']);
    await same([ALICE, 'get', '/app/x']);
    await same([ALICE, 'get', '/app/', '--prefix', '-w', 'json']);
    await same([ALICE, 'put', '/app/y', '3']);
    const denied = await same([ALICE, 'get', '/other']);
    assert.deepEqual([denied.code, withoutZapLines(denied.stderr)], [1, 'Error: etcdserver: permission denied\n']);
    await same([ALICE, 'put', '/other', 'x']);
    await same([ALICE, 'user', 'list']);
    await same([ALICE, 'role', 'get', 'app']);
    await same([ALICE, 'auth', 'disable']);
  });

  test('root can do everything; commands without credentials are refused', async () => {
    for (const w of ['simple', 'json', 'protobuf']) {
      await same([ROOT, 'user', 'list', '-w', w]);
      await same([ROOT, 'role', 'list', '-w', w]);
      await same([ROOT, 'user', 'get', 'alice', '--detail', '-w', w]);
    }
    await same([ROOT, 'get', '/', '--prefix']);
    await same([ROOT, 'auth', 'enable']);
    for (const args of [['get', '/app/x'], ['user', 'list'], ['auth', 'enable'], ['auth', 'disable']]) {
      const o = await same(args);
      assert.equal(withoutZapLines(o.stderr), 'Error: etcdserver: user name is empty\n');
    }
  });

  test('wrong password, unknown user, --password taking --user verbatim: exit 2', async () => {
    for (const creds of [['--user=root:wrong'], ['--user=nobody:x'], ['--user=root:rootpw', '--password=rootpw'], ['--user=alice', '--password=nope']]) {
      const o = await same([...creds, 'get', '/app/x']);
      assert.deepEqual([o.code, withoutZapLines(o.stderr)], [2, 'Error: etcdserver: authentication failed, invalid user ID or password\n']);
      assert.doesNotMatch(o.stdout + o.stderr, /wrong|rootpw|nope/, 'no password in any output');
    }
    await same(['--user=root', '--password=rootpw', 'user', 'list']);
  });

  test('ETCDCTL_USER and ETCDCTL_PASSWORD; a flag and its variable together are fatal', async () => {
    await same(['user', 'list'], { env: { ETCDCTL_USER: 'root:rootpw' } });
    await same(['user', 'list'], { env: { ETCDCTL_USER: 'root', ETCDCTL_PASSWORD: 'rootpw' } });
    await same(['get', '/app/x'], { env: { ETCDCTL_USER: 'alice', ETCDCTL_PASSWORD: 'bad' } });
    const o = await ours([ROOT, 'user', 'list'], { env: { ...env, ETCDCTL_USER: 'root:rootpw' } });
    assert.equal(o.code, 1);
    assert.match(o.stderr, /conflicting environment variable "ETCDCTL_USER" is shadowed/);
  });

  test('a password prompt read from stdin: asked once, even for a command with several endpoints', async () => {
    const o = await same(['--user=root', 'role', 'list'], { input: 'rootpw\n' });
    assert.equal(o.stdout, 'Password: \napp\nroot\n');
    await same(['user', 'list'], { input: 'rootpw\n', env: { ETCDCTL_USER: 'root' } });
    const empty = await same(['--user=root', 'role', 'list'], { input: '\n' });
    assert.equal(withoutZapLines(empty.stderr), 'Error: etcdserver: user name is empty\n');
    const wrong = await same(['--user=root', 'role', 'list'], { input: 's3cr3t-typo\n' });
    assert.doesNotMatch(wrong.stdout + wrong.stderr, /s3cr3t-typo/);
    const eps = `--endpoints=${etcd.endpoints[0]},${etcd.endpoints[0]}`;
    const status = await ours([eps, '--user=root', 'endpoint', 'hashkv'], { input: 'rootpw\n' });
    assert.equal(status.code, 0, status.stderr);
    assert.equal(status.stdout.split('Password: ').length - 1, 1, status.stdout);
    // user add's own prompts come first, then --user's.
    const addBob = ['--user=root', 'user', 'add', 'bob'];
    const prompts = { env, input: 'bobpw\nbobpw\nrootpw\n' };
    const r = await reference(addBob, prompts);
    await ref([ROOT, 'user', 'delete', 'bob']);
    assertSame(await ours(addBob, prompts), r, addBob.join(' '));
    assert.equal(r.stdout, 'Password of bob: \nType password of bob again for confirmation: \nPassword: \nUser bob created\n');
    await same(['--user=bob:bobpw', 'get', '/other']);
  });

  test('user passwd, then the new password works and the old one no longer does', async () => {
    const o = await ours([ROOT, 'user', 'passwd', 'bob', '--interactive=false'], { env, input: 'newbob\n' });
    assert.deepEqual([o.code, o.stdout], [0, 'Password updated\n']);
    assert.equal(withoutZapLines((await ours(['--user=bob:newbob', 'get', '/other'], { env })).stderr), 'Error: etcdserver: permission denied\n');
    assert.equal((await ours(['--user=bob:bobpw', 'get', '/other'], { env })).code, 2);
  });

  test('auth status (etcdctl 3.5): fields and table refused first; a 3.4 server does not know the call', async () => {
    for (const w of ['fields', 'table']) {
      const r = await ours(['auth', 'status', '-w', w], { env });
      assert.deepEqual([r.code, r.stderr], [4, `Error: ${w} not supported as output format\n`]);
    }
    assert.equal((await ours(['auth', 'status', 'x'], { env })).stderr, 'Error: auth status command does not accept any arguments\n');
    const s = await ours(['auth', 'status'], { env });
    if (ETCD_RELEASE !== '3.4') {
      // Whether AuthStatus wants an admin when auth is on depends on the server (3.5.30 and 3.6 do:
      // server/etcdserver/apply/apply_auth.go@v3.6.16; 3.7 answers anyone): the reference 3.4.23 has no auth
      // status, so the server release's own etcdctl says what a user gets (its zap lines are a newer client's,
      // not etcdctl 3.4.23's, so neither side's count).
      const theirs = await run(RELEASE_ETCDCTL, ['auth', 'status'], { env });
      assert.deepEqual([s.code, s.stdout, withoutZapLines(s.stderr)], [theirs.code, theirs.stdout, withoutZapLines(theirs.stderr)]);
      assert.match(s.code === 0 ? s.stdout : withoutZapLines(s.stderr), /^(Authentication Status: true\nAuthRevision: \d+|Error: etcdserver: user name is empty)\n$/);
    } else if (s.code !== 0) {
      // etcd 3.4 servers have no AuthStatus RPC; etcdctl 3.5 reports the same.
      assert.deepEqual([s.code, withoutZapLines(s.stderr)], [1, 'Error: rpc error: code = Unimplemented desc = unknown method AuthStatus for service etcdserverpb.Auth\n']);
    } else {
      assert.match(s.stdout, /^Authentication Status: true\nAuthRevision: \d+\n$/);
      const j = await ours(['auth', 'status', '-w', 'json'], { env });
      assert.match(j.stdout, /^\{"header":\{"cluster_id":\d+,"member_id":\d+,"revision":\d+,"raft_term":\d+\},"enabled":true,"authRevision":\d+\}\n$/);
    }
    // etcdctl 3.4 has no such command and prints the auth group's help; ours lists it as 3.5 does, and only that differs.
    const mine = (await ours(['auth'], { env })).stdout;
    assert.match(mine, /^\tstatus\tReturns authentication status$/m);
    assert.equal(mine.split('\n').filter((l) => !/^\tstatus\t/.test(l)).join('\n'), (await reference(['auth'], { env })).stdout);
  });

  test('auth disable: refused for a non-root user, done for root', async () => {
    await same([ALICE, 'auth', 'disable']);
    const r = await reference([ROOT, 'auth', 'disable'], { env });
    await ref([ROOT, 'auth', 'enable']);
    assertSame(await ours([ROOT, 'auth', 'disable'], { env }), r, 'auth disable');
    await same(['auth', 'disable']);
  });
});

describe('a token that expires during a long command', { skip }, () => {
  let etcd;
  let env;
  before(async () => {
    etcd = await startEtcd({ members: 1, extraArgs: ['--auth-token', 'simple', '--auth-token-ttl', '1'] });
    env = { ETCDCTL_ENDPOINTS: etcd.endpoints[0] };
    for (const args of [['user', 'add', 'root:rootpw'], ['auth', 'enable']]) assert.equal((await reference(args, { env })).code, 0);
  });
  after(() => etcd?.stop());

  test('lock outlives its token: unlocking authenticates again', async () => {
    const started = Date.now();
    const o = await ours([ROOT, 'lock', 'L', 'sleep', '3'], { env, timeoutMs: 20000 });
    // The unlock's first attempt is refused and logged, as clientv3 logs it (auth-retry.test.mjs compares the line).
    assert.deepEqual([o.code, withoutZapLines(o.stderr)], [0, '']);
    assert.ok(Date.now() - started >= 3000);
    const left = await ours([ROOT, 'get', 'L', '--prefix', '--keys-only'], { env });
    assert.deepEqual([left.code, left.stdout], [0, ''], 'the lock key is gone');
    const r = await reference([ROOT, 'lock', 'L', 'sleep', '3'], { env, timeoutMs: 20000 });
    assert.equal(r.code, o.code, 'the reference renews its token too');
  });

  test('a lock held until SIGINT, long after the token expired, is released', async () => {
    const holder = startOurs([`--endpoints=${etcd.endpoints[0]}`, ROOT, 'lock', 'M']);
    try {
      await holder.waitFor(({ stdout }) => /^M\/[0-9a-f]+\n\n$/.test(stdout));
      await sleep(3000);
      holder.proc.kill('SIGINT');
      const { code } = await holder.exited;
      assert.deepEqual([code, withoutZapLines(holder.stderr())], [0, '']);
      const left = await ours([ROOT, 'get', 'M', '--prefix', '--keys-only'], { env });
      assert.equal(left.stdout, '');
    } finally {
      await holder.kill('SIGKILL');
    }
  });

  test('watch survives a server restart that forgets every token', { skip: needsCommand('watch') }, async () => {
    const watcher = startOurs([`--endpoints=${etcd.endpoints[0]}`, ROOT, 'watch', 'w']);
    try {
      await sleep(500);
      assert.equal((await ours([ROOT, 'put', 'w', 'v1'], { env })).code, 0);
      await watcher.waitFor(({ stdout }) => stdout.includes('v1'));
      await etcd.stopMember(0);
      await etcd.startMember(0);
      await sleep(2000);
      assert.equal((await ours([ROOT, 'put', 'w', 'v2'], { env })).code, 0);
      await watcher.waitFor(({ stdout }) => stdout.includes('v2'), 15000);
      assert.equal(watcher.stdout(), 'PUT\nw\nv1\nPUT\nw\nv2\n');
      assert.equal(watcher.stderr(), '');
    } finally {
      await watcher.kill('SIGKILL');
    }
  });
});
