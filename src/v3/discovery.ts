// DNS SRV discovery (-d/--discovery-srv) as etcd's pkg/srv resolves client endpoints.
import { promises as dns } from 'node:dns';
import { CliError, ExitCode } from '../cli/exit.js';
import type { IO } from '../cli/io.js';

function lookupError(name: string, err: NodeJS.ErrnoException): string {
  const server = dns.getServers()[0] ?? '127.0.0.1';
  const where = server.includes(':') && !server.startsWith('[') ? `[${server}]:53` : `${server}:53`;
  const reason = err.code === 'ENOTFOUND' || err.code === 'ENODATA' ? 'no such host' : err.code === 'ETIMEOUT' ? 'i/o timeout' : 'server misbehaving';
  return `lookup ${name} on ${where}: ${reason}`;
}

export async function discoverEndpoints(
  domain: string,
  serviceName: string,
  insecure: boolean,
  io: IO,
): Promise<{ endpoints: string[]; serverName?: string }> {
  const suffix = serviceName ? `-${serviceName}` : '';
  const lookups = [
    { name: `_etcd-client-ssl${suffix}._tcp.${domain}`, scheme: 'https' },
    { name: `_etcd-client${suffix}._tcp.${domain}`, scheme: 'http' },
  ];
  const endpoints: string[] = [];
  const errors: string[] = [];
  for (const { name, scheme } of lookups) {
    try {
      const records = await dns.resolveSrv(name);
      for (const r of records) endpoints.push(`${scheme}://${r.name}.:${r.port}`);
    } catch (err) {
      errors.push(lookupError(name, err as NodeJS.ErrnoException));
    }
  }
  if (errors.length === lookups.length) throw new CliError(`dns lookup errors: ${errors.join(' and ')}`, ExitCode.Error);
  const kept = endpoints.filter((ep) => {
    if (insecure || !ep.startsWith('http://')) return true;
    io.stderr.write(`ignoring discovered insecure endpoint "${ep}"\n`);
    return false;
  });
  return { endpoints: kept, serverName: insecure ? undefined : domain };
}
