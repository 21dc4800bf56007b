// Awkward input, compared with the reference etcdctl on the same server: keys and values with every byte
// 0–255, values at etcd's default request limit (1.5 MiB) and just past it, empty keys, non-UTF-8 stdin.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hasReference } from '../../helpers/etcd.mjs';
import { both, ours, withoutZapLines } from '../../helpers/run.mjs';
import { needsCommand, startCluster } from '../../helpers/faults.mjs';

const skip = hasReference() ? false : 'reference etcdctl not installed';
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
// etcd's default --max-request-bytes: the whole raft request (key, value and ~25 bytes around them).
const MAX_REQUEST = 1.5 * 1024 * 1024;

describe('bad input, compared with etcdctl', { skip, timeout: 90_000 }, () => {
  let etcd;
  let env;
  before(async () => {
    etcd = await startCluster({ members: 1 });
    env = { ETCDCTL_ENDPOINTS: etcd.endpoints[0] };
  });
  after(() => etcd?.stop());

  async function same(args, opts = {}) {
    const { ours: o, ref: r } = await both(args, { env, ...opts });
    const what = args.map((a) => JSON.stringify(a)).join(' ');
    assert.equal(o.code, r.code, `exit code of ${what}: ${o.stderr}`);
    assert.deepEqual(o.stdoutBytes, r.stdoutBytes, `stdout of ${what}`);
    assert.equal(o.stderr, withoutZapLines(r.stderr), `stderr of ${what}`);
    return o;
  }

  test('a value with every byte 0–255, given on stdin, comes back intact', async () => {
    await same(['put', 'bytes/stdin'], { input: ALL_BYTES });
    const got = await same(['get', 'bytes/stdin', '--print-value-only']);
    assert.deepEqual(got.stdoutBytes, Buffer.concat([ALL_BYTES, Buffer.from('\n')]));
    await same(['get', 'bytes/stdin', '-w', 'json']);
    await same(['get', 'bytes/stdin', '--hex']);
    await same(['get', 'bytes/stdin', '-w', 'protobuf']);
  });

  test('keys and values with every byte 1–127 given as arguments (argv cannot carry 0)', async () => {
    for (let b = 1; b < 128; b += 9) {
      const chunk = String.fromCharCode(...Array.from({ length: 9 }, (_, i) => Math.min(127, b + i)));
      await same(['put', `k/${chunk}`, `v${chunk}`]);
      await same(['get', `k/${chunk}`]);
    }
    await same(['get', 'k/', '--prefix', '--hex']);
    await same(['get', 'k/', '--prefix', '-w', 'json']);
  });

  // Node decodes arguments as UTF-8, so bytes 0x80–0xff that are not UTF-8 arrive as U+FFFD; etcdctl (Go) keeps
  // the bytes. Fixing it needs the raw argument bytes (Linux: /proc/self/cmdline), carried through to keys.
  test('keys and values with bytes 128–255 (not UTF-8) given as arguments', { todo: 'arguments are decoded as UTF-8 before any command sees them' }, async () => {
    const { spawnSync } = await import('node:child_process');
    const { OUR_ETCDCTL } = await import('../../helpers/run.mjs');
    const { REF_ETCDCTL } = await import('../../helpers/etcd.mjs');
    // Only a shell can hand a program argument bytes that are not UTF-8.
    const script = (bin) => `${bin} put $'k/\\xff\\x80' $'v\\xfe' >/dev/null && ${bin} get $'k/\\xff\\x80' --hex`;
    const run = (bin) => spawnSync('bash', ['--norc', '-c', script(bin)], { env: { PATH: process.env.PATH, ...env } });
    const ref = run(REF_ETCDCTL);
    const mine = run(OUR_ETCDCTL);
    assert.equal(ref.stdout.toString(), '\\x6b\\x2f\\xff\\x80\n\\x76\\xfe\n');
    assert.deepEqual(mine.stdout, ref.stdout);
  });

  test('a value at the 1.5 MiB request limit is stored and read back; just past it, etcd’s error', async () => {
    const key = 'big';
    const fits = Buffer.alloc(MAX_REQUEST - key.length - 40, 'f');
    await same(['put', key], { input: fits });
    const got = await ours(['get', key, '--print-value-only'], { env });
    assert.equal(got.code, 0);
    assert.equal(got.stdoutBytes.length, fits.length + 1);
    assert.ok(got.stdoutBytes.subarray(0, fits.length).equals(fits));

    const over = Buffer.alloc(MAX_REQUEST - key.length - 12, 'o');
    const o = await same(['put', key], { input: over });
    assert.equal(o.stderr, 'Error: etcdserver: request is too large\n');
    // Past the client's 2 MiB send limit the request is refused before it is sent.
    const huge = await same(['put', key], { input: Buffer.alloc(2 * 1024 * 1024, 'h') });
    assert.match(huge.stderr, /^Error: rpc error: code = ResourceExhausted desc = trying to send message larger than max \(\d+ vs\. 2097152\)\n$/);
  });

  test('empty keys where etcdctl rejects them', async () => {
    await same(['put', '', 'v']);
    await same(['get', '']);
    if (!needsCommand('del')) await same(['del', '']);
    await same(['put', '', ''], { input: '' });
  });

  test('non-UTF-8 bytes on stdin', async () => {
    const value = Buffer.from([0xff, 0xfe, 0x80, 0x0a, 0xc3, 0x28, 0x00, 0xed, 0xa0, 0x80]);
    await same(['put', 'nonutf8'], { input: value });
    await same(['get', 'nonutf8', '-w', 'json']);
    await same(['get', 'nonutf8', '--print-value-only']);
    if (!needsCommand('txn')) {
      await same(['txn'], { input: Buffer.concat([Buffer.from('\n\nput txn/k '), Buffer.from([0xff, 0xfe]), Buffer.from('\n\n')]) });
      await same(['get', 'txn/k', '--hex']);
    }
  });
});
