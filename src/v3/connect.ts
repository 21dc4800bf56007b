// Turns the global flags into a connected client the way etcdctl's clientConfigFromCmd and newClientCfg do
// (global.go @ v3.4.23), in the same order: endpoints (or DNS SRV discovery), the TLS flags' empty-value
// checks, credentials (prompting once), the TLS files, then the dial and authentication.
//
// One improvement over etcdctl: when a call runs out of time because the TLS handshake fails, etcdctl says
// only "context deadline exceeded"; we add the reason in the same line (unknown authority, a certificate
// the server rejects, a host name the certificate does not carry).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { CliError, ExitCode, SilentExit } from '../cli/exit.js';
import type { IO } from '../cli/io.js';
import { stderrLines } from '../cli/tty.js';
import { zapLine } from '../cli/zap.js';
import { promptPassword } from '../cli/prompt.js';
import { durationMs } from '../go/duration.js';
import { pathErrorText } from '../go/os.js';
import { handshakeFailureText, keyPairProblem, type TlsFailure } from '../go/tls.js';
import type { GlobalOptions } from './globals.js';
import { discoverEndpoints } from './discovery.js';
import { Etcd, RpcError, TlsConfigError, type DialConfig, type TlsOptions } from './client/index.js';

const EXIT_SIGINT = 130;

// ------------------------------------------------------------------ TLS files

function readTlsFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new CliError(pathErrorText('open', path, err), ExitCode.BadArgs);
  }
}

function checkNotExplicitlyEmpty(g: GlobalOptions): void {
  for (const name of ['cert', 'key', 'cacert'] as const) {
    if (g.changed.has(name) && g[name] === '') throw new CliError(`empty string is passed to --${name} option`, ExitCode.BadArgs);
  }
}

/**
 * The TLS settings the flags ask for: undefined for plaintext. A config exists when any TLS file or an
 * SRV-derived server name is given, or --insecure-transport=false; --insecure-skip-tls-verify applies to it.
 */
export function tlsConfig(g: GlobalOptions, serverName?: string): TlsOptions | undefined {
  checkNotExplicitlyEmpty(g);
  const anyFile = g.cert !== '' || g.key !== '' || g.cacert !== '';
  if (!anyFile && serverName === undefined) {
    return g.insecureTransport ? undefined : { insecureSkipVerify: g.insecureSkipTlsVerify };
  }
  const tls: TlsOptions = { insecureSkipVerify: g.insecureSkipTlsVerify, serverName };
  if (g.cert !== '' || g.key !== '') {
    if (g.cert === '' || g.key === '') {
      throw new CliError(`KeyFile and CertFile must both be present[key: ${g.key}, cert: ${g.cert}]`, ExitCode.BadArgs);
    }
    tls.cert = readTlsFile(g.cert);
    tls.key = readTlsFile(g.key);
    const problem = keyPairProblem(tls.cert, tls.key);
    if (problem !== undefined) throw new CliError(problem, ExitCode.BadArgs);
  }
  if (g.cacert !== '') tls.ca = readTlsFile(g.cacert);
  return tls;
}

// ------------------------------------------------------------------ credentials

const PASSWORD_PROMPT = 'Password: ';

/** Every client of one run shares the answer: a prompted password is asked once, however many clients. */
const credentialsAsked = new Map<string, Promise<DialConfig['credentials']>>();

/**
 * etcdctl's authCfgFromCmd (and make-mirror's authDestCfg since 3.5): no user, no authentication; "name:password"
 * splits at the first colon unless a password is given; a missing password is asked for with `prompt`.
 */
async function userCredentials(user: string, password: string, io: IO, prompt: string): Promise<DialConfig['credentials']> {
  if (user === '') return undefined;
  if (password === '') {
    const colon = user.indexOf(':');
    if (colon >= 0) {
      password = user.slice(colon + 1);
      user = user.slice(0, colon);
    } else {
      password = await askPassword(io, prompt);
    }
  }
  // clientv3 authenticates only when both parts are non-empty; the server then answers for the request.
  if (user === '' || password === '') return undefined;
  return { user, password };
}

