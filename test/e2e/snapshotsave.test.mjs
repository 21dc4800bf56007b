// snapshot save: the file equals the reference's (size and `snapshot status` hash, read by the reference),
// mode 0600, and nothing is left behind by a failure or an interrupted save; our restore of our save boots the
// server release under test (ETCD_RELEASE) with every key.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEtcd, hasReference, ETCD_RELEASE } from '../helpers/etcd.mjs';
import { allocatePorts, startMember } from '../helpers/offline.mjs';
import { both, ours, reference, start, OUR_ETCDCTL } from '../helpers/run.mjs';
import { normalizeZap, zapMessages } from '../helpers/zap.mjs';

const skip = hasReference() ? false : 'reference etcdctl not installed';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('snapshot save', { skip }, () => {
  let etcd;
  let env;
  let dir;
  before(async () => {
    etcd = await startEtcd({ members: 1 });
    env = { ETCDCTL_ENDPOINTS: etcd.endpoints[0] };
    dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-snap-'));
    const big = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 40; i++) await reference(['put', `k${i}`, big], { env });
  });
  after(async () => {
    await etcd?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const status = async (file) => (await reference(['snapshot', 'status', file, '-w', 'json'])).stdout;

  test('the saved file equals the reference one', async () => {
    const refFile = join(dir, 'ref.db');
    const ourFile = join(dir, 'ours.db');
    const r = await reference(['snapshot', 'save', refFile], { env });
    const o = await ours(['snapshot', 'save', ourFile], { env });
    assert.equal(o.code, 0);
    assert.equal(o.stdout, `Snapshot saved at ${ourFile}\n`);
    assert.equal(r.stdout, `Snapshot saved at ${refFile}\n`);
    // The same log lines as the reference, in the same order (timestamps and durations are our own).
    assert.equal(normalizeZap(o.stderr, [[ourFile, 'FILE']]), normalizeZap(r.stderr, [[refFile, 'FILE']]));
    assert.deepEqual(zapMessages(o.stderr), [
      'created temporary db file', 'opened snapshot stream; downloading', 'fetching snapshot',
      'completed snapshot read; closing', 'fetched snapshot', 'saved',
    ]);
    assert.equal(statSync(ourFile).size, statSync(refFile).size);
    assert.equal((statSync(ourFile).mode & 0o777).toString(8), '600');
    const st = await status(ourFile);
    assert.match(st, /"hash":\d+/);
    assert.equal(st, await status(refFile));
    assert.ok(!existsSync(ourFile + '.part'));
  });

  test(`our save, then our restore: etcd ${ETCD_RELEASE} boots the restored data dir and serves every key`, async () => {
    const file = join(dir, 'for-restore.db');
    const saved = await ours(['snapshot', 'save', file], { env });
    assert.equal(saved.code, 0, saved.stderr);
    const before = await reference(['get', 'k', '--prefix'], { env });
    const revision = async (e) => JSON.parse((await reference(['get', 'k0', '-w', 'json'], { env: e })).stdout).header.revision;
    const savedAt = await revision(env);

    const [ports] = await allocatePorts(1);
    const peer = `http://127.0.0.1:${ports.peer}`;
    const dataDir = join(dir, 'restored.etcd');
    const restore = await ours(['snapshot', 'restore', file, '--data-dir', dataDir, '--name', 'restored',
      '--initial-cluster', `restored=${peer}`, '--initial-cluster-token', 'restored', '--initial-advertise-peer-urls', peer]);
    assert.equal(restore.code, 0, restore.stderr);
    const member = await startMember({ name: 'restored', dataDir, ports, token: 'restored' });
    try {
      const there = { ETCDCTL_ENDPOINTS: member.endpoint };
      const after = await reference(['get', 'k', '--prefix'], { env: there });
      assert.equal(after.code, 0, after.stderr);
      assert.ok(after.stdoutBytes.equals(before.stdoutBytes), 'the same keys and values');
      assert.equal(await revision(there), savedAt);
      const members = await reference(['member', 'list'], { env: there });
      assert.match(members.stdout, new RegExp(`^[0-9a-f]+, started, restored, ${peer}, ${member.clientUrl}, false\\n$`));
      assert.equal((await reference(['put', 'after-restore', 'yes'], { env: there })).code, 0);
      assert.equal((await reference(['get', 'after-restore', '--print-value-only'], { env: there })).stdout, 'yes\n');
    } finally {
      await member.stop();
    }
  });

  test('errors and exit codes as the reference, no files left', async () => {
    for (const args of [
      ['snapshot', 'save'],
      ['snapshot', 'save', 'a', 'b'],
      ['snapshot', 'save', join(dir, 'nodir', 'x.db')],
      ['--endpoints', `${etcd.endpoints[0]},${etcd.endpoints[0]}`, 'snapshot', 'save', join(dir, 'multi.db')],
    ]) {
      const { ours: o, ref: r } = await both(args, {});
      assert.equal(o.stdout, r.stdout, args.join(' '));
      assert.equal(o.stderr, r.stderr, args.join(' '));
      assert.equal(o.code, r.code, args.join(' '));
    }
    assert.ok(!existsSync(join(dir, 'multi.db')));
  });

  test('an unreachable endpoint fails within the dial timeout, leaving nothing', async () => {
    const file = join(dir, 'down.db');
    const t0 = Date.now();
    const o = await ours(['--endpoints', '127.0.0.1:1', '--dial-timeout', '1s', 'snapshot', 'save', file]);
    assert.equal(o.code, 5);
    // As the reference, the .part file is created (and logged) before the connection is known to be dead; the
    // reference then waits forever where we give up after the dial timeout.
    assert.deepEqual(zapMessages(o.stderr), ['created temporary db file']);
    assert.match(o.stderr, /\nError: context deadline exceeded\n$/);
    assert.ok(Date.now() - t0 < 5000);
    assert.ok(!existsSync(file) && !existsSync(file + '.part'));
  });

  for (const signal of ['SIGINT', 'SIGTERM']) {
    test(`a save interrupted by ${signal} leaves neither FILE nor FILE.part`, async () => {
      const file = join(dir, `int-${signal}.db`);
      etcd.pause(0);
      try {
        const save = start(OUR_ETCDCTL, ['--dial-timeout', '20s', 'snapshot', 'save', file], { env, timeoutMs: 0 });
        const until = Date.now() + 10000;
        while (!existsSync(file + '.part') && Date.now() < until) await sleep(20);
        assert.ok(existsSync(file + '.part'), 'the save had started');
        save.proc.kill(signal);
        const { code } = await save.exited;
        assert.equal(code, signal === 'SIGINT' ? 130 : 143);
      } finally {
        etcd.resume(0);
      }
      assert.ok(!existsSync(file), 'no FILE');
      assert.ok(!existsSync(file + '.part'), 'no FILE.part');
    });
  }
});
