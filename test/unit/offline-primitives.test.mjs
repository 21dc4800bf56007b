// Offline tools: checksums, protobuf varints and Go's text rules, against known values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32c, crc32cUpdate } from '../../dist/offline/crc32c.js';
import { fnv1a64, encodeMetaPage, readMeta, metaProblem } from '../../dist/offline/bbolt/format.js';
import { ProtoError, decode, encode } from '../../dist/v3/proto/codec.js';
import { goJsonQuote, goQuote, toByteString, byteStringToText } from '../../dist/offline/gojson.js';
import { parseJson, JsonNumber } from '../../dist/go/json.js';
import { classifyEntryData } from '../../dist/offline/entrydata.js';

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

test('protobuf varints in a proto2 record: 64-bit values, two\'s complement int64, zeros written', () => {
  const bytes = encode('etcdserverpb.V2Request', { id: 0x8e9e05c52164694dn, expiration: -1n, since: 0, val: Buffer.from('ab') });
  assert.equal(bytes.subarray(0, 11).toString('hex'), '08cdd2918bd2b881cf8e01');
  const r = decode('etcdserverpb.V2Request', bytes);
  assert.equal(r.id, 0x8e9e05c52164694dn);
  assert.equal(r.expiration, -1n);
  assert.equal(r.since, 0n);
  assert.equal(r.val.toString(), 'ab');
  // Every non-nullable field is on the wire, zero or not; the nullable prev_exist and refresh are not.
  assert.equal(bytes.toString('hex'), '08cdd2918bd2b881cf8e01 1200 1a00 22026162 2800 3200 3800 48ffffffffffffffffff01 5000 5800 6000 6800 7000 7800 8001 00'.replace(/ /g, ''));
  assert.throws(() => decode('raftpb.Entry', Buffer.from([0x10, 0x80, 0x80])), ProtoError);
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
  const hexBytes = (h) => Buffer.from(h.replace(/ /g, ''), 'hex');
  // id 7, method PUT, path /1/foo, val bar.
  const v2 = hexBytes('0807 1203505554 1a062f312f666f6f 2203626172');
  const c = classifyEntryData(v2);
  assert.equal(c.kind, 'v2');
  assert.equal(c.request.method.toString(), 'PUT');
  assert.equal(c.request.path.toString(), '/1/foo');
  assert.equal(c.request.val.toString(), 'bar');
  // id 1 and the method alone: the method text is what fails to read as a nested Request.
  for (const [method, hex] of [['DELETE', '0801 120644454c455445'], ['POST', '0801 1204504f5354'], ['QGET', '0801 120451474554'], ['SYNC', '0801 120453594e43']]) {
    assert.equal(classifyEntryData(hexBytes(hex)).kind, 'v2', method);
  }
  // As etcd writes one, every non-nullable field present.
  const full = classifyEntryData(encode('etcdserverpb.V2Request', { id: 3, method: 'PUT', path: '/1/x', prev_exist: false }));
  assert.equal(full.kind, 'v2');
  assert.equal(full.request.prev_exist, false);
  assert.equal(full.request.refresh, undefined);
  // A v3 put: header (field 100, id 5) + put (field 4, key k).
  const v3 = hexBytes('a2060208 05 22030a016b');
  assert.deepEqual(classifyEntryData(v3), { kind: 'v3', hasHeader: true });
  // An empty entry (leader's no-op) is an empty InternalRaftRequest.
  assert.deepEqual(classifyEntryData(undefined), { kind: 'v3', hasHeader: false });
  // InternalRaftRequest carrying a v2 request in field 2.
  const wrapped = Buffer.concat([hexBytes('1214'), v2]);
  assert.equal(classifyEntryData(wrapped).request.path.toString(), '/1/foo');
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
