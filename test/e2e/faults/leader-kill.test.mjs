// The leader is killed during a stream of puts: every put either succeeds or reports an error, and none
// reported as a success is missing afterwards.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ours, withoutZapLines } from '../../helpers/run.mjs';
import { scaffoldClient, startCluster, startOurs, waitForLeader } from '../../helpers/faults.mjs';

const TIMEOUTS = ['--dial-timeout=2s', '--command-timeout=3s'];

/** Every key under `prefix` with its value, as the cluster has it now. */
async function readBack(endpoints, prefix) {
  const c = await scaffoldClient(endpoints);
  try {
    const end = Buffer.from(prefix);
    end[end.length - 1]++;
    const r = await c.unary('KV.Range', { key: Buffer.from(prefix), range_end: end }, { timeoutMs: 5000 });
    return new Map(r.kvs.map((kv) => [kv.key.toString(), kv.value.toString()]));
  } finally {
    c.close();
  }
}

describe('leader killed during a stream of puts', { timeout: 120_000 }, () => {
  let etcd;
  before(async () => {
    etcd = await startCluster({ members: 3 });
  });
  after(() => etcd?.stop());

  test('one process (batch, puts pipelined over one connection per member)', async () => {
    const leader = await waitForLeader(etcd);
    const count = 1500;
    const script = Array.from({ length: count }, (_, i) => `put lk/b${i} v${i}`).join('\n') + '\n';
    const run = startOurs(['--endpoints', etcd.endpoints.join(','), ...TIMEOUTS, 'batch', '--keep-going'], { input: script });
    await run.waitFor(({ stdout }) => stdout.split('\n').length > count / 4, 30000);
    await etcd.stopMember(leader, 'SIGKILL');
    const { code } = await run.exited;
    await etcd.startMember(leader);

    const failedLines = new Set([...run.stderr().matchAll(/^batch: line (\d+) failed with exit code (\d+)/gm)].map((m) => Number(m[1])));
    const errorLines = run.stderr().split('\n').filter((l) => l.startsWith('Error: '));
    assert.equal(errorLines.length, failedLines.size, run.stderr());
    for (const l of errorLines) assert.doesNotMatch(l, /\n\s+at |TypeError|node:internal/);
    const oks = run.stdout().split('\n').filter((l) => l === 'OK').length;
    assert.equal(oks + failedLines.size, count, 'every put reported once');
    assert.equal(code, failedLines.size > 0 ? 1 : 0);

    const stored = await readBack(etcd.endpoints, 'lk/b');
    for (let i = 0; i < count; i++) {
      if (failedLines.has(i + 1)) continue;
      assert.equal(stored.get(`lk/b${i}`), `v${i}`, `put ${i} was reported OK but is not stored`);
    }
  });

  test('one process per put', async () => {
    const leader = await waitForLeader(etcd);
    const count = 16;
    const results = [];
    for (let i = 0; i < count; i++) {
      if (i === 5) await etcd.stopMember(leader, 'SIGKILL');
      results.push(await ours(['--endpoints', etcd.endpoints.join(','), ...TIMEOUTS, 'put', `lk/p${i}`, `v${i}`]));
    }
    await etcd.startMember(leader);
    const stored = await readBack(etcd.endpoints, 'lk/p');
    results.forEach((r, i) => {
      if (r.code === 0) {
        assert.equal(r.stdout, 'OK\n');
        assert.equal(stored.get(`lk/p${i}`), `v${i}`, `put ${i} was reported OK but is not stored`);
      } else {
        assert.equal(r.code, 1, r.stderr);
        assert.match(withoutZapLines(r.stderr), /^Error: [^\n]+\n$/);
      }
    });
    // The survivors elect a leader within a second or two: most puts get through.
    assert.ok(results.filter((r) => r.code === 0).length >= count - 4, results.map((r) => r.stderr).join(''));
  });
});
