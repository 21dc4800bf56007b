// bbolt's on-disk layout (etcd-io/bbolt v1.3.6, unchanged through 1.4): page headers, meta pages, elements.

export const PAGE_HEADER_SIZE = 16;
export const BRANCH_ELEMENT_SIZE = 16;
export const LEAF_ELEMENT_SIZE = 16;
export const BUCKET_HEADER_SIZE = 16;

export const BRANCH_PAGE = 0x01;
export const LEAF_PAGE = 0x02;
export const META_PAGE = 0x04;
export const FREELIST_PAGE = 0x10;

/** Leaf element flag: the value is a nested bucket's header. */
export const BUCKET_LEAF_FLAG = 0x01;

export const MAGIC = 0xed0cdaed;
export const VERSION = 2;

/** `meta.freelist` when no freelist page was persisted (etcd runs bbolt with NoFreelistSync). */
export const NO_FREELIST = 0xffffffffffffffffn;

export const DEFAULT_PAGE_SIZE = 4096;

/** Meta field offsets inside a meta page. */
const META_OFFSET = PAGE_HEADER_SIZE;
const META_CHECKSUM_OFFSET = META_OFFSET + 56;
const META_END = META_CHECKSUM_OFFSET + 8;

export interface Meta {
  magic: number;
  version: number;
  pageSize: number;
  flags: number;
  /** pgid of the root bucket's root page. */
  root: bigint;
  rootSequence: bigint;
  freelist: bigint;
  /** High-water mark: the number of pages in use. */
  pgid: bigint;
  txid: bigint;
  checksum: bigint;
}

export type MetaProblem = 'invalid database' | 'version mismatch' | 'checksum error';

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** Reads the meta stored in the page that starts at `buf[off]`. */
export function readMeta(buf: Uint8Array, off = 0): Meta {
  const v = view(buf);
  const m = off + META_OFFSET;
  return {
    magic: v.getUint32(m, true),
    version: v.getUint32(m + 4, true),
    pageSize: v.getUint32(m + 8, true),
    flags: v.getUint32(m + 12, true),
    root: v.getBigUint64(m + 16, true),
    rootSequence: v.getBigUint64(m + 24, true),
    freelist: v.getBigUint64(m + 32, true),
    pgid: v.getBigUint64(m + 40, true),
    txid: v.getBigUint64(m + 48, true),
    checksum: v.getBigUint64(m + 56, true),
  };
}

/** FNV-1a 64 of `buf[start, end)`. */
export function fnv1a64(buf: Uint8Array, start: number, end: number): bigint {
  // Two 32-bit halves keep this off BigInt arithmetic: prime = 2^40 + 0x1b3.
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = start; i < end; i++) {
    lo = (lo ^ buf[i]) >>> 0;
    // (hi:lo) * 0x1b3 + ((hi:lo) << 40)
    const loMul = lo * 0x1b3;
    const carry = Math.floor(loMul / 0x100000000);
    const newLo = loMul >>> 0;
    const newHi = (Math.imul(hi, 0x1b3) + carry + ((lo << 8) >>> 0)) >>> 0;
    hi = newHi;
    lo = newLo;
  }
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** The checksum bbolt stores in a meta: FNV-1a 64 over the 56 bytes magic..txid. */
export const metaChecksum = (page: Uint8Array, off = 0): bigint =>
  fnv1a64(page, off + META_OFFSET, off + META_CHECKSUM_OFFSET);

/** bbolt 1.3.6's meta.validate: a zero checksum is accepted (newer bbolt refuses it; we always write one). */
export function metaProblem(meta: Meta, page: Uint8Array, off = 0): MetaProblem | null {
  if (meta.magic !== MAGIC) return 'invalid database';
  if (meta.version !== VERSION) return 'version mismatch';
  if (meta.checksum !== 0n && meta.checksum !== metaChecksum(page, off)) return 'checksum error';
  return null;
}

export interface MetaFields {
  pageSize: number;
  root: bigint;
  freelist: bigint;
  pgid: bigint;
  txid: bigint;
}

/** A whole meta page (page id `id`), checksum included. */
export function encodeMetaPage(id: 0 | 1, f: MetaFields): Uint8Array {
  const page = new Uint8Array(f.pageSize);
  const v = view(page);
  v.setBigUint64(0, BigInt(id), true);
  v.setUint16(8, META_PAGE, true);
  v.setUint32(META_OFFSET, MAGIC, true);
  v.setUint32(META_OFFSET + 4, VERSION, true);
  v.setUint32(META_OFFSET + 8, f.pageSize, true);
  v.setBigUint64(META_OFFSET + 16, f.root, true);
  v.setBigUint64(META_OFFSET + 24, 0n, true);
  v.setBigUint64(META_OFFSET + 32, f.freelist, true);
  v.setBigUint64(META_OFFSET + 40, f.pgid, true);
  v.setBigUint64(META_OFFSET + 48, f.txid, true);
  v.setBigUint64(META_CHECKSUM_OFFSET, metaChecksum(page), true);
  return page;
}

export const META_BYTES = META_END;

/** Page type names as bbolt's page.typ() prints them in check errors. */
export function pageTypeName(flags: number): string {
  if (flags & BRANCH_PAGE) return 'branch';
  if (flags & LEAF_PAGE) return 'leaf';
  if (flags & META_PAGE) return 'meta';
  if (flags & FREELIST_PAGE) return 'freelist';
  return `unknown<${flags.toString(16).padStart(2, '0')}>`;
}
