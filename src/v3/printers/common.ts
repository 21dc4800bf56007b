// Pieces several printers share: etcdctl's header and key-value blocks, hex and Go formatting.
import { goQuote } from '../../go/quote.js';
import type { KeyValue, ResponseHeader } from '../proto/schema.js';

const ZERO_HEADER: ResponseHeader = { cluster_id: 0n, member_id: 0n, revision: 0n, raft_term: 0n };

/** `fields` prints the header block even when the response carried none. */
export function fieldsHeader(h: ResponseHeader | undefined): string {
  const x = h ?? ZERO_HEADER;
  return `"ClusterID" : ${x.cluster_id}\n"MemberID" : ${x.member_id}\n"Revision" : ${x.revision}\n"RaftTerm" : ${x.raft_term}\n`;
}

export function fieldsKV(kv: KeyValue, prefix = ''): string {
  return (
    `"${prefix}Key" : ${goQuote(kv.key)}\n` +
    `"${prefix}CreateRevision" : ${kv.create_revision}\n` +
    `"${prefix}ModRevision" : ${kv.mod_revision}\n` +
    `"${prefix}Version" : ${kv.version}\n` +
    `"${prefix}Value" : ${goQuote(kv.value)}\n` +
    `"${prefix}Lease" : ${kv.lease}\n`
  );
}

const HEX_ESCAPES = Array.from({ length: 256 }, (_, i) => '\\x' + i.toString(16).padStart(2, '0'));

/** --hex in the simple printer: every byte as \xNN. */
export function hexEscape(b: Uint8Array): string {
  let s = '';
  for (const byte of b) s += HEX_ESCAPES[byte];
  return s;
}

/** simple printer's key/value lines: raw bytes, or \xNN escapes with --hex. */
export function simpleBytesLine(b: Uint8Array, hex: boolean): Buffer {
  return hex ? Buffer.from(hexEscape(b) + '\n') : Buffer.concat([b, NEWLINE]);
}

export const NEWLINE = Buffer.from('\n');

/** Go's %x of a uint64: lower-case, no padding. */
export const hexId = (id: bigint) => BigInt.asUintN(64, id).toString(16);

/** Go's %016x of an int64: zero-padded to 16, a negative value keeps its sign (`-000000000000005`). */
export function leaseHex(id: bigint): string {
  return id < 0n ? '-' + (-id).toString(16).padStart(15, '0') : id.toString(16).padStart(16, '0');
}

/** Go's %16x (space padded), used by the member add/remove/update lines. */
export const paddedHexId = (id: bigint) => hexId(id).padStart(16, ' ');
