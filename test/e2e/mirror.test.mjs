// make-mirror: initial copy, live changes (puts, deletes, multi-key transactions), prefix rewriting and the
// 30-second progress count, side by side with the reference mirroring the same source.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startEtcd, hasReference, releaseEtcdctl, REF_ETCDCTL } from '../helpers/etcd.mjs';
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

// etcdctl 3.5 added --dest-user and --dest-password; compared with 3.5's own etcdctl on the same servers.
const ETCDCTL_35 = releaseEtcdctl('3.5');
describe('make-mirror into a destination with authentication (--dest-user, --dest-password)', {
  skip: skip || (ETCDCTL_35 ? false : 'etcd 3.5 is not provisioned (node scripts/releases.mjs provision 3.5)'),
}, () => {
  let src;
  let dst;
  let srcEnv;
  const ROOT = ['--user', 'root:rootpw'];
  before(async () => {
    [src, dst] = await Promise.all([startEtcd({ members: 1 }), startEtcd({ members: 1 })]);
    srcEnv = { ETCDCTL_ENDPOINTS: src.endpoints[0] };
    const dstEnv = { ETCDCTL_ENDPOINTS: dst.endpoints[0] };
    await reference(['user', 'add', 'root:rootpw'], { env: dstEnv });
    await reference(['auth', 'enable'], { env: dstEnv });
    for (let i = 0; i < 3; i++) await reference(['put', `/m/k${i}`, `v${i}`], { env: srcEnv });
  });
  after(async () => {
    await Promise.all([src?.stop(), dst?.stop()]);
  });

  /** Runs a mirror for a moment with ours or 3.5's etcdctl; its exit, stdout and stderr without log lines. */
  async function mirror(bin, args) {
    const p = start(bin, ['make-mirror', '--prefix', '/m/', ...args, dst.endpoints[0]], { env: srcEnv, timeoutMs: 30_000 });
    const timer = setTimeout(() => p.proc.kill('SIGTERM'), 2500);
    const { code, signal } = await p.exited;
    clearTimeout(timer);
    return { code, signal, stdout: p.stdout(), stderr: p.stderr().split('\n').filter((l) => !l.startsWith('{')).join('\n') };
  }

  const copied = async (prefix) =>
    (await reference([...ROOT, 'get', '--prefix', prefix, '--print-value-only'], { env: { ETCDCTL_ENDPOINTS: dst.endpoints[0] } })).stdout;

  for (const [label, creds] of [['user:password', ['--dest-user', 'root:rootpw']], ['--dest-password', ['--dest-user', 'root', '--dest-password', 'rootpw']]]) {
    test(`copies as 3.5 does, with ${label}`, async () => {
      const theirs = await mirror(ETCDCTL_35, [...creds, '--dest-prefix', `/35${label.length}/`]);
      const ours = await mirror(OUR_ETCDCTL, [...creds, '--dest-prefix', `/ours${label.length}/`]);
      assert.deepEqual({ ...ours, signal: null }, { ...theirs, signal: null });
      assert.equal(await copied(`/ours${label.length}/`), 'v0\nv1\nv2\n');
      assert.equal(await copied(`/ours${label.length}/`), await copied(`/35${label.length}/`));
    });
  }

  for (const [label, creds] of [['a wrong password', ['--dest-user', 'root:nope']], ['no destination user', []]]) {
    test(`fails as 3.5 does with ${label}`, async () => {
      const theirs = await mirror(ETCDCTL_35, creds);
      const ours = await mirror(OUR_ETCDCTL, creds);
      assert.notEqual(theirs.code, 0);
      assert.deepEqual(ours, theirs);
    });
  }
});
