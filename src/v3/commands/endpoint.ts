// etcdctl endpoint health|status (spec v3-cluster.md §8.6). Results come in --endpoints order;
// healthy lines go to stdout as etcdctl >= 3.5 prints them (a deliberate difference from 3.4).
import { CliError, ExitCode, SilentExit } from '../../cli/exit.js';
import type { CommandContext } from '../context.js';
import type { Etcd } from '../client/index.js';
import { RpcError } from '../client/index.js';
import { assertSupported } from '../printers/format.js';
import { endpointHealthPrinter, endpointStatusPrinter, healthLine, type EndpointHealth } from '../printers/cluster.js';

/** --cluster: the client URLs of every member, in member order; otherwise --endpoints as typed. */
export async function endpointsFor(ctx: CommandContext): Promise<string[]> {
  const g = ctx.globals();
  if (!g.cluster) return g.endpoints;
  try {
    const client = await ctx.client();
    const resp = (await client.unary('Cluster.MemberList', {}, { timeoutMs: ctx.commandTimeoutMs() })) as {
      members: { clientURLs: string[] }[];
    };
    return resp.members.flatMap((m) => m.clientURLs);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new CliError(`failed to fetch endpoints from etcd cluster member list: ${msg}`, ExitCode.Error);
  }
}

const PERMISSION_DENIED = 'etcdserver: permission denied';

async function checkHealth(ctx: CommandContext, ep: string): Promise<EndpointHealth> {
  let client: Etcd;
  try {
    client = await ctx.client([ep]);
  } catch (err) {
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

export async function endpointHealth(ctx: CommandContext): Promise<void> {
  const g = ctx.globals();
  const render = assertSupported(endpointHealthPrinter, g.writeOut);
  const endpoints = await endpointsFor(ctx);
  const results = await Promise.all(endpoints.map((ep) => checkHealth(ctx, ep)));
  if (g.writeOut === 'simple') {
    for (const r of results) (r.health ? ctx.io.stdout : ctx.io.stderr).write(healthLine(r));
  } else {
    ctx.io.stdout.write(render(results, { hex: g.hex }));
  }
  if (results.some((r) => !r.health)) throw new CliError('unhealthy cluster', ExitCode.Error);
}

export async function endpointStatus(ctx: CommandContext): Promise<void> {
  const g = ctx.globals();
  const render = assertSupported(endpointStatusPrinter, g.writeOut);
  const endpoints = await endpointsFor(ctx);
  const client = await ctx.client();
  const results: { Endpoint: string; Status: unknown }[] = [];
  let failed = false;
  for (const ep of endpoints) {
    try {
      const status = await client.endpointClient(ep).unary('Maintenance.Status', {}, { timeoutMs: ctx.commandTimeoutMs() });
      results.push({ Endpoint: ep, Status: status });
    } catch (err) {
      failed = true;
      ctx.io.stderr.write(`Failed to get the status of endpoint ${ep} (${(err as Error).message})\n`);
    }
  }
  ctx.io.stdout.write(render(results as never, { hex: g.hex }));
  if (failed) throw new SilentExit(ExitCode.Error);
}
