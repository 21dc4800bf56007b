// snapshot save interrupted mid-stream (the process killed, or the member serving it killed): no target file,
// no temporary file left behind, a non-zero exit.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { scaffoldClient, startCluster, startOurs, waitForLeader } from '../../helpers/faults.mjs';
import { zapMessages } from '../../helpers/zap.mjs';

const VALUE = Buffer.alloc(1024 * 1024, 'x');

function sizeOf(path) {
  return statSync(path, { throwIfNoEntry: false })?.size ?? 0;
}

describe('snapshot save interrupted mid-stream', { timeout: 90_000 }, () => {
  let etcd;
  let dir;
  before(async () => {
    etcd = await startCluster({ members: 3 });
    dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-snap-'));
    const c = await scaffoldClient(etcd.endpoints);
    try {
      // Big enough (about 24 MB) that the stream is still going when we look.
      for (let i = 0; i < 24; i++) await c.unary('KV.Put', { key: Buffer.from(`snap/${i}`), value: VALUE }, { timeoutMs: 10000 });
    } finally {
      c.close();
    }
  });
  after(async () => {
    await etcd?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Starts `snapshot save` against member `i` and stops that member (SIGSTOP) as soon as the first bytes are on
   * disk, so the stream is reliably in the middle when the fault is applied.
   */
  async function startStalledSave(i, name) {
    const target = join(dir, name);
    const save = startOurs(['--endpoints', etcd.endpoints[i], 'snapshot', 'save', target]);
    const until = Date.now() + 15000;
    while (sizeOf(`${target}.part`) === 0) {
      if (!save.running()) throw new Error(`snapshot save ended early: ${save.stderr()}`);
      if (Date.now() > until) throw new Error('no snapshot bytes arrived');
      await sleep(2);
    }
    etcd.pause(i);
    return { save, target };
  }

  function assertNothingLeft(name) {
    const left = readdirSync(dir).filter((f) => f.startsWith(name));
    assert.deepEqual(left, [], `left behind: ${left.join(', ')}`);
  }

  test('the serving member killed mid-stream', async () => {
    const i = (await waitForLeader(etcd) + 1) % 3;
    const { save } = await startStalledSave(i, 'member-killed.db');
    await etcd.stopMember(i, 'SIGKILL');
    const { code } = await save.exited;
    await etcd.startMember(i);
    assert.notEqual(code, 0);
    assert.equal(code, 5, save.stderr());
    // etcdctl's log lines up to the broken stream, then one Error line.
    assert.deepEqual(zapMessages(save.stderr()), [
      'created temporary db file', 'opened snapshot stream; downloading', 'fetching snapshot',
      'failed to receive from snapshot stream; closing',
    ]);
    assert.match(save.stderr(), /\}\nError: [^\n]+\n$/);
    assert.doesNotMatch(save.stderr(), /\n\s+at |node:internal/);
    assertNothingLeft('member-killed.db');
  });

  test('etcdctl interrupted mid-stream (SIGINT, SIGTERM)', async () => {
    for (const [signal, status] of [['SIGINT', 130], ['SIGTERM', 143]]) {
      const i = (await waitForLeader(etcd) + 1) % 3;
      const name = `interrupted-${signal}.db`;
      const { save } = await startStalledSave(i, name);
      try {
        save.proc.kill(signal);
        const { code, signal: killedBy } = await save.exited;
        assert.ok(code === status || killedBy === signal, `exit ${code} ${killedBy}`);
      } finally {
        etcd.resume(i);
      }
      assertNothingLeft(name);
    }
  });

  test('etcdctl killed (SIGKILL) mid-stream', async () => {
    const i = (await waitForLeader(etcd) + 1) % 3;
    const { save } = await startStalledSave(i, 'client-killed.db');
    try {
      save.proc.kill('SIGKILL');
      const { code, signal } = await save.exited;
      assert.ok(code !== 0 || signal === 'SIGKILL');
    } finally {
      etcd.resume(i);
    }
    // Whatever cleans up after a process that cannot run any more code gets a moment to do it.
    const until = Date.now() + 3000;
    while (readdirSync(dir).some((f) => f.startsWith('client-killed.db')) && Date.now() < until) await sleep(50);
    assertNothingLeft('client-killed.db');
  });
});
