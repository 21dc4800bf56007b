// watch compared with the reference on the same server (same events, same revisions), every format; the exec
// form's environment; interactive mode; a canceled watch; and 10 000 rapid puts each seen exactly once.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { hasReference, REF_ETCDCTL } from '../helpers/etcd.mjs';
import { serverForSuite } from '../helpers/suite.mjs';
import { ours, reference, both, normalizeZap, start, OUR_ETCDCTL } from '../helpers/run.mjs';

const skip = hasReference() ? false : 'reference etcdctl not installed';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A long-running etcdctl whose output we can wait on and then interrupt (stdin left open with `input`). */
const background = (bin, args, env, input) => start(bin, args, { env, openStdin: input !== undefined, timeoutMs: 0 });

/** Waits until the server counts `n` more watchers than `base` (a watcher that is not yet there would miss events). */
async function watchers(clientUrl) {
  const text = await (await fetch(`${clientUrl}/metrics`)).text();
  return Number(/^etcd_debugging_mvcc_watcher_total (\d+)/m.exec(text)?.[1] ?? 0);
}

async function untilWatching(clientUrl, base, n, ms = 20000) {
  const deadline = Date.now() + ms;
  while ((await watchers(clientUrl)) < base + n) {
    if (Date.now() > deadline) throw new Error('watchers did not start');
    await sleep(25);
  }
}

/**
 * Waits until the watchers of clients that ended are gone: the server drops them a moment after the client goes,
 * and a count taken meanwhile as the next base would wait for watchers that are not coming.
 */
async function untilGone(clientUrl, base, ms = 20000) {
  const deadline = Date.now() + ms;
  while ((await watchers(clientUrl)) > base) {
    if (Date.now() > deadline) throw new Error('ended watchers did not go away');
    await sleep(25);
  }
}

/**
 * The count a test starts from, once every earlier test's watchers are gone: none outlives its test, but the server
 * drops a finished client's watchers a moment later, and a base counted meanwhile waits for watchers that never
 * come (a compacted-revision test's processes had just exited when the next test counted, failing CI once).
 */
async function settledBase(clientUrl) {
  await untilGone(clientUrl, 0);
  return 0;
}

