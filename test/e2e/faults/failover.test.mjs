// The first endpoint is dead or hung: commands go through the others within --dial-timeout + --command-timeout,
// and a hung member never makes a command wait past its timeouts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { hasReference } from '../../helpers/etcd.mjs';
import { ours, reference, withoutZapLines } from '../../helpers/run.mjs';
import { needsCommand, scaffoldClient, startCluster, timed, waitForLeader } from '../../helpers/faults.mjs';

const DIAL_MS = 2000;
const COMMAND_MS = 3000;
// Process start and exit on a busy CI machine.
const SLACK_MS = 1500;
const TIMEOUTS = [`--dial-timeout=${DIAL_MS}ms`, `--command-timeout=${COMMAND_MS}ms`];

describe('failover past a dead or hung first endpoint', { timeout: 120_000 }, () => {
  let etcd;
  before(async () => {
    etcd = await startCluster({ members: 3 });
  });
  after(() => etcd?.stop());

  const commands = [
    { name: 'put', args: ['put', 'fo/k', 'v1'], stdout: 'OK\n' },
    { name: 'get', args: ['get', 'fo/k'], stdout: 'fo/k\nv1\n' },
    {
      name: 'txn',
      skip: needsCommand('txn'),
      args: ['txn'],
      input: 'value("fo/k") = "v1"\n\nput fo/t yes\n\nput fo/t no\n\n',
      stdout: 'SUCCESS\n\nOK\n',
    },
    { name: 'member list', args: ['member', 'list'], check: (out) => assert.equal(out.trim().split('\n').length, 3, out) },
  ];

  async function runAll(endpoints, label) {
    for (const c of commands) {
      if (c.skip) continue;
      const { ms, result: r } = await timed(() => ours(['--endpoints', endpoints.join(','), ...TIMEOUTS, ...c.args], { input: c.input }));
      assert.equal(r.code, 0, `${label}: ${c.name} failed: ${r.stderr}`);
      if (c.stdout !== undefined) assert.equal(r.stdout, c.stdout, `${label}: ${c.name}`);
      c.check?.(r.stdout);
      assert.ok(ms < DIAL_MS + COMMAND_MS + SLACK_MS, `${label}: ${c.name} took ${ms} ms`);
    }
  }

  test('a stopped first endpoint', async () => {
    await etcd.stopMember(0, 'SIGKILL');
    try {
      await waitForLeader(etcd, [1, 2]);
      await runAll(etcd.endpoints, 'stopped');
    } finally {
      await etcd.startMember(0);
    }
  });

  test('a hung (SIGSTOP) first endpoint, follower or leader', async () => {
    for (const target of ['follower', 'leader']) {
      const leader = await waitForLeader(etcd);
      const i = target === 'leader' ? leader : (leader + 1) % 3;
      const others = [0, 1, 2].filter((x) => x !== i);
      etcd.pause(i);
      try {
        await waitForLeader(etcd, others);
        await runAll([etcd.endpoints[i], ...others.map((x) => etcd.endpoints[x])], `hung ${target}`);
      } finally {
        etcd.resume(i);
      }
    }
  });

  test('only hung endpoints: the command gives up at its timeouts, with etcdctl’s error', async () => {
    await waitForLeader(etcd);
    etcd.pause(0);
    try {
      const only = ['--endpoints', etcd.endpoints[0], '--dial-timeout=1s', '--command-timeout=2s'];
      // Ours and the reference side by side: each waits out its timeouts.
      await Promise.all([['get', 'fo/k'], ['put', 'fo/k', 'v2'], ['member', 'list']].map(async (args) => {
        const [{ ms, result: r }, ref] = await Promise.all([
          timed(() => ours([...only, ...args])),
          hasReference() ? reference([...only, ...args], { timeoutMs: 20000 }) : undefined,
        ]);
        assert.ok(ms < 1000 + 2000 + SLACK_MS, `${args[0]} took ${ms} ms`);
        assert.equal(r.stdout, '');
        assert.equal(withoutZapLines(r.stderr), 'Error: context deadline exceeded\n', args.join(' '));
        assert.equal(r.code, ref ? ref.code : 1, `exit code of ${args.join(' ')}`);
        if (ref) assert.match(ref.stderr, /Error: context deadline exceeded\n$/);
      }));
    } finally {
      etcd.resume(0);
    }
  });

  test('a member that hangs after the client connected is left after one deadline, not at every call', async () => {
    const leader = await waitForLeader(etcd);
    const i = (leader + 1) % 3;
    const order = [i, ...[0, 1, 2].filter((x) => x !== i)];
    const c = await scaffoldClient(order.map((x) => etcd.endpoints[x]));
    try {
      await c.unary('KV.Range', { key: Buffer.from('fo/k') }, { timeoutMs: 2000 });
      etcd.pause(i);
      // The stalled member still holds its TCP connection: the first call waits out its own deadline...
      const first = await timed(() => c.unary('KV.Range', { key: Buffer.from('fo/k') }, { timeoutMs: 1000 }).then(() => 'ok', (e) => e.message));
      assert.ok(first.ms < 1000 + 500, `first call took ${first.ms} ms`);
      // ...and the ones after it go to the others at once, reads and writes alike.
      for (let n = 0; n < 3; n++) {
        const { ms } = await timed(() => c.unary('KV.Range', { key: Buffer.from('fo/k') }, { timeoutMs: 1000 }));
        assert.ok(ms < 500, `read ${n} took ${ms} ms`);
      }
      const put = await timed(() => c.unary('KV.Put', { key: Buffer.from('fo/after'), value: Buffer.from('x') }, { timeoutMs: 1000 }));
      assert.ok(put.ms < 500, `write took ${put.ms} ms`);
      etcd.resume(i);
      await sleep(200);
    } finally {
      etcd.resume(i);
      c.close();
    }
  });
});
