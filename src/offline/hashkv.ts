// `etcdutl hashkv FILE [--rev N]` (etcdutl/etcdutl/hashkv_command.go@v3.6.14): the hash etcd's HashKV RPC gives,
// computed from a backend file (a member's db or a snapshot) as etcd's mvcc store computes it on open
// (server/storage/mvcc/hash.go and key_index.go@v3.6.14): CRC-32C of "key", then of each revision key and
// value of the key bucket up to the revision, leaving out what a compaction at the revision would remove.
import { statSync } from 'node:fs';
import { BoltReader } from './bbolt/reader.js';
import { crc32cUpdate } from './crc32c.js';
import { OfflineError, ioError } from './errors.js';
import { Buckets, MetaKeys, parseRevisionKey, readMeta, readU64be } from './schema.js';
import { decode } from '../v3/proto/codec.js';

export interface HashKV {
  hash: number;
  hashRevision: bigint;
  compactRevision: bigint;
}

interface Rev {
  main: bigint;
  sub: bigint;
  tombstone: boolean;
}

const revId = (r: { main: bigint; sub: bigint }) => `${r.main}_${r.sub}`;

/**
 * mvcc's keyIndex.keep: the revisions of one key that a compaction at `atRev` keeps, from the key's
 * generations (each ended by a tombstone but the last).
 */
function keepOf(generations: Rev[][], atRev: bigint, into: Set<string>): void {
  if (generations.length === 1 && generations[0].length === 0) return;
  let genIdx = 0;
  while (genIdx < generations.length - 1 && generations[genIdx][generations[genIdx].length - 1].main < atRev) genIdx++;
  const g = generations[genIdx];
  let revIndex = -1;
  for (let i = g.length - 1; i >= 0; i--) {
    if (g[i].main <= atRev) {
      into.add(revId(g[i]));
      revIndex = i;
      break;
    }
  }
  // A tombstone at the revision is not kept (so that releases before and after 3.5.15 hash alike).
  if (g.length > 0 && revIndex === g.length - 1 && genIdx !== generations.length - 1) into.delete(revId(g[revIndex]));
}

function metaRevision(r: BoltReader, key: Uint8Array): bigint | null {
  const v = readMeta(r, key);
  return v && v.length >= 8 ? readU64be(v) : null;
}

export function hashKV(file: string, rev: bigint): HashKV {
  try {
    statSync(file);
  } catch (err) {
    throw ioError('stat', file, err);
  }
  const r = BoltReader.open(file);
  try {
    const keyBucket = r.bucket(Buckets.key);
    const entries: { k: Uint8Array; v: Uint8Array; rev: Rev }[] = [];
    if (keyBucket) r.forEach(keyBucket, (k, v) => entries.push({ k, v, rev: parseRevisionKey(k) }));
    // The store's revisions as it restores them: the last finished compaction (or a scheduled one, which
    // opening the store completes), and the newest revision, never below the compaction.
    const finished = metaRevision(r, MetaKeys.finishedCompactRev);
    const scheduled = metaRevision(r, MetaKeys.scheduledCompactRev);
    let compactRev = finished ?? -1n;
    if (scheduled !== null && scheduled > compactRev) compactRev = scheduled;
    let currentRev = entries.length ? entries[entries.length - 1].rev.main : 1n;
    if (currentRev < compactRev) currentRev = compactRev;
    if (rev > 0n && rev < compactRev) throw new OfflineError('mvcc: required revision has been compacted', 'CORRUPT');
    if (rev > 0n && rev > currentRev) throw new OfflineError('mvcc: required revision is a future revision', 'CORRUPT');
    const at = rev === 0n ? currentRev : rev;

    // The key index: each user key's generations, in revision order.
    const index = new Map<string, Rev[][]>();
    for (const e of entries) {
      const key = Buffer.from(decode('mvccpb.KeyValue', e.v).key).toString('latin1');
      let gens = index.get(key);
      if (!gens) index.set(key, (gens = [[]]));
      gens[gens.length - 1].push(e.rev);
      if (e.rev.tombstone) gens.push([]);
    }
    const keep = new Set<string>();
    for (const gens of index.values()) keepOf(gens, at, keep);

    let h = crc32cUpdate(0, Buckets.key);
    for (const { k, v, rev: kr } of entries) {
      if (kr.main > at) continue;
      if (kr.main <= compactRev && keep.size > 0 && !keep.has(revId(kr))) continue;
      if (kr.main === compactRev && kr.tombstone) continue;
      h = crc32cUpdate(h, k);
      h = crc32cUpdate(h, v);
    }
    return { hash: h >>> 0, hashRevision: at, compactRevision: compactRev };
  } finally {
    r.close();
  }
}
