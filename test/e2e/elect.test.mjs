// elect: one leader at a time, a follower taking over when the leader exits, and an observer whose output is
// byte-identical to the reference's observer watching the same election.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startEtcd, hasReference, REF_ETCDCTL } from '../helpers/etcd.mjs';
import { both, reference, OUR_ETCDCTL } from '../helpers/run.mjs';

const skip = hasReference() ? false : 'reference etcdctl not installed';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

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

describe('elect', { skip }, () => {
  let etcd;
  let env;
  before(async () => {
    etcd = await startEtcd({ members: 1 });
    env = { ETCDCTL_ENDPOINTS: etcd.endpoints[0] };
  });
  after(() => etcd?.stop());

  const candidates = async (name) => (await reference(['get', '--prefix', name + '/', '--keys-only'], { env })).stdout.split('\n').filter(Boolean);

  test('argument errors as the reference', async () => {
    for (const args of [['elect'], ['elect', 'a', 'b', 'c'], ['elect', 'x'], ['elect', '-l', 'x', 'y']]) {
      const { ours: o, ref: r } = await both(args, { env });
      assert.equal(o.stderr, r.stderr, args.join(' '));
      assert.equal(o.code, r.code, args.join(' '));
    }
  });

  test('one leader; the follower takes over when the leader exits; observers agree with the reference', async () => {
    const refObserver = startProcess(REF_ETCDCTL, ['elect', '-l', 'el', '-w', 'json'], env);
    const ourObserver = startProcess(OUR_ETCDCTL, ['elect', '-l', 'el', '-w', 'json'], env);
    const ourSimpleObserver = startProcess(OUR_ETCDCTL, ['elect', '-l', 'el'], env);
    await sleep(700);
    const leader = startProcess(OUR_ETCDCTL, ['elect', 'el', 'p1'], env);
    await waitFor(() => leader.out() !== '');
    assert.match(leader.out(), /^el\/[0-9a-f]+\np1\n$/);
    // Waited for rather than slept on: a loaded machine can start an observer later than any fixed sleep.
    const observers = [refObserver, ourObserver, ourSimpleObserver];
    const lines = (o) => o.out().split('\n').filter(Boolean).length;
    await waitFor(() => observers.every((o) => lines(o) >= 1));
    const follower = startProcess(OUR_ETCDCTL, ['elect', 'el', 'p2'], env);
    await waitFor(async () => (await candidates('el')).length === 2);
    await sleep(300);
    assert.equal(follower.out(), '', 'only one leader at a time');
    leader.child.kill('SIGTERM');
    assert.deepEqual(await leader.done, { code: 0, signal: null });
    await waitFor(() => follower.out() !== '');
    assert.match(follower.out(), /^el\/[0-9a-f]+\np2\n$/);
    assert.deepEqual(await candidates('el'), [follower.out().split('\n')[0]]);
    follower.child.kill('SIGINT');
    assert.deepEqual(await follower.done, { code: 0, signal: null });
    assert.deepEqual(await candidates('el'), []);
    await waitFor(() => lines(refObserver) >= 2 && lines(ourObserver) >= 2 && lines(ourSimpleObserver) >= 4);
    for (const o of observers) o.child.kill('SIGINT');
    const [r, m] = await Promise.all([refObserver.done, ourObserver.done, ourSimpleObserver.done]);
    assert.deepEqual(m, r);
    assert.equal(ourObserver.out(), refObserver.out());
    assert.equal(ourSimpleObserver.out(), leader.out() + follower.out());
  });

  test('campaign -w json prints the leader key with its count', async () => {
    const c = startProcess(OUR_ETCDCTL, ['elect', 'ej', 'v', '-w', 'json'], env);
    await waitFor(() => c.out() !== '');
    const got = JSON.parse(c.out());
    assert.equal(got.count, 1);
    assert.equal(Buffer.from(got.kvs[0].value, 'base64').toString(), 'v');
    c.child.kill('SIGTERM');
    await c.done;
  });
});
