// etcdctl get: validation order and messages follow get_command.go @ v3.4.23.
import { CliError, ExitCode, badArgs, badFeature } from '../../cli/exit.js';
import { argBytes } from '../../cli/argv.js';
import { goQuote } from '../../go/quote.js';
import type { CommandContext } from '../context.js';
import { getPrinter } from '../printers/kv.js';
import { getPagePrinter, type PagedRender } from '../printers/get-pages.js';
import { pageable, rangePages, type RangePages } from '../ops/range-pages.js';
import { OUTPUT_BACKLOG_BYTES, type Output } from '../../cli/io.js';
import { keyRange } from '../keys.js';
import type { RangeRequest, RangeResponse, RangeStreamResponse, ResponseHeader } from '../proto/schema.js';
import type { ServerStream } from '../client/etcd.js';
import type { FlagValues, GET_FLAGS, V3Context, V3Flag } from '../registry.js';

const SORT_ORDERS: Record<string, number> = { '': 0, ASCEND: 1, DESCEND: 2 };
const SORT_TARGETS: Record<string, number> = { KEY: 0, VERSION: 1, CREATE: 2, MODIFY: 3, VALUE: 4 };

/** What request building needs of a command's parsed line: a txn op line provides the same. */
export type ArgSource<F extends readonly V3Flag[]> = Pick<CommandContext<FlagValues<F>>, 'args' | 'flag'> & {
  /** How an argument becomes bytes: UTF-8 for argv; txn op lines carry raw bytes already. */
  argBytes?: (s: string) => Buffer;
};

export function rangeRequest(ctx: ArgSource<typeof GET_FLAGS>): RangeRequest {
  const args = ctx.args;
  if (args.length === 0) throw badArgs('get command needs one argument as key and an optional argument as range_end');
  const prefix = ctx.flag('prefix');
  const fromKey = ctx.flag('from-key');
  if (prefix && fromKey) throw badArgs('`--prefix` and `--from-key` cannot be set at the same time, choose one');
  const keysOnly = ctx.flag('keys-only');
  const countOnly = ctx.flag('count-only') === true;
  if (keysOnly && countOnly) throw badArgs('`--keys-only` and `--count-only` cannot be set at the same time, choose one');
  const consistency = ctx.flag('consistency');
  if (consistency !== 'l' && consistency !== 's') throw badFeature(`unknown consistency flag ${goQuote(argBytes(consistency))}`);
  if ((prefix || fromKey) && args.length > 1) {
    throw badArgs('too many arguments, only accept one argument when `--prefix` or `--from-key` is set');
  }
  const order = ctx.flag('order');
  const sortOrder = SORT_ORDERS[order.toUpperCase()];
  if (sortOrder === undefined) throw badFeature(`bad sort order ${order}`);
  const sortBy = ctx.flag('sort-by');
  let sortTarget = SORT_TARGETS[sortBy.toUpperCase()];
  if (sortBy === '') sortTarget = 0;
  else if (sortTarget === undefined) throw badFeature(`bad sort target ${sortBy}`);

  const { key, rangeEnd } = keyRange(args[0], args[1], prefix, fromKey, ctx.argBytes);
  // clientv3's WithSort sends "by key, ascending" as no sort (the server's natural order); the server itself
  // sorts ascending when only a non-key target is given.
  const so = sortTarget === 0 && sortOrder === 1 ? 0 : sortOrder;
  const rev = ctx.flag('rev');
  // Absent on txn op lines, which take only etcdctl 3.4's flags.
  const bound = (name: 'min-create-rev' | 'max-create-rev' | 'min-mod-rev' | 'max-mod-rev') => (ctx.flag(name) as bigint | undefined) ?? 0n;
  const [minCreate, maxCreate, minMod, maxMod] = (['min-create-rev', 'max-create-rev', 'min-mod-rev', 'max-mod-rev'] as const).map(bound);
  if (maxCreate > 0n && minCreate > maxCreate) throw badFeature(`getMinCreateRev(=${minCreate}) > getMaxCreateRev(=${maxCreate})`);
  if (maxMod > 0n && minMod > maxMod) throw badFeature(`getMinModRev(=${minMod}) > getMaxModRev(=${maxMod})`);
  return {
    key,
    range_end: rangeEnd,
    limit: ctx.flag('limit'),
    revision: rev > 0n ? rev : 0n,
    sort_order: so,
    sort_target: sortTarget,
    serializable: consistency === 's',
    keys_only: keysOnly,
    count_only: countOnly,
    min_mod_revision: minMod > 0n ? minMod : 0n,
    max_mod_revision: maxMod > 0n ? maxMod : 0n,
    min_create_revision: minCreate > 0n ? minCreate : 0n,
    max_create_revision: maxCreate > 0n ? maxCreate : 0n,
  };
}

