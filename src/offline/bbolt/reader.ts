// Reading a bbolt file the way bbolt 1.3.6 opens it read-only: meta selection, B+tree walks over
// branch/leaf pages (overflow pages included), inline and nested buckets, and Tx.Check's consistency rules.
import { OfflineError } from '../errors.js';
import {
  BRANCH_ELEMENT_SIZE,
  BRANCH_PAGE,
  BUCKET_HEADER_SIZE,
  BUCKET_LEAF_FLAG,
  DEFAULT_PAGE_SIZE,
  FREELIST_PAGE,
  LEAF_ELEMENT_SIZE,
  LEAF_PAGE,
  NO_FREELIST,
  PAGE_HEADER_SIZE,
  metaProblem,
  pageTypeName,
  readMeta,
  type Meta,
} from './format.js';
import { PageFile } from './pagefile.js';

export const u32 = (b: Uint8Array, i: number): number => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
export const u16 = (b: Uint8Array, i: number): number => b[i] | (b[i + 1] << 8);
export const u64 = (b: Uint8Array, i: number): bigint => (BigInt(u32(b, i + 4)) << 32n) | BigInt(u32(b, i));

/** A page as found in the file: its header fields and the bytes of all its physical pages. */
export interface Page {
  /** Where it was read from. */
  pgid: number;
  /** The id its header claims (bbolt's checks use this one). */
  id: bigint;
  flags: number;
  count: number;
  overflow: number;
  /** Header + payload, `(1 + overflow) * pageSize` bytes (or the inline image). */
  buf: Uint8Array;
}

/** A bucket: the root page of its tree, or (root 0) the leaf page image stored inline in its parent. */
export interface BucketRef {
  root: bigint;
  sequence: bigint;
  inline: Uint8Array | null;
}

/**
 * Receives every element of a leaf in order: key = page[kOff, kOff+kLen), value = page[vOff, vOff+vLen).
 * `flags` has BUCKET_LEAF_FLAG when the value is a nested bucket header.
 */
export type LeafVisitor = (page: Uint8Array, kOff: number, kLen: number, vOff: number, vLen: number, flags: number) => void;

export interface Entry {
  key: Uint8Array;
  value: Uint8Array;
  flags: number;
}

export interface TopBucket {
  name: Uint8Array;
  ref: BucketRef;
}

/** Deepest tree accepted; real trees are a handful of levels, deeper means a cycle in a corrupt file. */
const MAX_DEPTH = 64;

export interface OpenOptions {
  /** Pretend the file is this long (bytes past it are ignored), e.g. to leave out a snapshot's SHA-256 trailer. */
  limit?: number;
}

export class BoltReader {
  readonly meta: Meta;
  readonly pageSize: number;
  /** Pages the file really holds (bytes past the last whole page are ignored). */
  readonly filePages: number;

  private constructor(
    readonly file: PageFile,
    meta: Meta,
    pageSize: number,
    limit: number,
  ) {
    this.meta = meta;
    this.pageSize = pageSize;
    this.filePages = Math.floor(limit / pageSize);
  }

  /** Opens as bbolt's read-only Open does, with its error texts ("invalid database", "file size too small", …). */
  static open(path: string, opts: OpenOptions = {}): BoltReader {
    const file = PageFile.open(path);
    try {
      const limit = Math.min(opts.limit ?? file.size, file.size);
      const { meta, pageSize } = selectMeta(file, limit);
      return new BoltReader(file, meta, pageSize, limit);
    } catch (err) {
      file.close();
      throw err;
    }
  }

  close(): void {
    this.file.close();
  }

  /** bbolt's Tx.Size(): the bytes in use, pgid × pageSize. */
  get txSize(): bigint {
    return this.meta.pgid * BigInt(this.pageSize);
  }

  get root(): BucketRef {
    return { root: this.meta.root, sequence: this.meta.rootSequence, inline: null };
  }

  /** Reads the page at `pgid` with its overflow pages. */
  page(pgid: number): Page {
    const ps = this.pageSize;
    if (pgid >= this.filePages) {
      throw new OfflineError(
        `page ${pgid} lies past the end of the file (${this.filePages} pages of ${ps} bytes): the file is truncated`,
        'TRUNCATED',
      );
    }
    const what = () => `page ${pgid}`;
    const head = this.file.bytes(pgid * ps, ps, what);
    const overflow = u32(head, 12);
    const buf = overflow === 0 ? head : this.file.bytes(pgid * ps, (overflow + 1) * ps, what);
    return { pgid, id: u64(head, 0), flags: u16(head, 8), count: u16(head, 10), overflow, buf };
  }

