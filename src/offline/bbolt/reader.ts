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
export class Page {
  constructor(
    /** Where it was read from. */
    readonly pgid: number,
    /** Bytes holding the page (a chunk, or the whole file): header at `base`, payload up to `end`. */
    readonly buf: Uint8Array,
    readonly base: number,
    /** `base + (1 + overflow) * pageSize`. */
    readonly end: number,
    readonly flags: number,
    readonly count: number,
    readonly overflow: number,
    /** The id its header claims (what bbolt's checks use), as a number; -1 when too large for one (damaged files). */
    readonly idNum: number,
  ) {}

  /** The id its header claims, exactly. */
  get id(): bigint {
    return u64(this.buf, this.base);
  }
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
    return BoltReader.over(PageFile.open(path), opts);
  }

  private static over(file: PageFile, opts: OpenOptions): BoltReader {
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
    const what = 'page';
    let buf = this.file.locate(pgid * ps, ps, what);
    let base = this.file.located;
    const overflow = u32(buf, base + 12);
    if (overflow !== 0) {
      buf = this.file.locate(pgid * ps, (overflow + 1) * ps, what);
      base = this.file.located;
    }
    const hi = u32(buf, base + 4);
    const idNum = hi < 0x200000 ? hi * 0x100000000 + u32(buf, base) : -1;
    return new Page(pgid, buf, base, base + (overflow + 1) * ps, u16(buf, base + 8), u16(buf, base + 10), overflow, idNum);
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

  private childPgid(parent: Page, child: number, idOff: number): number {
    if (child >= 0 && child < this.filePages) return child;
    return this.pgidOf(u64(parent.buf, idOff), `page ${parent.pgid}: child`);
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
      visitLeaf(p.buf, p.base, p.end, p.count, visit, `page ${pgid}`);
    } else if (p.flags & BRANCH_PAGE) {
      forEachBranchChild(p, (child, idOff) => this.walk(this.childPgid(p, child, idOff), visit, depth + 1));
    } else {
      throw new OfflineError(`page ${pgid}: invalid page type: ${pageTypeName(p.flags)}`, 'CORRUPT');
    }
  }

  /**
   * bbolt's Tx.Check: every problem as bbolt words it ("page 5: unreachable unfreed", …). Unlike bbolt (which
   * panics while rebuilding a free list from a broken tree), problems of etcd's no-freelist files are reported too.
   */
  check(hooks?: CheckHooks): string[] {
    return new Checker(this, hooks).run();
  }

  /** bbolt's Stats().FreePageN of a sound file: the pages below pgid that no tree (nor the freelist page) reaches. */
  freePageCount(): number {
    return new Checker(this).unreachableAfterRun();
  }
}

/**
 * Lets a caller see the top-level buckets' content during the check's walk instead of walking again:
 * each top-level bucket (key order) is announced, then its own leaf elements follow in key order.
 */
export interface CheckHooks {
  bucket(name: Uint8Array): void;
  element: LeafVisitor;
}

interface ChildBucket extends BucketRef {
  name: Uint8Array;
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
  visitLeaf(image, 0, image.length, u16(image, 10), visit, where);
}

/** The elements of the leaf page at buf[base, end). */
function visitLeaf(buf: Uint8Array, base: number, end: number, count: number, visit: LeafVisitor, where: string): void {
  if (base + PAGE_HEADER_SIZE + count * LEAF_ELEMENT_SIZE > end) throw new OfflineError(`${where}: ${count} elements overrun the page`, 'CORRUPT');
  for (let i = 0, e = base + PAGE_HEADER_SIZE; i < count; i++, e += LEAF_ELEMENT_SIZE) {
    const kOff = e + u32(buf, e + 4);
    const kLen = u32(buf, e + 8);
    const vOff = kOff + kLen;
    const vLen = u32(buf, e + 12);
    if (vOff + vLen > end) throw new OfflineError(`${where}: element ${i} overruns the page`, 'CORRUPT');
    visit(buf, kOff, kLen, vOff, vLen, u32(buf, e));
  }
}

/**
 * Calls `fn` with each child pgid of a branch page, in order: as a number, or -1 when the stored id is too
 * large to be one (then `u64(p.buf, idOff)` has it exactly).
 */
