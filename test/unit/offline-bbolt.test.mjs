// Offline tools: the bbolt writer and reader together, bbolt's consistency rules, damaged files.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSync, closeSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BoltReader } from '../../dist/offline/bbolt/reader.js';
import { BoltWriter } from '../../dist/offline/bbolt/writer.js';
import { rewriteBuckets, mergeInto } from '../../dist/offline/bbolt/rewrite.js';
import { encodeMetaPage, NO_FREELIST } from '../../dist/offline/bbolt/format.js';
import { snapshotStatus } from '../../dist/offline/status.js';
import { tempDir } from '../helpers/offline.mjs';

const tmp = tempDir('offline-bbolt-');
after(() => tmp.cleanup());
let n = 0;
const fresh = () => join(tmp.dir, `db${n++}`);

/** Writes a db from { bucketName: [[key, value], …] | { nested… } } (keys sorted here). */
function writeDb(path, spec, pageSize = 4096) {
  const fd = openSync(path, 'w');
  const w = new BoltWriter(fd, pageSize, path);
  const fill = (b, content) => {
    for (const [k, v] of [...Object.entries(content)].sort(([a], [b2]) => Buffer.compare(Buffer.from(a), Buffer.from(b2)))) {
      if (typeof v === 'object' && !(v instanceof Uint8Array)) b.addBucket(Buffer.from(k), (child) => fill(child, v));
      else b.add(Buffer.from(k), typeof v === 'string' ? Buffer.from(v) : v);
    }
  };
  for (const name of Object.keys(spec).sort()) w.bucket(Buffer.from(name), (b) => fill(b, spec[name]));
  w.finish({ txid: 2n });
  closeSync(fd);
}

/** Reads back { bucket: { key: value | {nested} } }. */
function readDb(path) {
  const r = BoltReader.open(path);
  const out = {};
  const read = (ref) => {
    const o = {};
    r.forEach(ref, (k, v, flags) => {
      o[Buffer.from(k).toString()] = flags & 1 ? read(parseHeader(v)) : Buffer.from(v).toString('latin1');
    });
    return o;
  };
  for (const b of r.buckets()) out[Buffer.from(b.name).toString()] = read(b.ref);
  const problems = r.check();
  r.close();
  return { out, problems };
}
const parseHeader = (v) => {
  const dv = new DataView(v.buffer, v.byteOffset, v.byteLength);
  const root = dv.getBigUint64(0, true);
  return { root, sequence: 0n, inline: root === 0n ? v.subarray(16) : null };
};

test('small buckets are stored inline, large ones in their own trees; everything reads back', () => {
  const path = fresh();
  const many = {};
  for (let i = 0; i < 30000; i++) many[`key-${String(i).padStart(6, '0')}`] = `value ${i}`;
  const spec = {
    empty: {},
    small: { a: '1', b: '2' },
    big: { huge: 'x'.repeat(10000), 'huge-2': 'y'.repeat(3 * 4096 + 5), z: 'last' },
    many,
    nest: { inner: { k: 'v' }, plain: 'p' },
  };
  writeDb(path, spec);
  const { out, problems } = readDb(path);
  assert.deepEqual(problems, []);
  assert.deepEqual(out.empty, {});
  assert.deepEqual(out.small, spec.small);
  assert.deepEqual(out.big, spec.big);
  assert.deepEqual(out.nest, { inner: { k: 'v' }, plain: 'p' });
  assert.equal(Object.keys(out.many).length, 30000);
  assert.equal(out.many['key-029999'], 'value 29999');
  // The file is exactly pgid × pageSize.
  const r = BoltReader.open(path);
  assert.equal(BigInt(statSync(path).size), r.txSize);
  assert.equal(r.meta.freelist, NO_FREELIST);
  assert.equal(r.bucket('small').root, 0n, 'small bucket inline');
  assert.notEqual(r.bucket('many').root, 0n, 'large bucket has its own tree');
  // Three levels: root branch → branches → leaves.
  const root = r.page(Number(r.bucket('many').root));
  assert.equal(root.flags, 1);
  r.close();
});

