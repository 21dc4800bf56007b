// lock: mutual exclusion between concurrent processes, release on SIGTERM/SIGINT, the exec form, and the same
// keys and revisions as the reference etcdctl (the two interoperate).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startEtcd, hasReference, REF_ETCDCTL } from '../helpers/etcd.mjs';
import { both, ours, reference, OUR_ETCDCTL } from '../helpers/run.mjs';

const skip = hasReference() ? false : 'reference etcdctl not installed';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A long-running etcdctl whose output we can watch and which we can signal. */
function startProcess(bin, args, env) {
  const child = spawn(bin, args, { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const killer = setTimeout(() => child.kill('SIGKILL'), 30000);
  done.then(() => clearTimeout(killer));
  return { child, done, out: () => stdout, err: () => stderr };
}

async function waitFor(cond, ms = 20000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await cond()) return;
    await sleep(50);
  }
  throw new Error('condition not met in time');
}

describe('lock', { skip }, () => {
  let etcd;
  let env;
  before(async () => {
    etcd = await startEtcd({ members: 1 });
    env = { ETCDCTL_ENDPOINTS: etcd.endpoints[0] };
  });
  after(() => etcd?.stop());

  const holders = async (name) => (await reference(['get', '--prefix', name + '/', '--keys-only'], { env })).stdout.split('\n').filter(Boolean);

  test('argument errors as the reference', async () => {
    const { ours: o, ref: r } = await both(['lock'], { env });
    assert.equal(o.stderr, r.stderr);
    assert.equal(o.code, 128);
  });

  test('two processes exclude each other; SIGTERM releases the lock to the waiter', async () => {
    const a = startProcess(OUR_ETCDCTL, ['lock', 'mx'], env);
    await waitFor(() => a.out() !== '');
    assert.match(a.out(), /^mx\/[0-9a-f]+\n\n$/);
    const b = startProcess(OUR_ETCDCTL, ['lock', 'mx'], env);
    await waitFor(async () => (await holders('mx')).length === 2);
    await sleep(300);
    assert.equal(b.out(), '', 'the second process must wait');
    a.child.kill('SIGTERM');
    assert.deepEqual(await a.done, { code: 0, signal: null });
    await waitFor(() => b.out() !== '');
    assert.match(b.out(), /^mx\/[0-9a-f]+\n\n$/);
    assert.notEqual(b.out(), a.out());
    assert.deepEqual(await holders('mx'), [b.out().trim()]);
    b.child.kill('SIGINT');
    assert.deepEqual(await b.done, { code: 0, signal: null });
    assert.deepEqual(await holders('mx'), []);
  });

  test('a waiter interrupted before it gets the lock says so and leaves no key', async () => {
    const a = startProcess(OUR_ETCDCTL, ['lock', 'mw'], env);
    await waitFor(() => a.out() !== '');
    const b = startProcess(OUR_ETCDCTL, ['lock', 'mw'], env);
    await waitFor(async () => (await holders('mw')).length === 2);
    b.child.kill('SIGINT');
    assert.deepEqual({ ...(await b.done), stderr: b.err() }, { code: 1, signal: null, stderr: 'Error: context canceled\n' });
    assert.deepEqual(await holders('mw'), [a.out().trim()]);
    a.child.kill('SIGTERM');
    await a.done;
  });

  test('ours and the reference exclude each other', async () => {
    const ref = startProcess(REF_ETCDCTL, ['lock', 'mi'], env);
    await waitFor(() => ref.out() !== '');
    const mine = startProcess(OUR_ETCDCTL, ['lock', 'mi', '-w', 'json'], env);
    await waitFor(async () => (await holders('mi')).length === 2);
    await sleep(300);
    assert.equal(mine.out(), '');
    ref.child.kill('SIGINT');
    await ref.done;
    await waitFor(() => mine.out() !== '');
    const got = JSON.parse(mine.out());
    assert.equal(Buffer.from(got.kvs[0].key, 'base64').toString(), (await holders('mi'))[0]);
    assert.equal(got.count, 1);
    mine.child.kill('SIGTERM');
    await mine.done;
  });

  test('exec form: environment, output and exit status as the reference', async () => {
    const env2 = { ...env, X: '1' };
    const o = await ours(['lock', 'ex', '--', 'sh', '-c', 'env | grep ^ETCD_LOCK | sort; echo done'], { env: env2 });
    const lines = o.stdout.split('\n');
    assert.match(lines[0], /^ETCD_LOCK_KEY=ex\/[0-9a-f]+$/);
    assert.match(lines[1], /^ETCD_LOCK_REV=\d+$/);
    assert.equal(lines[2], 'done');
    const rev = Number(lines[1].split('=')[1]);
    const created = JSON.parse((await reference(['get', 'ex', '-w', 'json'], { env })).stdout).header.revision;
    assert.ok(rev <= created, 'the lock revision is the acquisition revision');
    for (const args of [
      ['lock', 'ex', '--', 'sh', '-c', 'echo out; echo err >&2; exit 7'],
      ['lock', 'ex', 'nonexist-cmd'],
      ['lock', 'ex', 'echo', 'hello', 'world'],
      ['lock', '--ttl', '0', 'ex', 'echo', 'x'],
    ]) {
      const { ours: m, ref: r } = await both(args, { env });
      assert.equal(m.stdout, r.stdout, args.join(' '));
      assert.equal(m.stderr, r.stderr, args.join(' '));
      assert.equal(m.code, r.code, args.join(' '));
    }
    assert.deepEqual(await holders('ex'), []);
  });

  test('-w table is refused before the lock is taken', async () => {
    const r = await ours(['lock', 'tb', '-w', 'table'], { env });
    assert.equal(r.code, 4);
    assert.deepEqual(await holders('tb'), []);
  });
});
