// Printers for key-value responses (etcdctl printer_*.go Get, Put; del/txn/watch join them here).
import { encode } from '../proto/codec.js';
import type { DeleteRangeResponse, KeyValue, PutResponse, RangeResponse, TxnResponse, WatchResponse } from '../proto/schema.js';
import { fieldsHeader, fieldsKV, NEWLINE, simpleBytesLine } from './common.js';
import type { Printer } from './format.js';
import { goJson } from './json.js';

/** etcdctl's printKV: the key line (unless value-only) and the value line, raw bytes or \xNN with --hex. */
export function simpleKV(kv: KeyValue, hex: boolean, valueOnly = false): Buffer[] {
  const lines = [simpleBytesLine(kv.value, hex)];
  if (!valueOnly) lines.unshift(simpleBytesLine(kv.key, hex));
  return lines;
}

export const getPrinter: Printer<RangeResponse> = {
  simple: (r, o) => Buffer.concat(r.kvs.flatMap((kv) => simpleKV(kv, o.hex, o.valueOnly))),
  json: (r) => goJson('etcdserverpb.RangeResponse', r) + '\n',
  fields: (r) => fieldsHeader(r.header) + r.kvs.map((kv) => fieldsKV(kv)).join('') + `"More" : ${r.more}\n"Count" : ${r.count}\n`,
  protobuf: (r) => encode('etcdserverpb.RangeResponse', r),
};

export const putPrinter: Printer<PutResponse> = {
  simple: (r, o) => Buffer.concat([Buffer.from('OK'), NEWLINE, ...(r.prev_kv ? simpleKV(r.prev_kv, o.hex) : [])]),
  json: (r) => goJson('etcdserverpb.PutResponse', r) + '\n',
  fields: (r) => fieldsHeader(r.header) + (r.prev_kv ? fieldsKV(r.prev_kv, 'Prev') : ''),
  protobuf: (r) => encode('etcdserverpb.PutResponse', r),
};

export const delPrinter: Printer<DeleteRangeResponse> = {
  simple: (r, o) => Buffer.concat([Buffer.from(`${r.deleted}\n`), ...r.prev_kvs.flatMap((kv) => simpleKV(kv, o.hex))]),
  json: (r) => goJson('etcdserverpb.DeleteRangeResponse', r) + '\n',
  fields: (r) => fieldsHeader(r.header) + `"Deleted" : ${r.deleted}\n` + r.prev_kvs.map((kv) => fieldsKV(kv, 'Prev')).join(''),
  protobuf: (r) => encode('etcdserverpb.DeleteRangeResponse', r),
};

/** A txn's responses, each printed as its own command would print it. */
function eachOp<T>(r: TxnResponse, f: { get: (x: RangeResponse) => T; put: (x: PutResponse) => T; del: (x: DeleteRangeResponse) => T }): T[] {
  return r.responses.flatMap((op) => {
    if (op.response_range) return [f.get(op.response_range)];
    if (op.response_put) return [f.put(op.response_put)];
    if (op.response_delete_range) return [f.del(op.response_delete_range)];
    return [];
  });
}

export const txnPrinter: Printer<TxnResponse> = {
  simple: (r, o) => {
    const opts = { hex: o.hex };
    const parts = eachOp(r, {
      get: (x) => getPrinter.simple!(x, opts),
      put: (x) => putPrinter.simple!(x, opts),
      del: (x) => delPrinter.simple!(x, opts),
    });
    return Buffer.concat([Buffer.from(r.succeeded ? 'SUCCESS\n' : 'FAILURE\n'), ...parts.flatMap((p) => [NEWLINE, Buffer.from(p)])]);
  },
  json: (r) => goJson('etcdserverpb.TxnResponse', r) + '\n',
  fields: (r, o) =>
    fieldsHeader(r.header) +
    `"Succeeded" : ${r.succeeded}\n` +
    eachOp(r, {
      get: (x) => getPrinter.fields!(x, o) as string,
      put: (x) => putPrinter.fields!(x, o) as string,
      del: (x) => delPrinter.fields!(x, o) as string,
    }).join(''),
  protobuf: (r) => encode('etcdserverpb.TxnResponse', r),
};

const EVENT_TYPES = ['PUT', 'DELETE'];
const EMPTY_OUTPUT = Buffer.alloc(0);
const EMPTY_KV: KeyValue = { key: Buffer.alloc(0), create_revision: 0n, mod_revision: 0n, version: 0n, value: Buffer.alloc(0), lease: 0n };

export const eventTypeName = (t: number) => EVENT_TYPES[t] ?? String(t);

const EVENT_LINES = EVENT_TYPES.map((t) => Buffer.from(`${t}\n`, 'latin1'));
const eventLine = (t: number) => EVENT_LINES[t] ?? Buffer.from(`${t}\n`, 'latin1');

/** Bytes of a key-value block in the simple format without --hex: key and value, each with its newline. */
const rawKVSize = (kv: KeyValue) => kv.key.length + kv.value.length + 2;

function putRawKV(out: Buffer, at: number, kv: KeyValue): number {
  out.set(kv.key, at);
  at += kv.key.length;
  out[at++] = 0x0a;
  out.set(kv.value, at);
  at += kv.value.length;
  out[at++] = 0x0a;
  return at;
}

/**
 * A response's events in the simple format without --hex, sized first and filled in one buffer: watch prints
 * a response per revision as it happens, and many small buffers joined per response cost more than the printing.
 */
function simpleRawEvents(r: WatchResponse): Buffer {
  let size = 0;
  for (const e of r.events) {
    size += eventLine(e.type).length + rawKVSize(e.kv ?? EMPTY_KV);
    if (e.prev_kv) size += rawKVSize(e.prev_kv);
  }
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const e of r.events) {
    const line = eventLine(e.type);
    out.set(line, at);
    at += line.length;
    if (e.prev_kv) at = putRawKV(out, at, e.prev_kv);
    at = putRawKV(out, at, e.kv ?? EMPTY_KV);
  }
  return out;
}

/** etcdctl prints clientv3's WatchResponse: the wire message without watch_id, cancel_reason and fragment. */
export const watchPrinter: Printer<WatchResponse> = {
  simple: (r, o) => {
    if (r.events.length === 0) return EMPTY_OUTPUT;
    if (!o.hex) return simpleRawEvents(r);
    return Buffer.concat(
      r.events.flatMap((e) => [
        eventLine(e.type),
        ...(e.prev_kv ? simpleKV(e.prev_kv, true) : []),
        ...simpleKV(e.kv ?? EMPTY_KV, true),
      ]),
    );
  },
  json: (r) =>
    `{"Header":${goJson('etcdserverpb.ResponseHeader', r.header ?? {})},"Events":[${r.events.map((e) => goJson('mvccpb.Event', e)).join(',')}],` +
    `"CompactRevision":${r.compact_revision},"Canceled":${r.canceled},"Created":${r.created}}\n`,
  fields: (r) =>
    fieldsHeader(r.header) +
    r.events
      .map((e) => `"Type" : ${eventTypeName(e.type)}\n` + (e.prev_kv ? fieldsKV(e.prev_kv, 'Prev') : '') + fieldsKV(e.kv ?? EMPTY_KV))
      .join(''),
  protobuf: (r) =>
    encode('etcdserverpb.WatchResponse', {
      header: r.header,
      events: r.events,
      compact_revision: r.compact_revision,
      canceled: r.canceled,
      created: r.created,
    }),
};
