// make-mirror: initial copy, live changes (puts, deletes, multi-key transactions), prefix rewriting and the
// 30-second progress count, side by side with the reference mirroring the same source.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startEtcd, hasReference, REF_ETCDCTL } from '../helpers/etcd.mjs';
import { both, reference, start, OUR_ETCDCTL } from '../helpers/run.mjs';

const skip = hasReference() ? false : 'reference etcdctl not installed';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('make-mirror', { skip }, () => {
  let src;
  let dst;
  let srcEnv;
  let dstEnv;
  before(async () => {
    [src, dst] = await Promise.all([startEtcd({ members: 1 }), startEtcd({ members: 1 })]);
    srcEnv = { ETCDCTL_ENDPOINTS: src.endpoints[0] };
    dstEnv = { ETCDCTL_ENDPOINTS: dst.endpoints[0] };
  });
  after(async () => {
    await Promise.all([src?.stop(), dst?.stop()]);
  });

  /** Key/value pairs under a prefix, the prefix cut off, so two mirrors can be compared. */
  async function contents(prefix) {
    const lines = (await reference(['get', '--prefix', prefix], { env: dstEnv })).stdout.split('\n');
    const pairs = [];
    for (let i = 0; i + 1 < lines.length; i += 2) pairs.push(`${lines[i].slice(prefix.length)}=${lines[i + 1]}`);
    return pairs;
  }

  test('argument errors as the reference', async () => {
    for (const args of [['make-mirror'], ['make-mirror', 'a', 'b'], ['make-mirror', '--dest-prefix', 'x', '--no-dest-prefix', dst.endpoints[0]]]) {
      const { ours: o, ref: r } = await both(args, { env: srcEnv, timeoutMs: 10000 });
      assert.equal(o.stderr, r.stderr, args.join(' '));
      assert.equal(o.code, r.code, args.join(' '));
    }
  });

  test('copies, follows changes and counts them as the reference does', async () => {
    for (let i = 0; i < 5; i++) await reference(['put', `/s/k${i}`, `v${i}`], { env: srcEnv });
    await reference(['put', '/other', 'x'], { env: srcEnv });
    const ref = start(REF_ETCDCTL, ['make-mirror', '--prefix', '/s/', '--dest-prefix', '/ref/', dst.endpoints[0]], { env: srcEnv, timeoutMs: 60_000 });
    const mine = start(OUR_ETCDCTL, ['make-mirror', '--prefix', '/s/', '--dest-prefix', '/ours/', dst.endpoints[0]], { env: srcEnv, timeoutMs: 60_000 });
    await sleep(1500);
    await reference(['put', '/s/k5', 'v5'], { env: srcEnv });
    await reference(['del', '/s/k0'], { env: srcEnv });
    await reference(['txn'], { env: srcEnv, input: '\nput /s/t1 a\nput /s/t2 b\ndel /s/k1\n\n\n' });
    await sleep(1000);
    const expected = ['k2=v2', 'k3=v3', 'k4=v4', 'k5=v5', 't1=a', 't2=b'];
    assert.deepEqual(await contents('/ours/'), expected);
    assert.deepEqual(await contents('/ref/'), expected);
    // Both print their running count after 30 s: 5 copied keys and 5 changes.
    await sleep(30000 - 2500 + 1500);
    ref.proc.kill('SIGTERM');
    mine.proc.kill('SIGTERM');
    await Promise.all([ref.exited, mine.exited]);
    assert.equal(mine.stdout(), ref.stdout());
    assert.equal(mine.stdout(), '10\n');
    assert.equal(mine.stderr(), '');
  });

  test('--no-dest-prefix mirrors to the root of the destination', async () => {
    const mine = start(OUR_ETCDCTL, ['make-mirror', '--prefix', '/s/t', '--no-dest-prefix', dst.endpoints[0]], { env: srcEnv, timeoutMs: 60_000 });
    await sleep(1500);
    mine.proc.kill('SIGTERM');
    await mine.exited;
    const got = (await reference(['get', '1', '--print-value-only'], { env: dstEnv })).stdout;
    assert.equal(got, 'a\n');
  });
});
