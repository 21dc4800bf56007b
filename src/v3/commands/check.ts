// etcdctl check perf|datascale (etcdctl/ctlv3/command/check.go@v3.4.23): the same workloads, pass/fail
// criteria, messages and exit codes. Results go to stdout, the progress line too (as etcdctl prints it).
import { randomBytes } from 'node:crypto';
import { badFeature, CliError, ExitCode, SilentExit } from '../../cli/exit.js';
import { goQuote } from '../../go/quote.js';
import { stdoutColumns } from '../../cli/tty.js';
import type { Etcd } from '../client/index.js';
import type { CommandContext } from '../context.js';
import type { GlobalOptions } from '../globals.js';
import { prefixRangeEnd } from '../keys.js';
import { runLoad, type LoadStats } from '../ops/load.js';
import { ProgressBar } from '../ops/progress.js';
import { residentMemoryBytes } from '../ops/metrics.js';
import type { CHECK_DATASCALE_FLAGS, CHECK_PERF_FLAGS, V3Context } from '../registry.js';

const LOAD_ALIASES: Record<string, string> = { s: 's', small: 's', m: 'm', medium: 'm', l: 'l', large: 'l', xl: 'xl', xLarge: 'xl' };

const PERF_PROFILES: Record<string, { limit: number; clients: number; duration: number }> = {
  s: { limit: 150, clients: 50, duration: 60 },
  m: { limit: 1000, clients: 200, duration: 60 },
  l: { limit: 8000, clients: 500, duration: 60 },
  xl: { limit: 15000, clients: 1000, duration: 60 },
};

const DATASCALE_PROFILES: Record<string, { limit: number; kvSize: number; clients: number }> = {
  s: { limit: 10000, kvSize: 1024, clients: 50 },
  m: { limit: 100000, kvSize: 1024, clients: 200 },
  l: { limit: 1000000, kvSize: 1024, clients: 500 },
  xl: { limit: 3000000, kvSize: 1024, clients: 1000 },
};

const CLEANUP_TIMEOUT_MS = 30_000;
const MAX_INT64 = (1n << 63n) - 1n;

/** etcdctl advances the perf progress once a second, independently of the requests. */
function tickSeconds(bar: ProgressBar, seconds: number): Promise<void> {
  return new Promise((resolve) => {
    let n = 0;
    const t = setInterval(() => {
      bar.add(1);
      if (++n >= seconds) {
        clearInterval(t);
        resolve();
      }
    }, 1000);
  });
}

function profileName(ctx: V3Context<typeof CHECK_PERF_FLAGS>): string {
  const load = ctx.flag('load');
  const model = LOAD_ALIASES[load];
  if (!model) throw badFeature(`unknown load option ${load}`);
  return model;
}

async function refuseUsedPrefix(client: Etcd, prefix: Buffer, timeoutMs?: number): Promise<void> {
  const resp = await client.unary('KV.Range', { key: prefix, range_end: prefixRangeEnd(prefix), limit: 1n }, { timeoutMs });
  if (resp.kvs.length > 0) {
    const p = prefix.toString();
    throw new CliError(`prefix ${goQuote(p)} has keys. Delete with etcdctl del --prefix ${p} first`, ExitCode.InvalidInput);
  }
}

/**
 * Keys are the prefix and a fixed-size buffer that starts with the zig-zag varint of a random number; the
 * buffer is reused, so bytes of a longer earlier varint stay behind, exactly as in etcdctl.
 */
function keyMaker(prefix: Buffer, size: number): () => Buffer {
  const k = Buffer.alloc(size);
  return () => {
    // rand.Int63n(MaxInt64), zig-zag encoded as binary.PutVarint does for a non-negative number.
    let z = (BigInt.asUintN(63, randomBytes(8).readBigUInt64BE()) % MAX_INT64) << 1n;
    let i = 0;
    while (z >= 0x80n) {
      k[i++] = Number(z & 0x7fn) | 0x80;
      z >>= 7n;
    }
    k[i] = Number(z);
    return Buffer.concat([prefix, k]);
  };
}

/** Deletes the workload's keys, then the optional compaction and defragmentation etcdctl offers. */
async function cleanUp(ctx: V3Context<typeof CHECK_PERF_FLAGS>, client: Etcd, prefix: Buffer, g: GlobalOptions): Promise<void> {
  const del = await client.unary('KV.DeleteRange', { key: prefix, range_end: prefixRangeEnd(prefix) }, { timeoutMs: CLEANUP_TIMEOUT_MS });
  const out = ctx.io.stdout;
  if (ctx.flag('auto-compact')) {
    const rev = del.header?.revision ?? 0n;
    out.write(`Compacting with revision ${rev}\n`);
    await client.unary('KV.Compact', { revision: rev, physical: true }, { timeoutMs: CLEANUP_TIMEOUT_MS });
    out.write(`Compacted with revision ${rev}\n`);
  }
  if (ctx.flag('auto-defrag')) {
    for (const ep of g.endpoints.map((e) => e.trim())) {
      out.write(`Defragmenting ${goQuote(ep)}\n`);
      await client.endpointClient(ep).unary('Maintenance.Defragment', {}, { timeoutMs: CLEANUP_TIMEOUT_MS });
      out.write(`Defragmented ${goQuote(ep)}\n`);
    }
  }
}

