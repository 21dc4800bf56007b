// lock: a holder that dies (SIGKILL, no chance to unlock) releases the lock when its session lease expires,
// and the next waiter gets it; a holder whose member dies keeps the lock through the other members.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startCluster, startOurs, waitForLeader } from '../../helpers/faults.mjs';

const TTL_S = 2;
const holdsLock = (name) => ({ stdout }) => new RegExp(`^${name}/[0-9a-f]+\\n\\n$`).test(stdout);

describe('lock under faults', { timeout: 90_000 }, () => {
  let etcd;
  before(async () => {
    etcd = await startCluster({ members: 3 });
  });
  after(() => etcd?.stop());

  test('the holder is killed: the lock passes to the waiter once the lease expires', async () => {
    const eps = etcd.endpoints.join(',');
    const holder = startOurs(['--endpoints', eps, 'lock', `--ttl=${TTL_S}`, 'fl/a']);
    let waiter;
    try {
      await holder.waitFor(holdsLock('fl/a'));
      waiter = startOurs(['--endpoints', eps, 'lock', `--ttl=${TTL_S}`, 'fl/a']);
      await sleep(1000);
      assert.equal(waiter.stdout(), '', 'the waiter waits while the holder lives');
      const killedAt = Date.now();
      await holder.kill('SIGKILL');
      await waiter.waitFor(holdsLock('fl/a'), TTL_S * 1000 + 4000);
      const waited = Date.now() - killedAt;
      assert.ok(waited < TTL_S * 1000 + 3000, `took ${waited} ms`);
      assert.notEqual(waiter.stdout(), holder.stdout(), 'a key of its own session');
      await waiter.kill('SIGTERM');
      assert.equal((await waiter.exited).code, 0, waiter.stderr());
      assert.equal(waiter.stderr(), '');
    } finally {
      await holder.kill('SIGKILL');
      await waiter?.kill('SIGKILL');
    }
  });

  test('the holder’s member is killed: the holder keeps the lock through the others', async () => {
    const leader = await waitForLeader(etcd);
    const i = (leader + 1) % 3;
    const others = [0, 1, 2].filter((x) => x !== i).map((x) => etcd.endpoints[x]);
    const holder = startOurs(['--endpoints', [etcd.endpoints[i], ...others].join(','), 'lock', `--ttl=${TTL_S}`, 'fl/b']);
    let waiter;
    try {
      await holder.waitFor(holdsLock('fl/b'));
      waiter = startOurs(['--endpoints', others.join(','), 'lock', `--ttl=${TTL_S}`, 'fl/b']);
      await etcd.stopMember(i, 'SIGKILL');
      // Three lease lifetimes: a holder whose keep-alive did not move on would have lost the lock by now.
      await sleep(TTL_S * 3000);
      assert.ok(holder.running(), `holder ended: ${holder.stderr()}`);
      assert.equal(waiter.stdout(), '', 'the waiter still waits');
      await holder.kill('SIGTERM');
      assert.equal((await holder.exited).code, 0, holder.stderr());
      await waiter.waitFor(holdsLock('fl/b'), 5000);
    } finally {
      await holder.kill('SIGKILL');
      await waiter?.kill('SIGKILL');
      await etcd.startMember(i);
    }
  });
});