  /** Visits every key/value of a bucket's tree in key order. */
  forEachRaw(bucket: BucketRef, visit: LeafVisitor): void {
    if (bucket.root === 0n) {
      if (bucket.inline) visitLeafImage(bucket.inline, visit, 'inline bucket');
      return;
    }
    this.walk(this.pgidOf(bucket.root, 'bucket root'), visit, 0);
  }

  /** Same as forEachRaw with the key and value as views. */
  forEach(bucket: BucketRef, fn: (key: Uint8Array, value: Uint8Array, flags: number) => void): void {
    this.forEachRaw(bucket, (p, ko, kl, vo, vl, flags) => fn(p.subarray(ko, ko + kl), p.subarray(vo, vo + vl), flags));
  }

  entries(bucket: BucketRef): Entry[] {
    const out: Entry[] = [];
    this.forEach(bucket, (key, value, flags) => out.push({ key, value, flags }));
    return out;
  }

  /** The top-level buckets in order. A plain key/value in the root bucket is reported by `onPlainKey`. */
  buckets(onPlainKey?: (key: Uint8Array) => void): TopBucket[] {
    const out: TopBucket[] = [];
    this.forEach(this.root, (key, value, flags) => {
      if (flags & BUCKET_LEAF_FLAG) out.push({ name: key, ref: parseBucketHeader(value) });
      else onPlainKey?.(key);
    });
    return out;
  }

  /** The top-level bucket named `name`, if any. */
  bucket(name: string | Uint8Array): BucketRef | null {
    const want = typeof name === 'string' ? Buffer.from(name, 'latin1') : Buffer.from(name);
    for (const b of this.buckets()) if (want.equals(b.name)) return b.ref;
    return null;
  }

  private pgidOf(id: bigint, what: string): number {
    if (id >= BigInt(this.filePages)) {
      throw new OfflineError(
        `${what} page ${id} lies past the end of the file (${this.filePages} pages of ${this.pageSize} bytes): the file is truncated`,
        'TRUNCATED',
      );
    }
    return Number(id);
  }

  private walk(pgid: number, visit: LeafVisitor, depth: number): void {
    if (depth > MAX_DEPTH) throw new OfflineError(`page ${pgid}: tree deeper than ${MAX_DEPTH} levels (a cycle?)`, 'CORRUPT');
    const p = this.page(pgid);
    if (p.flags & LEAF_PAGE) {
      visitLeaf(p.buf, p.count, visit, `page ${pgid}`);
    } else if (p.flags & BRANCH_PAGE) {
      forEachBranchChild(p, (child) => this.walk(this.pgidOf(child, `page ${pgid}: child`), visit, depth + 1));
    } else {
      throw new OfflineError(`page ${pgid}: invalid page type: ${pageTypeName(p.flags)}`, 'CORRUPT');
    }
  }

  /**
   * bbolt's Tx.Check: every problem as bbolt words it ("page 5: unreachable unfreed", …). Unlike bbolt (which
   * panics while rebuilding a free list from a broken tree), problems of etcd's no-freelist files are reported too.
   */
  check(): string[] {
    return new Checker(this).run();
  }
}

function selectMeta(file: PageFile, limit: number): { meta: Meta; pageSize: number } {
  if (limit === 0) {
    // bbolt initialises an empty file, which a read-only handle cannot write.
    throw new OfflineError(`write ${file.path}: bad file descriptor`, 'INVALID_DB');
  }
  if (limit < DEFAULT_PAGE_SIZE) throw new OfflineError('invalid database', 'INVALID_DB');
  const first = file.bytes(0, DEFAULT_PAGE_SIZE, () => 'meta page 0');
  const meta0 = readMeta(first, 0);
  const pageSize = metaProblem(meta0, first) === null ? meta0.pageSize : DEFAULT_PAGE_SIZE;
  if (pageSize < 512 || pageSize > 1 << 20 || (pageSize & (pageSize - 1)) !== 0) {
    throw new OfflineError(`invalid database: unusable page size ${pageSize}`, 'INVALID_DB');
  }
  if (limit < pageSize * 2) throw new OfflineError('file size too small', 'INVALID_DB');
  const p0 = file.bytes(0, pageSize, () => 'meta page 0');
  const p1 = file.bytes(pageSize, pageSize, () => 'meta page 1');
  const m0 = readMeta(p0);
  const m1 = readMeta(p1);
  const e0 = metaProblem(m0, p0);
  const e1 = metaProblem(m1, p1);
  if (e0 && e1) throw new OfflineError(e0, 'INVALID_DB');
  // The valid meta with the higher txid wins; a torn newer meta falls back to the older one.
  const [a, ea, b] = m1.txid > m0.txid ? [m1, e1, m0] : [m0, e0, m1];
  const meta = ea === null ? a : b;
  return { meta, pageSize };
}

