// --cluster (endpoint health|status|hashkv, defrag): the members' client URLs, asked of --endpoints.
import { CliError, ExitCode } from '../../cli/exit.js';
import type { Etcd } from '../client/index.js';
import type { CommandContext } from '../context.js';

/**
 * MemberList needs no authentication, and etcdctl leaves the credentials out of this one client so that it
 * never asks for a password just to find the endpoints. Unstarted members have no client URLs.
 */
export async function clusterEndpoints(ctx: CommandContext): Promise<string[]> {
  const g = ctx.globals();
  const { dialableEndpoint, dialTimings, resolveEndpoints, tlsConfig } = await import('../connect.js');
  const { Etcd: Client } = await import('../client/index.js');
  const resolved = await resolveEndpoints(g, ctx.io);
  const tls = tlsConfig(g, resolved.serverName);
  let client: Etcd | undefined;
  try {
    if (resolved.endpoints.length === 0) throw new Error('etcdclient: no available endpoints');
    client = await Client.open({
      // SRV targets end with DNS's dot, which getaddrinfo may not resolve (connect.ts).
      endpoints: resolved.endpoints.map(dialableEndpoint),
      ...dialTimings(g),
      tls,
    });
    const resp = await client.unary('Cluster.MemberList', {}, { timeoutMs: ctx.commandTimeoutMs() });
    return resp.members.flatMap((m) => m.clientURLs);
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`failed to fetch endpoints from etcd cluster member list: ${(err as Error).message}`, ExitCode.Error);
  } finally {
    client?.close();
  }
}
