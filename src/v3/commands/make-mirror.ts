// etcdctl make-mirror (etcdctl/ctlv3/command/make_mirror_command.go and clientv3/mirror@v3.4.23): copy
// the keys under --prefix as of one revision, then apply every later change, one transaction per revision (and
// per --max-txn-ops changes of one revision, as etcdctl 3.6). From etcdctl 3.6, --rev starts at that revision's
// changes instead of copying. The running count of mirrored operations is printed every 30 s.
import { badArgs, CliError, ExitCode } from '../../cli/exit.js';
import { withSpinner } from '../../cli/tty.js';
import type { Etcd } from '../client/index.js';
import type { GlobalOptions } from '../globals.js';
import { prefixRange } from '../keys.js';
import { rangePages } from '../ops/range-pages.js';
import { DELETE, ERR_COMPACTED, PUT, watch } from '../ops/watch.js';
import type { Event, Init, RequestOp } from '../proto/schema.js';
import type { MAKE_MIRROR_FLAGS, V3Context } from '../registry.js';

const BATCH_KEYS = 1000;
const REPORT_EVERY_MS = 30_000;

/** Replaces the first occurrence of `from` in the key (Go's strings.Replace(key, from, to, 1)). */
export function rewriteKey(key: Buffer, from: Buffer, to: Buffer): Buffer {
  const at = key.indexOf(from);
  if (at < 0) return key;
  return Buffer.concat([key.subarray(0, at), to, key.subarray(at + from.length)]);
}

/**
 * The destination client (clientConfig.mustClient in etcdctl): the destination's own TLS flags and, from
 * etcdctl 3.5, its own credentials (--dest-user/--dest-password, asked for before the source's); the global dial
 * and keepalive settings. Failing to open it is ExitBadConnection, as for the source.
 */
async function destinationClient(ctx: V3Context<typeof MAKE_MIRROR_FLAGS>, g: GlobalOptions, endpoint: string): Promise<Etcd> {
  const { connect } = await import('../connect.js');
  const destination: GlobalOptions = {
    ...g,
    cert: ctx.flag('dest-cert'),
    key: ctx.flag('dest-key'),
    cacert: ctx.flag('dest-cacert'),
    insecureTransport: ctx.flag('dest-insecure-transport'),
    insecureSkipTlsVerify: false,
    user: ctx.flag('dest-user'),
    password: ctx.flag('dest-password'),
    // The source's token is not the destination's (etcdctl 3.7 gives the destination none).
    authJwtToken: '',
    discoverySrv: '',
    changed: new Set(),
  };
  const client = await connect(destination, ctx.io, [endpoint], undefined, { passwordPrompt: 'Destination Password: ' });
  ctx.onExit(() => client.close());
  return client;
}

class Mirror {
  total = 0n;

  constructor(
    private readonly src: Etcd,
    private readonly dst: Etcd,
    private readonly prefix: Buffer,
    private readonly destPrefix: Buffer,
    private readonly timeoutMs: number,
    private readonly maxTxnOps: bigint,
  ) {}

  private target(key: Buffer): Buffer {
    return rewriteKey(key, this.prefix, this.destPrefix);
  }

  /** Copies the keys as of one revision, a thousand at a time (as clientv3's mirror does); answers that revision. */
  async syncBase(): Promise<bigint> {
    const { key, rangeEnd } = prefixRange(this.prefix);
    const range = { key, range_end: rangeEnd };
    const opts = { timeoutMs: this.timeoutMs };
    let rev: bigint | undefined;
    for await (const page of rangePages(this.src, range, { ...opts, firstKeys: BATCH_KEYS, maxKeys: BATCH_KEYS }).pages) {
      rev ??= page.header?.revision ?? 0n;
      for (const kv of page.kvs) {
        await this.dst.unary('KV.Put', { key: this.target(kv.key), value: kv.value }, opts);
        this.total++;
      }
    }
    return rev ?? 0n;
  }

  private op(e: Event): Init<RequestOp> {
    if (e.type === PUT) return { request_put: { key: this.target(e.kv!.key), value: e.kv!.value } };
    if (e.type === DELETE) return { request_delete_range: { key: this.target(e.kv!.key) } };
    throw new CliError('unexpected event type', ExitCode.Error);
  }

  private async commit(ops: Init<RequestOp>[]): Promise<void> {
    if (ops.length > 0) await this.dst.unary('KV.Txn', { success: ops }, { timeoutMs: this.timeoutMs });
  }

  /**
   * Applies the changes after `rev`, each revision's events in one transaction (or in several of --max-txn-ops:
   * a destination refuses more operations in one than its own --max-txn-ops, 128 by default), until an error.
   */
  async syncUpdates(rev: bigint): Promise<never> {
    const { key, rangeEnd } = prefixRange(this.prefix);
    const spec = { key, range_end: rangeEnd, start_revision: rev + 1n };
    for await (const r of watch(this.src, spec)) {
      if (r.compact_revision !== 0n) break;
      let ops: Init<RequestOp>[] = [];
      let lastRev = 0n;
      for (const e of r.events) {
        if (lastRev !== 0n && e.kv!.mod_revision > lastRev) {
          await this.commit(ops);
          ops = [];
        }
        lastRev = e.kv!.mod_revision;
        if (BigInt(ops.length) === this.maxTxnOps) {
          await this.commit(ops);
          ops = [];
        }
        ops.push(this.op(e));
        this.total++;
      }
      await this.commit(ops);
    }
    throw new CliError(ERR_COMPACTED, ExitCode.Error);
  }
}

export async function makeMirror(ctx: V3Context<typeof MAKE_MIRROR_FLAGS>): Promise<void> {
  if (ctx.args.length !== 1) throw badArgs('make-mirror takes one destination argument');
  const g = ctx.globals();
  const dst = await destinationClient(ctx, g, ctx.args[0]);
  const src = await ctx.client();
  const prefix = ctx.flag('prefix');
  const destPrefix = ctx.flag('dest-prefix');
  const noDestPrefix = ctx.flag('no-dest-prefix');
  if (noDestPrefix && destPrefix.length > 0) {
    throw badArgs('`--dest-prefix` and `--no-dest-prefix` cannot be set at the same time, choose one');
  }
  // etcdctl 3.6 and 3.7 leave this default out when --rev is given, which mirrors the keys without their prefix
  // (as --no-dest-prefix does); the keys keep it here, as the flags' help says they do.
  const to = !noDestPrefix && destPrefix.length === 0 ? prefix : destPrefix;
  const mirror = new Mirror(src, dst, Buffer.from(prefix), Buffer.from(to), ctx.commandTimeoutMs(), ctx.flag('max-txn-ops'));
  const reporter = setInterval(() => ctx.io.stdout.write(`${mirror.total}\n`), REPORT_EVERY_MS);
  ctx.onExit(() => clearInterval(reporter));
  // --rev N: the changes from N on, nothing copied; N of 1 or less copies first, as without it.
  const fromRev = ctx.flag('rev') - 1n;
  const rev = fromRev > 0n ? fromRev : await withSpinner(ctx.io, 'Copying the current keys', () => mirror.syncBase());
  await mirror.syncUpdates(rev);
}
