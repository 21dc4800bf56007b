// Offline tools: `snapshot status` on large files takes a streaming path; it must agree with the page-by-page
// one on every file, and hand anything unusual over to it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BoltWriter } from '../../dist/offline/bbolt/writer.js';
import { BoltReader } from '../../dist/offline/bbolt/reader.js';
import { rewriteBuckets, mergeInto } from '../../dist/offline/bbolt/rewrite.js';
import { fastStatus } from '../../dist/offline/statusfast.js';
import { snapshotStatus, preciseStatus } from '../../dist/offline/status.js';
import { sha256InBackground } from '../../dist/offline/parallelread.js';
import { revisionKey } from '../../dist/offline/schema.js';
import { tempDir } from '../helpers/offline.mjs';

const tmp = tempDir('offline-status-');
after(() => tmp.cleanup());

/** An etcd-like db of about 12 MB: a `key` bucket with revisions, a few small inline buckets, a nested bucket. */
function bigDb(path) {
  const fd = openSync(path, 'w');
  const w = new BoltWriter(fd, 4096, path);
  w.bucket(Buffer.from('alarm'), () => {});
  w.bucket(Buffer.from('key'), (b) => {
    for (let i = 1; i <= 10000; i++) b.add(revisionKey({ main: BigInt(i), sub: 0n }), Buffer.alloc(1100 + (i % 7) * 100, i & 0xff));
    b.add(revisionKey({ main: 10001n, sub: 0n }), Buffer.alloc(20000, 7)); // a multi-page leaf
  });
  w.bucket(Buffer.from('meta'), (b) => b.add(Buffer.from('consistent_index'), Buffer.alloc(8, 1)));
  w.bucket(Buffer.from('nest'), (b) => {
    b.addBucket(Buffer.from('inner'), (c) => {
      for (let i = 0; i < 300; i++) c.add(Buffer.from(`k${String(i).padStart(4, '0')}`), Buffer.alloc(100, 1));
    });
    b.add(Buffer.from('plain'), Buffer.from('v'));
  });
  w.finish({ txid: 2n });
  closeSync(fd);
  return path;
}

test('the streaming path agrees with the page-by-page one', async () => {
  const path = bigDb(join(tmp.dir, 'big.db'));
  const fast = fastStatus(path, readFileSync(path).length);
  assert.ok(fast, 'a well-formed file takes the streaming path');
  assert.deepEqual(fast, preciseStatus(path, readFileSync(path).length));
  // A copy-on-write update leaves stale pages and puts new ones after old ones: still the same answer.
  rewriteBuckets(path, new Map([['meta', { kind: 'rewrite', fill: (b, old, r) => mergeInto(b, old, r, new Map([['term', Buffer.alloc(8, 2)]])) }]]));
  const afterRewrite = fastStatus(path, readFileSync(path).length);
  assert.ok(afterRewrite);
  assert.deepEqual(afterRewrite, preciseStatus(path, readFileSync(path).length));
  const s = await snapshotStatus(path);
  assert.deepEqual(s, afterRewrite);
  assert.equal(s.revision, 10001n);
  assert.equal(s.totalKey, 10001 + 2 + 2);
});

test('with a SHA-256 trailer: verified on a second thread; a bad one is reported first', async () => {
  const img = readFileSync(bigDb(join(tmp.dir, 'big2.db')));
  const snap = join(tmp.dir, 'big2.snap');
  writeFileSync(snap, Buffer.concat([img, createHash('sha256').update(img).digest()]));
  const s = await snapshotStatus(snap);
  assert.equal(s.totalSize, img.length);
  const bad = Buffer.concat([img, createHash('sha256').update(img).digest()]);
  bad[5 * 4096 + 100] ^= 1;
  writeFileSync(snap, bad);
  await assert.rejects(snapshotStatus(snap), (e) => e.code === 'HASH_MISMATCH');
  // The background hasher (used from 64 MB on) computes the same digest.
  const digest = await sha256InBackground(snap, img.length);
  assert.equal(Buffer.from(digest).toString('hex'), createHash('sha256').update(bad.subarray(0, img.length)).digest('hex'));
  await assert.rejects(sha256InBackground(join(tmp.dir, 'missing'), 10), (e) => /no such file/.test(e.message));
});

test('anything unusual goes to the precise path, which names the problem', async () => {
  const path = bigDb(join(tmp.dir, 'big3.db'));
  const bytes = readFileSync(path);
  const r = BoltReader.open(path);
  const keyRoot = Number(r.bucket('key').root);
  r.close();
  // Make the key bucket's root page claim another id.
  bytes.writeUInt32LE(keyRoot + 1, keyRoot * 4096);
  writeFileSync(path, bytes);
  assert.equal(fastStatus(path, bytes.length), null);
  await assert.rejects(snapshotStatus(path), (e) => e.code === 'INTEGRITY' && /multiple references/.test(e.message));
  // Truncated.
  writeFileSync(path, bytes.subarray(0, bytes.length - 8 * 4096));
  await assert.rejects(snapshotStatus(path), (e) => e.code === 'TRUNCATED');
});

test('restore checks large images streaming, and still words real problems as bbolt does', async () => {
  const { snapshotRestore } = await import('../../dist/offline/restore.js');
  const { fastCheck } = await import('../../dist/offline/statusfast.js');
  const img = readFileSync(bigDb(join(tmp.dir, 'big4.db')));
  const snap = join(tmp.dir, 'big4.snap');
  writeFileSync(snap, Buffer.concat([img, createHash('sha256').update(img).digest()]));
  assert.equal(fastCheck(snap, img.length), true);
  const r = await snapshotRestore({ file: snap, dataDir: join(tmp.dir, 'restored4') });
  const restored = await snapshotStatus(r.dbPath);
  assert.equal(restored.revision, 10001n);
  // An unknown page type in the key bucket's tree: refused with bbolt's words, nothing left behind.
  const broken = Buffer.from(img);
  const reader = BoltReader.open(join(tmp.dir, 'big4.db'));
  const keyRoot = Number(reader.bucket('key').root);
  reader.close();
  broken.writeUInt16LE(0x20, keyRoot * 4096 + 8);
  writeFileSync(snap, broken);
  assert.equal(fastCheck(snap, broken.length), false);
  await assert.rejects(
    snapshotRestore({ file: snap, dataDir: join(tmp.dir, 'restored5'), skipHashCheck: true }),
    (e) => e.code === 'INTEGRITY' && e.message.endsWith(`page ${keyRoot}: invalid type: unknown<20>`),
  );
});
