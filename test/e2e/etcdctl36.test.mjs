// What etcdctl 3.6 added, compared with 3.6.16's own etcdctl on the same server: downgrade validate|enable|cancel
// (on a 3-member 3.6 cluster, and against 3.4, 3.5 and 3.7 servers, where 3.6's etcdctl shows what they answer),
// member list --consistency, make-mirror --max-txn-ops and --rev, and the global --max-recv-bytes and
// --max-request-bytes. Our log lines are clientv3 3.4's (README, Compatibility notes); of the retry warnings only
// what both clients log is compared.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { existsSync } from 'node:fs';
import { releaseEtcdctl, startEtcd } from '../helpers/etcd.mjs';
import { serverForSuite } from '../helpers/suite.mjs';
import { assertSameRun } from '../helpers/compare.mjs';
import { isZapLine, withoutZapLines } from '../helpers/zap.mjs';
import { OUR_ETCDCTL, ours, run, start } from '../helpers/run.mjs';

/** A skip reason when `release` has no binaries here (3.4 is the installed /usr/bin one, the others are provisioned). */
const needs = (release) => {
  const etcdctl = releaseEtcdctl(release);
  return etcdctl && existsSync(etcdctl) ? false : `etcd ${release} is not provisioned (node scripts/releases.mjs provision ${release})`;
};
const ETCDCTL_36 = releaseEtcdctl('3.6');
const skip = needs('3.6');

/** A zap line as both clients write it: 3.6's adds logger, peer and method, and its caller and target are its own. */
function zapGist(line) {
  const { level, msg, attempt, error } = JSON.parse(line);
  return JSON.stringify({ level, msg, attempt, error });
}
const stderrGist = (s) => s.split('\n').map((l) => (isZapLine(l) ? zapGist(l) : l)).join('\n');

const at = (endpoint, args) => ['--endpoints', endpoint, ...args];
const theirs = (args) => run(ETCDCTL_36, args);

/** 3.6's etcdctl, then ours, with the same arguments: the same stdout bytes, stderr (zap lines as gists) and code. */
async function same(endpoint, args, { stdout, stderr = stderrGist } = {}) {
  const r = await theirs(at(endpoint, args));
  const o = await ours(at(endpoint, args));
  assertSameRun(o, r, `etcdctl ${args.join(' ')}`, { stdout, stderr });
  return o;
}

/** A server of `release` for the enclosing suite: `s.c` once it is up, and `s.ep`, the endpoint of its member `i`. */
function suiteServer(members, release, i = 0) {
  const s = {};
  serverForSuite(({ etcd }) => {
    s.c = etcd;
    s.ep = etcd.endpoints[i];
  }, { members, release });
  return s;
}

/** A flag value pflag refuses: the same `Error:` line and code (the usage around it is each release's own layout). */
async function sameErrorLine(args) {
  const errorLine = (s) => s.split('\n').find((l) => l.startsWith('Error: '));
  const r = await theirs(args);
  const o = await ours(args);
  assert.equal(errorLine(o.stderr), errorLine(r.stderr), args.join(' '));
  assert.equal(o.code, r.code, args.join(' '));
}

/** Waits until the member at `clientUrl` reports the cluster version `v` (the leader moves it within a second or so). */
async function clusterVersion(clientUrl, v) {
  const until = Date.now() + 20_000;
  for (;;) {
    const got = await fetch(`${clientUrl}/version`).then((r) => r.json());
    if (got.etcdcluster === v) return;
    if (Date.now() > until) assert.fail(`cluster version stayed ${got.etcdcluster}, expected ${v}`);
    await sleep(100);
  }
}

