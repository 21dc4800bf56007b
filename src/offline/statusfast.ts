// `snapshot status` for large files without holding them in memory: two sequential passes through a small
// reusable buffer. Pass 1 records every page header and branch (enough to follow the B+trees and to apply
// bbolt's checks); pass 2 computes the CRC-32C of each reachable leaf of the top-level buckets; the per-leaf
// CRCs are then joined in key order. Only the well-formed case is handled here: the moment anything looks
// unusual (a persisted freelist, a page whose header disagrees with its position, a page reached twice,
// malformed elements) this returns null and the caller takes the precise path, which reports problems in
// bbolt's words.
import { closeSync, openSync, readSync } from 'node:fs';
import { BRANCH_PAGE, BUCKET_LEAF_FLAG, LEAF_PAGE, NO_FREELIST, PAGE_HEADER_SIZE, BRANCH_ELEMENT_SIZE, LEAF_ELEMENT_SIZE } from './bbolt/format.js';
import { BoltReader, parseBucketHeader, u16, u32, type BucketRef } from './bbolt/reader.js';
import { crc32cUpdate } from './crc32c.js';
import { crc32cCombine } from './crc32c-combine.js';
import { tryWasmCrc32c } from './crc32c-wasm.js';
import { ioError } from './errors.js';

export interface FastStatus {
  hash: number;
  revision: bigint;
  totalKey: number;
  totalSize: number;
}

const BLOCK_PAGES = 1024;
const MAX_DEPTH = 64;

/** Pass 1's record of the file: one slot per page position. */
interface Layout {
  pgid: number;
  flags: Uint16Array;
  overflow: Uint32Array;
  count: Uint16Array;
  /** The header's id equals the position. */
  idOk: Uint8Array;
  /** A leaf holding nested-bucket elements. */
  hasBuckets: Uint8Array;
  /** The page's elements were within its span (branch children are only known for these). */
  recorded: Uint8Array;
  /** Branch children: childIds[childStart[p] .. childStart[p] + count[p]). */
  childStart: Uint32Array;
  childIds: Float64Array;
}

class Anomaly extends Error {}
const anomaly = (): never => {
  throw new Anomaly();
};

