// get's paged output (one Range read in pages) must be the bytes getPrinter renders for the single answer,
// in every format, wherever the pages are cut; and the codec's span reading must agree with decode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decode, decodeExcept, encode, fieldSpans } from '../../dist/v3/proto/codec.js';
import { getPrinter } from '../../dist/v3/printers/kv.js';
import { getPagePrinter } from '../../dist/v3/printers/get-pages.js';
import { RangePage, pageable } from '../../dist/v3/ops/range-pages.js';

const RANGE_RESPONSE = 'etcdserverpb.RangeResponse';

/** Deterministic pseudo-random numbers, so a failure can be reproduced. */
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function randomBytes(rand, max) {
  const n = Math.floor(rand() * max);
  return Buffer.from(Array.from({ length: n }, () => Math.floor(rand() * 256)));
}

function randomKvs(rand, n) {
  return Array.from({ length: n }, (_, i) => ({
    key: Buffer.concat([Buffer.from(`k${String(i).padStart(4, '0')}`), randomBytes(rand, 4)]),
    create_revision: BigInt(Math.floor(rand() * 100)),
    mod_revision: 2n ** 63n - 1n - BigInt(i),
    version: BigInt(i % 3),
    // Short and long values: the printer copies the two differently.
    value: randomBytes(rand, rand() < 0.2 ? 300 : 20),
    lease: i % 4 === 0 ? -BigInt(i + 1) : 0n,
  }));
}

/** The pages a server would send for `kvs`, cut at `cuts`, each as its wire form. */
function pagesOf(header, kvs, cuts, count) {
  const bounds = [0, ...cuts, kvs.length];
  return bounds.slice(1).map((end, i) => {
    const page = kvs.slice(bounds[i], end);
    const more = end < kvs.length;
    return new RangePage(encode(RANGE_RESPONSE, { header, kvs: page, more, count: count - BigInt(bounds[i]) }));
  });
}

function renderPaged(format, opts, header, pages, summary) {
  const r = getPagePrinter[format](opts);
  const parts = [r.begin(header), ...pages.map((p) => r.page(p)), r.end(summary)];
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
}

function renderWhole(format, opts, resp) {
  const out = getPrinter[format](resp, opts);
  return typeof out === 'string' ? Buffer.from(out) : Buffer.from(out);
}

test('paged output equals the single answer in every format, wherever the pages are cut', () => {
  const rand = rng(7);
  const header = { cluster_id: 2n ** 64n - 1n, member_id: 12101053776118486841n, revision: 42n, raft_term: 3n };
  for (let round = 0; round < 40; round++) {
    const n = Math.floor(rand() * 30);
    const kvs = randomKvs(rand, n);
    const cuts = [...new Set(Array.from({ length: Math.floor(rand() * 4) }, () => Math.floor(rand() * (n + 1))))].sort((a, b) => a - b);
    const limited = rand() < 0.3;
    const count = BigInt(n) + (limited ? 5n : 0n);
    const summary = { more: limited, count };
    const whole = { header, kvs, more: limited, count };
    for (const format of ['simple', 'json', 'fields', 'protobuf']) {
      for (const opts of [{ hex: false }, { hex: true }, { hex: false, valueOnly: true }, { hex: true, valueOnly: true }]) {
        if (format !== 'simple' && (opts.hex || opts.valueOnly)) continue;
        // Fresh pages each time: the simple format writes its lines over a page's wire form.
        const paged = renderPaged(format, opts, header, pagesOf(header, kvs, cuts, count), summary);
        const single = renderWhole(format, opts, whole);
        assert.deepEqual(paged, single, `${format} ${JSON.stringify(opts)} n=${n} cuts=${cuts}`);
      }
    }
  }
});

test('a key-value whose value comes before its key on the wire still prints right (no lines made in place)', () => {
  // etcd writes fields in number order; another encoder need not. Key (1) after value (5), by hand:
  const kv = Buffer.concat([Buffer.from([0x2a, 3]), Buffer.from('val'), Buffer.from([0x0a, 3]), Buffer.from('key')]);
  const wire = Buffer.concat([Buffer.from([0x12, kv.length]), kv]);
  const out = getPagePrinter.simple({ hex: false }).page(new RangePage(wire));
  assert.equal(Buffer.from(out).toString(), 'key\nval\n');
});