describe('downgrade (etcdctl 3.6) on a 3-member 3.6 cluster', { skip }, () => {
  const s = suiteServer(3, '3.6', 1);

  for (const args of [
    ['downgrade', 'validate'], ['downgrade', 'validate', ''], ['downgrade', 'validate', '3.5', '3.4'],
    ['downgrade', 'enable'], ['downgrade', 'enable', ''], ['downgrade', 'enable', '3.5', 'x'],
  ]) {
    test(`argument errors: ${args.join(' ')}`, async () => {
      const o = await same(s.ep, args);
      assert.equal(o.code, 128);
    });
  }

  test('validate: the version the cluster can go to, in every format etcdctl 3.6 has', async () => {
    for (const w of ['simple', 'json', 'protobuf']) await same(s.ep, ['downgrade', 'validate', '3.5', '-w', w]);
    assert.equal((await ours(at(s.ep, ['downgrade', 'validate', '3.5.0']))).stdout, 'Downgrade validate success, cluster version 3.6\n');
  });

  test('validate and enable: versions the cluster cannot go to, and bad version text', async () => {
    for (const v of ['3.6', '3.4', '3.7', '2.3', 'x', 'v3.5', '3']) {
      for (const action of ['validate', 'enable']) {
        const o = await same(s.ep, ['downgrade', action, v]);
        assert.equal(o.code, 1);
      }
    }
  });

  test('no fields or table form (before anything is sent)', async () => {
    for (const w of ['fields', 'table']) {
      const o = await same(s.ep, ['downgrade', 'validate', '3.5', '-w', w]);
      assert.equal(o.code, 4);
    }
  });

  test('cancel with no downgrade in progress succeeds on a 3.6 server', async () => {
    for (const w of ['simple', 'json']) await same(s.ep, ['downgrade', 'cancel', '-w', w]);
    await same(s.ep, ['downgrade', 'cancel', 'ignored', 'arguments']);
  });

  test('enable, the cluster during the downgrade, cancel: each as 3.6 does in the same state', async () => {
    const url = s.c.clientUrls[1];
    const enable = ['downgrade', 'enable', '3.5'];
    const cancel = ['downgrade', 'cancel'];
    const duringDowngrade = [
      ['downgrade', 'validate', '3.5'], ['downgrade', 'validate', '3.4'], ['downgrade', 'enable', '3.4'], ['downgrade', 'enable', '3.5'],
    ];
    // 3.6's etcdctl takes the cluster through it first, then ours, each step from the same state.
    const ref = {};
    ref.enable = await theirs(at(s.ep, enable));
    await clusterVersion(url, '3.5.0');
    ref.during = [];
    for (const args of duringDowngrade) ref.during.push(await theirs(at(s.ep, args)));
    ref.cancel = await theirs(at(s.ep, cancel));
    await clusterVersion(url, '3.6.0');
    assert.equal(ref.enable.stdout, 'Downgrade enable success, cluster version 3.6\n');
    assert.equal(ref.cancel.stdout, 'Downgrade cancel success, cluster version 3.5\n');

    const o = await ours(at(s.ep, enable));
    assertSameRun(o, ref.enable, 'downgrade enable 3.5', { stderr: stderrGist });
    await clusterVersion(url, '3.5.0');
    for (const [i, args] of duringDowngrade.entries()) {
      assertSameRun(await ours(at(s.ep, args)), ref.during[i], args.join(' '), { stderr: stderrGist });
    }
    assertSameRun(await ours(at(s.ep, cancel)), ref.cancel, 'downgrade cancel', { stderr: stderrGist });
    await clusterVersion(url, '3.6.0');
  });
});

describe('downgrade (etcdctl 3.6) against servers of other releases', { skip }, () => {
  /** One single-member server of `release` for the tests inside `fn`. */
  function onServer(release, fn) {
    describe(`a ${release} server`, { skip: needs(release) }, () => {
      fn(suiteServer(1, release));
    });
  }

  onServer('3.4', (s) => {
    test('every action: Unimplemented, as 3.6 prints it', async () => {
      for (const args of [['validate', '3.3'], ['validate', 'x'], ['enable', '3.3'], ['cancel'], ['cancel', '-w', 'json']]) {
        const o = await same(s.ep, ['downgrade', ...args]);
        assert.equal(o.code, 1);
        assert.match(o.stderr, /^Error: rpc error: code = Unimplemented desc = unknown method Downgrade for service etcdserverpb.Maintenance$/m);
      }
    });
  });

  onServer('3.5', (s) => {
    test("validate, and cancel with no downgrade in progress (a 3.5 server refuses it)", async () => {
      for (const args of [['validate', '3.4'], ['validate', '3.4', '-w', 'json'], ['validate', '3.5'], ['validate', 'x'], ['cancel'], ['cancel', '-w', 'json']]) {
        await same(s.ep, ['downgrade', ...args]);
      }
      assert.equal((await ours(at(s.ep, ['downgrade', 'validate', '3.4']))).stdout, 'Downgrade validate success, cluster version 3.5.0\n');
      assert.match((await ours(at(s.ep, ['downgrade', 'cancel']))).stderr, /^Error: etcdserver: no inflight downgrade job$/m);
    });
  });

  onServer('3.7', (s) => {
    test('validate and cancel', async () => {
      for (const args of [['validate', '3.6'], ['validate', '3.5'], ['cancel'], ['cancel', '-w', 'protobuf']]) {
        await same(s.ep, ['downgrade', ...args]);
      }
    });
  });
});