export function forEachBranchChild(p: Page, fn: (child: number, idOff: number, keyOff: number, keyLen: number) => void): void {
  const buf = p.buf;
  if (p.base + PAGE_HEADER_SIZE + p.count * BRANCH_ELEMENT_SIZE > p.end) {
    throw new OfflineError(`page ${p.pgid}: ${p.count} elements overrun the page`, 'CORRUPT');
  }
  for (let i = 0, e = p.base + PAGE_HEADER_SIZE; i < p.count; i++, e += BRANCH_ELEMENT_SIZE) {
    const kOff = e + u32(buf, e);
    const kLen = u32(buf, e + 4);
    if (kOff + kLen > p.end) throw new OfflineError(`page ${p.pgid}: element ${i} overruns the page`, 'CORRUPT');
    const hi = u32(buf, e + 12);
    fn(hi < 0x200000 ? hi * 0x100000000 + u32(buf, e + 8) : -1, e + 8, kOff, kLen);
  }
}

/** A page id as a number when it can be one exactly (ids of real pages always can), else -1. */
function safeId(id: bigint): number {
  return id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : -1;
}

/**
 * Tx.Check, step by step in bbolt's order so that the error list reads the same. Page ids are tracked in
 * bitmaps over [0, pgid); ids beyond (only found in damaged files) go to a set.
 */
class Checker {
  private readonly errors: string[] = [];
  private readonly pgid: number;
  private readonly reachable: Uint8Array;
  private freed: Uint8Array;
  private readonly reachableBeyond = new Set<bigint>();
  private readonly freedBeyond = new Set<bigint>();

  constructor(
    private readonly r: BoltReader,
    private readonly hooks?: CheckHooks,
  ) {
    this.pgid = safeId(r.meta.pgid);
    if (this.pgid < 0 || this.pgid > r.filePages + (1 << 20)) {
      throw new OfflineError(`invalid database: ${r.meta.pgid} pages declared for a file of ${r.file.size} bytes`, 'INVALID_DB');
    }
    this.reachable = new Uint8Array(this.pgid);
    this.freed = new Uint8Array(this.pgid);
  }

  private isReachable(id: bigint, n: number): boolean {
    return n >= 0 && n < this.pgid ? this.reachable[n] === 1 : this.reachableBeyond.has(id);
  }
  private markReachable(id: bigint, n: number): void {
    if (n >= 0 && n < this.pgid) this.reachable[n] = 1;
    else this.reachableBeyond.add(id);
  }
  private isFreed(id: bigint, n: number): boolean {
    return n >= 0 && n < this.pgid ? this.freed[n] === 1 : this.freedBeyond.has(id);
  }

  run(): string[] {
    const meta = this.r.meta;
    const persisted = meta.freelist !== NO_FREELIST;
    this.markReachable(0n, 0);
    this.markReachable(1n, 1);
    if (!persisted) {
      // Without a persisted freelist the free pages are by definition the unreachable ones, so one walk
      // finds everything bbolt's two walks (free-list rebuild, then check) would.
      this.checkBucket(this.r.root, [], 0);
      return this.errors;
    }
    this.loadFreelist();
    const fl = this.r.page(Number(meta.freelist));
    for (let i = 0; i <= fl.overflow; i++) this.markReachable(meta.freelist + BigInt(i), Number(meta.freelist) + i);
    this.checkBucket(this.r.root, [], 0);
    for (let i = 0; i < this.pgid; i++) {
      if (!this.reachable[i] && !this.freed[i]) this.errors.push(`page ${i}: unreachable unfreed`);
    }
    return this.errors;
  }

