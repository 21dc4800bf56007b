// What etcdctl v2 resolves before its first request (command/util.go newClient, getEndpoints,
// getTransport): the endpoint list (SRV discovery, flags, ETCDCTL_* variables, defaults), the TLS
// files, and the credentials. Failures here are printed bare and end the command with exit 1.
import { readFileSync } from 'node:fs';
import { discoverEndpoints, SrvError } from '../../go/srv.js';
import { pathErrorText } from '../../go/os.js';
import { keyPairProblem } from '../../go/tls.js';
import { V2Error } from '../errors.js';
import { durationMs } from '../../go/duration.js';
import type { TlsFiles } from './transport.js';
import { goURLString, parseGoURL, type GoURL } from '../../go/url.js';

/** The global options and environment variables that shape the client. */
export interface ClientSettings {
  endpoints: string;
  endpoint: string;
  peers: string;
  discoverySrv: string;
  insecureDiscovery: boolean;
  certFile: string;
  keyFile: string;
  caFile: string;
  username: string;
  timeoutNs: bigint;
  totalTimeoutNs: bigint;
  env: Record<string, string | undefined>;
}

export const DEFAULT_ENDPOINTS = 'http://127.0.0.1:2379,http://127.0.0.1:4001';

/** First non-empty of: --endpoints, ETCDCTL_ENDPOINTS, --endpoint, ETCDCTL_ENDPOINT, --peers, ETCDCTL_PEERS. */
function endpointList(s: ClientSettings): string[] {
  const candidates = [s.endpoints, s.env.ETCDCTL_ENDPOINTS, s.endpoint, s.env.ETCDCTL_ENDPOINT, s.peers, s.env.ETCDCTL_PEERS];
  return (candidates.find((c) => c) ?? DEFAULT_ENDPOINTS).split(',');
}

interface Discovery {
  domain: string;
  insecure: boolean;
  serviceName: string;
}

function discoveryOf(s: ClientSettings): Discovery {
  return {
    domain: s.discoverySrv || s.env.ETCDCTL_DISCOVERY_SRV || '',
    // Any non-empty value counts, even "false".
    insecure: s.insecureDiscovery || !!s.env.ETCDCTL_INSECURE_DISCOVERY,
    // etcdctl also reads a --discovery-srv-name flag it never defines, so only the variable works.
    serviceName: s.env.ETCDCTL_DISCOVERY_SRV_NAME || '',
  };
}

/** getEndpoints: discovered or configured endpoints, each parsed and given `http` when it has no scheme. */
export async function resolveEndpoints(s: ClientSettings, warn: (line: string) => void): Promise<GoURL[]> {
  const d = discoveryOf(s);
  let eps: string[] = [];
  if (d.domain) {
    try {
      eps = await discoverEndpoints(d.domain, d.serviceName, d.insecure, s.env, warn);
    } catch (err) {
      if (err instanceof SrvError) throw new V2Error(err.message);
      throw err;
    }
  }
  if (eps.length === 0) eps = endpointList(s);
  return eps.map((raw) => {
    const u = parseOrFail(raw);
    // The client parses the re-serialised text again: `127.0.0.1` becomes host 127.0.0.1 only then.
    return parseOrFail(goURLString(u.scheme === '' ? { ...u, scheme: 'http' } : u));
  });
}

function parseOrFail(raw: string): GoURL {
  try {
    return parseGoURL(raw);
  } catch (err) {
    throw new V2Error((err as Error).message);
  }
}

/** ioutil.ReadFile with Go's error texts (`open /x: no such file or directory`). */
function readFileGo(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const op = (err as NodeJS.ErrnoException).code === 'EISDIR' ? 'read' : 'open';
    throw new V2Error(pathErrorText(op, path, err));
  }
}

/** transport.TLSInfo.ClientConfig: cert and key together or not at all; files read and checked now. */
export function loadTls(s: ClientSettings): TlsFiles {
  const caFile = s.caFile || s.env.ETCDCTL_CA_FILE || '';
  const certFile = s.certFile || s.env.ETCDCTL_CERT_FILE || '';
  const keyFile = s.keyFile || s.env.ETCDCTL_KEY_FILE || '';
  const d = discoveryOf(s);
  const files: TlsFiles = {};
  if (d.domain && !d.insecure) files.serverName = d.domain;
  if (certFile || keyFile) {
    if (!certFile || !keyFile) throw new V2Error(`KeyFile and CertFile must both be present[key: ${keyFile}, cert: ${certFile}]`);
    files.cert = readFileGo(certFile);
    files.key = readFileGo(keyFile);
    const problem = keyPairProblem(files.cert, files.key);
    if (problem !== undefined) throw new V2Error(problem);
  }
  if (caFile) files.ca = readFileGo(caFile);
  return files;
}

/** Dial timeout: 30 s, or `--total-timeout` when that is shorter (and not 0). */
export function dialTimeoutMs(s: ClientSettings): number {
  const thirty = 30_000_000_000n;
  const total = s.totalTimeoutNs;
  return durationMs(total !== 0n && total < thirty ? total : thirty);
}

/** `user[:password]`: split at the first colon; without one the password is asked for. */
export function splitCredentials(value: string): { username: string; password?: string } {
  const colon = value.indexOf(':');
  return colon < 0 ? { username: value } : { username: value.slice(0, colon), password: value.slice(colon + 1) };
}
