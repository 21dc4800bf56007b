// `etcdctl batch` (ours): many lines, one process; output byte-identical to running each line on its own.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEtcd, hasReference } from '../helpers/etcd.mjs';
import { ours, reference } from '../helpers/run.mjs';
import { shellWords } from '../../dist/cli/shellwords.js';

describe('batch', () => {
  let etcd;
  let dir;
  let env;
  const script = (name, text) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  before(async () => {
    etcd = await startEtcd({ members: 1 });
    dir = mkdtempSync(join(tmpdir(), 'batch-'));
    env = { ETCDCTL_ENDPOINTS: etcd.endpoints[0] };
  });
  after(async () => {
    await etcd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('puts and gets print exactly what separate reference runs print', { skip: hasReference() ? false : 'no reference etcdctl' }, async () => {
    const lines = [];
    for (let i = 0; i < 60; i++) {
      lines.push(`put batch/k${i} "value ${i}"`);
      lines.push(`get batch/k${i}`);
      if (i % 10 === 0) lines.push(`get --prefix batch/ --keys-only`);
    }
    lines.push('put batch/k1 changed', 'get batch/k1', 'del batch/k2', 'get batch/k2', 'get batch/k3 -w json');
    const file = script('kv.txt', lines.join('\n') + '\n');
    const mine = await ours(['batch', file], { env });
    assert.equal(mine.code, 0, mine.stderr);
    // Reset, then run every line as its own reference process on the same starting state.
    await ours(['del', '--prefix', 'batch/'], { env });
    let expected = '';
    for (const l of lines) {
      const r = await reference(shellWords(l), { env });
      assert.equal(r.code, 0);
      expected += r.stdout;
    }
    // Revisions differ between the two runs (the reference ran later); compare json with revisions masked.
    const mask = (s) => s.replace(/"(revision|create_revision|mod_revision)":\d+/g, '"$1":N');
    assert.equal(mask(mine.stdout), mask(expected));
  });

  test('shell quoting, comments, blank lines and a leading "etcdctl"', async () => {
    const file = script('quote.txt', [
      '# a comment',
      '',
      `etcdctl put 'q k' "a \\"quoted\\" value"   # trailing comment`,
      'get "q k"',
      'put -- dash -value',
      'get dash',
    ].join('\n'));
    const r = await ours(['batch', file], { env });
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'OK\nq k\na "quoted" value\nOK\ndash\n-value\n');
  });

  test('global flags given to batch apply to every line unless a line sets them', async () => {
    const file = script('globals.txt', 'put g v\nget g\nget g -w simple\n');
    const r = await ours(['-w', 'json', 'batch', file], { env });
    assert.equal(r.code, 0, r.stderr);
    const [put, get, simple] = r.stdout.split('\n');
    assert.match(put, /^\{"header":/);
    assert.match(get, /"kvs":\[\{"key":"Zw=="/);
    assert.equal(simple, 'g');
  });

  test('the first failing line stops the run with its exit code and says which line', async () => {
    const file = script('fail.txt', 'put f1 a\nget f1 --bogus-flag\nput f2 b\n');
    const r = await ours(['batch', file], { env });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Error: unknown flag: --bogus-flag\n/);
    assert.match(r.stderr, /batch: line 2 failed with exit code 1: get f1 --bogus-flag\n$/);
    assert.equal(r.stdout.startsWith('OK\n'), true);
    const f2 = await ours(['get', 'f2'], { env });
    assert.equal(f2.stdout, '', 'line 3 must not have run');
  });

  test('--keep-going runs every line and exits with the first failure\'s code', async () => {
    const file = script('keep.txt', 'put k1 a\nget\nput --lease=zz k2 b\nput k3 c\nget k3\n');
    const r = await ours(['batch', '--keep-going', file], { env });
    assert.equal(r.code, 128);
    assert.match(r.stderr, /batch: line 2 failed with exit code 128: get\n/);
    assert.match(r.stderr, /batch: line 3 failed with exit code 128: put --lease=zz k2 b\n/);
    assert.equal(r.stdout, 'OK\nOK\nk3\nc\n');
  });

  test('a put then a get of the same key keeps its order even when puts are pipelined', async () => {
    const lines = [];
    for (let i = 0; i < 200; i++) lines.push(`put order/k${i % 7} v${i}`, `get order/k${i % 7}`);
    const r = await ours(['batch', script('order.txt', lines.join('\n'))], { env });
    assert.equal(r.code, 0, r.stderr);
    const expected = [];
    for (let i = 0; i < 200; i++) expected.push('OK', `order/k${i % 7}`, `v${i}`);
    assert.equal(r.stdout, expected.join('\n') + '\n');
  });

  test('a line waiting on its key\'s failed line never runs; with --keep-going it does', async () => {
    // Line 2 fails at the server (no such lease) while in flight; line 3, the same key, waits for it.
    const text = 'put chain/k v1\nput chain/k v2 --lease=1234abcd\nput chain/k v3\nput chain/other x\n';
    const stop = await ours(['batch', script('chain.txt', text)], { env });
    assert.equal(stop.code, 1, stop.stderr);
    assert.match(stop.stderr, /batch: line 2 failed with exit code 1: put chain\/k v2 --lease=1234abcd\n$/);
    assert.equal((await ours(['get', 'chain/k', '--print-value-only'], { env })).stdout, 'v1\n', 'line 3 must not have run');
    const going = await ours(['batch', '--keep-going', script('chain2.txt', text)], { env });
    assert.equal(going.code, 1);
    assert.equal(going.stdout, 'OK\nOK\nOK\n');
    assert.equal((await ours(['get', 'chain/k', '--print-value-only'], { env })).stdout, 'v3\n');
  });

  test('script from standard input; an unterminated quote is invalid input (exit 3)', async () => {
    const r = await ours(['batch'], { env, input: 'put s1 v\nget s1\n' });
    assert.equal(r.stdout, 'OK\ns1\nv\n');
    const bad = await ours(['batch', '-'], { env, input: "put 'oops v\n" });
    assert.equal(bad.code, 3);
    assert.match(bad.stderr, /^Error: batch line 1: unterminated single quote\nbatch: line 1 failed with exit code 3: put 'oops v\n$/);
  });

  test('batch stays out of etcdctl\'s help and prefix matching', async () => {
    const help = await ours(['--help']);
    assert.doesNotMatch(help.stdout, /batch/);
    const b = await ours(['b']);
    assert.equal(b.code, 1);
    assert.match(b.stderr, /unknown command "b" for "etcdctl"/);
  });
});
