// get's output written page by page (ops/range-pages.ts): the same bytes getPrinter renders for the whole
// response, in pieces, so that no more than a page is ever held.
import { encode } from '../proto/codec.js';
import type { OutputFormat } from '../globals.js';
import type { ResponseHeader } from '../proto/schema.js';
import { fieldsHeader, fieldsKV } from './common.js';
import type { PrintOptions } from './format.js';
import { goJson } from './json.js';
import { simpleKV } from './kv.js';
import type { RangePage, RangeSummary } from '../ops/range-pages.js';

export interface PagedRender {
  begin(header: ResponseHeader | undefined): string | Uint8Array;
  page(page: RangePage): string | Uint8Array;
  end(summary: RangeSummary): string | Uint8Array;
}

/** Copies wire[start, end) to out at `at`; short runs byte by byte, which is cheaper than a call. */
function copyRun(out: Buffer, at: number, wire: Buffer, start: number, end: number): number {
  if (end - start < 64) {
    for (let i = start; i < end; i++) out[at++] = wire[i];
    return at;
  }
  if (out === wire) out.copyWithin(at, start, end);
  else out.set(wire.subarray(start, end), at);
  return at + end - start;
}

/**
 * Whether the lines can be made in place of the wire form: each key-value's lines are shorter than its
 * message (at least four tag and length bytes more), so writing never overtakes reading as long as each key
 * comes before its value, the order etcd writes them in.
 */
function keysBeforeValues(spans: number[]): boolean {
  for (let i = 0; i < spans.length; i += 4) {
    const keyEmpty = spans[i] === spans[i + 1];
    const valueEmpty = spans[i + 2] === spans[i + 3];
    if (!keyEmpty && !valueEmpty && spans[i + 1] > spans[i + 2]) return false;
  }
  return true;
}

/** The simple format's key and value lines of a page: in place of its wire form when they can be, so no second buffer. */
function simpleLines(page: RangePage, o: PrintOptions): Buffer {
  if (o.hex) return Buffer.concat(page.kvs.flatMap((kv) => simpleKV(kv, true, o.valueOnly)));
  const { wire, spans } = page.releaseWire();
  const out = keysBeforeValues(spans) ? wire : Buffer.allocUnsafe(wire.length);
  let at = 0;
  for (let i = 0; i < spans.length; i += 4) {
    if (!o.valueOnly) {
      at = copyRun(out, at, wire, spans[i], spans[i + 1]);
      out[at++] = 0x0a;
    }
    at = copyRun(out, at, wire, spans[i + 2], spans[i + 3]);
    out[at++] = 0x0a;
  }
  return out.subarray(0, at);
}

const RANGE_RESPONSE = 'etcdserverpb.RangeResponse' as const;

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