  unreachableAfterRun(): number {
    this.run();
    return this.reachable.reduce((n, r) => n + (r ? 0 : 1), 0);
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
    let idx = p.base + PAGE_HEADER_SIZE;
    let count = p.count;
    if (count === 0xffff) {
      count = Number(u64(p.buf, idx));
      idx += 8;
    }
    if (idx + count * 8 > p.end) throw new OfflineError(`freelist page ${id}: ${count} ids overrun the page`, 'CORRUPT');
    const ids: bigint[] = [];
    for (let i = 0; i < count; i++) ids.push(u64(p.buf, idx + i * 8));
    ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const pid of ids) {
      const n = safeId(pid);
      if (this.isFreed(pid, n)) this.errors.push(`page ${pid}: already freed`);
      if (n >= 0 && n < this.pgid) this.freed[n] = 1;
      else this.freedBeyond.add(pid);
    }
  }

  private checkBucket(bucket: BucketRef, path: number[], depth: number): void {
    if (bucket.root === 0n) return;
    const children: ChildBucket[] = [];
    const element = depth === 1 ? this.hooks?.element : undefined;
    const root = bucket.root < BigInt(this.r.filePages) ? Number(bucket.root) : bucket.root;
    this.forEachPage(root, path, (p) => {
      const first = p.idNum;
      if (first < 0 || first > this.pgid) this.errors.push(`page ${p.id}: out of bounds: ${this.pgid}`);
      for (let i = 0; i <= p.overflow; i++) {
        const n = first >= 0 ? first + i : -1;
        const id = n >= 0 ? null : p.id + BigInt(i);
        if (this.isReachable(id ?? 0n, n)) this.errors.push(`page ${id ?? n}: multiple references`);
        this.markReachable(id ?? 0n, n);
      }
      if (this.isFreed(first < 0 ? p.id : 0n, first)) this.errors.push(`page ${p.id}: reachable freed`);
      else if (!(p.flags & BRANCH_PAGE) && !(p.flags & LEAF_PAGE)) {
        this.errors.push(`page ${p.id}: invalid type: ${pageTypeName(p.flags)}`);
      }
      collectChildBuckets(p, children);
      if (element && p.flags & LEAF_PAGE) visitLeaf(p.buf, p.base, p.end, p.count, element, `page ${p.pgid}`);
    });
    // bbolt checks a bucket's own pages first, then its nested buckets in key order.
    for (const child of children) {
      if (depth === 0 && this.hooks) {
        this.hooks.bucket(child.name);
        if (child.inline) visitLeafImage(child.inline, this.hooks.element, 'inline bucket');
      }
      this.checkBucket(child, path, depth + 1);
    }
  }

  /** tx.forEachPage: the page, then (for branches) each child subtree. A page already on the path is a cycle. */
  private forEachPage(id: bigint | number, path: number[], fn: (p: Page) => void): void {
    if (typeof id === 'bigint' || id < 0 || id >= this.r.filePages) {
      throw new OfflineError(`page ${id} lies past the end of the file (${this.r.filePages} pages): the file is truncated`, 'TRUNCATED');
    }
    const pgid = id;
    const p = this.r.page(pgid);
    fn(p);
    if (!(p.flags & BRANCH_PAGE)) return;
    if (path.includes(pgid) || path.length > MAX_DEPTH) {
      throw new OfflineError(`page ${pgid}: the tree refers back to one of its own ancestors`, 'CORRUPT');
    }
    path.push(pgid);
    forEachBranchChild(p, (child, idOff) => this.forEachPage(child >= 0 ? child : u64(p.buf, idOff), path, fn));
    path.pop();
  }
}

/** Nested buckets found on a leaf page (leaves are visited in key order, so children come out in key order). */
function collectChildBuckets(p: Page, into: ChildBucket[]): void {
  if (!(p.flags & LEAF_PAGE)) return;
  const buf = p.buf;
  if (p.base + PAGE_HEADER_SIZE + p.count * LEAF_ELEMENT_SIZE > p.end) {
    throw new OfflineError(`page ${p.pgid}: ${p.count} elements overrun the page`, 'CORRUPT');
  }
  for (let i = 0, e = p.base + PAGE_HEADER_SIZE; i < p.count; i++, e += LEAF_ELEMENT_SIZE) {
    if (!(buf[e] & BUCKET_LEAF_FLAG)) continue;
    const vOff = e + u32(buf, e + 4) + u32(buf, e + 8);
    const vLen = u32(buf, e + 12);
    if (vOff + vLen > p.end) throw new OfflineError(`page ${p.pgid}: element ${i} overruns the page`, 'CORRUPT');
    const kOff = e + u32(buf, e + 4);
    into.push({ ...parseBucketHeader(buf.subarray(vOff, vOff + vLen)), name: buf.subarray(kOff, kOff + u32(buf, e + 8)) });
  }
}
