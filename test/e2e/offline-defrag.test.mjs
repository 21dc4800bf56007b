// Offline defrag against real etcd 3.4.23: refused while the member runs; on the stopped member the file
// shrinks, the content (status hash) stays, and etcd starts on our file and keeps writing to it (puts,
// deletes, compaction, online defrag, restart).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { defragDataDir, snapshotStatus } from '../../dist/offline/index.js';
import { allKeys, allocatePorts, gatewayPut, refctl, startMember, tempDir, ETCD_BIN, REF_ETCDCTL } from '../helpers/offline.mjs';

const haveBinaries = existsSync(ETCD_BIN) && existsSync(REF_ETCDCTL);

describe('offline defrag --data-dir', { skip: haveBinaries ? false : 'etcd or reference etcdctl missing' }, () => {
  let tmp;
  let dataDir;
  let ports;
  let keysBefore;

  before(async () => {
    tmp = tempDir('offline-e2e-defrag-');
    [ports] = await allocatePorts(1);
    dataDir = join(tmp.dir, 'm.etcd');
    const m = await startMember({ name: 'm', dataDir, ports });
    try {
      // Fill, then delete most and compact: the file keeps its size, full of free pages.
      const batch = [];
      for (let i = 0; i < 3000; i++) batch.push(gatewayPut(m.clientUrl, `key/${String(i).padStart(5, '0')}`, 'x'.repeat(200)));
      await Promise.all(batch);
      const dels = await refctl(['--endpoints', m.endpoint, 'del', 'key/0', '--prefix']);
      assert.equal(dels.code, 0, dels.stderr);
      const rev = JSON.parse((await refctl(['--endpoints', m.endpoint, 'get', 'key/1', '-w', 'json'])).stdout).header.revision;
      await refctl(['--endpoints', m.endpoint, 'compaction', String(rev), '--physical']);
      // Refused while the member holds the database.
      await assert.rejects(defragDataDir(dataDir), (e) => e.code === 'LOCKED' && /^Failed to defragment etcd data\[.*\] \(etcd \(pid \d+\) holds the lock/.test(e.opts.stderr));
      assert.deepEqual(readdirSync(join(dataDir, 'member', 'snap')).filter((n) => n.startsWith('db.tmp')), []);
      keysBefore = await allKeys(m.endpoint);
    } finally {
      await m.stop();
    }
  });
  after(() => tmp?.cleanup());

  test('shrinks the file, keeps the content, matches the reference defrag\'s content', async () => {
    const db = join(dataDir, 'member', 'snap', 'db');
    const refCopy = join(tmp.dir, 'ref.etcd');
    cpSync(dataDir, refCopy, { recursive: true });
    const before = await snapshotStatus(db);
    const r = await defragDataDir(dataDir);
    assert.ok(r.sizeAfter < r.sizeBefore, `${r.sizeAfter} < ${r.sizeBefore}`);
    assert.equal(statSync(db).size, r.sizeAfter);
    const after = await snapshotStatus(db);
    assert.equal(after.hash, before.hash);
    assert.equal(after.totalKey, before.totalKey);
    assert.deepEqual(readdirSync(join(dataDir, 'member', 'snap')), ['db']);

    const ref = await refctl(['defrag', '--data-dir', refCopy]);
    assert.equal(ref.code, 0, ref.stderr);
    const refStatus = JSON.parse((await refctl(['snapshot', 'status', join(refCopy, 'member', 'snap', 'db'), '-w', 'json'])).stdout);
    assert.equal(refStatus.hash, after.hash);
    // The reference's integrity check accepts our file.
    const ours = await refctl(['snapshot', 'status', db, '-w', 'json']);
    assert.equal(ours.code, 0, ours.stderr);
    assert.equal(JSON.parse(ours.stdout).hash, after.hash);
  });

  test('etcd starts on the defragmented file and keeps writing to it', async () => {
    let m = await startMember({ name: 'm', dataDir, ports });
    try {
      assert.deepEqual(await allKeys(m.endpoint), keysBefore);
      const ep = ['--endpoints', m.endpoint];
      for (let i = 0; i < 500; i++) await gatewayPut(m.clientUrl, `after/${i}`, 'y'.repeat(300));
      assert.equal((await refctl([...ep, 'del', 'after/1', '--prefix'])).code, 0);
      const rev = JSON.parse((await refctl([...ep, 'get', 'x', '-w', 'json'])).stdout).header.revision;
      assert.equal((await refctl([...ep, 'compaction', String(rev), '--physical'])).code, 0);
      const online = await refctl([...ep, 'defrag']);
      assert.equal(online.code, 0, online.stderr);
      await m.stop();
      m = await startMember({ name: 'm', dataDir, ports });
      const keys = await allKeys(m.endpoint);
      assert.equal(keys.filter((k) => Buffer.from(k.key, 'base64').toString().startsWith('after/')).length, 500 - 111);
      const status = await refctl([...ep, 'endpoint', 'hashkv']);
      assert.equal(status.code, 0, status.stderr);
    } finally {
      await m.stop();
    }
    const check = await refctl(['snapshot', 'status', join(dataDir, 'member', 'snap', 'db'), '-w', 'json']);
    assert.equal(check.code, 0, check.stderr);
  });
});
