// Offline tools: checksums, protobuf varints and Go's text rules, against known values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32c, crc32cUpdate } from '../../dist/offline/crc32c.js';
import { fnv1a64, encodeMetaPage, readMeta, metaProblem } from '../../dist/offline/bbolt/format.js';
import { ProtoWriter, readFields, readVarint } from '../../dist/offline/proto.js';
import { goJsonQuote, goQuote, toByteString, byteStringToText } from '../../dist/offline/gojson.js';
import { parseJson, JsonNumber } from '../../dist/go/json.js';
import { classifyEntryData, decodeV2Request } from '../../dist/offline/raftpb.js';

test('crc32c check value and Go Update chaining', () => {
  assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
  assert.equal(crc32c(new Uint8Array(0)), 0);
  const data = Buffer.from('the quick brown fox jumps over the lazy dog, twice over and over');
  const whole = crc32c(data);
  for (const cut of [0, 1, 7, 8, 9, 31, data.length]) {
    assert.equal(crc32cUpdate(crc32cUpdate(0, data.subarray(0, cut)), data.subarray(cut)), whole, `cut at ${cut}`);
  }
  // Sub-range form equals the slice form.
  assert.equal(crc32cUpdate(0, data, 3, 40), crc32c(data.subarray(3, 40)));
});

test('fnv1a64 agrees with a BigInt reference', () => {
  const ref = (b) => {
    let h = 0xcbf29ce484222325n;
    for (const x of b) h = ((h ^ BigInt(x)) * 0x100000001b3n) & 0xffffffffffffffffn;
    return h;
  };
  for (const s of ['', 'a', 'foobar', '\xff\xfe\x00\x80'.repeat(20)]) {
    const b = Buffer.from(s, 'latin1');
    assert.equal(fnv1a64(b, 0, b.length), ref(b), JSON.stringify(s));
  }
});

test('meta page: checksum covers bytes 16..72 and validates', () => {
  const page = encodeMetaPage(0, { pageSize: 4096, root: 3n, freelist: 0xffffffffffffffffn, pgid: 8n, txid: 14n });
  const meta = readMeta(page);
  assert.equal(meta.magic, 0xed0cdaed);
  assert.equal(meta.pgid, 8n);
  assert.equal(metaProblem(meta, page), null);
  page[60] ^= 1; // inside the checksummed range (pgid)
  assert.equal(metaProblem(readMeta(page), page), 'checksum error');
});

test('protobuf varints: 64-bit values and two\'s complement int64', () => {
  const w = new ProtoWriter().uint(1, 0x8e9e05c52164694dn).uint(2, -1n).uint(3, 0).bytes(4, Buffer.from('ab'));
  const bytes = Buffer.from(w.finish());
  assert.equal(bytes.subarray(0, 11).toString('hex'), '08cdd2918bd2b881cf8e01');
  const f = readFields(bytes);
  assert.equal(f[0].varint, 0x8e9e05c52164694dn);
  assert.equal(f[1].varint, 0xffffffffffffffffn);
  assert.equal(f[2].varint, 0n);
  assert.equal(Buffer.from(f[3].bytes).toString(), 'ab');
  assert.throws(() => readVarint(Buffer.from([0x80, 0x80]), 0), /unexpected EOF/);
});

test('Go JSON string escaping (HTML-safe, control bytes, invalid UTF-8)', () => {
  assert.equal(goJsonQuote(toByteString('a"b\\c\n\t<>&\u2028é')), '"a\\"b\\\\c\\n\\t\\u003c\\u003e\\u0026\\u2028é"');
  assert.equal(goJsonQuote('\x01\x7f'), '"\\u0001\x7f"');
  // Invalid UTF-8: each bad byte becomes U+FFFD; a truncated 3-byte sequence is two bad bytes in Go.
  assert.equal(goJsonQuote('\xe2\x82'), '"\\ufffd\\ufffd"');
  assert.equal(byteStringToText('\xe2\x82\xac\xff'), '€\ufffd');
});

test('strconv.Quote', () => {
  assert.equal(goQuote('default.etcd'), '"default.etcd"');
  assert.equal(goQuote('a"b\n\x00'), '"a\\"b\\n\\x00"');
  assert.equal(goQuote(toByteString('é')), '"é"');
  assert.equal(goQuote('\xff'), '"\\xff"');
});

test('JSON reader keeps uint64 exact', () => {
  const v = parseJson(Buffer.from('{"id":10276657743932975437,"peerURLs":["http://localhost:2380"],"x":[true,null,-1.5e3]}'));
  assert.ok(v.field('id') instanceof JsonNumber);
  assert.equal(v.field('id').toBigInt(), 10276657743932975437n);
  assert.deepEqual(v.field('peerURLs'), ['http://localhost:2380']);
  assert.equal(v.field('x')[2].toNumber(), -1500);
  assert.throws(() => parseJson(Buffer.from('{"a":1')), { message: 'unexpected end of JSON input' });
});

test('raft entry data: v2 requests vs InternalRaftRequest, decided as etcd 3.4 does', () => {
  const v2 = new ProtoWriter().uint(1, 7).bytes(2, Buffer.from('PUT')).bytes(3, Buffer.from('/1/foo')).bytes(4, Buffer.from('bar')).finish();
  const c = classifyEntryData(v2);
  assert.equal(c.kind, 'v2');
  assert.equal(c.request.method, 'PUT');
  assert.equal(c.request.path, '/1/foo');
  for (const method of ['DELETE', 'POST', 'QGET', 'SYNC']) {
    const r = new ProtoWriter().uint(1, 1).bytes(2, Buffer.from(method)).finish();
    assert.equal(classifyEntryData(r).kind, 'v2', method);
  }
  // A v3 put: header (field 100) + put (field 4).
  const header = new ProtoWriter().uint(1, 5).finish();
  const v3 = new ProtoWriter().bytes(100, header).bytes(4, new ProtoWriter().bytes(1, Buffer.from('k')).finish()).finish();
  assert.deepEqual(classifyEntryData(v3), { kind: 'v3', hasHeader: true });
  // An empty entry (leader's no-op) is an empty InternalRaftRequest.
  assert.deepEqual(classifyEntryData(undefined), { kind: 'v3', hasHeader: false });
  // InternalRaftRequest carrying a v2 request in field 2.
  const wrapped = new ProtoWriter().bytes(2, v2).finish();
  assert.equal(classifyEntryData(wrapped).request.path, '/1/foo');
  assert.equal(decodeV2Request(v2).val, 'bar');
});

test('CRC-32C in WebAssembly equals the JavaScript one', async () => {
  const { tryWasmCrc32c } = await import('../../dist/offline/crc32c-wasm.js');
  const { crc32cCombine } = await import('../../dist/offline/crc32c-combine.js');
  const w = tryWasmCrc32c(1 << 16);
  assert.ok(w, 'WebAssembly available');
  w.data.set(Buffer.from('123456789'), 0);
  assert.equal(w.update(0, 0, 9), 0xe3069283);
  const bytes = Buffer.alloc(5000);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 131 + 7) & 0xff;
  w.data.set(bytes, 3);
  for (const [s, e] of [[0, 5000], [1, 17], [5, 6], [15, 4000], [100, 100]]) {
    assert.equal(w.update(99, s + 3, e + 3), crc32cUpdate(99, bytes, s, e), `${s}..${e}`);
  }
  // Joining CRCs of parts gives the CRC of the whole.
  assert.equal(crc32cCombine(crc32c(bytes.subarray(0, 1234)), crc32c(bytes.subarray(1234)), bytes.length - 1234), crc32c(bytes));
});
