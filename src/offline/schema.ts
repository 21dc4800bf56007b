// etcd 3.4's v3 backend schema: bucket names and revision keys (the values are mvccpb.KeyValue, in the one
// protobuf codec).
import { OfflineError } from './errors.js';
import type { BoltReader } from './bbolt/reader.js';

const name = (s: string) => Buffer.from(s, 'latin1');

export const Buckets = {
  key: name('key'),
  meta: name('meta'),
  lease: name('lease'),
  alarm: name('alarm'),
  auth: name('auth'),
  authUsers: name('authUsers'),
  authRoles: name('authRoles'),
  cluster: name('cluster'),
  members: name('members'),
  membersRemoved: name('members_removed'),
} as const;

export const MetaKeys = {
  consistentIndex: name('consistent_index'),
  term: name('term'),
  scheduledCompactRev: name('scheduledCompactRev'),
  finishedCompactRev: name('finishedCompactRev'),
} as const;

export const REVISION_KEY_SIZE = 17;
const TOMBSTONE_MARK = 0x74; // 't'

/** An unsigned 64-bit integer as 8 big-endian bytes, as etcd stores every integer in the backend. */
export function u64be(v: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), false);
  return b;
}

export function readU64be(b: Uint8Array, off = 0): bigint {
  return new DataView(b.buffer, b.byteOffset, b.byteLength).getBigUint64(off, false);
}

/** The value of `key` in the meta bucket, or null when there is no such key (or no meta bucket). */
export function readMeta(r: BoltReader, key: Uint8Array): Uint8Array | null {
  const meta = r.bucket(Buckets.meta);
  let found: Uint8Array | null = null;
  if (meta) {
    r.forEach(meta, (k, v) => {
      if (Buffer.from(k).equals(key)) found = v;
    });
  }
  return found;
}

export interface Revision {
  main: bigint;
  sub: bigint;
}

/** main (8 bytes BE) ‖ '_' ‖ sub (8 bytes BE), plus 't' for a tombstone. */
export function revisionKey(rev: Revision, tombstone = false): Uint8Array {
  const k = new Uint8Array(tombstone ? REVISION_KEY_SIZE + 1 : REVISION_KEY_SIZE);
  const v = new DataView(k.buffer);
  v.setBigInt64(0, rev.main, false);
  k[8] = 0x5f;
  v.setBigInt64(9, rev.sub, false);
  if (tombstone) k[17] = TOMBSTONE_MARK;
  return k;
}

/** The revision of a `key` bucket key (mvcc's bytesToRev: int64 main from bytes 0..8, sub from 9..17). */
export function parseRevisionKey(k: Uint8Array): Revision & { tombstone: boolean } {
  if (k.length < REVISION_KEY_SIZE) {
    throw new OfflineError(`bucket "key" holds a ${k.length}-byte key that is not a revision`, 'CORRUPT');
  }
  const v = new DataView(k.buffer, k.byteOffset, k.byteLength);
  return { main: v.getBigInt64(0, false), sub: v.getBigInt64(9, false), tombstone: k.length === 18 && k[17] === TOMBSTONE_MARK };
}
