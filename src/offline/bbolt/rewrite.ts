// Changing some top-level buckets of an existing bbolt file the way bbolt commits a write transaction:
// untouched buckets keep their pages, changed buckets and the root tree get new pages after the current
// high-water mark, and a new meta (txid + 1) makes the new state current. Meant for files we just created
// (a copy being prepared under a temporary name), not for a live database.
import { OfflineError } from '../errors.js';
import { withOpenFile } from '../fsutil.js';
import { BRANCH_PAGE, BUCKET_LEAF_FLAG, LEAF_PAGE } from './format.js';
import { BoltReader, forEachBranchChild, parseBucketHeader, type BucketRef } from './reader.js';
import {
  BoltWriter,
  branchBytes,
  bucketHeader,
  leafBytes,
  writeBranchPage,
  writeLeafPage,
  type BucketBuilder,
  type ChildRef,
  type Element,
  type PageSink,
} from './writer.js';

export type BucketEdit =
  | { kind: 'delete' }
  /** Writes the bucket anew; `old` is the current bucket, or null when it does not exist yet. */
  | { kind: 'rewrite'; fill: (b: BucketBuilder, old: BucketRef | null, reader: BoltReader) => void }
  /**
   * Adds one key (or replaces it). When it sorts after every key of the bucket's tree, only the pages on the
   * tree's rightmost path are written anew, as a bbolt commit would touch only those; otherwise the bucket is
   * rewritten.
   */
  | { kind: 'append'; key: Uint8Array; value: Uint8Array };

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
        } else if (edit.kind === 'append') {
          const oldRef = old && old.flags & BUCKET_LEAF_FLAG ? parseBucketHeader(old.value) : null;
          const header = oldRef && oldRef.root !== 0n ? appendToTree(reader, writer.sink, oldRef, { key: edit.key, value: edit.value, flags: 0 }) : null;
          if (header) writer.keepEntry(nameBytes, header);
          else writer.bucket(nameBytes, (b) => mergeInto(b, oldRef, reader, new Map([[bucketKey(edit.key), edit.value]])));
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

const MAX_TREE_DEPTH = 64;

/**
 * One key after the last of a bucket's tree: the rightmost leaf copied with it (or, when full, a new leaf after
 * it), and the branch pages above copied with their last child replaced. Returns the bucket's new header, or
 * null (having written nothing) when the key does not sort after every key.
 */
function appendToTree(reader: BoltReader, sink: PageSink, bucket: BucketRef, add: Element): Uint8Array | null {
  const refs = appendBelow(reader, sink, Number(bucket.root), add, 0);
  if (!refs) return null;
  return bucketHeader(refs.length === 1 ? refs[0].pgid : writeBranchPage(sink, refs), bucket.sequence);
}

/** The refs that replace page `pgid` in its parent (itself copied, perhaps plus a new sibling), or null. */
function appendBelow(reader: BoltReader, sink: PageSink, pgid: number, add: Element, depth: number): ChildRef[] | null {
  if (depth > MAX_TREE_DEPTH) throw new OfflineError(`page ${pgid}: tree deeper than ${MAX_TREE_DEPTH} levels (a cycle?)`, 'CORRUPT');
  const p = reader.page(pgid);
  if (p.flags & LEAF_PAGE) {
    const elems: Element[] = [];
    reader.forEach({ root: BigInt(pgid), sequence: 0n, inline: null }, (key, value, flags) => elems.push({ key: key.slice(), value: value.slice(), flags }));
    if (elems.length > 0 && Buffer.compare(elems[elems.length - 1].key, add.key) >= 0) return null;
    const grown = [...elems, add];
    const bytes = leafBytes(grown);
    if (elems.length === 0 || bytes <= sink.pageSize) return [{ key: grown[0].key, pgid: writeLeafPage(sink, grown, bytes) }];
    return [{ key: elems[0].key, pgid }, { key: add.key, pgid: writeLeafPage(sink, [add]) }];
  }
  if (!(p.flags & BRANCH_PAGE) || p.count === 0) throw new OfflineError(`page ${pgid}: not a branch or leaf page with elements`, 'CORRUPT');
  const children: ChildRef[] = [];
  forEachBranchChild(p, (child, _idOff, keyOff, keyLen) => {
    if (child < 0) throw new OfflineError(`page ${pgid}: child page id out of range`, 'CORRUPT');
    children.push({ key: p.buf.slice(keyOff, keyOff + keyLen), pgid: child });
  });
  const last = children.pop()!;
  const below = appendBelow(reader, sink, last.pgid, add, depth + 1);
  if (!below) return null;
  const refs = [...children, { key: last.key, pgid: below[0].pgid }, ...below.slice(1)];
  const bytes = branchBytes(refs);
  if (bytes <= sink.pageSize) return [{ key: refs[0].key, pgid: writeBranchPage(sink, refs, bytes) }];
  const head = refs.slice(0, -1);
  const tail = refs.slice(-1);
  return [{ key: head[0].key, pgid: writeBranchPage(sink, head) }, { key: tail[0].key, pgid: writeBranchPage(sink, tail) }];
}
