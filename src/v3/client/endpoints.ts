import { connect } from 'node:net';
import { errnoText } from '../../go/os.js';

// Endpoints as users type them, read the way clientv3 3.4 reads them (balancer/resolver/endpoint):
// "host:port" follows the TLS configuration, "http://" forces plaintext, "https://" forces TLS,
// "unix://path" is a local socket following the TLS configuration and "unixs://path" a local socket over TLS.

export interface ParsedEndpoint {
  /** The endpoint as given, for messages. */
  readonly raw: string;
  /** grpc-js target, or undefined when clientv3 would have nothing to dial (unknown scheme). */
  readonly target: string | undefined;
  /** true: always TLS; false: always plaintext; undefined: TLS exactly when a TLS config is given. */
  readonly forceTls: boolean | undefined;
  /** The host clientv3 names the endpoint by in its log lines' targets (endpoint.ParseEndpoint@v3.4.23): "" for an unknown scheme. */
  readonly host: string;
}

export function parseEndpoint(raw: string): ParsedEndpoint {
  const sep = raw.indexOf('://');
  if (sep < 0) return { raw, target: `dns:${dialAddress(raw)}`, forceTls: undefined, host: raw };
  const scheme = raw.slice(0, sep).toLowerCase();
  const rest = raw.slice(sep + 3);
  switch (scheme) {
    case 'http':
    case 'https': {
      const host = hostOf(rest);
      return { raw, target: host === '' ? undefined : `dns:${dialAddress(host)}`, forceTls: scheme === 'https', host };
    }
    case 'unix':
    case 'unixs': {
      // clientv3 dials url.Host + url.Path: "unix://localhost:1234" is a socket named "localhost:1234".
      const path = rest.replace(/[?#].*$/, '');
      return { raw, target: path === '' ? undefined : `unix:${path}`, forceTls: scheme === 'unixs' ? true : undefined, host: path };
    }
    default:
      return { raw, target: undefined, forceTls: undefined, host: '' };
  }
}

/**
 * clientv3 hands "host:port" to Go's net.Dialer (clientv3/balancer/resolver/endpoint/endpoint.go@v3.4.23), which
 * dials an empty host (":2379") as the IPv4 wildcard 0.0.0.0, and Linux takes a connect to 0.0.0.0 as one to
 * this host. grpc-js would look the empty name up in DNS instead, so the wildcard is spelled out.
 */
function dialAddress(hostPort: string): string {
  return hostPort.startsWith(':') ? `0.0.0.0${hostPort}` : hostPort;
}

/** The host[:port] part of "host:port/path?query". */
function hostOf(rest: string): string {
  const end = rest.search(/[/?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const at = authority.lastIndexOf('@');
  return at < 0 ? authority : authority.slice(at + 1);
}

/** Whether calls to this endpoint use TLS, given whether the user configured TLS at all. */
export function usesTls(ep: ParsedEndpoint, tlsConfigured: boolean): boolean {
  return ep.forceTls ?? tlsConfigured;
}

const PROBE_MS = 1000;

/**
 * Why dialling the endpoint fails, in Go's words ("dial tcp 127.0.0.1:1: connect: connection refused"), found by
 * dialling it once more; undefined when it connects or says nothing in time (then TLS or HTTP/2 was the trouble).
 */
export function dialFailure(ep: ParsedEndpoint): Promise<string | undefined> {
  const target = ep.target;
  if (target === undefined) return Promise.resolve(undefined);
  const unix = target.startsWith('unix:');
  const rest = target.slice(target.indexOf(':') + 1);
  const colon = rest.lastIndexOf(':');
  const options = unix ? { path: rest } : { host: rest.slice(0, colon).replace(/^\[|\]$/g, ''), port: Number(rest.slice(colon + 1)) };
  return new Promise((resolve) => {
    const socket = connect(options);
    const done = (text: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(text);
    };
    const timer = setTimeout(() => done(undefined), PROBE_MS);
    socket.once('connect', () => done(undefined));
    socket.once('error', (err: NodeJS.ErrnoException & { address?: string; port?: number }) => {
      const addr = unix ? `unix ${rest}` : `tcp ${err.address?.includes(':') ? `[${err.address}]` : err.address}:${err.port}`;
      done(err.syscall === 'connect' && err.address !== undefined ? `dial ${addr}: connect: ${errnoText(err)}` : undefined);
    });
  });
}
