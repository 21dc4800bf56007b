// DNS SRV discovery of client endpoints, as etcdctl 3.4.23 does it for both command sets: v3's
// (etcdctl/ctlv3/command/global.go@v3.4.23) and v2's (client/discover.go@v3.4.23) both call pkg/srv
// GetClient("etcd-client", …) (pkg/srv/srv.go@v3.4.23), which asks _etcd-client-ssl[-<name>]._tcp.<domain> for
// https:// endpoints, then _etcd-client[-<name>]._tcp.<domain> for http:// ones, each through Go's
// net.LookupSRV; only both lookups failing is an error. Records come in the order go1.19's net.LookupSRV
// gives them (its byPriorityWeight sort).
import { Resolver } from 'node:dns/promises';
import type { SrvRecord } from 'node:dns';
import { dnsErrorText, dnsServerLabel, joinHostPort } from './net.js';
import { goQuote } from './quote.js';
import { goURLString, parseGoURL } from './url.js';

/**
 * Test hook: "host:port" of the DNS server to ask instead of the system's resolvers. Not an ETCDCTL_*
 * name on purpose: those are etcdctl's flags, and an unknown one draws pkg/flags' warning.
 */
export const DNS_SERVER_ENV = 'ETCDCTLTS_DNS_SERVER';

/** GetClient's "dns lookup errors: … and …". */
export class SrvError extends Error {}

/**
 * byPriorityWeight.sort: by priority, then weight, ascending; then within each priority RFC 2782's weighted
 * shuffle, which swaps the record picked (weight w, with probability w / sum) to the front of what is left.
 */
export function orderSrv(records: SrvRecord[], random: () => number = Math.random): SrvRecord[] {
  const out = [...records].sort((a, b) => a.priority - b.priority || a.weight - b.weight);
  let i = 0;
  for (let j = 1; j < out.length; j++) {
    if (out[i].priority !== out[j].priority) {
      shuffleByWeight(out, i, j, random);
      i = j;
    }
  }
  shuffleByWeight(out, i, out.length, random);
  return out;
}

function shuffleByWeight(a: SrvRecord[], from: number, to: number, random: () => number): void {
  let sum = 0;
  for (let k = from; k < to; k++) sum += a[k].weight;
  for (let first = from; sum > 0 && to - first > 1; first++) {
    const n = Math.floor(random() * sum);
    let s = 0;
    for (let k = first; k < to; k++) {
      s += a[k].weight;
      if (s > n) {
        [a[first], a[k]] = [a[k], a[first]];
        break;
      }
    }
    sum -= a[first].weight;
  }
}

function resolverFor(env: Record<string, string | undefined>): { resolver: Resolver; server: string } {
  const resolver = new Resolver();
  const override = env[DNS_SERVER_ENV];
  if (override !== undefined && override !== '') resolver.setServers([override]);
  return { resolver, server: dnsServerLabel(override || resolver.getServers()[0]) };
}

/** The endpoints one SRV name gives: url.URL{Scheme, Host: JoinHostPort(target, port)}.String(). */
async function lookupService(resolver: Resolver, name: string, scheme: string): Promise<string[]> {
  // Go keeps the SRV target's final dot; Node drops it.
  const target = (r: SrvRecord) => (r.name.endsWith('.') ? r.name : `${r.name}.`);
  const base = parseGoURL(`${scheme}://`);
  return orderSrv(await resolver.resolveSrv(name)).map((r) => goURLString({ ...base, host: joinHostPort(target(r), r.port) }));
}

/**
 * srv.GetClient("etcd-client", domain, serviceName).Endpoints, https ones first; with `insecure` false the
 * http:// ones are dropped, each with etcdctl's notice through `warn`. An empty result means: use the
 * configured endpoints.
 */
export async function discoverEndpoints(
  domain: string,
  serviceName: string,
  insecure: boolean,
  env: Record<string, string | undefined>,
  warn: (line: string) => void,
): Promise<string[]> {
  const { resolver, server } = resolverFor(env);
  const suffix = serviceName === '' ? '' : `-${serviceName}`;
  const lookups = [
    { name: `_etcd-client-ssl${suffix}._tcp.${domain}`, scheme: 'https' },
    { name: `_etcd-client${suffix}._tcp.${domain}`, scheme: 'http' },
  ].map(({ name, scheme }) =>
    lookupService(resolver, name, scheme).then(
      (endpoints) => ({ endpoints, error: undefined }),
      (err: unknown) => ({ endpoints: [] as string[], error: dnsErrorText(name, server, err) }),
    ),
  );
  const [secure, plain] = await Promise.all(lookups);
  if (secure.error !== undefined && plain.error !== undefined) throw new SrvError(`dns lookup errors: ${secure.error} and ${plain.error}`);
  return [...secure.endpoints, ...plain.endpoints].filter((ep) => {
    if (insecure || !ep.startsWith('http://')) return true;
    warn(`ignoring discovered insecure endpoint ${goQuote(ep)}\n`);
    return false;
  });
}