export function parseBucketHeader(value: Uint8Array): BucketRef {
  if (value.length < BUCKET_HEADER_SIZE) {
    throw new OfflineError(`bucket header of ${value.length} bytes (expected at least ${BUCKET_HEADER_SIZE})`, 'CORRUPT');
  }
  const root = u64(value, 0);
  return { root, sequence: u64(value, 8), inline: root === 0n ? value.subarray(BUCKET_HEADER_SIZE) : null };
}

function visitLeafImage(image: Uint8Array, visit: LeafVisitor, where: string): void {
  if (image.length < PAGE_HEADER_SIZE) throw new OfflineError(`${where}: page image of ${image.length} bytes`, 'CORRUPT');
  const flags = u16(image, 8);
  if (!(flags & LEAF_PAGE)) throw new OfflineError(`${where}: invalid page type: ${pageTypeName(flags)}`, 'CORRUPT');
  visitLeaf(image, u16(image, 10), visit, where);
}

function visitLeaf(buf: Uint8Array, count: number, visit: LeafVisitor, where: string): void {
  const n = buf.length;
  if (PAGE_HEADER_SIZE + count * LEAF_ELEMENT_SIZE > n) throw new OfflineError(`${where}: ${count} elements overrun the page`, 'CORRUPT');
  for (let i = 0, e = PAGE_HEADER_SIZE; i < count; i++, e += LEAF_ELEMENT_SIZE) {
    const kOff = e + u32(buf, e + 4);
    const kLen = u32(buf, e + 8);
    const vOff = kOff + kLen;
    const vLen = u32(buf, e + 12);
    if (vOff + vLen > n) throw new OfflineError(`${where}: element ${i} overruns the page`, 'CORRUPT');
    visit(buf, kOff, kLen, vOff, vLen, u32(buf, e));
  }
}

/** Calls `fn` with each child pgid of a branch page, in order. */
export function forEachBranchChild(p: Page, fn: (child: bigint, keyOff: number, keyLen: number) => void): void {
  const buf = p.buf;
  if (PAGE_HEADER_SIZE + p.count * BRANCH_ELEMENT_SIZE > buf.length) {
    throw new OfflineError(`page ${p.pgid}: ${p.count} elements overrun the page`, 'CORRUPT');
  }
  for (let i = 0, e = PAGE_HEADER_SIZE; i < p.count; i++, e += BRANCH_ELEMENT_SIZE) {
    const kOff = e + u32(buf, e);
    const kLen = u32(buf, e + 4);
    if (kOff + kLen > buf.length) throw new OfflineError(`page ${p.pgid}: element ${i} overruns the page`, 'CORRUPT');
    fn(u64(buf, e + 8), kOff, kLen);
  }
}

/** Tx.Check, step by step in bbolt's order so that the error list reads the same. */
class Checker {
  private readonly errors: string[] = [];
  private readonly reachable = new Set<bigint>();
  private freed = new Set<bigint>();
  private readonly pgid: bigint;

  constructor(private readonly r: BoltReader) {
    this.pgid = r.meta.pgid;
  }

  run(): string[] {
    const meta = this.r.meta;
    const persisted = meta.freelist !== NO_FREELIST;
    if (persisted) this.loadFreelist();
    else this.freed = this.unreachablePages();

    this.reachable.add(0n);
    this.reachable.add(1n);
    if (persisted) {
      const fl = this.r.page(Number(meta.freelist));
      for (let i = 0; i <= fl.overflow; i++) this.reachable.add(meta.freelist + BigInt(i));
    }
    this.checkBucket(this.r.root, []);
    for (let i = 0n; i < this.pgid; i++) {
      if (!this.reachable.has(i) && !this.freed.has(i)) this.errors.push(`page ${i}: unreachable unfreed`);
    }
    return this.errors;
  }

