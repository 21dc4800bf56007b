// `snapshot status` for large files without holding them in memory: one sequential pass through a small
// reusable buffer records every page header and branch (enough to follow the B+trees and to apply bbolt's
// checks) and the CRC-32C of every leaf; the trees are then followed from the root and the CRCs of the
// reachable leaves of the top-level buckets joined in key order. (Leaves no tree reaches any more are hashed
// for nothing; reading the file twice costs more.) Only the well-formed case is handled here: the moment
// anything looks unusual (a persisted freelist, a page whose header disagrees with its position, a page
// reached twice, malformed elements) this returns null and the caller takes the precise path, which reports
// problems in bbolt's words.
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

/** What the pass records: one slot per page position. */
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
  /** Per leaf, when hashed: CRC-32C and length of its keys and values, shortest key, first 8 bytes of its last key. */
  leafCrc: Int32Array | null;
  leafLength: Float64Array | null;
  minKeyLength: Uint16Array | null;
  lastKeyHi: Uint32Array | null;
  lastKeyLo: Uint32Array | null;
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
      const layout = recordLayout(fd, path, db.pageSize, Number(meta.pgid), true);
      const plan = planHash(db, layout);
      return { ...joinHashes(db, plan, layout), totalSize: Number(db.txSize) };
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
      planHash(db, recordLayout(fd, path, db.pageSize, Number(meta.pgid), false));
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
  spanOf: (buf: Uint8Array, base: number, p: number) => number,
  fn: (buf: Uint8Array, base: number, p: number, span: number) => void,
  block: Uint8Array = Buffer.allocUnsafe(BLOCK_PAGES * pageSize),
): void {
  for (let first = 2; first < pgid; first += BLOCK_PAGES) {
    const pages = Math.min(BLOCK_PAGES, pgid - first);
    readAt(fd, path, block, pages * pageSize, first * pageSize);
    for (let i = 0; i < pages; i++) {
      const p = first + i;
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

/**
 * The pass: headers of every page position, branch children, which leaves hold nested buckets, and (when
 * `hash`) each leaf's CRC. Blocks are read straight into WebAssembly memory when it is available.
 */
function recordLayout(fd: number, path: string, pageSize: number, pgid: number, hash: boolean): Layout {
  const wasm = hash ? tryWasmCrc32c(BLOCK_PAGES * pageSize) : null;
  const block = wasm ? wasm.data : Buffer.allocUnsafe(BLOCK_PAGES * pageSize);
  const crcOf = (prev: number, buf: Uint8Array, start: number, end: number): number =>
    wasm && buf === block ? wasm.update(prev, start, end) : crc32cUpdate(prev, buf, start, end);
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
    leafCrc: hash ? new Int32Array(pgid) : null,
    leafLength: hash ? new Float64Array(pgid) : null,
    minKeyLength: hash ? new Uint16Array(pgid) : null,
    lastKeyHi: hash ? new Uint32Array(pgid) : null,
    lastKeyLo: hash ? new Uint32Array(pgid) : null,
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
        if (hash ? !hashLeaf(l, crcOf, buf, base, end, p) : !scanLeaf(l, buf, base, end, p)) return;
        l.recorded[p] = 1;
      }
    },
    block,
  );
  return l;
}

/** Notes whether a leaf holds nested buckets; false when its elements overrun the page. */
function scanLeaf(l: Layout, buf: Uint8Array, base: number, end: number, p: number): boolean {
  for (let i = 0, e = base + PAGE_HEADER_SIZE; i < l.count[p]; i++, e += LEAF_ELEMENT_SIZE) {
    if (e + u32(buf, e + 4) + u32(buf, e + 8) + u32(buf, e + 12) > end) return false;
    if (buf[e] & BUCKET_LEAF_FLAG) l.hasBuckets[p] = 1;
  }
  return true;
}

type CrcFn = (prev: number, buf: Uint8Array, start: number, end: number) => number;

/**
 * The status hash of one leaf as if it belonged to a top-level bucket: each key, then each value (a nested
 * bucket's value is left out, as etcdctl sees it as nil). False when its elements overrun the page.
 */
