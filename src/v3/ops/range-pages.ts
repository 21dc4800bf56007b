// A large range read page by page at one revision, so that neither side holds the whole answer at once.
// Together the pages hold exactly the key-values one Range would answer: the first page fixes the revision
// (unless the request names one) and each next page starts just after the last key of the one before.
import type { Etcd } from '../client/etcd.js';
import { decode, decodeExcept, fieldSpans } from '../proto/codec.js';
import type { KeyValue, RangeRequest, RangeResponse, ResponseHeader } from '../proto/schema.js';

export interface PageOptions {
  /** Per page: each page is one call, bounded like the single call it replaces. */
  timeoutMs?: number;
  /** Aim for pages of about this many bytes (default 4 MiB), sized from the pages seen so far. */
  targetBytes?: number;
  /** At most this many keys to a page (default 50 000). etcd 3.4 walks the rest of the range's index for
   * every page, so pages must not be too small either. */
  maxKeys?: number;
  /** Keys in the first page, before anything is known of their size (default 1000). */
  firstKeys?: number;
}

/** What the single Range would have said about the whole answer. */
export type RangeSummary = Pick<RangeResponse, 'more' | 'count'>;

const DEFAULT_TARGET_BYTES = 4 << 20;
const DEFAULT_MAX_KEYS = 50_000;
const DEFAULT_FIRST_KEYS = 1000;
const MIN_KEYS = 64;

/**
 * Whether paging answers the same as one Range. Not when the server sorts or filters: it then reads the
 * whole range for every page (sorting and filters come before its limit), nor for a single key or a count.
 */
export function pageable(req: RangeRequest): boolean {
  return (
    req.range_end.length > 0 &&
    !req.count_only &&
    req.sort_order === 0 &&
    req.sort_target === 0 &&
    req.min_mod_revision === 0n &&
    req.max_mod_revision === 0n &&
    req.min_create_revision === 0n &&
    req.max_create_revision === 0n
  );
}

const RANGE_RESPONSE = 'etcdserverpb.RangeResponse' as const;
const KEY_VALUE = 'mvccpb.KeyValue' as const;
const kvsSpans = fieldSpans(RANGE_RESPONSE, ['kvs'], true);
const keyValueSpans = fieldSpans(KEY_VALUE, ['key', 'value']);

/**
 * One page as it came off the wire. Its key-values are decoded only when asked for: the simple format needs
 * no more than where each key and value lie, and 50 000 objects of six fields each cost more than the printing.
 */
export class RangePage {
  readonly header?: ResponseHeader;
  readonly more: boolean;
  readonly count: bigint;
  /** start and end in `wire` of each key-value message. */
  private readonly spans: number[] = [];
  private decoded?: KeyValue[];
  private released = false;

  constructor(private readonly wire: Buffer) {
    const rest = decodeExcept(RANGE_RESPONSE, wire, 'kvs');
    this.header = rest.header;
    this.more = rest.more;
    this.count = rest.count;
    kvsSpans(wire, 0, wire.length, this.spans);
  }

  get size(): number {
    return this.spans.length / 2;
  }

  /** Bytes on the wire: what sizes the next page. */
  get wireBytes(): number {
    return this.wire.length;
  }

  get kvs(): KeyValue[] {
    this.assertHeld();
    this.decoded ??= Array.from({ length: this.size }, (_, i) => decode(KEY_VALUE, this.wire.subarray(this.spans[2 * i], this.spans[2 * i + 1])));
    return this.decoded;
  }

  /**
   * Hands over the wire form, to be overwritten, with keyStart, keyEnd, valueStart, valueEnd of each key-value
   * in order: the simple format's lines fit in the bytes their message took, so they are made in place, with
   * no second buffer per page. The page has no key-values after this.
   */
  releaseWire(): { wire: Buffer; spans: number[] } {
    this.assertHeld();
    const spans: number[] = [];
    for (let i = 0; i < this.spans.length; i += 2) keyValueSpans(this.wire, this.spans[i], this.spans[i + 1], spans);
    this.released = true;
    return { wire: this.wire, spans };
  }