  private loadFreelist(): void {
    const id = this.r.meta.freelist;
    if (id >= BigInt(this.r.filePages)) {
      throw new OfflineError(`freelist page ${id} lies past the end of the file: the file is truncated`, 'TRUNCATED');
    }
    const p = this.r.page(Number(id));
    if (!(p.flags & FREELIST_PAGE)) {
      this.errors.push(`invalid freelist page: ${p.id}, page type is ${pageTypeName(p.flags)}`);
      return;
    }
    let idx = PAGE_HEADER_SIZE;
    let count = p.count;
    if (count === 0xffff) {
      count = Number(u64(p.buf, idx));
      idx += 8;
    }
    if (idx + count * 8 > p.buf.length) throw new OfflineError(`freelist page ${id}: ${count} ids overrun the page`, 'CORRUPT');
    const ids: bigint[] = [];
    for (let i = 0; i < count; i++) ids.push(u64(p.buf, idx + i * 8));
    ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const pid of ids) {
      if (this.freed.has(pid)) this.errors.push(`page ${pid}: already freed`);
      this.freed.add(pid);
    }
  }

  /** The free set of a no-freelist file: every page in [2, pgid) the tree does not reach. */
  private unreachablePages(): Set<bigint> {
    const seen = new Set<bigint>();
    this.walkAll(this.r.root, seen, []);
    const free = new Set<bigint>();
    for (let i = 2n; i < this.pgid; i++) if (!seen.has(i)) free.add(i);
    return free;
  }

  private walkAll(bucket: BucketRef, seen: Set<bigint>, path: number[]): void {
    if (bucket.root === 0n) return;
    const children: BucketRef[] = [];
    this.forEachPage(bucket.root, path, (p) => {
      for (let i = 0; i <= p.overflow; i++) seen.add(p.id + BigInt(i));
      collectChildBuckets(p, children);
    });
    for (const child of children) this.walkAll(child, seen, path);
  }

  private checkBucket(bucket: BucketRef, path: number[]): void {
    if (bucket.root === 0n) return;
    const children: BucketRef[] = [];
    this.forEachPage(bucket.root, path, (p) => {
      if (p.id > this.pgid) this.errors.push(`page ${p.id}: out of bounds: ${this.pgid}`);
      for (let i = 0; i <= p.overflow; i++) {
        const id = p.id + BigInt(i);
        if (this.reachable.has(id)) this.errors.push(`page ${id}: multiple references`);
        this.reachable.add(id);
      }
      if (this.freed.has(p.id)) this.errors.push(`page ${p.id}: reachable freed`);
      else if (!(p.flags & BRANCH_PAGE) && !(p.flags & LEAF_PAGE)) {
        this.errors.push(`page ${p.id}: invalid type: ${pageTypeName(p.flags)}`);
      }
      collectChildBuckets(p, children);
    });
    // bbolt checks a bucket's own pages first, then its nested buckets in key order.
    for (const child of children) this.checkBucket(child, path);
  }

  /** tx.forEachPage: the page, then (for branches) each child subtree. A page already on the path is a cycle. */
  private forEachPage(id: bigint, path: number[], fn: (p: Page) => void): void {
    if (id >= BigInt(this.r.filePages)) {
      throw new OfflineError(`page ${id} lies past the end of the file (${this.r.filePages} pages): the file is truncated`, 'TRUNCATED');
    }
    const pgid = Number(id);
    const p = this.r.page(pgid);
    fn(p);
    if (!(p.flags & BRANCH_PAGE)) return;
    if (path.includes(pgid) || path.length > MAX_DEPTH) {
      throw new OfflineError(`page ${pgid}: the tree refers back to one of its own ancestors`, 'CORRUPT');
    }
    path.push(pgid);
    forEachBranchChild(p, (child) => this.forEachPage(child, path, fn));
    path.pop();
  }

}

/** Nested buckets found on a leaf page (leaves are visited in key order, so children come out in key order). */
function collectChildBuckets(p: Page, into: BucketRef[]): void {
  if (!(p.flags & LEAF_PAGE)) return;
  visitLeaf(p.buf, p.count, (page, _ko, _kl, vo, vl, flags) => {
    if (flags & BUCKET_LEAF_FLAG) into.push(parseBucketHeader(page.subarray(vo, vo + vl)));
  }, `page ${p.pgid}`);
}
