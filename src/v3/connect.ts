// Turns the global flags into a connected client the way etcdctl's clientConfigFromCmd does:
// endpoints (or DNS SRV discovery), TLS files, credentials (prompting once), then the dial.
import { readFileSync } from 'node:fs';
import { CliError, ExitCode } from '../cli/exit.js';
import type { IO } from '../cli/io.js';
import { promptPassword } from '../cli/prompt.js';
import type { GlobalOptions } from './globals.js';
import { discoverEndpoints } from './discovery.js';
import { Etcd, type DialConfig } from './client/index.js';

const NS_PER_MS = 1_000_000n;
const toMs = (ns: bigint) => Number(ns / NS_PER_MS);

function readTlsFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const reason = e.code === 'ENOENT' ? 'no such file or directory' : e.code === 'EACCES' ? 'permission denied' : e.code === 'EISDIR' ? 'is a directory' : e.message;
    throw new CliError(`open ${path}: ${reason}`, ExitCode.BadArgs);
  }
}

function checkNotExplicitlyEmpty(g: GlobalOptions): void {
  for (const name of ['cert', 'key', 'cacert'] as const) {
    if (g.changed.has(name) && g[name] === '') throw new CliError(`empty string is passed to --${name} option`, ExitCode.BadArgs);
  }
}

function hasPemBlock(buf: Buffer): boolean {
  return /-----BEGIN [A-Z0-9 ]+-----/.test(buf.toString('latin1'));
}

export function tlsConfig(g: GlobalOptions, serverName?: string): DialConfig['tls'] {
  checkNotExplicitlyEmpty(g);
  const anyFile = g.cert !== '' || g.key !== '' || g.cacert !== '';
  if (!anyFile && serverName === undefined) {
    return g.insecureTransport ? undefined : { insecureSkipVerify: g.insecureSkipTlsVerify };
  }
  if ((g.cert === '') !== (g.key === '')) {
    throw new CliError(`KeyFile and CertFile must both be present[key: ${g.key}, cert: ${g.cert}]`, ExitCode.BadArgs);
  }
  const tls: NonNullable<DialConfig['tls']> = { insecureSkipVerify: g.insecureSkipTlsVerify, serverName };
  if (g.cert !== '') {
    tls.cert = readTlsFile(g.cert);
    tls.key = readTlsFile(g.key);
    if (!hasPemBlock(tls.cert)) throw new CliError('tls: failed to find any PEM data in certificate input', ExitCode.BadArgs);
    if (!hasPemBlock(tls.key)) throw new CliError('tls: failed to find any PEM data in key input', ExitCode.BadArgs);
  }
  if (g.cacert !== '') tls.ca = readTlsFile(g.cacert);
  return tls;
}

/** --user "name:password" splits at the first colon unless --password is given; a missing password is asked for. */
export async function credentials(g: GlobalOptions, io: IO): Promise<DialConfig['credentials']> {
  if (g.user === '') return undefined;
  let user = g.user;
  let password = g.password;
  if (password === '') {
    const colon = user.indexOf(':');
    if (colon >= 0) {
      password = user.slice(colon + 1);
      user = user.slice(0, colon);
    } else {
      password = await promptPassword(io, 'Password: ');
    }
  }
  // clientv3 authenticates only when both parts are non-empty; the server then answers for the request.
  if (user === '' || password === '') return undefined;
  return { user, password };
}

export async function resolveEndpoints(g: GlobalOptions, io: IO): Promise<{ endpoints: string[]; serverName?: string }> {
  if (g.discoverySrv !== '') {
    const found = await discoverEndpoints(g.discoverySrv, g.discoverySrvName, g.insecureDiscovery, io);
    if (found.endpoints.length > 0) return found;
  }
  return { endpoints: g.endpoints.map((e) => e.trim()) };
}

let cachedCredentials: Promise<DialConfig['credentials']> | undefined;

export async function dialConfig(g: GlobalOptions, io: IO, endpoints?: string[]): Promise<DialConfig> {
  const resolved = endpoints ? { endpoints, serverName: undefined } : await resolveEndpoints(g, io);
  const tls = tlsConfig(g, resolved.serverName);
  // One prompt per run, however many clients a command opens (endpoint status asks every endpoint).
  cachedCredentials ??= credentials(g, io);
  return {
    endpoints: resolved.endpoints,
    dialTimeoutMs: toMs(g.dialTimeoutNs),
    keepaliveTimeMs: toMs(g.keepaliveTimeNs),
    keepaliveTimeoutMs: toMs(g.keepaliveTimeoutNs),
    tls,
    credentials: await cachedCredentials,
  };
}

/** Lets several commands of one process share a connection (batch mode). */
export interface ClientPool {
  open(key: string, open: () => Promise<Etcd>): Promise<Etcd>;
  owns(client: Etcd): boolean;
}

export async function connect(g: GlobalOptions, io: IO, endpoints?: string[], pool?: ClientPool): Promise<Etcd> {
  const cfg = await dialConfig(g, io, endpoints);
  if (cfg.endpoints.length === 0) throw new CliError('etcdclient: no available endpoints', ExitCode.BadConnection);
  const open = async () => {
    try {
      return await Etcd.open(cfg);
    } catch (err) {
      if (err instanceof CliError) throw err;
      // clientv3.New failing (authentication, or no endpoint answering within the dial timeout) is ExitBadConnection.
      throw new CliError((err as Error).message, ExitCode.BadConnection);
    }
  };
  return pool ? pool.open(JSON.stringify(cfg), open) : open();
}
