// Cluster operations on a real 3-member cluster, compared with the reference etcdctl: endpoint
// health/status/hashkv with --cluster, defrag, member add (learner) / promote / update / remove, move-leader.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startEtcd, hasReference, spawnEtcd, freePort } from '../helpers/etcd.mjs';
import { both, ours, reference, normalizeZap, withoutZapLines } from '../helpers/run.mjs';
import { sameAsReference } from '../helpers/compare.mjs';

const skip = hasReference() ? false : 'reference etcdctl not installed';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Hex IDs, cluster IDs and URLs differ between the member the reference added and the one we added. */
const normalizeIds = (s) =>
  s
    .replace(/Member +[0-9a-f]+ /g, 'Member ID ')
    .replace(/"ID":\d+/g, '"ID":N')
    .replace(/127\.0\.0\.1:\d+/g, 'ADDR')
    .replace(/ETCD_NAME="[^"]*"/, 'ETCD_NAME=NAME')
    .replace(/ETCD_INITIAL_CLUSTER="([^"]*)"/, (_, list) =>
      `ETCD_INITIAL_CLUSTER="${list.split(',').map((e) => e.replace(/^(ref-new|our-new)=/, 'NEW=')).sort().join(',')}"`);

describe('cluster operations', { skip }, () => {
  let etcd;
  let env;
  let extra;
  before(async () => {
    etcd = await startEtcd({ members: 3 });
    env = { ETCDCTL_ENDPOINTS: etcd.endpoints.join(',') };
  });
  after(async () => {
    if (extra && extra.exitCode === null) {
      extra.kill('SIGKILL');
      await new Promise((r) => extra.once('close', r));
    }
    await etcd?.stop();
  });

  const same = (args, { normalize = (s) => s, opts = { env } } = {}) =>
    sameAsReference(args, { ...opts, stdout: normalize, stderr: (s) => normalize(normalizeZap(s)) });

  /** The member list read from the simple format: JSON would round 64-bit IDs in JavaScript. */
  /** The cluster's ID in hex, read from the reference's JSON (a uint64: never through a JS number). */
  const clusterId = async () => BigInt(/"cluster_id":(\d+)/.exec((await reference(['member', 'list', '-w', 'json'], { env })).stdout)[1]).toString(16);
  /** etcdctl's "Member %16x <verb> cluster %16x": IDs with a leading zero hex digit are padded with spaces. */
  const memberLine = async (id, verb) => `Member ${id.padStart(16, ' ')} ${verb} cluster ${(await clusterId()).padStart(16, ' ')}\n`;
  const members = async () =>
    (await reference(['member', 'list'], { env })).stdout.trim().split('\n').map((l) => {
      const [id, , name, peers, clients, learner] = l.split(', ');
      return { id, name, peerURLs: peers.split(','), clientURLs: clients ? clients.split(',') : [], isLearner: learner === 'true' };
    });

  test('endpoint status, hashkv and health with --cluster, every format', async () => {
    for (const w of ['simple', 'json', 'fields', 'table', 'protobuf']) {
      await same(['endpoint', 'status', '--cluster', '-w', w]);
      await same(['endpoint', 'hashkv', '--cluster', '-w', w]);
    }
    const took = (s) => s.replace(/took = [0-9.]+[µnm]?s/g, 'took = T').replace(/"took":"[^"]*"/g, '"took":"T"').replace(/"Took" : \S+/g, '"Took" : T');
    // The reference lists endpoints in the order they answered: compare the entries, not their order.
    const entries = (s) => took(s).split(/(?<=\},)|\n\n/).map((e) => e.replace(/^\[|\]\n?$|,$/g, '')).sort().join('|');
    for (const w of ['json', 'fields']) await same(['endpoint', 'health', '--cluster', '-w', w], { normalize: entries });
    const h = await ours(['endpoint', 'health', '--cluster'], { env });
    assert.equal(h.code, 0);
    // Healthy lines on stdout, in member order (etcdctl >= 3.5; 3.4 prints them on stderr).
    const order = (await members()).map((m) => m.clientURLs[0]);
    assert.deepEqual(h.stdout.trimEnd().split('\n').map((l) => l.split(' ')[0]), order);
  });

  test('an unhealthy endpoint: etcdctl lines and exit code, results in --endpoints order', async () => {
    const eps = [etcd.endpoints[0], '127.0.0.1:1', etcd.endpoints[1]].join(',');
    const o = await ours(['--endpoints', eps, '--command-timeout', '1s', 'endpoint', 'health'], {});
    assert.equal(o.code, 1);
    assert.equal(o.stdout.split('\n').filter(Boolean).map((l) => l.split(' ')[0]).join(','), [etcd.endpoints[0], etcd.endpoints[1]].join(','));
    assert.equal(withoutZapLines(o.stderr), '127.0.0.1:1 is unhealthy: failed to commit proposal: context deadline exceeded\nError: unhealthy cluster\n');
    const j = await ours(['--endpoints', eps, '--command-timeout', '1s', 'endpoint', 'health', '-w', 'json'], {});
    assert.deepEqual(JSON.parse(j.stdout).map((x) => x.endpoint), eps.split(','));
    await same(['--endpoints', eps, '--command-timeout', '1s', 'endpoint', 'status'], { opts: {} });
  });

  test('defrag, online and with --cluster', async () => {
    await same(['defrag']);
    await same(['defrag', '--cluster']);
  });

  test('member argument and URL errors', async () => {
    for (const args of [
      ['member', 'add'], ['member', 'add', 'a', 'b', 'http://x', 'HTTPS://y'], ['member', 'add', 'a'],
      ['member', 'add', 'a', '--peer-urls=127.0.0.1:1'], ['member', 'add', 'a', '--peer-urls=http://127.0.0.1:1/path'],
      ['member', 'add', 'a', '--peer-urls=ftp://127.0.0.1:1'], ['member', 'add', 'a', '--peer-urls=http://127.0.0.1'],
      ['member', 'add', 'a', '--peer-urls=localhost:2380'],
      ['member', 'remove'], ['member', 'remove', 'xyz'], ['member', 'remove', '1ffffffffffffffff'], ['member', 'remove', '12'],
      ['member', 'update', '12'], ['member', 'update', '12', '--peer-urls=http://127.0.0.1:9'], ['member', 'promote', '12'],
      ['move-leader'], ['move-leader', 'zz'],
    ]) await same(args);
  });

  test('add a learner (as the reference does), start it, promote it, update and remove members', async () => {
    // The reference adds one learner and removes it: our output must read the same.
    const refAdd = await reference(['member', 'add', 'ref-new', '--learner', `--peer-urls=http://127.0.0.1:${await freePort()}`], { env });
    assert.equal(refAdd.code, 0, refAdd.stderr);
    const refId = /Member +([0-9a-f]+) added/.exec(refAdd.stdout)[1];
    await reference(['member', 'remove', refId], { env });

    const peerPort = await freePort();
    const clientPort = await freePort();
    const add = await ours(['member', 'add', 'our-new', '--learner', `--peer-urls=http://127.0.0.1:${peerPort}`], { env });
    assert.equal(add.code, 0, add.stderr);
    assert.equal(normalizeIds(add.stdout), normalizeIds(refAdd.stdout));
    const id = /Member +([0-9a-f]+) added/.exec(add.stdout)[1];
    const initialCluster = /ETCD_INITIAL_CLUSTER="([^"]*)"/.exec(add.stdout)[1];
    assert.ok((await members()).find((m) => m.id === id).isLearner);

    // Start the learner as a real member, then promote it once it has caught up.
    extra = spawnEtcd([
      '--name', 'our-new', '--data-dir', join(etcd.dir, 'our-new'),
      '--listen-client-urls', `http://127.0.0.1:${clientPort}`, '--advertise-client-urls', `http://127.0.0.1:${clientPort}`,
      '--listen-peer-urls', `http://127.0.0.1:${peerPort}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peerPort}`,
      '--initial-cluster', initialCluster, '--initial-cluster-state', 'existing',
      '--heartbeat-interval', '50', '--election-timeout', '500', '--logger', 'zap', '--log-outputs', join(etcd.dir, 'our-new.log'),
    ], { stdio: 'ignore' });
    let promoted;
    for (let i = 0; i < 100; i++) {
      promoted = await ours(['member', 'promote', id], { env });
      if (promoted.code === 0) break;
      await sleep(200);
    }
    assert.equal(promoted.stdout, await memberLine(id, 'promoted in'));
    assert.ok(!(await members()).find((m) => m.id === id).isLearner);
    await same(['member', 'promote', id]);

    // update: same text as the reference's for the same change.
    const me = (await members()).find((m) => m.id === id);
    const u = await same(['member', 'update', id, `--peer-urls=${me.peerURLs.join(',')}`]);
    assert.equal(u.stdout, await memberLine(id, 'updated in'));
    // Which member answers (header member_id) is up to each client's balancer.
    const anyMember = (x) => x.replace(/"member_id":\d+/, '"member_id":M');
    const uj = await same(['member', 'update', id, `--peer-urls=${me.peerURLs.join(',')}`, '-w', 'json'], { normalize: anyMember });
    assert.match(uj.stdout, /^\{"header":\{"cluster_id":\d+,"member_id":\d+,"raft_term":\d+\},"members":\[/);

    // Refused formats change nothing.
    for (const w of ['fields', 'table']) {
      const r = await ours(['member', 'remove', id, '-w', w], { env });
      assert.equal(r.code, 4);
      assert.ok((await members()).some((m) => m.id === id));
    }
    const rm = await ours(['member', 'remove', id], { env });
    assert.equal(rm.stdout, await memberLine(id, 'removed from'));
    assert.ok(!(await members()).some((m) => m.id === id));
    await same(['member', 'remove', id]);
    await new Promise((r) => (extra.exitCode !== null ? r() : extra.once('close', r)));
  });

  test('move-leader as the reference, every format', async () => {
    const ids = (await members()).map((m) => m.id);
    const leaderOf = async () => {
      for (let i = 0; i < 50; i++) {
        const line = (await reference(['endpoint', 'status'], { env })).stdout.split('\n').find((l) => l.split(', ')[4] === 'true');
        if (line) return line.split(', ')[1];
        await sleep(100);
      }
      throw new Error('no leader');
    };
    let leader = await leaderOf();
    let target = ids.find((x) => x !== leader);
    const o = await ours(['move-leader', target], { env });
    assert.equal(o.stdout, `Leadership transferred from ${leader} to ${target}\n`);
    await sleep(500);
    assert.equal(await leaderOf(), target);
    leader = target;
    target = ids.find((x) => x !== leader);
    const r = await reference(['move-leader', target], { env });
    assert.equal(r.stdout, `Leadership transferred from ${leader} to ${target}\n`);
    await sleep(500);
    const j = await both(['move-leader', target, '-w', 'json'], { env });
    assert.equal(j.ours.stdout, j.ref.stdout);
    const pb = await both(['move-leader', target, '-w', 'protobuf'], { env });
    assert.deepEqual(pb.ours.stdoutBytes, pb.ref.stdoutBytes);
    const t = await ours(['move-leader', target, '-w', 'table'], { env });
    assert.equal(t.code, 4);
    const followers = (await members()).filter((m) => m.id !== target).map((m) => m.clientURLs[0].replace('http://', '')).join(',');
    await same(['--endpoints', followers, 'move-leader', target], { opts: {} });
  });
});