/** Status of a well-formed no-freelist file, or null when the precise path must decide. */
export function fastStatus(path: string, imageSize: number): FastStatus | null {
  const db = BoltReader.open(path, { limit: imageSize });
  try {
    const meta = db.meta;
    if (meta.freelist !== NO_FREELIST || meta.pgid > BigInt(db.filePages) || meta.pgid < 2n) return null;
    const fd = openFd(path);
    try {
      const layout = recordLayout(fd, path, db.pageSize, Number(meta.pgid));
      const plan = planHash(db, layout);
      const leaves = hashLeaves(fd, path, db.pageSize, layout, plan);
      return { ...joinHashes(db, plan, leaves), totalSize: Number(db.txSize) };
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    if (err instanceof Anomaly) return null;
    throw err;
  } finally {
    db.close();
  }
}

/**
 * bbolt's check for a well-formed no-freelist file, without hashing: true when it passes, false when the
 * precise check must decide (which may still find nothing wrong).
 */
export function fastCheck(path: string, imageSize: number): boolean {
  const db = BoltReader.open(path, { limit: imageSize });
  try {
    const meta = db.meta;
    if (meta.freelist !== NO_FREELIST || meta.pgid > BigInt(db.filePages) || meta.pgid < 2n) return false;
    const fd = openFd(path);
    try {
      planHash(db, recordLayout(fd, path, db.pageSize, Number(meta.pgid)));
      return true;
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    if (err instanceof Anomaly) return false;
    throw err;
  } finally {
    db.close();
  }
}

function openFd(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (err) {
    throw ioError('open', path, err);
  }
}

function readAt(fd: number, path: string, buf: Uint8Array, length: number, pos: number): void {
  let done = 0;
  try {
    while (done < length) {
      const n = readSync(fd, buf, done, length - done, pos + done);
      if (n === 0) break;
      done += n;
    }
  } catch (err) {
    throw ioError('read', path, err);
  }
  if (done < length) anomaly();
}

/**
 * Visits pages [2, pgid) in file order with their bytes: `fn(buf, base, p)` where the page (with its
 * overflow, as far as its header claims and the file allows) starts at buf[base].
 */
function forEachPageInOrder(
  fd: number,
  path: string,
  pageSize: number,
  pgid: number,
  wanted: (p: number) => boolean,
  spanOf: (buf: Uint8Array, base: number, p: number) => number,
  fn: (buf: Uint8Array, base: number, p: number, span: number) => void,
  block: Uint8Array = Buffer.allocUnsafe(BLOCK_PAGES * pageSize),
): void {
  for (let first = 2; first < pgid; first += BLOCK_PAGES) {
    const pages = Math.min(BLOCK_PAGES, pgid - first);
    readAt(fd, path, block, pages * pageSize, first * pageSize);
    for (let i = 0; i < pages; i++) {
      const p = first + i;
      if (!wanted(p)) continue;
      const base = i * pageSize;
      const span = spanOf(block, base, p);
      if (span < 0) continue;
      if (i + span <= pages) {
        fn(block, base, p, span);
      } else {
        // A multi-page element runs past this block: read the page whole.
        const whole = Buffer.allocUnsafe(span * pageSize);
        readAt(fd, path, whole, span * pageSize, p * pageSize);
        fn(whole, 0, p, span);
      }
    }
  }
}

/** Pass 1: headers of every page position, branch children, and which leaves hold nested buckets. */
function recordLayout(fd: number, path: string, pageSize: number, pgid: number): Layout {
  const l: Layout = {
    pgid,
    flags: new Uint16Array(pgid),
    overflow: new Uint32Array(pgid),
    count: new Uint16Array(pgid),
    idOk: new Uint8Array(pgid),
    hasBuckets: new Uint8Array(pgid),
    recorded: new Uint8Array(pgid),
    childStart: new Uint32Array(pgid),
    childIds: new Float64Array(1024),
  };
  let children = 0;
  const addChild = (id: number) => {
    if (children === l.childIds.length) {
      const bigger = new Float64Array(l.childIds.length * 2);
      bigger.set(l.childIds);
      l.childIds = bigger;
    }
    l.childIds[children++] = id;
  };
  forEachPageInOrder(
    fd,
    path,
    pageSize,
    pgid,
    () => true,
    (buf, base, p) => {
      // Continuation pages hold arbitrary bytes; a header is only believed when it names its own position
      // (the walk refuses other pages anyway) and its span fits the file.
      const overflow = u32(buf, base + 12);
      const flags = u16(buf, base + 8);
      l.flags[p] = flags;
      l.count[p] = u16(buf, base + 10);
      l.overflow[p] = overflow;
      l.idOk[p] = u32(buf, base) === p && u32(buf, base + 4) === 0 ? 1 : 0;
      if (!l.idOk[p] || !(flags & (BRANCH_PAGE | LEAF_PAGE)) || p + overflow >= pgid) return -1;
      return overflow + 1;
    },
    (buf, base, p, span) => {
      const count = l.count[p];
      const end = base + span * pageSize;
      if (l.flags[p] & BRANCH_PAGE) {
        if (base + PAGE_HEADER_SIZE + count * BRANCH_ELEMENT_SIZE > end) return;
        l.childStart[p] = children;
        for (let i = 0, e = base + PAGE_HEADER_SIZE; i < count; i++, e += BRANCH_ELEMENT_SIZE) {
          const hi = u32(buf, e + 12);
          addChild(hi === 0 ? u32(buf, e + 8) : -1);
        }
        l.recorded[p] = 1;
      } else {
        if (base + PAGE_HEADER_SIZE + count * LEAF_ELEMENT_SIZE > end) return;
        l.recorded[p] = 1;
        for (let i = 0, e = base + PAGE_HEADER_SIZE; i < count; i++, e += LEAF_ELEMENT_SIZE) {
          if (buf[e] & BUCKET_LEAF_FLAG) {
            l.hasBuckets[p] = 1;
            break;
          }
        }
      }
    },
  );
  return l;
}

interface TopBucketPlan {
  name: Uint8Array;
  inline: BucketRef | null;
  /** Leaf positions of the bucket's own tree in key order. */
  leaves: number[];
  isKey: boolean;
}

interface HashPlan {
  buckets: TopBucketPlan[];
  /** Per page: 1 + index of the top-level bucket whose leaf it is, or 0. */
  leafOf: Int32Array;
}

/** Follows the trees from the root (bbolt's check rules, well-formed case) and lists the leaves to hash. */
function planHash(db: BoltReader, l: Layout): HashPlan {
  const seen = new Uint8Array(l.pgid);
  seen[0] = 1;
  seen[1] = 1;
  const leafOf = new Int32Array(l.pgid);

  const walk = (p: number, depth: number, onLeaf: (p: number) => void): void => {
    if (p < 2 || p >= l.pgid || depth > MAX_DEPTH || !l.idOk[p] || !l.recorded[p]) anomaly();
    const overflow = l.overflow[p];
    if (p + overflow >= l.pgid) anomaly();
    for (let i = 0; i <= overflow; i++) {
      if (seen[p + i]) anomaly();
      seen[p + i] = 1;
    }
    const flags = l.flags[p];
    if (flags & BRANCH_PAGE) {
      const start = l.childStart[p];
      for (let i = 0; i < l.count[p]; i++) walk(l.childIds[start + i], depth + 1, onLeaf);
    } else if (flags & LEAF_PAGE) {
      onLeaf(p);
    } else {
      anomaly();
    }
  };

  /** Nested buckets (below the top level) are checked, not hashed. */
  const walkNested = (leaf: number, depth: number): void => {
    if (!l.hasBuckets[leaf]) return;
    for (const child of nestedBuckets(db, leaf)) {
      if (child.root === 0n) continue;
      walk(Number(child.root), depth, (p) => walkNested(p, depth + 1));
    }
  };

  walk(Number(db.meta.root), 0, () => {});
  const top = db.buckets(() => anomaly());
  const buckets: TopBucketPlan[] = top.map((b, i) => {
    const plan: TopBucketPlan = { name: b.name, inline: null, leaves: [], isKey: isKeyBucket(b.name) };
    if (b.ref.root === 0n) {
      plan.inline = b.ref;
      return plan;
    }
    if (b.ref.root >= BigInt(l.pgid)) anomaly();
    walk(Number(b.ref.root), 1, (p) => {
      plan.leaves.push(p);
      leafOf[p] = i + 1;
      walkNested(p, 2);
    });
    return plan;
  });
  return { buckets, leafOf };
}

function nestedBuckets(db: BoltReader, leaf: number): BucketRef[] {
  const out: BucketRef[] = [];
  db.forEachRaw({ root: BigInt(leaf), sequence: 0n, inline: null }, (page, _ko, _kl, vo, vl, flags) => {
    if (flags & BUCKET_LEAF_FLAG) out.push(parseBucketHeader(page.subarray(vo, vo + vl)));
  });
  return out;
}

const isKeyBucket = (name: Uint8Array): boolean => name.length === 3 && name[0] === 0x6b && name[1] === 0x65 && name[2] === 0x79;

interface LeafHashes {
  crc: Int32Array;
  length: Float64Array;
  keys: number;
  /** Main revision of the last key of bucket "key" (int64). */
  revision: bigint;
}

/**
 * Pass 2: the CRC-32C of each planned leaf's keys and values, in file order. The blocks are read straight
 * into WebAssembly memory and hashed there when WebAssembly is available.
 */
function hashLeaves(fd: number, path: string, pageSize: number, l: Layout, plan: HashPlan): LeafHashes {
  const out: LeafHashes = { crc: new Int32Array(l.pgid), length: new Float64Array(l.pgid), keys: 0, revision: 0n };
  const wasm = tryWasmCrc32c(BLOCK_PAGES * pageSize);
  const block = wasm ? wasm.data : Buffer.allocUnsafe(BLOCK_PAGES * pageSize);
  const crcOf = (prev: number, buf: Uint8Array, start: number, end: number): number =>
    wasm && buf === block ? wasm.update(prev, start, end) : crc32cUpdate(prev, buf, start, end);
  const keyPlan = plan.buckets.find((b) => b.isKey);
  const lastKeyLeaf = keyPlan && keyPlan.leaves.length > 0 ? keyPlan.leaves[keyPlan.leaves.length - 1] : -1;
  forEachPageInOrder(
    fd,
    path,
    pageSize,
    l.pgid,
    (p) => plan.leafOf[p] !== 0,
    (_buf, _base, p) => l.overflow[p] + 1,
    (buf, base, p) => {
      const isKey = plan.buckets[plan.leafOf[p] - 1].isKey;
      const end = base + (l.overflow[p] + 1) * pageSize;
      const count = l.count[p];
      if (base + PAGE_HEADER_SIZE + count * LEAF_ELEMENT_SIZE > end) anomaly();
      let crc = 0;
      let length = 0;
      for (let i = 0, e = base + PAGE_HEADER_SIZE; i < count; i++, e += LEAF_ELEMENT_SIZE) {
        const ko = e + u32(buf, e + 4);
        const kl = u32(buf, e + 8);
        const vo = ko + kl;
        const vl = buf[e] & BUCKET_LEAF_FLAG ? 0 : u32(buf, e + 12);
        if (vo + u32(buf, e + 12) > end || (isKey && kl < 17)) anomaly();
        crc = crcOf(crc, buf, ko, vo);
        if (vl > 0) crc = crcOf(crc, buf, vo, vo + vl);
        length += kl + vl;
        if (p === lastKeyLeaf && i === count - 1) {
          out.revision = new DataView(buf.buffer, buf.byteOffset + ko, 8).getBigInt64(0, false);
        }
      }
      out.crc[p] = crc;
      out.length[p] = length;
      out.keys += count;
    },
    block,
  );
  return out;
}

/** The status hash in key order: bucket names, inline buckets directly, tree leaves joined from pass 2. */
function joinHashes(db: BoltReader, plan: HashPlan, leaves: LeafHashes): Omit<FastStatus, 'totalSize'> {
  let hash = 0;
  let totalKey = leaves.keys;
  let revision = leaves.revision;
  for (const b of plan.buckets) {
    hash = crc32cUpdate(hash, b.name);
    if (b.inline) {
      db.forEachRaw(b.inline, (page, ko, kl, vo, vl, flags) => {
        hash = crc32cUpdate(hash, page, ko, ko + kl);
        if (!(flags & BUCKET_LEAF_FLAG)) hash = crc32cUpdate(hash, page, vo, vo + vl);
        totalKey++;
        if (b.isKey) {
          if (kl < 17) anomaly();
          revision = new DataView(page.buffer, page.byteOffset + ko, 8).getBigInt64(0, false);
        }
      });
      continue;
    }
    for (const p of b.leaves) hash = crc32cCombine(hash, leaves.crc[p] >>> 0, leaves.length[p]);
  }
  return { hash, revision, totalKey };
}
