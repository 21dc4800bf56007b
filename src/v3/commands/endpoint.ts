// etcdctl endpoint health|status|hashkv (etcdctl/ctlv3/command/ep_command.go@v3.4.23). Results come in
// --endpoints order; healthy lines go to stdout as etcdctl >= 3.5 prints them (a deliberate difference from 3.4).
import { CliError, ExitCode, SilentExit } from '../../cli/exit.js';
import type { CommandContext } from '../context.js';
import type { Etcd } from '../client/index.js';
import { RpcError } from '../client/index.js';
import {
  endpointHashKVPrinter,
  endpointHealthPrinter,
  endpointStatusPrinter,
  healthLine,
  type EndpointHashKV,
  type EndpointHealth,
  type EndpointStatus,
} from '../printers/cluster.js';
import { clusterEndpoints } from '../ops/cluster-endpoints.js';
import type { ENDPOINT_FLAGS, ENDPOINT_HASHKV_FLAGS, V3Context } from '../registry.js';

/** --cluster: the client URLs of every member, in member order; otherwise --endpoints as typed (untrimmed). */
export async function endpointsFor(ctx: CommandContext): Promise<readonly string[]> {
  const g = ctx.globals();
  return g.cluster ? clusterEndpoints(ctx) : g.endpoints;
}

const PERMISSION_DENIED = 'etcdserver: permission denied';

async function checkHealth(ctx: CommandContext, ep: string): Promise<EndpointHealth> {
  let client: Etcd;
  try {
    client = await ctx.client([ep]);
  } catch (err) {
    // etcdctl builds every endpoint's TLS settings first and stops on a bad one.
    if (err instanceof CliError && err.exitCode === ExitCode.BadArgs) throw err;
    return { endpoint: ep, health: false, error: (err as Error).message };
  }
  const start = process.hrtime.bigint();
  try {
    await client.unary('KV.Range', { key: Buffer.from('health') }, { timeoutMs: ctx.commandTimeoutMs() });
    return { endpoint: ep, health: true, tookNs: process.hrtime.bigint() - start, error: '' };
  } catch (err) {
    const tookNs = process.hrtime.bigint() - start;
    const message = (err as Error).message;
    // A member that refuses us for lack of permission has still committed the proposal.
    if (err instanceof RpcError && message === PERMISSION_DENIED) return { endpoint: ep, health: true, tookNs, error: '' };
    return { endpoint: ep, health: false, tookNs, error: message };
  }
}

export async function endpointHealth(ctx: V3Context<readonly [], typeof ENDPOINT_FLAGS>): Promise<void> {
  const print = ctx.printer(endpointHealthPrinter);
  const endpoints = await endpointsFor(ctx);
  const results = await Promise.all(endpoints.map((ep) => checkHealth(ctx, ep)));
  if (print.format === 'simple') {
    for (const r of results) (r.health ? ctx.io.stdout : ctx.io.stderr).write(healthLine(r));
  } else {
    print(results);
  }
  if (results.some((r) => !r.health)) throw new CliError('unhealthy cluster', ExitCode.Error);
}

/**
 * Asks each endpoint in turn through its own connection (as clientv3's Status(ctx, ep) dials the endpoint
 * itself), reports failures on stderr as etcdctl does and keeps the answers in order.
 */
async function askEach<T>(
  ctx: CommandContext,
  failure: string,
  call: (c: Etcd, timeoutMs: number) => Promise<T>,
): Promise<{ answers: { ep: string; resp: T }[]; lastError?: Error }> {
  const endpoints = await endpointsFor(ctx);
  const client = await ctx.client();
  const answers: { ep: string; resp: T }[] = [];
  let lastError: Error | undefined;
  for (const ep of endpoints) {
    try {
      answers.push({ ep, resp: await call(client.endpointClient(ep), ctx.commandTimeoutMs()) });
    } catch (err) {
      lastError = err as Error;
      ctx.io.stderr.write(`${failure} ${ep} (${lastError.message})\n`);
    }
  }
  return { answers, lastError };
}

export async function endpointStatus(ctx: V3Context<readonly [], typeof ENDPOINT_FLAGS>): Promise<void> {
  const print = ctx.printer(endpointStatusPrinter);
  const { answers, lastError } = await askEach(ctx, 'Failed to get the status of endpoint', (c, timeoutMs) =>
    c.unary('Maintenance.Status', {}, { timeoutMs }),
  );
  const results: EndpointStatus[] = answers.map((a) => ({ Endpoint: a.ep, Status: a.resp }));
  print(results);
  // etcdctl exits 1 here without an "Error:" line; the failures were reported one by one.
  if (lastError) throw new SilentExit(ExitCode.Error);
}

export async function endpointHashkv(ctx: V3Context<typeof ENDPOINT_HASHKV_FLAGS, typeof ENDPOINT_FLAGS>): Promise<void> {
  const print = ctx.printer(endpointHashKVPrinter);
  const revision = ctx.flag('rev');
  const { answers, lastError } = await askEach(ctx, 'Failed to get the hash of endpoint', (c, timeoutMs) =>
    c.unary('Maintenance.HashKV', { revision }, { timeoutMs }),
  );
  const results: EndpointHashKV[] = answers.map((a) => ({ Endpoint: a.ep, HashKV: a.resp }));
  print(results);
  if (lastError) throw new CliError(lastError.message, ExitCode.Error);
}