  lastKey(): Buffer {
    this.assertHeld();
    const at: number[] = [];
    keyValueSpans(this.wire, this.spans[this.spans.length - 2], this.spans[this.spans.length - 1], at);
    return this.wire.subarray(at[0], at[1]);
  }

  private assertHeld(): void {
    if (this.released) throw new Error('RangePage: the wire form was released');
  }
}

/** The first key after `key` in etcd's byte order. */
const keyAfter = (key: Buffer) => Buffer.concat([key, ZERO]);
const ZERO = Buffer.from([0]);

function nextPageKeys(seenKvs: number, seenBytes: number, opts: PageOptions): bigint {
  const target = opts.targetBytes ?? DEFAULT_TARGET_BYTES;
  const maxKeys = opts.maxKeys ?? DEFAULT_MAX_KEYS;
  const perKv = seenKvs === 0 ? 1 : Math.max(1, seenBytes / seenKvs);
  return BigInt(Math.min(maxKeys, Math.max(Math.min(MIN_KEYS, maxKeys), Math.floor(target / perKv))));
}

export interface RangePages {
  pages: AsyncGenerator<RangePage>;
  summary(): RangeSummary;
}

/** A Range to read in pages: a key range, and whatever else of a RangeRequest applies to every page. */
export type PagedRequest = Pick<RangeRequest, 'key' | 'range_end'> & Partial<RangeRequest>;

/**
 * Yields the pages of `req` (which must be pageable) in key order; the next page is already on its way while
 * the caller handles one. `summary()` answers `more` and `count` as the single Range would, once the first page
 * has arrived. A page after the first may fail where the single call would not: when the revision is compacted
 * away meanwhile.
 */
export function rangePages(client: Etcd, req: PagedRequest, opts: PageOptions = {}): RangePages {
  const userLimit = req.limit !== undefined && req.limit > 0n ? req.limit : 0n;
  const pinned = req.revision !== undefined && req.revision > 0n ? req.revision : 0n;
  // Of the first page only what the whole answer needs: holding the page would hold its wire form.
  let first: { revision: bigint; count: bigint } | undefined;
  const summary = (): RangeSummary => {
    if (!first) throw new Error('rangePages: no page yet');
    return { more: userLimit > 0n && first.count > userLimit, count: first.count };
  };
  const fetch = (key: Buffer, limit: bigint, revision: bigint) =>
    client.unary('KV.Range', { ...req, key, limit, revision }, { timeoutMs: opts.timeoutMs, decodeWith: (wire) => new RangePage(wire) });

  async function* pages(): AsyncGenerator<RangePage> {
    const firstKeys = BigInt(opts.firstKeys ?? DEFAULT_FIRST_KEYS);
    const cap = (n: bigint, got: bigint) => (userLimit > 0n && userLimit - got < n ? userLimit - got : n);
    let pending: Promise<RangePage> | undefined = fetch(req.key, cap(firstKeys, 0n), pinned);
    let got = 0n;
    let seenKvs = 0;
    let seenBytes = 0;
    try {
      while (pending) {
        const page: RangePage = await pending;
        pending = undefined;
        first ??= { revision: page.header?.revision ?? 0n, count: page.count };
        got += BigInt(page.size);
        seenKvs += page.size;
        seenBytes += page.wireBytes;
        const done = !page.more || page.size === 0 || (userLimit > 0n && got >= userLimit);
        if (!done) {
          const revision = pinned > 0n ? pinned : first.revision;
          // Copied out (keyAfter) before the page is handed on: its wire form may be reused once printed.
          pending = fetch(keyAfter(page.lastKey()), cap(nextPageKeys(seenKvs, seenBytes, opts), got), revision);
        }
        yield page;
      }
    } finally {
      // The caller stopped early (an error while printing): the page in flight is no longer anyone's.
      pending?.catch(() => undefined);
    }
  }
  return { pages: pages(), summary };
}
