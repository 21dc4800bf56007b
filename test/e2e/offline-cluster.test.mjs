// Offline restore into three members: each member's WAL and .snap equal the reference restore's, and real
// etcd 3.4.23 forms the cluster from our three data dirs, serves the snapshot's keys and replicates writes.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { snapshotRestore } from '../../dist/offline/index.js';
import { allKeys, allocatePorts, gatewayPut, refctl, startMember, tempDir, waitForHealth, ETCD_BIN, REF_ETCDCTL } from '../helpers/offline.mjs';

const haveBinaries = existsSync(ETCD_BIN) && existsSync(REF_ETCDCTL);

describe('offline restore into a three-member cluster', { skip: haveBinaries ? false : 'etcd or reference etcdctl missing' }, () => {
  let tmp;
  let snapFile;
  let sourceKeys;

  before(async () => {
    tmp = tempDir('offline-e2e-cluster-');
    const [ports] = await allocatePorts(1);
    const src = await startMember({ name: 'src', dataDir: join(tmp.dir, 'src.etcd'), ports });
    try {
      for (let i = 0; i < 50; i++) await gatewayPut(src.clientUrl, `k${i}`, `v${i}`);
      const grant = await refctl(['--endpoints', src.endpoint, 'lease', 'grant', '600']);
      const lease = /lease ([0-9a-f]+) granted/.exec(grant.stdout)[1];
      await refctl(['--endpoints', src.endpoint, 'put', 'leased', 'x', '--lease', lease]);
      sourceKeys = await allKeys(src.endpoint);
      snapFile = join(tmp.dir, 'snap.db');
      const saved = await refctl(['--endpoints', src.endpoint, 'snapshot', 'save', snapFile]);
      assert.equal(saved.code, 0, saved.stderr);
    } finally {
      await src.stop();
    }
  });

  after(() => tmp?.cleanup());

  test('three restored members start, agree on IDs, serve the data and replicate a write', async () => {
    const ports = await allocatePorts(3);
    const names = ['n1', 'n2', 'n3'];
    const initialCluster = names.map((n, i) => `${n}=http://127.0.0.1:${ports[i].peer}`).join(',');
    const token = 'offline-e2e-3';
    const results = [];
    for (const [i, name] of names.entries()) {
      const peer = `http://127.0.0.1:${ports[i].peer}`;
      const dataDir = join(tmp.dir, `${name}.etcd`);
      results.push(await snapshotRestore({ file: snapFile, dataDir, name, initialCluster, initialClusterToken: token, initialAdvertisePeerUrls: peer }));
      const refDir = join(tmp.dir, `${name}.ref`);
      const ref = await refctl([
        'snapshot', 'restore', snapFile, '--data-dir', refDir, '--name', name, '--initial-cluster', initialCluster,
        '--initial-cluster-token', token, '--initial-advertise-peer-urls', peer,
      ]);
      assert.equal(ref.code, 0, ref.stderr);
      for (const f of ['wal/0000000000000000-0000000000000000.wal', 'snap/0000000000000001-0000000000000003.snap']) {
        assert.ok(readFileSync(join(dataDir, 'member', f)).equals(readFileSync(join(refDir, 'member', f))), `${name}: ${f}`);
      }
    }
    assert.equal(new Set(results.map((r) => r.clusterId)).size, 1);

    const members = await Promise.all(
      names.map((name, i) => startMember({ name, dataDir: join(tmp.dir, `${name}.etcd`), ports: ports[i], token, initialCluster, waitHealthy: false })),
    );
    try {
      await Promise.all(members.map((m) => waitForHealth(m.clientUrl, m.proc)));
      const list = await refctl(['--endpoints', members[0].endpoint, 'member', 'list', '-w', 'json']);
      const ids = JSON.parse(list.stdout.replace(/"ID":(\d+)/g, '"ID":"$1"')).members.map((m) => BigInt(m.ID)).sort((a, b) => (a < b ? -1 : 1));
      assert.deepEqual(ids, results[0].members.map((m) => m.id));
      for (const m of members) assert.deepEqual(await allKeys(m.endpoint), sourceKeys);
      await gatewayPut(members[0].clientUrl, 'replicated', 'yes');
      for (const m of members) {
        const r = await refctl(['--endpoints', m.endpoint, 'get', 'replicated', '--print-value-only', '--consistency', 'l']);
        assert.equal(r.stdout, 'yes\n');
      }
    } finally {
      await Promise.all(members.map((m) => m.stop()));
    }
  });
});
