// The parts of Go's net package (go1.19, the reference etcdctl 3.4.23's toolchain) whose acceptance rules or
// error texts etcdctl shows: SplitHostPort/JoinHostPort, and the *DNSError texts of its pure-Go resolver
// ("lookup <name> on <server>: no such host").
import { Resolver } from 'node:dns/promises';

/** net.SplitHostPort: "host:port" or "[host]:port"; undefined where Go returns an error. */
export function splitHostPort(hostport: string): { host: string; port: string } | undefined {
  const colon = hostport.lastIndexOf(':');
  if (colon < 0) return undefined;
  let host: string;
  let j = 0;
  let k = 0;
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']');
    if (end < 0 || end + 1 !== colon) return undefined;
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.slice(0, colon);
    if (host.includes(':')) return undefined;
  }
  if (hostport.slice(j).includes('[') || hostport.slice(k).includes(']')) return undefined;
  return { host, port: hostport.slice(colon + 1) };
}

/** net.JoinHostPort: a host with a colon (IPv6) goes in brackets. */
export const joinHostPort = (host: string, port: number | string): string =>
  host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;

/** How Go's resolver names the DNS server it asked: "10.0.0.53:53", "[::1]:53"; 127.0.0.1:53 without one. */
export function dnsServerLabel(server: string | undefined): string {
  if (server === undefined || server === '') return '127.0.0.1:53';
  if (server.startsWith('[')) return server;
  const colons = server.split(':').length - 1;
  if (colons === 1) return server;
  return joinHostPort(server, 53);
}

/** The first DNS server the system's resolver asks (what Go's reads from /etc/resolv.conf), as Go names it. */
export function systemDnsServerLabel(): string {
  return dnsServerLabel(new Resolver().getServers()[0]);
}

/** DNSError.Err for a failed Node lookup. */
export function dnsReasonText(err: unknown): string {
  switch ((err as NodeJS.ErrnoException)?.code) {
    case 'ENOTFOUND':
    case 'ENODATA':
      return 'no such host';
    case 'ETIMEOUT':
      return 'i/o timeout';
    default:
      return 'server misbehaving';
  }
}

/** DNSError.Error(): `lookup <name> on <server>: <reason>`. */
export const dnsErrorText = (name: string, server: string, err: unknown): string => `lookup ${name} on ${server}: ${dnsReasonText(err)}`;