describe('member list --consistency (etcdctl 3.6)', { skip }, () => {
  const s = suiteServer(3, '3.6');

  test('l and s in every format, and the values 3.6 refuses (quoting get\'s flag, as 3.6 does)', async () => {
    // Not -w fields: 3.6 leaves a zero Revision out of every fields header, where 3.4.23 (our target there) prints it.
    for (const v of ['l', 's']) {
      for (const w of ['simple', 'json', 'table', 'protobuf']) await same(s.ep, ['member', 'list', '--consistency', v, '-w', w]);
    }
    for (const v of ['x', 'L', '', 'linearizable']) {
      const o = await same(s.ep, ['member', 'list', `--consistency=${v}`]);
      assert.equal(o.code, 4);
      assert.equal(o.stderr, 'Error: unknown consistency flag "l"\n');
    }
    await same(s.ep, ['member', 'list', '--consistency=x', '-w', 'bogus']);
  });

  test('with quorum lost, s still lists from the member, l fails as 3.6 fails; unset, as etcdctl 3.4.23 (a list)', async () => {
    await s.c.stopMember(1);
    await s.c.stopMember(2);
    try {
      const serial = await same(s.ep, ['member', 'list', '--consistency', 's']);
      assert.equal(serial.code, 0);
      // The retry warning's error is grpc-go's own account of the deadline there (a stream reset by 3.6's client).
      const l = await same(s.ep, ['--command-timeout=2s', 'member', 'list', '--consistency', 'l'], { stderr: withoutZapLines });
      assert.equal(withoutZapLines(l.stderr), 'Error: context deadline exceeded\n');
      assert.equal(l.code, 1);
      const unset = await ours(at(s.ep, ['member', 'list']));
      assert.equal(unset.code, 0);
      assert.equal(unset.stdout, serial.stdout);
    } finally {
      await s.c.startMember(1);
      await s.c.startMember(2);
    }
  });
});

