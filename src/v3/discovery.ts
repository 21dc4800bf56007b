// DNS SRV discovery (-d/--discovery-srv) as etcd's pkg/srv GetClient resolves client endpoints (3.4.23):
// _etcd-client-ssl[-<name>]._tcp.<domain> gives https:// endpoints, _etcd-client[-<name>]._tcp.<domain>
// http:// ones; both lookups are made, and only both failing is an error.
import { promises as dns } from 'node:dns';
import type { SrvRecord } from 'node:dns';
import { CliError, ExitCode } from '../cli/exit.js';
import { goQuote } from '../go/quote.js';
import type { IO } from '../cli/io.js';

/**
 * Test hook: "host:port" of the DNS server to ask instead of the system's resolvers. Not an ETCDCTL_*
 * name on purpose: those are etcdctl's flags, and an unknown one draws pkg/flags' warning.
 */
export const DNS_SERVER_ENV = 'ETCDCTLTS_DNS_SERVER';

export interface Discovered {
  endpoints: string[];
}

interface Lookup {
  name: string;
  scheme: 'https' | 'http';
}

function lookupsFor(domain: string, serviceName: string): Lookup[] {
  const suffix = serviceName === '' ? '' : `-${serviceName}`;
  return [
    { name: `_etcd-client-ssl${suffix}._tcp.${domain}`, scheme: 'https' },
    { name: `_etcd-client${suffix}._tcp.${domain}`, scheme: 'http' },
  ];
}

/** How Go's resolver names the server in its errors: "10.0.0.53:53", "[::1]:53". */
function serverLabel(server: string | undefined): string {
  if (server === undefined) return '127.0.0.1:53';
  if (server.startsWith('[')) return server;
  if (server.includes(':')) return server.split(':').length > 2 ? `[${server}]:53` : server;
  return `${server}:53`;
}

function reasonText(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOTFOUND':
    case 'ENODATA':
      return 'no such host';
    case 'ETIMEOUT':
      return 'i/o timeout';
    default:
      return 'server misbehaving';
  }
}

/** Go's net.JoinHostPort of an SRV target, which keeps the DNS name's trailing dot. */
function endpointOf(scheme: string, r: SrvRecord): string {
  const target = r.name.endsWith('.') ? r.name : `${r.name}.`;
  return `${scheme}://${target}:${r.port}`;
}

/**
 * RFC 2782 order, as Go's net.LookupSRV returns records: by priority, and within one priority a
 * weighted random shuffle (a record of weight w is picked next with probability w / sum).
 */
export function orderSrv(records: SrvRecord[], random: () => number = Math.random): SrvRecord[] {
  const byPriority = [...records].sort((a, b) => a.priority - b.priority);
  const out: SrvRecord[] = [];
  let i = 0;
  while (i < byPriority.length) {
    let j = i;
    while (j < byPriority.length && byPriority[j].priority === byPriority[i].priority) j++;
    out.push(...shuffleByWeight(byPriority.slice(i, j), random));
    i = j;
  }
  return out;
}

function shuffleByWeight(group: SrvRecord[], random: () => number): SrvRecord[] {
  const left = [...group];
  const out: SrvRecord[] = [];
  let sum = left.reduce((s, r) => s + r.weight, 0);
  while (sum > 0 && left.length > 1) {
    let pick = Math.floor(random() * sum);
    let k = 0;
    while (pick >= left[k].weight) pick -= left[k++].weight;
    sum -= left[k].weight;
    out.push(...left.splice(k, 1));
  }
  return [...out, ...left];
}

function resolverFor(io: IO): { resolver: dns.Resolver; server: string | undefined } {
  const resolver = new dns.Resolver();
  const override = io.env[DNS_SERVER_ENV];
  if (override !== undefined && override !== '') resolver.setServers([override]);
  return { resolver, server: override || resolver.getServers()[0] };
}

/**
 * The endpoints the SRV records name, https ones first. With `insecure` false, http:// endpoints are
 * dropped with etcdctl's notice on stderr. An empty result means: use --endpoints.
 */
export async function discoverEndpoints(domain: string, serviceName: string, insecure: boolean, io: IO): Promise<Discovered> {
  const { resolver, server } = resolverFor(io);
  const found: string[] = [];
  const errors: string[] = [];
  for (const { name, scheme } of lookupsFor(domain, serviceName)) {
    try {
      for (const r of orderSrv(await resolver.resolveSrv(name))) found.push(endpointOf(scheme, r));
    } catch (err) {
      errors.push(`lookup ${name} on ${serverLabel(server)}: ${reasonText(err as NodeJS.ErrnoException)}`);
    }
  }
  if (errors.length === 2) throw new CliError(`dns lookup errors: ${errors.join(' and ')}`, ExitCode.Error);
  if (insecure) return { endpoints: found };
  const endpoints = found.filter((ep) => {
    if (!ep.startsWith('http://')) return true;
    io.stderr.write(`ignoring discovered insecure endpoint ${goQuote(ep)}\n`);
    return false;
  });
  return { endpoints };
}
