// get's output written page by page (ops/range-pages.ts): the same bytes getPrinter renders for the whole
// response, in pieces, so that no more than a page is ever held.
import { encode } from '../proto/codec.js';
import type { OutputFormat } from '../globals.js';
import { fieldsHeader, fieldsKV, hexEscape, type Header } from './common.js';
import type { PrintOptions } from './format.js';
import { goJson } from './json.js';
import type { RangePage, RangeSummary } from '../ops/range-pages.js';

export interface PagedRender {
  begin(header: Header | undefined): string | Uint8Array;
  page(page: RangePage): string | Uint8Array;
  end(summary: RangeSummary): string | Uint8Array;
}

/** Copies wire[start, end) to out at `at`; short runs byte by byte, which is cheaper than a view per copy. */
function copySpan(out: Buffer, at: number, wire: Buffer, start: number, end: number): number {
  if (end - start < 64) {
    for (let i = start; i < end; i++) out[at++] = wire[i];
    return at;
  }
  out.set(wire.subarray(start, end), at);
  return at + end - start;
}

/** The simple format's key and value lines, in one buffer per page, copied straight from the wire form. */
function simpleLines(page: RangePage, o: PrintOptions): Buffer {
  if (o.hex) {
    let s = '';
    for (const kv of page.kvs) s += (o.valueOnly ? '' : hexEscape(kv.key) + '\n') + hexEscape(kv.value) + '\n';
    return Buffer.from(s, 'latin1');
  }
  const spans = page.keyValueSpans();
  const wire = page.wire;
  let size = 0;
  for (let i = 0; i < spans.length; i += 4) size += (o.valueOnly ? 0 : spans[i + 1] - spans[i] + 1) + spans[i + 3] - spans[i + 2] + 1;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (let i = 0; i < spans.length; i += 4) {
    if (!o.valueOnly) {
      at = copySpan(out, at, wire, spans[i], spans[i + 1]);
      out[at++] = 0x0a;
    }
    at = copySpan(out, at, wire, spans[i + 2], spans[i + 3]);
    out[at++] = 0x0a;
  }
  return out;
}

const RANGE_RESPONSE = 'etcdserverpb.RangeResponse';

/** Go's JSON of the whole RangeResponse, split at its `kvs` array. */
function jsonPages(): PagedRender {
  let fieldsBefore = false;
  let kvsOpen = false;
  return {
    begin(header) {
      const head = goJson(RANGE_RESPONSE, { header, kvs: [] }); // `{"header":{…}}` or `{}`
      fieldsBefore = head.length > 2;
      return head.slice(0, -1);
    },
    page({ kvs }) {
      if (kvs.length === 0) return '';
      const items = kvs.map((kv) => goJson('mvccpb.KeyValue', kv)).join(',');
      const opening = kvsOpen ? ',' : `${fieldsBefore ? ',' : ''}"kvs":[`;
      kvsOpen = true;
      fieldsBefore = true;
      return opening + items;
    },
    end(summary) {
      const tail = goJson(RANGE_RESPONSE, { kvs: [], ...summary }).slice(1); // `"more":…,"count":…}` or `}`
      return (kvsOpen ? ']' : '') + (fieldsBefore && tail.length > 1 ? ',' : '') + tail + '\n';
    },
  };
}

/** A protobuf message's fields may come in several pieces: the pieces joined are the whole message. */
const protobufPages = (): PagedRender => ({
  begin: (header) => encode(RANGE_RESPONSE, { header }),
  page: ({ kvs }) => encode(RANGE_RESPONSE, { kvs }),
  end: (summary) => encode(RANGE_RESPONSE, summary),
});

export const getPagePrinter: Partial<Record<OutputFormat, (o: PrintOptions) => PagedRender>> = {
  simple: (o) => ({ begin: () => '', page: (p) => simpleLines(p, o), end: () => '' }),
  json: jsonPages,
  fields: () => ({
    begin: (header) => fieldsHeader(header),
    page: ({ kvs }) => kvs.map((kv) => fieldsKV(kv)).join(''),
    end: (s) => `"More" : ${s.more}\n"Count" : ${s.count}\n`,
  }),
  protobuf: protobufPages,
};