describe('watch', { skip }, () => {
  let etcd;
  let env;
  serverForSuite((server) => ({ etcd, env } = server));

  async function watchBoth(args, actions, count) {
    const base = await settledBase(etcd.clientUrls[0]);
    const r = background(REF_ETCDCTL, args, env);
    const o = background(OUR_ETCDCTL, args, env);
    let rs;
    let os;
    try {
      await untilWatching(etcd.clientUrls[0], base, 2);
      for (const a of actions) await ours(a, { env });
      await Promise.all([r, o].map((w) => w.waitFor(({ stdoutBytes }) => count(stdoutBytes.toString('latin1')))));
      await sleep(100);
    } finally {
      [rs, os] = await Promise.all([r.kill('SIGINT'), o.kill('SIGINT')]);
      await untilGone(etcd.clientUrls[0], base);
    }
    assert.deepEqual(o.stdoutBytes(), r.stdoutBytes(), `stdout of watch ${args.join(' ')}:\n${o.stdout()}\n---\n${r.stdout()}`);
    assert.equal(normalizeZap(o.stderr()), normalizeZap(r.stderr()));
    assert.deepEqual(os, rs);
  }

  const EVENTS = (key) => [['put', key, 'v1'], ['put', key, 'v2'], ['del', key]];

  for (const [fmt, counter] of [
    ['simple', (s) => s.split('DELETE').length > 1],
    ['json', (s) => s.split('\n').length > 3],
    ['fields', (s) => s.includes('"Type" : DELETE') && s.trimEnd().endsWith('"Lease" : 0')],
    ['protobuf', (s) => s.length > 90],
  ]) {
    test(`-w ${fmt}, with and without --prev-kv`, async () => {
      await watchBoth(['watch', `w-${fmt}`, '-w', fmt], EVENTS(`w-${fmt}`), counter);
      await watchBoth(['watch', `p-${fmt}`, '--prev-kv', '-w', fmt], EVENTS(`p-${fmt}`), fmt === 'protobuf' ? (s) => s.length > 130 : counter);
    });
  }

  test('--hex, --prefix, a range, and a --rev replay', async () => {
    await watchBoth(['watch', 'hx', '--hex', '--prev-kv'], EVENTS('hx'), (s) => s.includes('DELETE'));
    await watchBoth(['watch', 'pre', '--prefix'], [['put', 'pre/a', '1'], ['put', 'prefix', '2'], ['put', 'other', 'x'], ['del', 'pre', '--prefix']], (s) => s.includes('DELETE'));
    await watchBoth(['watch', 'ra', 'rc'], [['put', 'ra', '1'], ['put', 'rb', '2'], ['put', 'rc', '3'], ['del', 'ra']], (s) => s.includes('DELETE'));
    const put = await ours(['put', 'replay', 'r1', '-w', 'json'], { env });
    const rev = JSON.parse(put.stdout).header.revision;
    await ours(['put', 'replay', 'r2'], { env });
    await watchBoth(['watch', 'replay', '--rev', String(rev), '--prev-kv', '-w', 'json'], [], (s) => s.includes('\n'));
  });

  test('the exec form gets ETCD_WATCH_* in the environment, values Go-quoted', async () => {
    const cmd = ['watch', 'ek', '--', 'sh', '-c', 'env | grep ^ETCD_WATCH | sort; echo ---'];
    await watchBoth(cmd, [['put', 'ek', 'hello "w"'], ['del', 'ek']], (s) => s.split('---').length > 2);
  });

  test('a failing command ends the watch with etcdctl\'s line', async () => {
    for (const cmd of [['sh', '-c', 'exit 3'], ['nonexistent-cmd-xyz', 'a']]) {
      const base = await settledBase(etcd.clientUrls[0]);
      const r = background(REF_ETCDCTL, ['watch', 'fail', '--', ...cmd], env);
      const o = background(OUR_ETCDCTL, ['watch', 'fail', '--', ...cmd], env);
      await untilWatching(etcd.clientUrls[0], base, 2).catch(async (e) => { await Promise.all([r.kill('SIGKILL'), o.kill('SIGKILL')]); throw e; });
      await ours(['put', 'fail', 'x'], { env });
      const [rs, os] = await Promise.all([r.exited, o.exited]);
      await untilGone(etcd.clientUrls[0], base);
      assert.deepEqual(os, rs);
      assert.equal(normalizeZap(o.stderr()), normalizeZap(r.stderr()));
      assert.deepEqual(o.stdoutBytes(), r.stdoutBytes());
    }
  });

  test('argument errors', async () => {
    for (const [args, extra] of [
      [['watch'], {}], [['watch', '--', 'echo', 'hi'], {}], [['watch', 'foo', '--'], {}], [['watch', 'foo', 'bar', '--prefix'], {}],
      [['watch', 'foo'], { ETCDCTL_WATCH_KEY: 'foo' }], [['watch', 'foo', '--', 'echo', '1'], { ETCDCTL_WATCH_KEY: 'foo' }],
      [['watch', 'foo'], { ETCDCTL_WATCH_RANGE_END: 'z' }], [['watch', '--rev=abc', 'foo'], {}], [['watch', 'x', '-w', 'xml'], {}],
    ]) {
      const { ours: o, ref: r } = await both(args, { env: { ...env, ...extra } });
      // Usage on stdout lists our newer --progress-notify flag; the rest is etcdctl's.
      const usage = (s) => s.replace(/^ +--progress-notify.*\n/m, '');
      assert.equal(usage(o.stdout), r.stdout, args.join(' '));
      assert.equal(normalizeZap(o.stderr), normalizeZap(r.stderr), args.join(' '));
      assert.equal(o.code, r.code, args.join(' '));
    }
  });

  test('a compacted start revision: canceled, exit 5, in every format', async () => {
    const put = await ours(['put', 'cmp', 'x', '-w', 'json'], { env });
    const rev = JSON.parse(put.stdout).header.revision;
    await ours(['put', 'cmp', 'y'], { env });
    await ours(['compaction', String(rev + 1)], { env });
    for (const w of ['simple', 'json', 'fields']) {
      const { ours: o, ref: r } = await both(['watch', 'cmp', '--rev', '1', '-w', w], { env });
      assert.equal(o.stdout, r.stdout, w);
      assert.equal(normalizeZap(o.stderr), normalizeZap(r.stderr), w);
      assert.equal(o.code, 5);
      assert.equal(r.code, 5);
    }
  });

  test('interactive mode: watch and progress lines, complaints, EOF', async () => {
    const lines = ['watch ia', 'watch --prefix ib --prev-kv', 'foo', '', 'watch', 'watch a b --prefix'];
    const base = await settledBase(etcd.clientUrls[0]);
    const run = (bin) => {
      const w = background(bin, ['watch', '-i'], env, true);
      for (const l of lines) w.proc.stdin.write(l + '\n');
      return w;
    };
    const r = run(REF_ETCDCTL);
    const o = run(OUR_ETCDCTL);
    await untilWatching(etcd.clientUrls[0], base, 4).catch(async (e) => { await Promise.all([r.kill('SIGKILL'), o.kill('SIGKILL')]); throw e; });
    for (const a of [['put', 'ia', '1'], ['put', 'ib1', '2'], ['put', 'ib1', '3']]) await ours(a, { env });
    await Promise.all([r, o].map((w) => w.waitFor(({ stdoutBytes }) => stdoutBytes.toString('latin1').split('PUT').length > 3)));
    for (const w of [r, o]) w.proc.stdin.end();
    const [rs, os] = await Promise.all([r.exited, o.exited]);
    await untilGone(etcd.clientUrls[0], base);
    assert.deepEqual(o.stdoutBytes(), r.stdoutBytes());
    assert.equal(normalizeZap(o.stderr()), normalizeZap(r.stderr()));
    assert.deepEqual(os, rs);
  });

  test('10 000 rapid puts: every revision exactly once, in order', { timeout: 120000 }, async () => {
    const base = await settledBase(etcd.clientUrls[0]);
    const w = background(OUR_ETCDCTL, ['watch', '--prefix', 'rapid/', '-w', 'json'], env);
    await untilWatching(etcd.clientUrls[0], base, 1).catch(async (e) => { await w.kill('SIGKILL'); throw e; });
    const script = Array.from({ length: 10000 }, (_, i) => `put rapid/${i % 97} v${i}`).join('\n');
    const b = await ours(['batch', '-'], { env, input: script, timeoutMs: 100000 });
    assert.equal(b.code, 0, b.stderr);
    const revs = () => w.stdout().trim().split('\n').filter(Boolean).flatMap((l) => JSON.parse(l.replace(/:(\d{16,})/g, ':"$1"')).Events.map((e) => Number(e.kv.mod_revision)));
    await w.waitFor(() => revs().length >= 10000, 60000);
    await w.kill('SIGINT');
    const seen = revs();
    assert.equal(seen.length, 10000);
    for (let i = 1; i < seen.length; i++) assert.equal(seen[i], seen[i - 1] + 1, `revision ${seen[i]} after ${seen[i - 1]}`);
  });
});
