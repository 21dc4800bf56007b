// Writing bbolt pages: compact B+trees built bottom-up from keys supplied in ascending order, streamed to the
// file as leaves fill up. Used both for whole new files and for appending new trees after an existing file's
// last page (copy-on-write, as bbolt itself commits). The result is what bbolt 1.3.6–1.4 opens and keeps
// writing to: branch keys equal their child's first key, every page header carries its own id, and metas are
// checksummed. No freelist page is written (meta.freelist = none), exactly like etcd's own files.
import { fsyncSync, ftruncateSync, writeSync } from 'node:fs';
import { ioError } from '../errors.js';
import { withOpenFile } from '../fsutil.js';
import {
  DEFAULT_PAGE_SIZE,
  BRANCH_ELEMENT_SIZE,
  BRANCH_PAGE,
  BUCKET_HEADER_SIZE,
  BUCKET_LEAF_FLAG,
  LEAF_ELEMENT_SIZE,
  LEAF_PAGE,
  NO_FREELIST,
  PAGE_HEADER_SIZE,
  encodeMetaPage,
} from './format.js';

export const MAX_KEY_SIZE = 32768;
export const MAX_VALUE_SIZE = 0x7ffffffe;

const WRITE_BUFFER = 4 << 20;

const compareBytes = (a: Uint8Array, b: Uint8Array): number => Buffer.compare(a, b);

export interface Element {
  key: Uint8Array;
  value: Uint8Array;
  flags: number;
}

/** Sequential page output to a file descriptor, starting at a given page id. */
export class PageSink {
  private buf = Buffer.alloc(WRITE_BUFFER);
  private used = 0;
  private bufStartPgid: number;
  private next: number;

  constructor(
    private readonly fd: number,
    readonly pageSize: number,
    startPgid: number,
    private readonly path: string,
  ) {
    this.next = startPgid;
    this.bufStartPgid = startPgid;
  }

  /** The first page id not yet allocated. */
  get nextPgid(): number {
    return this.next;
  }

  /**
   * Allocates `pages` consecutive pages and lets `fill` write their image (zeroed, `pages × pageSize` bytes).
   * Returns the first page's id.
   */
  page(pages: number, fill: (image: Uint8Array, pgid: number) => void): number {
    const size = pages * this.pageSize;
    if (this.used + size > this.buf.length) this.flush();
    const pgid = this.next;
    const image = size > this.buf.length ? Buffer.alloc(size) : this.buf.subarray(this.used, this.used + size);
    image.fill(0);
    fill(image, pgid);
    if (image.buffer !== this.buf.buffer) {
      this.writeAt(image, pgid);
      this.bufStartPgid = pgid + pages;
    } else {
      this.used += size;
    }
    this.next += pages;
    return pgid;
  }

  flush(): void {
    if (this.used > 0) this.writeAt(this.buf.subarray(0, this.used), this.bufStartPgid);
    this.used = 0;
    this.bufStartPgid = this.next;
  }

  writeAt(bytes: Uint8Array, pgid: number): void {
    let done = 0;
    const pos = pgid * this.pageSize;
    try {
      while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, pos + done);
    } catch (err) {
      throw ioError('write', this.path, err);
    }
  }
}

function putU16(b: Uint8Array, off: number, v: number): void {
  b[off] = v & 0xff;
  b[off + 1] = (v >>> 8) & 0xff;
}
function putU32(b: Uint8Array, off: number, v: number): void {
  b[off] = v & 0xff;
  b[off + 1] = (v >>> 8) & 0xff;
  b[off + 2] = (v >>> 16) & 0xff;
  b[off + 3] = (v >>> 24) & 0xff;
}
function putU64(b: Uint8Array, off: number, v: bigint | number): void {
  const big = BigInt(v);
  putU32(b, off, Number(big & 0xffffffffn));
  putU32(b, off + 4, Number(big >> 32n));
}

function writePageHeader(b: Uint8Array, id: number, flags: number, count: number, overflow: number): void {
  putU64(b, 0, id);
  putU16(b, 8, flags);
  putU16(b, 10, count);
  putU32(b, 12, overflow);
}

/** Writes leaf elements + data after a page header at `b[0]`. */
function writeLeafBody(b: Uint8Array, elems: Element[]): void {
  let data = PAGE_HEADER_SIZE + elems.length * LEAF_ELEMENT_SIZE;
  elems.forEach((el, i) => {
    const e = PAGE_HEADER_SIZE + i * LEAF_ELEMENT_SIZE;
    putU32(b, e, el.flags);
    putU32(b, e + 4, data - e);
    putU32(b, e + 8, el.key.length);
    putU32(b, e + 12, el.value.length);
    b.set(el.key, data);
    data += el.key.length;
    b.set(el.value, data);
    data += el.value.length;
  });
}

/** A branch element: a child page and its first key. */
export interface ChildRef {
  key: Uint8Array;
  pgid: number;
}

/** Bytes a leaf page of these elements takes. */
export const leafBytes = (elems: readonly Element[]): number =>
  elems.reduce((n, e) => n + LEAF_ELEMENT_SIZE + e.key.length + e.value.length, PAGE_HEADER_SIZE);

