// Awkward input, compared with the reference etcdctl on the same server: keys and values with every byte
// 0–255, values at etcd's default request limit (1.5 MiB) and just past it, empty keys, non-UTF-8 stdin.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hasReference, REF_ETCDCTL, SERVER_HAS_V2 } from '../../helpers/etcd.mjs';
import { fileURLToPath } from 'node:url';
import { ours, normalizeZap, runSync, OUR_ETCDCTL, withoutZapLines } from '../../helpers/run.mjs';
import { sameAsReference } from '../../helpers/compare.mjs';
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

  const same = (args, opts = {}) => sameAsReference(args, { env, label: args.map((a) => JSON.stringify(a)).join(' '), ...opts });

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

  // Node decodes arguments as UTF-8, so bytes 0x80–0xff that are not UTF-8 would arrive as U+FFFD; etcdctl (Go)
  // keeps the bytes, and so do we (the raw arguments come from /proc/self/cmdline).
  describe('arguments with bytes 128–255 (not UTF-8)', () => {
    // Only a shell can hand a program argument bytes that are not UTF-8.
    const shell = (script) => {
      const r = runSync('bash', ['--norc', '-c', script], { onlyEnv: true, env: { PATH: process.env.PATH, ...env } });
      return { ...r, stdout: r.stdoutBytes, stderr: r.stderrBytes };
    };
    // Node's own options come before the script: the arguments are still the last words of the command line.
    const viaNode = `'${process.execPath}' --max-old-space-size=512 '${fileURLToPath(new URL('../../../dist/main.js', import.meta.url))}'`;

    test('v3 keys and values keep their bytes (launcher, and node with options of its own)', () => {
      const script = (bin) => `${bin} put $'k/\\xff\\x80' $'v\\xfe' >/dev/null && ${bin} get $'k/\\xff\\x80' --hex && ${bin} get $'k/\\xff' --prefix --keys-only --hex`;
      const ref = shell(script(REF_ETCDCTL));
      assert.equal(ref.stdout.toString(), '\\x6b\\x2f\\xff\\x80\n\\x76\\xfe\n\\x6b\\x2f\\xff\\x80\n\n');
      for (const bin of [OUR_ETCDCTL, viaNode]) {
        const mine = shell(script(bin));
        assert.equal(mine.stderr.toString(), '', bin);
        assert.deepEqual(mine.stdout, ref.stdout, bin);
      }
    });

    test('a key that is valid UTF-8 next to one that is not stays as it was', () => {
      const script = (bin) => `${bin} put $'u/\\xef\\xbf\\xbd\\xff' $'\\xc3\\xa9' >/dev/null && ${bin} get u/ --prefix --hex`;
      const ref = shell(script(REF_ETCDCTL));
      assert.equal(ref.stdout.toString(), '\\x75\\x2f\\xef\\xbf\\xbd\\xff\n\\xc3\\xa9\n');
      assert.deepEqual(shell(script(OUR_ETCDCTL)).stdout, ref.stdout);
    });

    test('a flag value with such bytes is quoted in the error as etcdctl quotes it', () => {
      const script = (bin) => `${bin} get k --limit=$'a\\xef\\xbf\\xbd\\xff'`;
      const ref = shell(script(REF_ETCDCTL));
      const mine = shell(script(OUR_ETCDCTL));
      assert.equal(mine.code, ref.code);
      assert.equal(mine.stderr.toString().split('\n')[0], 'Error: invalid argument "a\ufffd\\xff" for "--limit" flag: strconv.ParseInt: parsing "a\ufffd\\xff": invalid syntax');
      assert.deepEqual(Buffer.from(normalizeZap(mine.stderr.toString('latin1')), 'latin1'), Buffer.from(normalizeZap(ref.stderr.toString('latin1')), 'latin1'));
    });

    test('unknown commands and flags with such bytes: the same bytes on stderr, suggestions as cobra makes them', () => {
      for (const args of [`$'\\xffx'`, `$'x\\xff'`, `$'a\\tb"c'`, `h\u00e9llo`, `get k $'--f\\xff'`, `$'\\xfftxn'`]) {
        const ref = shell(`${REF_ETCDCTL} ${args}`);
        const mine = shell(`${OUR_ETCDCTL} ${args}`);
        assert.equal(mine.code, ref.code, args);
        assert.deepEqual(Buffer.from(normalizeZap(mine.stderr.toString('latin1')), 'latin1'), Buffer.from(normalizeZap(ref.stderr.toString('latin1')), 'latin1'), args);
      }
    });

    test('v2: a key one etcdctl set is found by the other', { skip: !SERVER_HAS_V2 && 'etcd 3.6 and later have no v2 API' }, () => {
      // etcd's v2 JSON shows such bytes as U+FFFD, so finding the key is what tells the bytes were kept.
      const v2 = (bin) => `ETCDCTL_API=2 ${bin} --endpoints http://${etcd.endpoints[0]}`;
      const cross = (setter, getter, key) => shell(`${v2(setter)} set $'${key}' $'v\\xfe' >/dev/null && ${v2(getter)} get $'${key}'`);
      const refSetOursGet = cross(REF_ETCDCTL, OUR_ETCDCTL, '/v2raw/\\xff\\x80');
      const oursSetRefGet = cross(OUR_ETCDCTL, REF_ETCDCTL, '/v2raw/\\xfe');
      for (const r of [refSetOursGet, oursSetRefGet]) {
        assert.equal(r.stderr.toString(), '');
        assert.equal(r.code, 0);
        assert.equal(r.stdout.toString(), 'v\ufffd\n');
      }
    });
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
    assert.equal(withoutZapLines(o.stderr), 'Error: etcdserver: request is too large\n');
    // Past the client's 2 MiB send limit the request is refused before it is sent.
    const huge = await same(['put', key], { input: Buffer.alloc(2 * 1024 * 1024, 'h') });
    assert.match(withoutZapLines(huge.stderr), /^Error: rpc error: code = ResourceExhausted desc = trying to send message larger than max \(\d+ vs\. 2097152\)\n$/);
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
