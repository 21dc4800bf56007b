// lock: mutual exclusion between concurrent processes, release on SIGTERM/SIGINT, the exec form, and the same
// keys and revisions as the reference etcdctl (the two interoperate).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { hasReference, REF_ETCDCTL } from '../helpers/etcd.mjs';
import { serverForSuite } from '../helpers/suite.mjs';
import { both, ours, reference, start, OUR_ETCDCTL } from '../helpers/run.mjs';
import { until } from '../helpers/faults.mjs';

const skip = hasReference() ? false : 'reference etcdctl not installed';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const waitFor = (cond) => until(cond, 20_000);

describe('lock', { skip }, () => {
  let etcd;
  let env;
  serverForSuite((server) => ({ etcd, env } = server));

  const holders = async (name) => (await reference(['get', '--prefix', name + '/', '--keys-only'], { env })).stdout.split('\n').filter(Boolean);

  test('argument errors as the reference', async () => {
    const { ours: o, ref: r } = await both(['lock'], { env });
    assert.equal(o.stderr, r.stderr);
    assert.equal(o.code, 128);
  });

  test('two processes exclude each other; SIGTERM releases the lock to the waiter', async () => {
    const a = start(OUR_ETCDCTL, ['lock', 'mx'], { env });
    await waitFor(() => a.stdout() !== '');
    assert.match(a.stdout(), /^mx\/[0-9a-f]+\n\n$/);
    const b = start(OUR_ETCDCTL, ['lock', 'mx'], { env });
    await waitFor(async () => (await holders('mx')).length === 2);
    await sleep(300);
    assert.equal(b.stdout(), '', 'the second process must wait');
    a.proc.kill('SIGTERM');
    assert.deepEqual(await a.exited, { code: 0, signal: null });
    await waitFor(() => b.stdout() !== '');
    assert.match(b.stdout(), /^mx\/[0-9a-f]+\n\n$/);
    assert.notEqual(b.stdout(), a.stdout());
    assert.deepEqual(await holders('mx'), [b.stdout().trim()]);
    b.proc.kill('SIGINT');
    assert.deepEqual(await b.exited, { code: 0, signal: null });
    assert.deepEqual(await holders('mx'), []);
  });

  test('a waiter interrupted before it gets the lock says so and leaves no key', async () => {
    const a = start(OUR_ETCDCTL, ['lock', 'mw'], { env });
    await waitFor(() => a.stdout() !== '');
    const b = start(OUR_ETCDCTL, ['lock', 'mw'], { env });
    await waitFor(async () => (await holders('mw')).length === 2);
    b.proc.kill('SIGINT');
    assert.deepEqual({ ...(await b.exited), stderr: b.stderr() }, { code: 1, signal: null, stderr: 'Error: context canceled\n' });
    assert.deepEqual(await holders('mw'), [a.stdout().trim()]);
    a.proc.kill('SIGTERM');
    await a.exited;
  });

  test('ours and the reference exclude each other', async () => {
    const ref = start(REF_ETCDCTL, ['lock', 'mi'], { env });
    await waitFor(() => ref.stdout() !== '');
    const mine = start(OUR_ETCDCTL, ['lock', 'mi', '-w', 'json'], { env });
    await waitFor(async () => (await holders('mi')).length === 2);
    await sleep(300);
    assert.equal(mine.stdout(), '');
    ref.proc.kill('SIGINT');
    await ref.exited;
    await waitFor(() => mine.stdout() !== '');
    const got = JSON.parse(mine.stdout());
    assert.equal(Buffer.from(got.kvs[0].key, 'base64').toString(), (await holders('mi'))[0]);
    assert.equal(got.count, 1);
    mine.proc.kill('SIGTERM');
    await mine.exited;
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
