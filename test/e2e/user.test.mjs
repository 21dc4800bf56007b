// user add|delete|get|list|passwd|grant-role|revoke-role against a real etcd, compared with the reference
// etcdctl in every output format it supports. Each change is made by the reference, undone, then made by us,
// so that both see the same server state (auth changes leave the KV revision in the headers alone).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startEtcd, hasReference } from '../helpers/etcd.mjs';
import { both, ours, reference, withoutZapLines } from '../helpers/run.mjs';
import { assertSameRun, promptStderr, sameAsReference, sameChange as changedAsReference } from '../helpers/compare.mjs';

const skip = hasReference() ? false : 'reference etcdctl not installed';
const FORMATS = ['simple', 'json', 'fields', 'protobuf'];

/** The reference runs `stty -echo` around its prompts; without a terminal stty complains on stderr. We do not. */
const PROMPTS = { stderr: promptStderr };

describe('user commands', { skip }, () => {
  let etcd;
  let env;
  before(async () => {
    etcd = await startEtcd({ members: 1 });
    env = { ETCDCTL_ENDPOINTS: etcd.endpoints[0] };
    for (const args of [['role', 'add', 'r1'], ['role', 'add', 'r2'], ['role', 'grant-permission', 'r1', 'read', '/a'],
      ['role', 'grant-permission', 'r2', 'readwrite', '/k', '--prefix'], ['user', 'add', 'u1:pw1']]) {
      assert.equal((await reference(args, { env })).code, 0, args.join(' '));
    }
  });
  after(() => etcd?.stop());

  const same = (args, opts = {}) => sameAsReference(args, { ...PROMPTS, env, ...opts });
  /** The reference makes the change, `undo` (run by the reference) takes it back, then we make it. */
  const sameChange = (args, undo, opts = {}) => changedAsReference(args, undo, { ...PROMPTS, env, ...opts });

  const userNames = async () => (await reference(['user', 'list'], { env })).stdout.split('\n').filter(Boolean);

  test('user add from name:password, in every format', async () => {
    for (const w of FORMATS) await sameChange(['user', 'add', `ua-${w}:secret`, '-w', w], ['user', 'delete', `ua-${w}`]);
    assert.ok((await userNames()).includes('ua-json'));
  });

  test('user add password sources: --new-user-password keeps colons in the name, --no-password, --interactive=false', async () => {
    await sameChange(['user', 'add', 'pw2:inline', '--new-user-password=x'], ['user', 'delete', 'pw2:inline']);
    assert.ok((await userNames()).includes('pw2:inline'));
    await sameChange(['user', 'add', 'np', '--no-password'], ['user', 'delete', 'np']);
    await sameChange(['user', 'add', 'np2:ignored', '--no-password', '--new-user-password=y'], ['user', 'delete', 'np2:ignored']);
    await sameChange(['user', 'add', 'pw4', '--interactive=false'], ['user', 'delete', 'pw4'], { input: 'pw4 extra\n' });
    await sameChange(['user', 'add', 'pw5', '--interactive=false'], ['user', 'delete', 'pw5'], { input: '' });
  });

  test('user add with the two prompts read from stdin (no terminal)', async () => {
    const o = await sameChange(['user', 'add', 'pr1'], ['user', 'delete', 'pr1'], { input: 'secret\nsecret\n' });
    assert.equal(o.stdout, 'Password of pr1: \nType password of pr1 again for confirmation: \nUser pr1 created\n');
    await same(['user', 'add', 'pr2'], { input: 'one\ntwo\n' });
    await same(['user', 'add', 'pr3'], { input: '\n' });
    await same(['user', 'add', 'pr3'], { input: '' });
    assert.ok(!(await userNames()).some((n) => n === 'pr2' || n === 'pr3'));
  });

  test('user add errors', async () => {
    await same(['user', 'add']);
    await same(['user', 'add', 'a', 'b']);
    await same(['user', 'add', ':pw']);
    await same(['user', 'add', 'u1:again']);
    await same(['user', 'add', 'u1:again', '-w', 'json']);
  });

  test('user get and user list in every format; fields and table refused', async () => {
    await reference(['user', 'grant-role', 'u1', 'r1'], { env });
    await reference(['user', 'grant-role', 'u1', 'r2'], { env });
    for (const w of [...FORMATS, 'table']) {
      await same(['user', 'get', 'u1', '-w', w]);
      await same(['user', 'list', '-w', w]);
    }
    await same(['user', 'get', 'u1:pw1']);
    await same(['user', 'get', 'nosuch']);
    await same(['user', 'get']);
    await same(['user', 'list', 'extra']);
    // A user without roles: "Roles:" with nothing after the colon.
    await reference(['user', 'add', 'lonely:x'], { env });
    await same(['user', 'get', 'lonely']);
  });

  test('user get --detail prints each role as role get does, in its formats', async () => {
    for (const w of FORMATS) await same(['user', 'get', 'u1', '--detail', '-w', w]);
    await same(['user', 'get', 'lonely', '--detail']);
    // etcdctl prints "User: u1" and a blank line before refusing the table format; we refuse first.
    const o = await ours(['user', 'get', 'u1', '--detail', '-w', 'table'], { env });
    assert.deepEqual([o.code, o.stdout, o.stderr], [4, '', 'Error: table not supported as output format\n']);
  });

  test('grant-role and revoke-role in every format, and their errors', async () => {
    await reference(['user', 'add', 'g1:x'], { env });
    for (const w of FORMATS) {
      await sameChange(['user', 'grant-role', 'g1', 'r1', '-w', w], ['user', 'revoke-role', 'g1', 'r1']);
      await reference(['user', 'grant-role', 'g1', 'r2'], { env });
      const r = await reference(['user', 'revoke-role', 'g1', 'r2', '-w', w], { env });
      await reference(['user', 'grant-role', 'g1', 'r2'], { env });
      assertSameRun(await ours(['user', 'revoke-role', 'g1', 'r2', '-w', w], { env }), r, `revoke-role -w ${w}`, PROMPTS);
    }
    await same(['user', 'grant-role', 'g1', 'nosuch']);
    await same(['user', 'grant-role', 'nosuch', 'r1']);
    await same(['user', 'revoke-role', 'g1', 'r2']);
    await same(['user', 'grant-role', 'g1']);
    await same(['user', 'revoke-role', 'g1', 'r1', 'extra']);
  });

  test('passwd from stdin and from the prompts; delete in every format', async () => {
    await same(['user', 'passwd', 'u1', '--interactive=false'], { input: 'newpw\n' });
    await same(['user', 'passwd', 'u1'], { input: 'p2\np2\n' });
    await same(['user', 'passwd', 'u1'], { input: 'p2\np3\n' });
    await same(['user', 'passwd', 'nosuch', '--interactive=false'], { input: 'x\n' });
    await same(['user', 'passwd']);
    for (const w of FORMATS) {
      await reference(['user', 'add', `d-${w}:x`], { env });
      const r = await reference(['user', 'delete', `d-${w}`, '-w', w], { env });
      await reference(['user', 'add', `d-${w}:x`], { env });
      assertSameRun(await ours(['user', 'delete', `d-${w}`, '-w', w], { env }), r, `user delete -w ${w}`, PROMPTS);
    }
    await same(['user', 'delete', 'nosuch']);
    await same(['user', 'delete']);
  });

  test('-w table is refused before anything changes (etcdctl 3.4 makes the change, then refuses)', async () => {
    for (const args of [['user', 'add', 't1:x'], ['user', 'delete', 'u1'], ['user', 'grant-role', 'u1', 'r1'], ['user', 'passwd', 'u1', '--interactive=false']]) {
      const before = await reference(['user', 'get', 'u1', '-w', 'json'], { env });
      const o = await ours([...args, '-w', 'table'], { env, input: 'zzz\n' });
      assert.deepEqual([o.code, o.stdout, o.stderr], [4, '', 'Error: table not supported as output format\n'], args.join(' '));
      assert.equal((await reference(['user', 'get', 'u1', '-w', 'json'], { env })).stdout, before.stdout);
    }
    assert.ok(!(await userNames()).includes('t1'));
  });

  test('a dead endpoint: etcdctl hangs forever, we give up after --command-timeout', async () => {
    for (const args of [['user', 'list'], ['user', 'add', 'x:y'], ['user', 'get', 'u1']]) {
      const started = Date.now();
      const o = await ours(['--endpoints=127.0.0.1:1', '--command-timeout=1s', ...args], { timeoutMs: 10000 });
      assert.deepEqual([o.code, o.stdout, withoutZapLines(o.stderr)], [1, '', 'Error: context deadline exceeded\n'], args.join(' '));
      assert.ok(Date.now() - started < 5000, `${args.join(' ')} took ${Date.now() - started} ms`);
    }
  });
});