describe('--max-recv-bytes and --max-request-bytes (etcdctl 3.6)', { skip }, () => {
  const BIG = 'a'.repeat(5000);
  const s = suiteServer(1, '3.6');
  before(async () => {
    assert.equal((await ours(at(s.ep, ['put', '/big', BIG]))).code, 0);
    assert.equal((await ours(at(s.ep, ['put', '/small', 'v']))).code, 0);
  });

  test('an answer over the receive limit fails as 3.6 fails (one Range, not pages)', async () => {
    for (const args of [
      ['get', '/big', '--max-recv-bytes=1000'], ['--max-recv-bytes', '1000', 'get', '/big', '-w', 'json'],
      ['--max-recv-bytes=1000', 'get', '--prefix', '/'], ['--max-recv-bytes=40', 'get', '', '--from-key', '--keys-only'],
      ['--max-recv-bytes=50', 'endpoint', 'status'],
    ]) {
      const o = await same(s.ep, args);
      assert.equal(o.code, 1);
      assert.match(o.stderr, /received message larger than max \(\d+ vs\. \d+\)/);
    }
    // Within the limit, or 0 or less (the default: no limit), the answer comes.
    for (const limit of ['100000', '0', '-1']) await same(s.ep, [`--max-recv-bytes=${limit}`, 'get', '--prefix', '/']);
    const env = await run(ETCDCTL_36, at(s.ep, ['get', '/big']), { env: { ETCDCTL_MAX_RECV_BYTES: '100' } });
    const mine = await ours(at(s.ep, ['get', '/big']), { env: { ETCDCTL_MAX_RECV_BYTES: '100' } });
    assertSameRun(mine, env, 'ETCDCTL_MAX_RECV_BYTES=100 get /big', { stderr: stderrGist });
  });

  test('a request over the send limit fails as 3.6 fails, before it is sent', async () => {
    const o = await same(s.ep, ['--max-request-bytes=1000', 'put', '/big2', BIG]);
    assert.equal(o.code, 1);
    assert.match(o.stderr, /^Error: rpc error: code = ResourceExhausted desc = trying to send message larger than max \(5010 vs\. 1000\)$/m);
    for (const limit of ['0x10000', '0', '-5']) await same(s.ep, [`--max-request-bytes=${limit}`, 'put', '/small', 'v']);
    assert.equal((await ours(at(s.ep, ['get', '/big2']))).stdout, '');
  });

  test('a receive limit under the send limit: refused before dialing, exit 2', async () => {
    const o = await same(s.ep, ['--max-request-bytes=1000', '--max-recv-bytes=500', 'get', '/small']);
    assert.equal(o.code, 2);
    assert.equal(o.stderr, 'Error: gRPC message recv limit (500 bytes) must be greater than send limit (1000 bytes)\n');
    await same(s.ep, ['--max-request-bytes=1000', '--max-recv-bytes=1000', 'get', '/small']);
  });

  test('values pflag refuses: the same error line and code (the usage after it is each release\'s own)', async () => {
    for (const bad of ['--max-recv-bytes=x', '--max-request-bytes=1e3', '--max-recv-bytes=99999999999999999999']) {
      await sameErrorLine(at(s.ep, [bad, 'get', '/small']));
    }
  });

  test('watch: an event over the limit cancels the watch as 3.6 shows it', async () => {
    const watchers = [ETCDCTL_36, OUR_ETCDCTL].map((bin) => start(bin, at(s.ep, ['--max-recv-bytes=100', 'watch', '/w']), { timeoutMs: 20_000 }));
    await sleep(1500);
    assert.equal((await ours(at(s.ep, ['put', '/w', BIG]))).code, 0);
    const [r, o] = await Promise.all(watchers.map(async (w) => ({ ...(await w.exited), stdout: w.stdout(), stderr: w.stderr() })));
    assert.equal(r.code, 5);
    assert.deepEqual(o, r);
  });
});