test('writer refuses unsorted, duplicate and empty keys', () => {
  const path = fresh();
  const fd = openSync(path, 'w');
  const w = new BoltWriter(fd, 4096, path);
  assert.throws(() => w.bucket(Buffer.from('b'), (b) => { b.add(Buffer.from('b'), Buffer.from('')); b.add(Buffer.from('a'), Buffer.from('')); }), /ascending/);
  assert.throws(() => w.bucket(Buffer.from('c'), (b) => b.add(Buffer.alloc(0), Buffer.from('v'))), /empty/);
  closeSync(fd);
});

test('a torn newer meta falls back to the older one; both bad is "invalid database"', () => {
  const path = fresh();
  writeDb(path, { b: { k: 'v' } });
  const bytes = readFileSync(path);
  // Page 0 holds txid 2 (the newer); damage its checksummed fields.
  bytes[16 + 40] ^= 0xff;
  writeFileSync(path, bytes);
  const r = BoltReader.open(path);
  assert.equal(r.meta.txid, 1n);
  r.close();
  assert.deepEqual(readDb(path).out, { b: { k: 'v' } });
  bytes[4096 + 16] ^= 0xff; // page 1 magic
  writeFileSync(path, bytes);
  assert.throws(() => BoltReader.open(path), (e) => e.code === 'INVALID_DB' && e.message === 'checksum error');
  bytes.fill(0, 16, 20);
  writeFileSync(path, bytes);
  assert.throws(() => BoltReader.open(path), (e) => e.message === 'invalid database');
});

test('Tx.Check: a persisted freelist must account for every page', () => {
  const path = fresh();
  writeDb(path, { b: { k: 'v' } });
  // Add an empty freelist page at the end and point the metas at it, leaving one extra unused page.
  const bytes = readFileSync(path);
  const r = BoltReader.open(path);
  const pgid = Number(r.meta.pgid);
  const root = r.meta.root;
  r.close();
  const unused = Buffer.alloc(4096);
  const freelist = Buffer.alloc(4096);
  freelist.writeBigUInt64LE(BigInt(pgid + 1), 0);
  freelist.writeUInt16LE(0x10, 8);
  const fields = (txid) => ({ pageSize: 4096, root, freelist: BigInt(pgid + 1), pgid: BigInt(pgid + 2), txid });
  const out = Buffer.concat([Buffer.from(encodeMetaPage(0, fields(2n))), Buffer.from(encodeMetaPage(1, fields(1n))), bytes.subarray(8192), unused, freelist]);
  writeFileSync(path, out);
  assert.deepEqual(readDb(path).problems, [`page ${pgid}: unreachable unfreed`]);
});

test('Tx.Check: two parents sharing a page are reported', () => {
  const path = fresh();
  writeDb(path, { a: { x: 'y'.repeat(2000) }, b: { x: 'z'.repeat(2000) } });
  const r = BoltReader.open(path);
  const a = r.bucket('a').root;
  const b = r.bucket('b').root;
  const rootPage = r.page(Number(r.meta.root));
  r.close();
  assert.ok(a > 0n && b > 0n);
  // Make bucket b's header point at bucket a's root page.
  const bytes = readFileSync(path);
  const pageOff = rootPage.pgid * 4096;
  const hay = bytes.subarray(pageOff, pageOff + 4096);
  const needle = Buffer.alloc(8);
  needle.writeBigUInt64LE(b);
  const at = hay.indexOf(needle);
  assert.ok(at > 0);
  hay.writeBigUInt64LE(a, at);
  writeFileSync(path, bytes);
  const problems = readDb(path).problems;
  assert.deepEqual(problems, [`page ${a}: multiple references`]);
});

