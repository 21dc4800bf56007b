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
}

export function parseEndpoint(raw: string): ParsedEndpoint {
  const sep = raw.indexOf('://');
  if (sep < 0) return { raw, target: `dns:${dialAddress(raw)}`, forceTls: undefined };
  const scheme = raw.slice(0, sep).toLowerCase();
  const rest = raw.slice(sep + 3);
  switch (scheme) {
    case 'http':
    case 'https': {
      const host = hostOf(rest);
      return { raw, target: host === '' ? undefined : `dns:${dialAddress(host)}`, forceTls: scheme === 'https' };
    }
    case 'unix':
    case 'unixs': {
      // clientv3 dials url.Host + url.Path: "unix://localhost:1234" is a socket named "localhost:1234".
      const path = rest.replace(/[?#].*$/, '');
      return { raw, target: path === '' ? undefined : `unix:${path}`, forceTls: scheme === 'unixs' ? true : undefined };
    }
    default:
      return { raw, target: undefined, forceTls: undefined };
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