/** Bytes a branch page of these children takes. */
export const branchBytes = (refs: readonly ChildRef[]): number =>
  refs.reduce((n, r) => n + BRANCH_ELEMENT_SIZE + r.key.length, PAGE_HEADER_SIZE);

/** Writes one leaf page (with overflow pages when `bytes` needs them); returns its id. */
export function writeLeafPage(sink: PageSink, elems: Element[], bytes = leafBytes(elems)): number {
  const pages = Math.ceil(bytes / sink.pageSize);
  return sink.page(pages, (img, pgid) => {
    writePageHeader(img, pgid, LEAF_PAGE, elems.length, pages - 1);
    writeLeafBody(img, elems);
  });
}

/** Writes one branch page (with overflow pages when `bytes` needs them); returns its id. */
export function writeBranchPage(sink: PageSink, refs: ChildRef[], bytes = branchBytes(refs)): number {
  const pages = Math.ceil(bytes / sink.pageSize);
  return sink.page(pages, (img, pgid) => {
    writePageHeader(img, pgid, BRANCH_PAGE, refs.length, pages - 1);
    let data = PAGE_HEADER_SIZE + refs.length * BRANCH_ELEMENT_SIZE;
    refs.forEach((r, i) => {
      const e = PAGE_HEADER_SIZE + i * BRANCH_ELEMENT_SIZE;
      putU32(img, e, data - e);
      putU32(img, e + 4, r.key.length);
      putU64(img, e + 8, r.pgid);
      img.set(r.key, data);
      data += r.key.length;
    });
  });
}

/** A bucket header pointing at a tree: root page id and the bucket's sequence. */
export function bucketHeader(root: number, sequence = 0n): Uint8Array {
  const header = new Uint8Array(BUCKET_HEADER_SIZE);
  putU64(header, 0, root);
  putU64(header, 8, sequence);
  return header;
}

/** Packs elements into pages left to right; a page takes elements while they fit (an oversized one goes alone). */
class Packer<T> {
  private items: T[] = [];
  private size = PAGE_HEADER_SIZE;

  constructor(
    private readonly pageSize: number,
    private readonly sizeOf: (item: T) => number,
    private readonly emit: (items: T[], bytes: number) => void,
  ) {}

  add(item: T): void {
    const s = this.sizeOf(item);
    if (this.items.length > 0 && (this.size + s > this.pageSize || this.items.length === 0xfffe)) this.flush();
    this.items.push(item);
    this.size += s;
  }

  flush(): void {
    if (this.items.length === 0) return;
    const items = this.items;
    const bytes = this.size;
    this.items = [];
    this.size = PAGE_HEADER_SIZE;
    this.emit(items, bytes);
  }
}

/** A B+tree written bottom-up; keys must arrive strictly ascending. */
export class TreeBuilder {
  private readonly children: ChildRef[] = [];
  private readonly leaves: Packer<Element>;
  private last: Uint8Array | null = null;
  private count = 0;

  constructor(private readonly sink: PageSink) {
    this.leaves = new Packer<Element>(
      sink.pageSize,
      (e) => LEAF_ELEMENT_SIZE + e.key.length + e.value.length,
      (elems, bytes) => this.children.push({ key: elems[0].key, pgid: this.writeLeaf(elems, bytes) }),
    );
  }

  add(key: Uint8Array, value: Uint8Array, flags = 0): void {
    if (key.length === 0) throw new RangeError('bbolt keys cannot be empty');
    if (key.length > MAX_KEY_SIZE) throw new RangeError(`bbolt key of ${key.length} bytes exceeds ${MAX_KEY_SIZE}`);
    if (value.length > MAX_VALUE_SIZE) throw new RangeError(`bbolt value of ${value.length} bytes is too large`);
    if (this.last && compareBytes(this.last, key) >= 0) throw new RangeError('bbolt keys must be added in strictly ascending order');
    this.last = key;
    this.count++;
    this.leaves.add({ key, value, flags });
  }

  /** Writes what is left and the branch levels; returns the root page id. */
  finish(): number {
    this.leaves.flush();
    if (this.count === 0) return this.writeLeaf([], PAGE_HEADER_SIZE);
    let level = this.children;
    while (level.length > 1) level = this.writeBranchLevel(level);
    return level[0].pgid;
  }

  private writeLeaf(elems: Element[], bytes: number): number {
    return writeLeafPage(this.sink, elems, bytes);
  }

  private writeBranchLevel(level: ChildRef[]): ChildRef[] {
    const parents: ChildRef[] = [];
    const packer = new Packer<ChildRef>(
      this.sink.pageSize,
      (c) => BRANCH_ELEMENT_SIZE + c.key.length,
      (refs, bytes) => parents.push({ key: refs[0].key, pgid: this.writeBranch(refs, bytes) }),
    );
    for (const c of level) packer.add(c);
    packer.flush();
    return parents;
  }

  private writeBranch(refs: ChildRef[], bytes: number): number {
    return writeBranchPage(this.sink, refs, bytes);
  }
}

