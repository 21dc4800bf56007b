// What etcdctl 3.6 added, compared with 3.6.16's own etcdctl on the same server: downgrade validate|enable|cancel
// (on a 3-member 3.6 cluster, and against 3.4, 3.5 and 3.7 servers, where 3.6's etcdctl shows what they answer),
// member list --consistency, make-mirror --max-txn-ops and --rev, and the global --max-recv-bytes and
// --max-request-bytes. Our log lines are clientv3 3.4's (README, Compatibility notes); of the retry warnings only
// what both clients log is compared.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { provisionedBin } from '../../scripts/releases.mjs';
import { releaseEtcdctl, startEtcd } from '../helpers/etcd.mjs';
import { assertSameRun } from '../helpers/compare.mjs';
import { isZapLine, withoutZapLines } from '../helpers/zap.mjs';
import { ours, run } from '../helpers/run.mjs';

const ETCDCTL_36 = releaseEtcdctl('3.6');
const skip = ETCDCTL_36 ? false : 'etcd 3.6 is not provisioned (node scripts/releases.mjs provision 3.6)';
const needs = (release) => (provisionedBin(release) ? false : `etcd ${release} is not provisioned (node scripts/releases.mjs provision ${release})`);

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

describe('downgrade (etcdctl 3.6) on a 3-member 3.6 cluster', { skip: skip || needs('3.6') }, () => {
  let c;
  let ep;
  before(async () => {
    c = await startEtcd({ members: 3, release: '3.6' });
    ep = c.endpoints[1];
  });
  after(async () => {
    await c?.stop();
  });

  for (const args of [
    ['downgrade', 'validate'], ['downgrade', 'validate', ''], ['downgrade', 'validate', '3.5', '3.4'],
    ['downgrade', 'enable'], ['downgrade', 'enable', ''], ['downgrade', 'enable', '3.5', 'x'],
  ]) {
    test(`argument errors: ${args.join(' ')}`, async () => {
      const o = await same(ep, args);
      assert.equal(o.code, 128);
    });
  }

  test('validate: the version the cluster can go to, in every format etcdctl 3.6 has', async () => {
    for (const w of ['simple', 'json', 'protobuf']) await same(ep, ['downgrade', 'validate', '3.5', '-w', w]);
    assert.equal((await ours(at(ep, ['downgrade', 'validate', '3.5.0']))).stdout, 'Downgrade validate success, cluster version 3.6\n');
  });

  test('validate and enable: versions the cluster cannot go to, and bad version text', async () => {
    for (const v of ['3.6', '3.4', '3.7', '2.3', 'x', 'v3.5', '3']) {
      for (const action of ['validate', 'enable']) {
        const o = await same(ep, ['downgrade', action, v]);
        assert.equal(o.code, 1);
      }
    }
  });

  test('no fields or table form (before anything is sent)', async () => {
    for (const w of ['fields', 'table']) {
      const o = await same(ep, ['downgrade', 'validate', '3.5', '-w', w]);
      assert.equal(o.code, 4);
    }
  });

  test('cancel with no downgrade in progress succeeds on a 3.6 server', async () => {
    for (const w of ['simple', 'json']) await same(ep, ['downgrade', 'cancel', '-w', w]);
    await same(ep, ['downgrade', 'cancel', 'ignored', 'arguments']);
  });

  test('enable, the cluster during the downgrade, cancel: each as 3.6 does in the same state', async () => {
    const url = c.clientUrls[1];
    const enable = ['downgrade', 'enable', '3.5'];
    const cancel = ['downgrade', 'cancel'];
    const duringDowngrade = [
      ['downgrade', 'validate', '3.5'], ['downgrade', 'validate', '3.4'], ['downgrade', 'enable', '3.4'], ['downgrade', 'enable', '3.5'],
    ];
    // 3.6's etcdctl takes the cluster through it first, then ours, each step from the same state.
    const ref = {};
    ref.enable = await theirs(at(ep, enable));
    await clusterVersion(url, '3.5.0');
    ref.during = [];
    for (const args of duringDowngrade) ref.during.push(await theirs(at(ep, args)));
    ref.cancel = await theirs(at(ep, cancel));
    await clusterVersion(url, '3.6.0');
    assert.equal(ref.enable.stdout, 'Downgrade enable success, cluster version 3.6\n');
    assert.equal(ref.cancel.stdout, 'Downgrade cancel success, cluster version 3.5\n');

    const o = await ours(at(ep, enable));
    assertSameRun(o, ref.enable, 'downgrade enable 3.5', { stderr: stderrGist });
    await clusterVersion(url, '3.5.0');
    for (const [i, args] of duringDowngrade.entries()) {
      assertSameRun(await ours(at(ep, args)), ref.during[i], args.join(' '), { stderr: stderrGist });
    }
    assertSameRun(await ours(at(ep, cancel)), ref.cancel, 'downgrade cancel', { stderr: stderrGist });
    await clusterVersion(url, '3.6.0');
  });
});

describe('downgrade (etcdctl 3.6) against servers of other releases', { skip }, () => {
  /** One single-member server of `release` for the tests inside `fn`. */
  function onServer(release, fn) {
    describe(`a ${release} server`, { skip: needs(release) }, () => {
      const s = {};
      before(async () => {
        s.cluster = await startEtcd({ members: 1, release });
        s.ep = s.cluster.endpoints[0];
      });
      after(async () => {
        await s.cluster?.stop();
      });
      fn(s);
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

describe('member list --consistency (etcdctl 3.6)', { skip: skip || needs('3.6') }, () => {
  let c;
  let ep;
  before(async () => {
    c = await startEtcd({ members: 3, release: '3.6' });
    ep = c.endpoints[0];
  });
  after(async () => {
    await c?.stop();
  });

  test('l and s in every format, and the values 3.6 refuses (quoting get\'s flag, as 3.6 does)', async () => {
    // Not -w fields: 3.6 leaves a zero Revision out of every fields header, where 3.4.23 (our target there) prints it.
    for (const v of ['l', 's']) {
      for (const w of ['simple', 'json', 'table', 'protobuf']) await same(ep, ['member', 'list', '--consistency', v, '-w', w]);
    }
    for (const v of ['x', 'L', '', 'linearizable']) {
      const o = await same(ep, ['member', 'list', `--consistency=${v}`]);
      assert.equal(o.code, 4);
      assert.equal(o.stderr, 'Error: unknown consistency flag "l"\n');
    }
    await same(ep, ['member', 'list', '--consistency=x', '-w', 'bogus']);
  });

  test('with quorum lost, s still lists from the member, l fails as 3.6 fails; unset, as etcdctl 3.4.23 (a list)', async () => {
    await c.stopMember(1);
    await c.stopMember(2);
    try {
      const s = await same(ep, ['member', 'list', '--consistency', 's']);
      assert.equal(s.code, 0);
      // The retry warning's error is grpc-go's own account of the deadline there (a stream reset by 3.6's client).
      const l = await same(ep, ['--command-timeout=2s', 'member', 'list', '--consistency', 'l'], { stderr: withoutZapLines });
      assert.equal(withoutZapLines(l.stderr), 'Error: context deadline exceeded\n');
      assert.equal(l.code, 1);
      const unset = await ours(at(ep, ['member', 'list']));
      assert.equal(unset.code, 0);
      assert.equal(unset.stdout, s.stdout);
    } finally {
      await c.startMember(1);
      await c.startMember(2);
    }
  });
});