function reportErrors(ctx: CommandContext, s: LoadStats): boolean {
  if (s.errors.size === 0) return false;
  ctx.io.stdout.write('FAIL: too many errors\n');
  for (const [msg, n] of s.errors) ctx.io.stdout.write(`FAIL: ERROR(${msg}) -> ${n}\n`);
  return true;
}

export async function checkPerf(ctx: V3Context<typeof CHECK_PERF_FLAGS>): Promise<void> {
  const cfg = PERF_PROFILES[profileName(ctx)];
  const g = ctx.globals();
  const prefix = Buffer.from(ctx.flag('prefix'));
  const client = await ctx.client();
  await refuseUsedPrefix(client, prefix, cfg.duration * 1000);

  const nextKey = keyMaker(prefix, 256);
  const value = Buffer.alloc(1024);
  const bar = new ProgressBar(cfg.duration, ctx.io.stdout, stdoutColumns(ctx.io));
  bar.start();
  const ticked = tickSeconds(bar, cfg.duration);
  const stats = await runLoad({
    workers: cfg.clients,
    ratePerSecond: cfg.limit,
    until: Date.now() + cfg.duration * 1000,
    request: () => client.unary('KV.Put', { key: nextKey(), value }),
  });
  await ticked;
  bar.finish();

  await cleanUp(ctx, client, prefix, g);
  const out = ctx.io.stdout;
  let ok = !reportErrors(ctx, stats);
  if (stats.rps / cfg.limit <= 0.9) {
    out.write(`FAIL: Throughput too low: ${Math.trunc(stats.rps) + 1} writes/s\n`);
    ok = false;
  } else {
    out.write(`PASS: Throughput is ${Math.trunc(stats.rps) + 1} writes/s\n`);
  }
  if (stats.slowestS > 0.5) {
    out.write(`Slowest request took too long: ${stats.slowestS.toFixed(6)}s\n`);
    ok = false;
  } else {
    out.write(`PASS: Slowest request took ${stats.slowestS.toFixed(6)}s\n`);
  }
  if (stats.stddevS > 0.1) {
    out.write(`Stddev too high: ${stats.stddevS.toFixed(6)}s\n`);
    ok = false;
  } else {
    out.write(`PASS: Stddev is ${stats.stddevS.toFixed(6)}s\n`);
  }
  out.write(ok ? 'PASS\n' : 'FAIL\n');
  if (!ok) throw new SilentExit(ExitCode.Error);
}

export async function checkDatascale(ctx: V3Context<typeof CHECK_DATASCALE_FLAGS>): Promise<void> {
  const cfg = DATASCALE_PROFILES[profileName(ctx)];
  const g = ctx.globals();
  const prefix = Buffer.from(ctx.flag('prefix'));
  const client = await ctx.client();
  const { resolveEndpoints } = await import('../connect.js');
  const { endpoints } = await resolveEndpoints(g, ctx.io);
  await refuseUsedPrefix(client, prefix, ctx.commandTimeoutMs());

  const out = ctx.io.stdout;
  const measure = (when: string) =>
    residentMemoryBytes(endpoints[0], g, (line) => out.write(line + '\n')).then((bytes) => {
      if (bytes === 0) {
        out.write(`FAIL: Could not read process_resident_memory_bytes ${when} the put operations.\n`);
        throw new SilentExit(ExitCode.Error);
      }
      return bytes;
    });
  const before = await measure('before');
  out.write(`Start data scale check for work load [${cfg.limit} key-value pairs, ${cfg.kvSize} bytes per key-value, ${cfg.clients} concurrent clients].\n`);
  const bar = new ProgressBar(cfg.limit, out, stdoutColumns(ctx.io));
  bar.start();
  const nextKey = keyMaker(prefix, 512);
  const value = Buffer.alloc(512);
  const stats = await runLoad({
    workers: cfg.clients,
    count: cfg.limit,
    request: () => client.unary('KV.Put', { key: nextKey(), value }),
    onDone: () => bar.add(1),
  });
  bar.finish();
  const after = await measure('after');
  await cleanUp(ctx, client, prefix, g);
  if (reportErrors(ctx, stats)) throw new SilentExit(ExitCode.Error);
  out.write(`PASS: Approximate system memory used : ${((after - before) / (1024 * 1024)).toFixed(2)} MB.\n`);
}