test('a page whose wire form was handed over has no key-values to give', () => {
  const page = new RangePage(encode(RANGE_RESPONSE, { kvs: randomKvs(rng(1), 3) }));
  getPagePrinter.simple({ hex: false }).page(page);
  assert.throws(() => page.kvs, /released/);
});

test('an empty range prints what the single answer prints (json keeps the header, no kvs)', () => {
  const header = { cluster_id: 1n, member_id: 2n, revision: 3n, raft_term: 4n };
  const pages = [new RangePage(encode(RANGE_RESPONSE, { header, kvs: [], more: false, count: 0n }))];
  const json = renderPaged('json', { hex: false }, header, pages, { more: false, count: 0n }).toString();
  assert.equal(json, '{"header":{"cluster_id":1,"member_id":2,"revision":3,"raft_term":4}}\n');
  assert.equal(renderPaged('simple', { hex: false }, header, pages, { more: false, count: 0n }).length, 0);
});

test('a page reads its key-values as decode would, and its last key', () => {
  const kvs = randomKvs(rng(3), 12);
  const header = { cluster_id: 9n, member_id: 8n, revision: 7n, raft_term: 6n };
  const wire = encode(RANGE_RESPONSE, { header, kvs, more: true, count: 99n });
  const page = new RangePage(wire);
  const full = decode(RANGE_RESPONSE, wire);
  assert.deepEqual(page.kvs, full.kvs);
  assert.deepEqual(page.header, full.header);
  assert.equal(page.more, true);
  assert.equal(page.count, 99n);
  assert.equal(page.size, 12);
  assert.deepEqual(page.lastKey(), kvs[11].key);
});

test('decodeExcept leaves out one field; fieldSpans finds payloads without decoding', () => {
  const kv = { key: Buffer.from('key'), create_revision: 1n, mod_revision: 2n, version: 3n, value: Buffer.from('value'), lease: 5n };
  const wire = encode('mvccpb.KeyValue', kv);
  const rest = decodeExcept('mvccpb.KeyValue', wire, 'value');
  assert.equal(rest.value.length, 0);
  assert.deepEqual(rest.key, kv.key);
  assert.equal(rest.lease, 5n);
  const spans = [];
  fieldSpans('mvccpb.KeyValue', ['value', 'key'])(wire, 0, wire.length, spans);
  assert.equal(wire.subarray(spans[0], spans[1]).toString(), 'value');
  assert.equal(wire.subarray(spans[2], spans[3]).toString(), 'key');
  // An absent field is an empty span.
  const bare = encode('mvccpb.KeyValue', { key: Buffer.from('k') });
  const none = [];
  fieldSpans('mvccpb.KeyValue', ['value'])(bare, 0, bare.length, none);
  assert.equal(none[0], none[1]);
  assert.throws(() => fieldSpans('mvccpb.KeyValue', ['lease']), /not a length-delimited field/);
});

test('only ranges the server neither sorts nor filters are read in pages', () => {
  const base = {
    key: Buffer.from('a'), range_end: Buffer.from('b'), limit: 0n, revision: 0n, sort_order: 0, sort_target: 0,
    serializable: false, keys_only: false, count_only: false,
    min_mod_revision: 0n, max_mod_revision: 0n, min_create_revision: 0n, max_create_revision: 0n,
  };
  assert.equal(pageable(base), true);
  assert.equal(pageable({ ...base, limit: 10n, revision: 5n, keys_only: true, serializable: true }), true);
  assert.equal(pageable({ ...base, range_end: Buffer.alloc(0) }), false);
  assert.equal(pageable({ ...base, count_only: true }), false);
  assert.equal(pageable({ ...base, sort_order: 2 }), false);
  assert.equal(pageable({ ...base, sort_target: 3 }), false);
  assert.equal(pageable({ ...base, min_mod_revision: 1n }), false);
  assert.equal(pageable({ ...base, max_create_revision: 1n }), false);
});