test('a page past the end of the file is a clean "truncated" error', async () => {
  const path = fresh();
  const many = {};
  for (let i = 0; i < 2000; i++) many[`k${i}`] = 'v'.repeat(50);
  writeDb(path, { many });
  const bytes = readFileSync(path);
  writeFileSync(path, bytes.subarray(0, bytes.length - 8192));
  await assert.rejects(snapshotStatus(path), (e) => e.code === 'TRUNCATED' && /truncated/.test(e.message));
  const r = BoltReader.open(path);
  assert.throws(() => r.forEach(r.bucket('many'), () => {}), (e) => e.code === 'TRUNCATED');
  r.close();
});

test('rewriteBuckets append: a key after the last copies only the rightmost pages; elsewhere the bucket is rewritten', () => {
  const content = {};
  for (let i = 0; i < 30000; i++) content[`k${String(i).padStart(6, '0')}`] = `value ${i}`;
  for (const [key, leafFull] of [['k999999', false], ['k~', true]]) {
    const path = fresh();
    // A last leaf with room for the key, and one without (a value of nearly a page makes a new leaf after it).
    writeDb(path, { big: content, small: { a: '1' } });
    const size = statSync(path).size;
    const value = Buffer.alloc(leafFull ? 4050 : 1, 'z');
    rewriteBuckets(path, new Map([['big', { kind: 'append', key: Buffer.from(key), value }], ['small', { kind: 'append', key: Buffer.from('b'), value }]]));
    const { out, problems } = readDb(path);
    assert.deepEqual(problems, []);
    assert.deepEqual(out.big, { ...content, [key]: value.toString('latin1') });
    assert.deepEqual(out.small, { a: '1', b: value.toString('latin1') });
    assert.ok(statSync(path).size - size <= 8 * 4096, `grew by ${statSync(path).size - size} bytes`);
  }
  // Not after the last key (or replacing one): the whole bucket, merged.
  const path = fresh();
  writeDb(path, { big: content });
  rewriteBuckets(path, new Map([['big', { kind: 'append', key: Buffer.from('k000100'), value: Buffer.from('new') }], ['fresh', { kind: 'append', key: Buffer.from('x'), value: Buffer.from('y') }]]));
  const { out, problems } = readDb(path);
  assert.deepEqual(problems, []);
  assert.deepEqual(out.big, { ...content, k000100: 'new' });
  assert.deepEqual(out.fresh, { x: 'y' });
});

test('rewriteBuckets: edits some buckets, keeps the others byte for byte, status hash follows the content', async () => {
  const path = fresh();
  const keep = {};
  for (let i = 0; i < 500; i++) keep[`k${String(i).padStart(4, '0')}`] = `v${i}`;
  writeDb(path, { keep, meta: { a: '1', c: '3' }, gone: { x: 'y' } });
  const before = BoltReader.open(path);
  const keptRoot = before.bucket('keep').root;
  before.close();
  rewriteBuckets(
    path,
    new Map([
      ['meta', { kind: 'rewrite', fill: (b, old, r) => mergeInto(b, old, r, new Map([['b', Buffer.from('2')], ['c', null]])) }],
      ['gone', { kind: 'delete' }],
      ['added', { kind: 'rewrite', fill: (b) => b.add(Buffer.from('n'), Buffer.from('new')) }],
    ]),
  );
  const { out, problems } = readDb(path);
  assert.deepEqual(problems, []);
  assert.deepEqual(out.meta, { a: '1', b: '2' });
  assert.deepEqual(out.added, { n: 'new' });
  assert.equal(out.gone, undefined);
  assert.equal(Object.keys(out.keep).length, 500);
  const after = BoltReader.open(path);
  assert.equal(after.bucket('keep').root, keptRoot, 'untouched bucket keeps its pages');
  assert.equal(after.meta.txid, 3n);
  after.close();

  const expected = fresh();
  writeDb(expected, { keep, meta: { a: '1', b: '2' }, added: { n: 'new' } });
  const [s1, s2] = [await snapshotStatus(path), await snapshotStatus(expected)];
  assert.equal(s1.hash, s2.hash);
  assert.equal(s1.totalKey, s2.totalKey);
});