async function askPassword(io: IO, prompt: string): Promise<string> {
  try {
    return await promptPassword(io, prompt);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'SIGINT') throw new SilentExit(EXIT_SIGINT);
    throw new CliError((err as Error).message, ExitCode.Error);
  }
}

export function credentials(g: GlobalOptions, io: IO, prompt = PASSWORD_PROMPT): Promise<DialConfig['credentials']> {
  // A token makes etcdctl 3.7 skip the user and password altogether, prompt included (authCfgFromCmd@v3.7.1).
  if (g.user === '' || g.authJwtToken !== '') return Promise.resolve(undefined);
  // make-mirror's destination asks with a prompt of its own, even for the same user.
  const key = `${prompt}\u0000${g.user}\u0000${g.password}`;
  let asked = credentialsAsked.get(key);
  if (!asked) {
    asked = userCredentials(g.user, g.password, io, prompt);
    credentialsAsked.set(key, asked);
  }
  return asked;
}

// ------------------------------------------------------------------ endpoints

/** With --insecure-discovery=false the SRV domain is the name every server certificate must carry. */
export function discoveryServerName(g: GlobalOptions): string | undefined {
  return g.discoverySrv !== '' && !g.insecureDiscovery ? g.discoverySrv : undefined;
}

const discoveries = new Map<string, Promise<string[]>>();

/** One lookup per run, so that "ignoring discovered insecure endpoint" is printed once. */
function discoverOnce(g: GlobalOptions, io: IO): Promise<string[]> {
  const key = [g.discoverySrv, g.discoverySrvName, g.insecureDiscovery].join('\u0000');
  let found = discoveries.get(key);
  if (!found) {
    found = discoverEndpoints(g.discoverySrv, g.discoverySrvName, g.insecureDiscovery, io).then((d) => d.endpoints);
    discoveries.set(key, found);
  }
  return found;
}

/** Endpoints from DNS SRV records when --discovery-srv finds any, else --endpoints (trimmed, as etcdctl does). */
export async function resolveEndpoints(g: GlobalOptions, io: IO): Promise<{ endpoints: string[]; serverName?: string }> {
  const serverName = discoveryServerName(g);
  if (g.discoverySrv !== '') {
    const found = await discoverOnce(g, io);
    if (found.length > 0) return { endpoints: found, serverName };
  }
  return { endpoints: g.endpoints.map((e) => e.trim()), serverName };
}

/**
 * The endpoint as the dialer needs it. SRV targets keep DNS's trailing dot ("https://etcd1.example.com.:2379",
 * which etcdctl prints as is); Go's resolver takes such names, but getaddrinfo does not find "localhost." in
 * /etc/hosts, so the dot goes before dialling. Certificates are checked against the name without it, as Go does.
 */
export function dialableEndpoint(ep: string): string {
  return ep.replace(/^((?:https?:\/\/)?[^/:[\]]+)\.(:\d+)/i, '$1$2');
}

// ------------------------------------------------------------------ the client