export async function get(ctx: V3Context<typeof GET_FLAGS>): Promise<void> {
  const req = rangeRequest(ctx);
  // etcdctl >= 3.4.24 checks this after the RPC; a read loses nothing by checking first (but after -w is known).
  if (req.count_only && ctx.globals().writeOut !== 'fields') throw badArgs('--count-only is only for `--write-out=fields`');
  const valueOnly = ctx.flag('print-value-only');
  const print = ctx.printer(getPrinter, { valueOnly });
  const checkAnswer = () => assertValueOnlyFormat(valueOnly, print.format);
  const client = await ctx.client();
  const timeoutMs = ctx.commandTimeoutMs();
  if (ctx.flag('stream')) {
    const resp = await mergedRangeStream(client.serverStream('KV.RangeStream', req, { timeoutMs }));
    checkAnswer();
    return print(resp);
  }
  const paged = getPagePrinter[print.format];
  // A range (not a single key) is read in pages: one Range of 100 MB would be held whole, twice over. Not under
  // --max-recv-bytes (etcdctl 3.6), whose limit is for the one answer etcdctl reads: pages would each fit.
  if (paged && pageable(req) && ctx.globals().maxRecvBytes <= 0n) return printPages(ctx.io.stdout, rangePages(client, req, { timeoutMs }), paged(print.options), checkAnswer);
  const resp = await client.unary('KV.Range', req, { timeoutMs });
  checkAnswer();
  print(resp);
}

/**
 * etcdctl 3.7's --stream: the pieces of a RangeStream merged into one RangeResponse, as proto.Merge does
 * (clientv3.GetStreamToGetResponse@v3.7.1): kvs appended in order, each set scalar (header fields, more, count)
 * overriding. A stream that fails fails the command: nothing is printed before the last piece.
 */
async function mergedRangeStream(stream: ServerStream<RangeStreamResponse>): Promise<RangeResponse> {
  const merged: RangeResponse = { header: undefined, kvs: [], more: false, count: 0n };
  for await (const piece of stream) {
    const r = piece.range_response;
    if (!r) continue;
    if (r.header) merged.header = mergeHeader(merged.header, r.header);
    merged.kvs.push(...r.kvs);
    if (r.more) merged.more = true;
    if (r.count !== 0n) merged.count = r.count;
  }
  return merged;
}

function mergeHeader(into: ResponseHeader | undefined, h: ResponseHeader): ResponseHeader {
  const out = into ?? { cluster_id: 0n, member_id: 0n, revision: 0n, raft_term: 0n };
  for (const k of ['cluster_id', 'member_id', 'revision', 'raft_term'] as const) if (h[k] !== 0n) out[k] = h[k];
  return out;
}

/** Checked after the first answer, as etcdctl does (a failing call reports its own error first). */
function assertValueOnlyFormat(valueOnly: boolean, format: string): void {
  if (valueOnly && format !== 'simple') {
    throw new CliError('print-value-only is only for `--write-out=simple`', ExitCode.BadArgs);
  }
}

/** A large range printed as it arrives, page by page: the bytes one Range would have printed. */
async function printPages(out: Output, range: RangePages, render: PagedRender, checkAnswer: () => void): Promise<void> {
  let begun = false;
  for await (const page of range.pages) {
    if (!begun) {
      checkAnswer();
      out.write(render.begin(page.header));
      begun = true;
    }
    out.write(render.page(page));
    // Past the bound the next pages wait (one more is already in flight).
    await out.backlogUnder?.(OUTPUT_BACKLOG_BYTES);
  }
  out.write(render.end(range.summary()));
}