function hashLeaf(l: Layout, crcOf: CrcFn, buf: Uint8Array, base: number, end: number, p: number): boolean {
  const count = l.count[p];
  let crc = 0;
  let length = 0;
  let minKey = 0xffff;
  for (let i = 0, e = base + PAGE_HEADER_SIZE; i < count; i++, e += LEAF_ELEMENT_SIZE) {
    const ko = e + u32(buf, e + 4);
    const kl = u32(buf, e + 8);
    const vo = ko + kl;
    const vLen = u32(buf, e + 12);
    if (vo + vLen > end) return false;
    const nested = buf[e] & BUCKET_LEAF_FLAG;
    if (nested) l.hasBuckets[p] = 1;
    crc = crcOf(crc, buf, ko, vo);
    const vl = nested ? 0 : vLen;
    if (vl > 0) crc = crcOf(crc, buf, vo, vo + vl);
    length += kl + vl;
    if (kl < minKey) minKey = kl;
    if (i === count - 1 && kl >= 8) {
      l.lastKeyHi![p] = ((buf[ko] << 24) | (buf[ko + 1] << 16) | (buf[ko + 2] << 8) | buf[ko + 3]) >>> 0;
      l.lastKeyLo![p] = ((buf[ko + 4] << 24) | (buf[ko + 5] << 16) | (buf[ko + 6] << 8) | buf[ko + 7]) >>> 0;
    }
  }
  l.leafCrc![p] = crc;
  l.leafLength![p] = length;
  l.minKeyLength![p] = minKey;
  return true;
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
}

/** Follows the trees from the root (bbolt's check rules, well-formed case) and lists the leaves to hash. */
function planHash(db: BoltReader, l: Layout): HashPlan {
  const seen = new Uint8Array(l.pgid);
  seen[0] = 1;
  seen[1] = 1;

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
  const buckets: TopBucketPlan[] = top.map((b) => {
    const plan: TopBucketPlan = { name: b.name, inline: null, leaves: [], isKey: isKeyBucket(b.name) };
    if (b.ref.root === 0n) {
      plan.inline = b.ref;
      return plan;
    }
    if (b.ref.root >= BigInt(l.pgid)) anomaly();
    walk(Number(b.ref.root), 1, (p) => {
      plan.leaves.push(p);
      walkNested(p, 2);
    });
    return plan;
  });
  return { buckets };
}

function nestedBuckets(db: BoltReader, leaf: number): BucketRef[] {
  const out: BucketRef[] = [];
  db.forEachRaw({ root: BigInt(leaf), sequence: 0n, inline: null }, (page, _ko, _kl, vo, vl, flags) => {
    if (flags & BUCKET_LEAF_FLAG) out.push(parseBucketHeader(page.subarray(vo, vo + vl)));
  });
  return out;
}

const isKeyBucket = (name: Uint8Array): boolean => name.length === 3 && name[0] === 0x6b && name[1] === 0x65 && name[2] === 0x79;

/** The status hash in key order: bucket names, inline buckets directly, tree leaves joined from pass 2. */
function joinHashes(db: BoltReader, plan: HashPlan, l: Layout): Omit<FastStatus, 'totalSize'> {
  let hash = 0;
  let totalKey = 0;
  let revision = 0n;
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
    for (const p of b.leaves) {
      const count = l.count[p];
      // bbolt's key bucket holds revisions; a shorter key is something the precise path must word.
      if (b.isKey && count > 0 && l.minKeyLength![p] < 17) anomaly();
      hash = crc32cCombine(hash, l.leafCrc![p] >>> 0, l.leafLength![p]);
      totalKey += count;
    }
    if (b.isKey) {
      let i = b.leaves.length - 1;
      while (i >= 0 && l.count[b.leaves[i]] === 0) i--;
      const last = b.leaves[i];
      if (i >= 0) revision = BigInt.asIntN(64, (BigInt(l.lastKeyHi![last]) << 32n) | BigInt(l.lastKeyLo![last]));
    }
  }
  return { hash, revision, totalKey };
}