export async function dialConfig(g: GlobalOptions, io: IO, endpoints?: string[], passwordPrompt?: string): Promise<DialConfig> {
  const resolved = endpoints ?? (await resolveEndpoints(g, io)).endpoints;
  checkNotExplicitlyEmpty(g);
  const creds = await credentials(g, io, passwordPrompt);
  const tls = tlsConfig(g, discoveryServerName(g));
  return {
    endpoints: resolved.map(dialableEndpoint),
    ...dialTimings(g),
    ...messageLimits(g),
    tls,
    credentials: creds,
    token: g.authJwtToken || undefined,
  };
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * --max-request-bytes and --max-recv-bytes (etcdctl 3.6) as clientv3.New takes them (client/v3/client.go@v3.6.16):
 * a limit of 0 or less keeps the default (2 MiB to send, no limit to receive); a receive limit under the send
 * limit is refused before any dialing, and etcdctl exits with ExitBadConnection as for any failure of New.
 */
function messageLimits(g: GlobalOptions): Pick<DialConfig, 'maxCallSendBytes' | 'maxCallRecvBytes'> {
  const send = g.maxRequestBytes;
  const recv = g.maxRecvBytes;
  if (recv > 0n && send > recv) {
    throw new CliError(`gRPC message recv limit (${recv} bytes) must be greater than send limit (${send} bytes)`, ExitCode.BadConnection);
  }
  // Beyond 2^53 bytes a limit is no limit; a number holds it.
  const bytes = (n: bigint) => (n > 0n ? Number(n > MAX_SAFE ? MAX_SAFE : n) : undefined);
  return { maxCallSendBytes: bytes(send), maxCallRecvBytes: bytes(recv) };
}

/** --dial-timeout, --keepalive-time and --keepalive-timeout as the client's milliseconds. */
export function dialTimings(g: GlobalOptions): Pick<DialConfig, 'dialTimeoutMs' | 'keepaliveTimeMs' | 'keepaliveTimeoutMs'> {
  return {
    dialTimeoutMs: durationMs(g.dialTimeoutNs),
    keepaliveTimeMs: durationMs(g.keepaliveTimeNs),
    keepaliveTimeoutMs: durationMs(g.keepaliveTimeoutNs),
  };
}

/** clientv3's log lines (the retry warnings) go to stderr as etcdctl prints them, terminal or not (a spinner is cleared around them). */
function zapLogger(io: IO): DialConfig['logger'] {
  return (entry) => stderrLines(io, zapLine(entry));
}

/** Lets several commands of one process share a connection (batch mode). */
export interface ClientPool {
  open(key: string, open: () => Promise<Etcd>): Promise<Etcd>;
  owns(client: Etcd): boolean;
  /** Where a shared client logs (its stderr): it outlives the command that opened it. */
  readonly io: IO;
}

export interface ConnectOptions {
  /** Log nothing (a command whose stderr is its own report, as check health's). */
  quiet?: boolean;
  /** What a missing password is asked with ("Password: "). */
  passwordPrompt?: string;
}

export async function connect(
  g: GlobalOptions,
  io: IO,
  endpoints?: string[],
  pool?: ClientPool,
  options: ConnectOptions = {},
): Promise<Etcd> {
  const cfg = await dialConfig(g, io, endpoints, options.passwordPrompt);
  // A pooled client outlives the command that opened it, so it logs to the pool's stderr.
  if (!options.quiet) cfg.logger = zapLogger(pool?.io ?? io);
  cfg.translateError = explainingTimeouts(cfg);
  if (cfg.endpoints.length === 0) throw new CliError('etcdclient: no available endpoints', ExitCode.BadConnection);
  const open = async () => {
    try {
      return await Etcd.open(cfg);
    } catch (err) {
      if (err instanceof CliError) throw err;
      if (err instanceof TlsConfigError) throw new CliError(err.message, ExitCode.BadArgs);
      // clientv3.New failing (authentication, or no endpoint answering within the dial timeout) is ExitBadConnection.
      const explained = await withHandshakeReason(err, cfg);
      throw new CliError((explained as Error).message, ExitCode.BadConnection);
    }
  };
  return pool ? pool.open(poolKey(cfg), open) : open();
}

/** Clients are shared by configuration, password included; the key is a digest, so it holds no password. */
function poolKey(cfg: DialConfig): string {
  const b64 = (b?: Buffer) => b?.toString('base64');
  const tls = cfg.tls && { ...cfg.tls, ca: b64(cfg.tls.ca), cert: b64(cfg.tls.cert), key: b64(cfg.tls.key) };
  return createHash('sha256').update(JSON.stringify({ ...cfg, tls })).digest('hex');
}

// ------------------------------------------------------------------ why a TLS connection times out

const CONTEXT_DEADLINE_EXCEEDED = 'context deadline exceeded';
const PROBE_TIMEOUT_MS = 3000;
// TLS 1.3 servers reject a client certificate after the client has finished its side of the handshake.
const REJECTION_GRACE_MS = 800;

interface ProbeTarget {
  label: string;
  host?: string;
  port?: number;
  path?: string;
}

/** Where a TLS endpoint dials, or undefined for endpoints that do not use TLS. */
function tlsTarget(ep: string, tlsConfigured: boolean): ProbeTarget | undefined {
  const m = /^([a-z]+):\/\/(.*)$/i.exec(ep);
  const scheme = m ? m[1].toLowerCase() : '';
  const rest = m ? m[2] : ep;
  const tls = scheme === 'https' || scheme === 'unixs' || (tlsConfigured && (scheme === '' || scheme === 'unix'));
  if (!tls) return undefined;
  if (scheme === 'unix' || scheme === 'unixs') return { label: ep, path: rest };
  const authority = rest.replace(/[/?#].*$/, '');
  const hp = /^\[([^\]]+)\](?::(\d+))?$/.exec(authority) ?? /^([^:]*)(?::(\d+))?$/.exec(authority);
  if (!hp) return undefined;
  return { label: authority, host: hp[1], port: hp[2] ? Number(hp[2]) : 443 };
}

/** Handshakes with one endpoint as the client would, and says what went wrong, if it was TLS. */
async function probeHandshake(target: ProbeTarget, tls: TlsOptions): Promise<string | undefined> {
  const { connect: tlsConnect, checkServerIdentity } = await import('node:tls');
  const checkedName = tls.serverName ?? target.host ?? 'localhost';
  return new Promise((resolve) => {
    let settled = false;
    const socket = tlsConnect({
      ...(target.path ? { path: target.path } : { host: target.host, port: target.port }),
      ...(isIP(checkedName) ? {} : { servername: checkedName }),
      ca: tls.ca,
      cert: tls.cert,
      key: tls.key,
      ALPNProtocols: ['h2'],
      rejectUnauthorized: !tls.insecureSkipVerify,
      checkServerIdentity: (_host, cert) => checkServerIdentity(checkedName, cert),
    });
    const done = (reason: string | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(reason === undefined ? undefined : `TLS handshake with ${target.label} failed: ${reason}`);
    };
    const timer = setTimeout(() => done(undefined), PROBE_TIMEOUT_MS);
    socket.on('error', (err: TlsFailure) => done(handshakeFailureText(err, checkedName, { ca: !!tls.ca, cert: !!tls.cert })));
    socket.on('secureConnect', () => {
      clearTimeout(timer);
      setTimeout(() => done(undefined), REJECTION_GRACE_MS);
    });
    socket.on('data', () => {});
  });
}

/** The TLS reasons the client's endpoints cannot be reached, or undefined when TLS is not the trouble. */
async function handshakeReason(cfg: DialConfig): Promise<string | undefined> {
  const tls = cfg.tls ?? { insecureSkipVerify: false };
  const targets = cfg.endpoints.map((ep) => tlsTarget(ep, cfg.tls !== undefined)).filter((t): t is ProbeTarget => t !== undefined);
  const reasons = (await Promise.all(targets.map((t) => probeHandshake(t, tls)))).filter((r): r is string => r !== undefined);
  return reasons.length === 0 ? undefined : [...new Set(reasons)].join('; ');
}

/** "context deadline exceeded" with the TLS reason behind it, when there is one. */
async function withHandshakeReason(err: unknown, cfg: DialConfig): Promise<unknown> {
  if (!(err instanceof RpcError) || err.message !== CONTEXT_DEADLINE_EXCEEDED) return err;
  const reason = await handshakeReason(cfg).catch(() => undefined);
  return reason === undefined ? err : new RpcError(err.code, err.desc, `${err.message} (${reason})`);
}

/**
 * The client's translateError hook when TLS is in play: a "context deadline exceeded" from its calls and streams
 * is looked into, the handshake with its endpoints tried once more by itself, and its failure named. Without TLS
 * there is none: failures stay as they are.
 */
function explainingTimeouts(cfg: DialConfig): DialConfig['translateError'] {
  const usesTls = (endpoints: readonly string[]) => endpoints.some((ep) => tlsTarget(ep, cfg.tls !== undefined) !== undefined);
  if (!usesTls(cfg.endpoints)) return undefined;
  return async (err, endpoints) => (usesTls(endpoints) ? withHandshakeReason(err, { ...cfg, endpoints: [...endpoints] }) : err);
}
