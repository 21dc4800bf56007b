// Printers for lease responses (etcdctl printer_*.go Grant, Revoke, KeepAlive, TimeToLive, Leases).
// clientv3 wraps most lease answers in its own structs that embed the header: JSON flattens the header into
// the top level, and -w protobuf marshals only that embedded header.
import { jsonBase64, jsonString } from '../../go/json.js';
import { goQuote } from '../../go/quote.js';
import { encode } from '../proto/codec.js';
import type {
  LeaseGrantResponse,
  LeaseKeepAliveResponse,
  LeaseLeasesResponse,
  LeaseRevokeResponse,
  LeaseTimeToLiveResponse,
  ResponseHeader,
} from '../proto/schema.js';
import { fieldsHeader, leaseHex } from './common.js';
import type { Printer } from './format.js';
import { goJson } from './json.js';

export interface LeaseRevoked {
  id: bigint;
  resp: LeaseRevokeResponse;
}

export interface LeaseTimeToLive {
  resp: LeaseTimeToLiveResponse;
  /** --keys: the simple format then lists them. */
  withKeys: boolean;
}

/** The header's members as Go writes an embedded *ResponseHeader: inline, each omitted when zero. */
function flatHeader(h: ResponseHeader | undefined): string {
  if (!h) return '';
  const inner = goJson('etcdserverpb.ResponseHeader', h).slice(1, -1);
  return inner === '' ? '' : inner + ',';
}

const headerOnly = (h: ResponseHeader | undefined) => encode('etcdserverpb.ResponseHeader', h ?? {});

export const leaseGrantPrinter: Printer<LeaseGrantResponse> = {
  simple: (r) => `lease ${leaseHex(r.ID)} granted with TTL(${r.TTL}s)\n`,
  json: (r) => `{${flatHeader(r.header)}"ID":${r.ID},"TTL":${r.TTL},"Error":${jsonString(r.error)}}\n`,
  fields: (r) => fieldsHeader(r.header) + `"ID" : ${r.ID}\n"TTL" : ${r.TTL}\n`,
  protobuf: (r) => headerOnly(r.header),
};

// etcdctl 3.4 cannot marshal this one ("marshal unsupported for type clientv3.LeaseRevokeResponse"):
// no protobuf, refused before the lease is revoked.
export const leaseRevokePrinter: Printer<LeaseRevoked> = {
  simple: (r) => `lease ${leaseHex(r.id)} revoked\n`,
  json: (r) => goJson('etcdserverpb.LeaseRevokeResponse', r.resp) + '\n',
  fields: (r) => fieldsHeader(r.resp.header),
};

export const leaseKeepAlivePrinter: Printer<LeaseKeepAliveResponse> = {
  simple: (r) => `lease ${leaseHex(r.ID)} keepalived with TTL(${r.TTL})\n`,
  json: (r) => `{${flatHeader(r.header)}"ID":${r.ID},"TTL":${r.TTL}}\n`,
  fields: (r) => fieldsHeader(r.header) + `"ID" : ${r.ID}\n"TTL" : ${r.TTL}\n`,
  protobuf: (r) => headerOnly(r.header),
};

function timeToLiveSimple(t: LeaseTimeToLive): Buffer {
  const r = t.resp;
  if (r.grantedTTL === 0n && r.TTL === -1n) return Buffer.from(`lease ${leaseHex(r.ID)} already expired\n`);
  const parts: Uint8Array[] = [Buffer.from(`lease ${leaseHex(r.ID)} granted with TTL(${r.grantedTTL}s), remaining(${r.TTL}s)`)];
  if (t.withKeys) {
    // Go's %v of a []string: the raw keys between brackets, space separated.
    const keys: Uint8Array[] = r.keys.flatMap((k, i) => (i === 0 ? [k] : [Buffer.from(' '), k]));
    parts.push(Buffer.from(', attached keys(['), ...keys, Buffer.from('])'));
  }
  parts.push(Buffer.from('\n'));
  return Buffer.concat(parts);
}

export const leaseTimeToLivePrinter: Printer<LeaseTimeToLive> = {
  simple: timeToLiveSimple,
  json: ({ resp: r }) => {
    const keys = r.keys.length === 0 ? 'null' : `[${r.keys.map(jsonBase64).join(',')}]`;
    return `{${flatHeader(r.header)}"id":${r.ID},"ttl":${r.TTL},"granted-ttl":${r.grantedTTL},"keys":${keys}}\n`;
  },
  fields: ({ resp: r }) =>
    fieldsHeader(r.header) +
    `"ID" : ${r.ID}\n"TTL" : ${r.TTL}\n"GrantedTTL" : ${r.grantedTTL}\n` +
    r.keys.map((k) => `"Key" : ${goQuote(k)}\n`).join(''),
  protobuf: ({ resp: r }) => headerOnly(r.header),
};

export const leaseLeasesPrinter: Printer<LeaseLeasesResponse> = {
  simple: (r) => `found ${r.leases.length} leases\n` + r.leases.map((l) => leaseHex(l.ID) + '\n').join(''),
  json: (r) => `{${flatHeader(r.header)}"leases":[${r.leases.map((l) => `{"id":${l.ID}}`).join(',')}]}\n`,
  fields: (r) => fieldsHeader(r.header) + r.leases.map((l) => `"ID" : ${l.ID}\n`).join(''),
  protobuf: (r) => headerOnly(r.header),
};