/**
 * A bucket's content, producing the value its parent stores: a 16-byte header (root pgid, sequence), followed
 * by the whole leaf page when the bucket is small enough to live inline (bbolt's rule: no nested buckets and
 * at most pageSize/4 bytes).
 */
export class BucketBuilder {
  private pending: Element[] | null = [];
  private pendingSize = PAGE_HEADER_SIZE;
  private tree: TreeBuilder | null = null;
  private last: Uint8Array | null = null;

  constructor(private readonly sink: PageSink) {}

  add(key: Uint8Array, value: Uint8Array, flags = 0): void {
    if (this.tree) return this.tree.add(key, value, flags);
    if (key.length === 0) throw new RangeError('bbolt keys cannot be empty');
    if (this.last && compareBytes(this.last, key) >= 0) throw new RangeError('bbolt keys must be added in strictly ascending order');
    this.last = key;
    this.pending!.push({ key, value, flags });
    this.pendingSize += LEAF_ELEMENT_SIZE + key.length + value.length;
    if (flags & BUCKET_LEAF_FLAG || this.pendingSize > this.sink.pageSize / 4) this.spill();
  }

  /** Adds a nested bucket built by `fill`. */
  addBucket(name: Uint8Array, fill: (b: BucketBuilder) => void): void {
    const child = new BucketBuilder(this.sink);
    fill(child);
    this.add(name, child.finish(), BUCKET_LEAF_FLAG);
  }

  private spill(): void {
    const tree = new TreeBuilder(this.sink);
    for (const e of this.pending!) tree.add(e.key, e.value, e.flags);
    this.pending = null;
    this.tree = tree;
  }

  finish(): Uint8Array {
    if (this.tree) return bucketHeader(this.tree.finish());
    const elems = this.pending!;
    const value = new Uint8Array(BUCKET_HEADER_SIZE + this.pendingSize);
    const page = value.subarray(BUCKET_HEADER_SIZE);
    writePageHeader(page, 0, LEAF_PAGE, elems.length, 0);
    writeLeafBody(page, elems);
    return value;
  }
}

export interface FinishOptions {
  /** Transaction id of the new state; written to meta page txid % 2, the other meta gets txid − 1. */
  txid: bigint;
}

/**
 * A whole database: top-level buckets added in ascending name order (new ones built here, or existing
 * bucket values kept verbatim when appending to an existing file), then the root tree and both metas.
 */
export class BoltWriter {
  readonly sink: PageSink;
  private readonly top: Element[] = [];

  constructor(
    private readonly fd: number,
    readonly pageSize: number,
    private readonly path: string,
    startPgid = 2,
  ) {
    this.sink = new PageSink(fd, pageSize, startPgid, path);
  }

  /** Builds a top-level bucket from what `fill` adds (keys ascending). */
  bucket(name: Uint8Array, fill: (b: BucketBuilder) => void): void {
    const b = new BucketBuilder(this.sink);
    fill(b);
    this.keepEntry(name, b.finish());
  }

  /**
   * Adds a root-level entry as it already exists in the file: a bucket's header value (with its inline page,
   * if any) whose pages stay where they are, or (flags 0) a plain key/value.
   */
  keepEntry(name: Uint8Array, value: Uint8Array, flags = BUCKET_LEAF_FLAG): void {
    const prev = this.top[this.top.length - 1];
    if (prev && compareBytes(prev.key, name) >= 0) throw new RangeError('top-level buckets must be added in ascending order');
    this.top.push({ key: name, value, flags });
  }

  /** Writes the root tree and the metas, cuts the file to pgid × pageSize and syncs it. Returns pgid. */
  finish(opts: FinishOptions): number {
    const root = new TreeBuilder(this.sink);
    for (const e of this.top) root.add(e.key, e.value, e.flags);
    const rootPgid = root.finish();
    this.sink.flush();
    const pgid = this.sink.nextPgid;
    const txid = opts.txid;
    const fields = (t: bigint) => ({ pageSize: this.pageSize, root: BigInt(rootPgid), freelist: NO_FREELIST, pgid: BigInt(pgid), txid: t });
    const hiPage = Number(txid % 2n) as 0 | 1;
    this.sink.writeAt(encodeMetaPage(hiPage, fields(txid)), hiPage);
    const loPage = (1 - hiPage) as 0 | 1;
    this.sink.writeAt(encodeMetaPage(loPage, fields(txid - 1n)), loPage);
    try {
      ftruncateSync(this.fd, pgid * this.pageSize);
      fsyncSync(this.fd);
    } catch (err) {
      throw ioError('sync', this.path, err);
    }
    return pgid;
  }
}

/** bbolt's initial transaction ids are 0 and 1; a file written in one go continues at 2. */
const FRESH_TXID = 2n;

/** A new bbolt file at `path` (made exclusively, with `mode`), filled by `fill` and committed in one go. */
export function writeNewDb(path: string, mode: number, fill: (w: BoltWriter) => void = () => {}): void {
  withOpenFile(
    path,
    'wx',
    (fd) => {
      const w = new BoltWriter(fd, DEFAULT_PAGE_SIZE, path);
      fill(w);
      w.finish({ txid: FRESH_TXID });
    },
    mode,
  );
}
