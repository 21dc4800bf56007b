// Changing some top-level buckets of an existing bbolt file the way bbolt commits a write transaction:
// untouched buckets keep their pages, changed buckets and the root tree get new pages after the current
// high-water mark, and a new meta (txid + 1) makes the new state current. Meant for files we just created
// (a copy being prepared under a temporary name), not for a live database.
import { withOpenFile } from '../fsutil.js';
import { BUCKET_LEAF_FLAG } from './format.js';
import { BoltReader, parseBucketHeader, type BucketRef } from './reader.js';
import { BoltWriter, type BucketBuilder } from './writer.js';

export type BucketEdit =
  | { kind: 'delete' }
  /** Writes the bucket anew; `old` is the current bucket, or null when it does not exist yet. */
  | { kind: 'rewrite'; fill: (b: BucketBuilder, old: BucketRef | null, reader: BoltReader) => void };

/** A bucket name as the key of an edit map (bucket names are bytes; latin1 keeps them one char per byte). */
export const bucketKey = (name: Uint8Array | string): string =>
  typeof name === 'string' ? name : Buffer.from(name).toString('latin1');

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export interface RewriteOptions {
  /** Bytes of the file that belong to the database (a snapshot's SHA-256 trailer is not part of it). */
  limit?: number;
}

/**
 * Applies `edits` (by bucket name) to the database in `path`. Buckets without an edit are kept as they are;
 * an edit for a missing bucket creates it. Top-level plain keys (not used by etcd) are kept too.
 */
export function rewriteBuckets(path: string, edits: Map<string, BucketEdit>, opts: RewriteOptions = {}): void {
  const reader = BoltReader.open(path, { limit: opts.limit });
  try {
    const existing = new Map<string, { value: Uint8Array; flags: number }>();
    reader.forEach(reader.root, (key, value, flags) => existing.set(bucketKey(key), { value, flags }));
    const names = new Set([...existing.keys(), ...[...edits.entries()].filter(([, e]) => e.kind !== 'delete').map(([n]) => n)]);

    withOpenFile(path, 'r+', (fd) => {
      const writer = new BoltWriter(fd, reader.pageSize, path, Number(reader.meta.pgid));
      for (const name of [...names].sort(byteOrder)) {
        const nameBytes = Buffer.from(name, 'latin1');
        const edit = edits.get(name);
        const old = existing.get(name);
        if (!edit) {
          writer.keepEntry(nameBytes, old!.value, old!.flags);
        } else if (edit.kind === 'rewrite') {
          const oldRef = old && old.flags & BUCKET_LEAF_FLAG ? parseBucketHeader(old.value) : null;
          writer.bucket(nameBytes, (b) => edit.fill(b, oldRef, reader));
        }
      }
      writer.finish({ txid: reader.meta.txid + 1n });
    });
  } finally {
    reader.close();
  }
}

/** Copies every entry of `old` (if any) into `b`, replacing or adding the `puts` (null deletes), in key order. */
export function mergeInto(
  b: BucketBuilder,
  old: BucketRef | null,
  reader: BoltReader,
  puts: Map<string, Uint8Array | null>,
): void {
  const pending = [...puts.keys()].sort(byteOrder);
  let i = 0;
  const flushBefore = (key: string | null) => {
    while (i < pending.length && (key === null || pending[i] < key)) {
      const v = puts.get(pending[i]);
      if (v) b.add(Buffer.from(pending[i], 'latin1'), v);
      i++;
    }
  };
  if (old) {
    reader.forEach(old, (key, value, flags) => {
      const k = bucketKey(key);
      flushBefore(k);
      if (i < pending.length && pending[i] === k) return; // replaced (or deleted) by a put
      b.add(key, value, flags);
    });
  }
  flushBefore(null);
}