describe('make-mirror --max-txn-ops and --rev (etcdctl 3.6)', { skip }, () => {
  let src;
  let dst;
  let small;
  /** The source's history: 10 puts in one revision, then their 10 deletes in one, then 2 puts. */
  let firstRev;
  before(async () => {
    [src, dst, small] = await Promise.all([
      startEtcd({ members: 1, release: '3.6' }),
      startEtcd({ members: 1, release: '3.6' }),
      // A destination that takes at most 5 operations in a transaction.
      startEtcd({ members: 1, release: '3.6', extraArgs: ['--max-txn-ops', '5'] }),
    ]);
    const puts = Array.from({ length: 10 }, (_, i) => `put /m/k${i} v${i}`).join('\n');
    const txn = await ours(at(src.endpoints[0], ['txn', '-w', 'json']), { input: `\n${puts}\n\n\n` });
    firstRev = JSON.parse(txn.stdout).header.revision;
    await ours(at(src.endpoints[0], ['del', '--prefix', '/m/']));
    await ours(at(src.endpoints[0], ['put', '/m/a', '1']));
    await ours(at(src.endpoints[0], ['put', '/m/b', '2']));
  });
  after(async () => {
    await Promise.all([src?.stop(), dst?.stop(), small?.stop()]);
  });

  /** Runs a mirror from the source into `to` for a moment, with ours or 3.6's etcdctl. */
  async function mirror(bin, args, to = dst) {
    const p = start(bin, at(src.endpoints[0], ['make-mirror', ...args, to.endpoints[0]]), { timeoutMs: 30_000 });
    const timer = setTimeout(() => p.proc.kill('SIGTERM'), 2500);
    const { code, signal } = await p.exited;
    clearTimeout(timer);
    return { code, signal, stdout: p.stdout(), stderr: stderrGist(p.stderr()) };
  }

  /** Each mirrored key, value and the destination transaction it came in (counted from the first). */
  async function mirrored(prefix, to = dst) {
    const { kvs = [] } = JSON.parse((await ours(at(to.endpoints[0], ['get', '--prefix', prefix, '-w', 'json']))).stdout);
    const base = Math.min(...kvs.map((kv) => kv.mod_revision));
    return kvs.map((kv) => [Buffer.from(kv.key, 'base64').toString().slice(prefix.length), Buffer.from(kv.value, 'base64').toString(), kv.mod_revision - base]);
  }

  /** What a mirror wrote: the destination's revisions it made (each transaction or put is one). */
  const revisionOf = async (to) => JSON.parse((await ours(at(to.endpoints[0], ['get', 'x', '-w', 'json']))).stdout).header.revision;

  test('--rev replays the history from that revision, --max-txn-ops splits a revision\'s changes as 3.6 does', async () => {
    for (const max of ['3', '128', '1']) {
      const before36 = await revisionOf(dst);
      const r = await mirror(ETCDCTL_36, ['--prefix', '/m/', '--rev', String(firstRev), '--max-txn-ops', max, '--dest-prefix', `/36-${max}/`]);
      const between = await revisionOf(dst);
      const o = await mirror(OUR_ETCDCTL, ['--prefix', '/m/', '--rev', String(firstRev), '--max-txn-ops', max, '--dest-prefix', `/ours-${max}/`]);
      const after = await revisionOf(dst);
      assert.deepEqual(o, r);
      // The same transactions: 10 puts in ceil(10/max), 10 deletes likewise, then 2 puts.
      assert.equal(after - between, between - before36, `transactions with --max-txn-ops ${max}`);
      assert.equal(after - between, 2 * Math.ceil(10 / Number(max)) + 2);
      assert.deepEqual(await mirrored(`/ours-${max}/`), [['a', '1', 0], ['b', '2', 1]]);
    }
  });

  test('a revision with more changes than the destination takes: 3.6\'s error by default, mirrored with --max-txn-ops', async () => {
    const r = await mirror(ETCDCTL_36, ['--prefix', '/m/', '--rev', String(firstRev), '--dest-prefix', '/36/'], small);
    const o = await mirror(OUR_ETCDCTL, ['--prefix', '/m/', '--rev', String(firstRev), '--dest-prefix', '/ours/'], small);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^Error: etcdserver: too many operations in txn request$/m);
    assert.deepEqual(o, r);
    const fits = await mirror(OUR_ETCDCTL, ['--prefix', '/m/', '--rev', String(firstRev), '--max-txn-ops', '5', '--dest-prefix', '/fits/'], small);
    assert.equal(fits.signal, 'SIGTERM');
    assert.deepEqual((await mirrored('/fits/', small)).map(([k, v]) => [k, v]), [['a', '1'], ['b', '2']]);
  });

  test('--rev of 1 or less copies first, as without it; a compacted --rev fails as 3.6 fails', async () => {
    for (const rev of ['1', '0', '-3']) {
      const r = await mirror(ETCDCTL_36, ['--prefix', '/m/', '--rev', rev, '--dest-prefix', `/36c${rev}/`]);
      const o = await mirror(OUR_ETCDCTL, ['--prefix', '/m/', '--rev', rev, '--dest-prefix', `/oursc${rev}/`]);
      assert.deepEqual(o, r);
      assert.deepEqual(await mirrored(`/oursc${rev}/`), await mirrored(`/36c${rev}/`));
    }
    const compacted = await run(ETCDCTL_36, at(src.endpoints[0], ['compaction', String(firstRev + 1)]));
    assert.equal(compacted.code, 0);
    const r = await mirror(ETCDCTL_36, ['--rev', String(firstRev), '--dest-prefix', '/36x/']);
    const o = await mirror(OUR_ETCDCTL, ['--rev', String(firstRev), '--dest-prefix', '/oursx/']);
    assert.equal(r.code, 1);
    assert.deepEqual(o, r);
  });

  test('--rev with --prefix and no destination prefix: the keys keep their prefix (3.6 drops it; README)', async () => {
    const o = await mirror(OUR_ETCDCTL, ['--prefix', '/m/', '--rev', String(firstRev + 2)]);
    assert.equal(o.signal, 'SIGTERM');
    assert.deepEqual((await mirrored('/m/')).map(([k, v]) => [k, v]), [['a', '1'], ['b', '2']]);
  });

  test('values pflag refuses: the same error line and code', async () => {
    for (const bad of ['--max-txn-ops=-1', '--max-txn-ops=x', '--rev=x', '--rev=1.5']) {
      await sameErrorLine(at(src.endpoints[0], ['make-mirror', bad, dst.endpoints[0]]));
    }
  });
});
