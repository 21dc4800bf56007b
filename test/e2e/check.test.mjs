// check perf|datascale: refusals and exit codes as the reference; datascale's output layout and clean-up.
// (check perf runs a minute per load: bench/check-perf.mjs compares its verdicts with the reference's.)
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { hasReference } from '../helpers/etcd.mjs';
import { serverForSuite } from '../helpers/suite.mjs';
import { both, ours, reference, withoutZapLines } from '../helpers/run.mjs';

const skip = hasReference() ? false : 'reference etcdctl not installed';

describe('check', { skip }, () => {
  let etcd;
  let env;
  serverForSuite((server) => ({ etcd, env } = server));

  test('unknown loads and used prefixes are refused as the reference refuses them', async () => {
    await reference(['put', '/used/x', '1'], { env });
    for (const args of [
      ['check', 'perf', '--load', 'xs'],
      ['check', 'datascale', '--load=q'],
      ['check', 'perf', '--prefix', '/used/'],
      ['check', 'datascale', '--prefix', '/used/'],
    ]) {
      const { ours: o, ref: r } = await both(args, { env });
      assert.equal(o.stdout, r.stdout, args.join(' '));
      assert.equal(o.stderr, r.stderr, args.join(' '));
      assert.equal(o.code, r.code, args.join(' '));
    }
  });

  test('datascale: same lines as the reference, keys removed, compaction and defrag reported', async () => {
    const layout = (s) =>
      s
        .split('\n')
        .map((l) => l.replace(/^[^\n]*\r/, '').replace(/-?\d+(\.\d+)? MB/, 'N MB').replace(/revision \d+/, 'revision N').replace(/ \d+s$/, ''))
        .join('\n');
    const args = ['check', 'datascale', '--auto-compact', '--auto-defrag'];
    const r = await reference(args, { env, timeoutMs: 60000 });
    const o = await ours(args, { env, timeoutMs: 60000 });
    assert.equal(o.code, r.code);
    assert.equal(layout(o.stdout), layout(r.stdout));
    assert.match(o.stdout, /^Start data scale check for work load \[10000 key-value pairs, 1024 bytes per key-value, 50 concurrent clients\]\.\n\r 0 \/ 10000 {4}0\.00%/);
    assert.match(o.stdout, /\r 10000 \/ 10000  100\.00% \d+s\nCompacting with revision \d+\n/);
    assert.match(o.stdout, /PASS: Approximate system memory used : -?\d+\.\d\d MB\.\n$/);
    const left = await reference(['get', '--prefix', '/etcdctl-check-datascale/', '--keys-only'], { env });
    assert.equal(left.stdout, '');
  });

  test('an unreachable endpoint fails instead of hanging', async () => {
    const o = await ours(['--endpoints', '127.0.0.1:1', '--command-timeout', '2s', 'check', 'datascale'], { timeoutMs: 20000 });
    assert.equal(o.code, 1);
    assert.equal(withoutZapLines(o.stderr), 'Error: context deadline exceeded\n');
  });
});
