// The seed walkthrough (the etcd introduction this project comes from), compared byte for byte with the
// reference etcdctl on the same server state.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startEtcd, hasReference, SERVER_HAS_V2 } from '../helpers/etcd.mjs';
import { both, ours, runSync, OUR_ETCDCTL } from '../helpers/run.mjs';

const skip = hasReference() ? false : 'reference etcdctl not installed';
const noV2 = !SERVER_HAS_V2 && 'etcd 3.6 and later have no v2 API (v2-release.test.mjs covers it there)';

describe('walkthrough', { skip }, () => {
  let etcd;
  let v2;
  let v3;
  before(async () => {
    etcd = await startEtcd({ members: 1 });
    v2 = { ETCDCTL_API: '2', ETCDCTL_ENDPOINTS: etcd.clientUrls[0] };
    v3 = { ETCDCTL_ENDPOINTS: etcd.endpoints[0] };
  });
  after(() => etcd?.stop());

  async function same(env, args) {
    const { ours: o, ref: r } = await both(args, { env });
    assert.equal(o.stdout, r.stdout, `stdout of ${args.join(' ')}`);
    assert.equal(o.code, r.code, `exit code of ${args.join(' ')}`);
    return o;
  }

  test('v2 set and get key', { skip: noV2 }, async () => {
    const set = await same(v2, ['set', 'key', 'value1']);
    assert.equal(set.stdout, 'value1\n');
    const get = await same(v2, ['get', 'key']);
    assert.equal(get.stdout, 'value1\n');
  });

  test('v2 JSON value round trip', { skip: noV2 }, async () => {
    const value = '{"Name":"Mohammed","location":"Riyadh"}';
    await same(v2, ['set', 'key2', value]);
    const get = await same(v2, ['get', 'key2']);
    assert.equal(get.stdout, value + '\n');
  });

  test('v3 put, get, get -w json with 64-bit ids', async () => {
    const put = await same(v3, ['put', 'foo', 'bar']);
    assert.equal(put.stdout, 'OK\n');
    const get = await same(v3, ['get', 'foo']);
    assert.equal(get.stdout, 'foo\nbar\n');
    const json = await same(v3, ['get', 'foo', '-w', 'json']);
    const ids = /"cluster_id":(\d+),"member_id":(\d+)/.exec(json.stdout);
    assert.ok(ids, json.stdout);
  });

  test('member list, simple and table', async () => {
    await same(v3, ['member', 'list']);
    await same(v3, ['member', 'list', '-w', 'table']);
    await same(v3, ['member', 'list', '-w', 'json']);
    await same(v3, ['member', 'list', '-w', 'fields']);
    const pb = await both(['member', 'list', '-w', 'protobuf'], { env: v3 });
    assert.deepEqual(pb.ours.stdoutBytes, pb.ref.stdoutBytes);
  });

  test('endpoint health: healthy line on stdout (3.5 behaviour), same text as the reference', async () => {
    const { ours: o, ref: r } = await both(['endpoint', 'health'], { env: v3 });
    const norm = (s) => s.replace(/took = \S+/, 'took = X');
    assert.equal(o.code, 0);
    assert.equal(r.code, 0);
    assert.equal(norm(o.stdout), norm(r.stderr));
    assert.match(o.stdout, /^127\.0\.0\.1:\d+ is healthy: successfully committed proposal: took = \d+(\.\d+)?(µs|ms|s)\n$/);
  });

  test('endpoint status -w table', async () => {
    await same(v3, ['endpoint', 'status', '-w', 'table']);
    await same(v3, ['endpoint', 'status']);
    await same(v3, ['endpoint', 'status', '-w', 'json']);
  });

  test('version', async () => {
    await same(v3, ['version']);
  });

  test('prefix command names work (mem li)', async () => {
    await same(v3, ['mem', 'li']);
  });

  test('get --prefix piped into head exits quietly', async () => {
    for (let i = 0; i < 50; i++) await ours(['put', `pipe/${i}`, 'x'.repeat(1000)], { env: v3 });
    const r = runSync('bash', ['-c', `"${OUR_ETCDCTL}" get --prefix '' | head -1`], { inheritEnv: true, env: v3 });
    assert.equal(r.stderr, '');
    assert.equal(r.stdout.split('\n').length, 2);
  });
});
