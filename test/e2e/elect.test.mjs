// elect: one leader at a time, a follower taking over when the leader exits, and an observer whose output is
// byte-identical to the reference's observer watching the same election.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { hasReference, REF_ETCDCTL } from '../helpers/etcd.mjs';
import { serverForSuite } from '../helpers/suite.mjs';
import { both, reference, start, OUR_ETCDCTL } from '../helpers/run.mjs';
import { until } from '../helpers/faults.mjs';

const skip = hasReference() ? false : 'reference etcdctl not installed';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const waitFor = (cond) => until(cond, 20_000);

describe('elect', { skip }, () => {
  let etcd;
  let env;
  serverForSuite((server) => ({ etcd, env } = server));

  const candidates = async (name) => (await reference(['get', '--prefix', name + '/', '--keys-only'], { env })).stdout.split('\n').filter(Boolean);

  test('argument errors as the reference', async () => {
    for (const args of [['elect'], ['elect', 'a', 'b', 'c'], ['elect', 'x'], ['elect', '-l', 'x', 'y']]) {
      const { ours: o, ref: r } = await both(args, { env });
      assert.equal(o.stderr, r.stderr, args.join(' '));
      assert.equal(o.code, r.code, args.join(' '));
    }
  });

  test('one leader; the follower takes over when the leader exits; observers agree with the reference', async () => {
    const refObserver = start(REF_ETCDCTL, ['elect', '-l', 'el', '-w', 'json'], { env });
    const ourObserver = start(OUR_ETCDCTL, ['elect', '-l', 'el', '-w', 'json'], { env });
    const ourSimpleObserver = start(OUR_ETCDCTL, ['elect', '-l', 'el'], { env });
    await sleep(700);
    const leader = start(OUR_ETCDCTL, ['elect', 'el', 'p1'], { env });
    await waitFor(() => leader.stdout() !== '');
    assert.match(leader.stdout(), /^el\/[0-9a-f]+\np1\n$/);
    // Waited for rather than slept on: a loaded machine can start an observer later than any fixed sleep.
    const observers = [refObserver, ourObserver, ourSimpleObserver];
    const lines = (o) => o.stdout().split('\n').filter(Boolean).length;
    await waitFor(() => observers.every((o) => lines(o) >= 1));
    const follower = start(OUR_ETCDCTL, ['elect', 'el', 'p2'], { env });
    await waitFor(async () => (await candidates('el')).length === 2);
    await sleep(300);
    assert.equal(follower.stdout(), '', 'only one leader at a time');
    leader.proc.kill('SIGTERM');
    assert.deepEqual(await leader.exited, { code: 0, signal: null });
    await waitFor(() => follower.stdout() !== '');
    assert.match(follower.stdout(), /^el\/[0-9a-f]+\np2\n$/);
    assert.deepEqual(await candidates('el'), [follower.stdout().split('\n')[0]]);
    follower.proc.kill('SIGINT');
    assert.deepEqual(await follower.exited, { code: 0, signal: null });
    assert.deepEqual(await candidates('el'), []);
    await waitFor(() => lines(refObserver) >= 2 && lines(ourObserver) >= 2 && lines(ourSimpleObserver) >= 4);
    for (const o of observers) o.proc.kill('SIGINT');
    const [r, m] = await Promise.all([refObserver.exited, ourObserver.exited, ourSimpleObserver.exited]);
    assert.deepEqual(m, r);
    assert.equal(ourObserver.stdout(), refObserver.stdout());
    assert.equal(ourSimpleObserver.stdout(), leader.stdout() + follower.stdout());
  });

  test('campaign -w json prints the leader key with its count', async () => {
    const c = start(OUR_ETCDCTL, ['elect', 'ej', 'v', '-w', 'json'], { env });
    await waitFor(() => c.stdout() !== '');
    const got = JSON.parse(c.stdout());
    assert.equal(got.count, 1);
    assert.equal(Buffer.from(got.kvs[0].value, 'base64').toString(), 'v');
    c.proc.kill('SIGTERM');
    await c.exited;
  });
});
