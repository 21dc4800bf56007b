// One HTTP round trip over node:http(s) with the behaviour of the Go transport etcdctl v2 builds
// (pkg/transport NewTransport): dial timeout, TLS files, unix sockets, HTTP proxies from the
// environment; and Go's error texts, which etcdctl prints inside its ClusterError lines.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { NetError, V2Error } from '../errors.js';
import type { Deadline } from './deadline.js';
import { goURLString, type GoURL } from '../../go/url.js';
import { proxyFor, type ProxyEnv } from './proxy.js';
import { errnoCodeText, errnoText } from '../../go/os.js';
import { dnsErrorText, joinHostPort, systemDnsServerLabel } from '../../go/net.js';
import { httpTransportTlsText } from '../../go/tls.js';

export interface TlsFiles {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** Name the server certificate must carry (the SRV domain with `-D`), instead of the URL's host. */
  serverName?: string;
}

export interface HttpRequest {
  method: string;
  url: GoURL;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface RoundTripOptions {
  deadline: Deadline;
  /** Time allowed until the response headers arrive; 0 = unlimited. */
  headerTimeoutMs: number;
  /** Text for the header-timeout error: the endpoint the request was made for. */
  endpoint: string;
}

type NodeError = Error & {
  code?: string;
  address?: string;
  port?: number;
  errors?: NodeError[];
  cert?: { subjectaltname?: string; subject?: { CN?: string } };
};

interface Target {
  /** How Go names the dialled address: `tcp 127.0.0.1:2379` or `unix /path`. */
  network: 'tcp' | 'unix';
  host: string;
  port: number;
  socketPath?: string;
  secure: boolean;
}

/** The Go error for a failure before the response; `connected` tells dial errors from later ones. */
/** The two ends of a connection as Go names them in read/write errors (`127.0.0.1:5555->127.0.0.1:2379`). */
interface Ends {
  local: string;
  remote: string;
}

function transportError(raw: NodeError, target: Target, ends: Ends | undefined): NetError {
  const connected = ends !== undefined;
  const err = raw.errors?.length ? raw.errors[raw.errors.length - 1] : raw;
  const tlsText = httpTransportTlsText(err, target.host);
  if (tlsText) return new NetError(tlsText, false);
  const code = err.code ?? '';
  if (target.network === 'unix' && !connected) {
    return new NetError(`dial unix ${target.socketPath}: connect: ${errnoText(err)}`, true);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL') {
    return new NetError(`dial tcp: ${dnsErrorText(target.host, systemDnsServerLabel(), err)}`, true);
  }
  if (!connected && errnoCodeText(code) !== undefined) {
    const addr = err.address ? joinHostPort(err.address, err.port ?? target.port) : joinHostPort(target.host, target.port);
    return new NetError(`dial tcp ${addr}: connect: ${errnoCodeText(code)}`, true);
  }
  // The peer closed the connection without an answer (or in the middle of the TLS handshake).
  if (code === 'ECONNRESET' && (err.message === 'socket hang up' || err.message.includes('before secure TLS connection'))) {
    return new NetError('EOF', false);
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    const op = code === 'EPIPE' ? 'write' : 'read';
    return new NetError(`${op} tcp ${ends?.local ?? ''}->${ends?.remote ?? joinHostPort(target.host, target.port)}: ${op}: ${errnoCodeText(code)}`, true);
  }
  return new NetError(err.message, false);
}

function defaultPort(secure: boolean): number {
  return secure ? 443 : 80;
}

function splitHostPort(host: string, secure: boolean): { hostname: string; port: number } {
  const m = /^\[(.*)\](?::(\d*))?$/.exec(host) ?? /^([^:]*)(?::(\d*))?$/.exec(host);
  const hostname = m ? m[1] : host;
  const port = m && m[2] ? Number(m[2]) : defaultPort(secure);
  return { hostname, port };
}

/** Where a URL is dialled. `unix://` and `unixs://` name a socket file by their host (etcd's unix listeners). */
function targetOf(url: GoURL): Target {
  const secure = url.scheme === 'https' || url.scheme === 'unixs';
  if (url.scheme === 'unix' || url.scheme === 'unixs') {
    const { hostname, port } = splitHostPort(url.host, secure);
    return { network: 'unix', host: hostname, port, socketPath: url.host.includes(':') ? url.host : `${url.host}:${port}`, secure };
  }
  const { hostname, port } = splitHostPort(url.host, secure);
  return { network: 'tcp', host: hostname, port, secure };
}

export interface TransportOptions {
  tls: TlsFiles;
  dialTimeoutMs: number;
  proxyEnv: ProxyEnv;
}

export class Transport {
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent: https.Agent;

  constructor(private readonly opts: TransportOptions) {
    this.httpsAgent = new https.Agent({ keepAlive: true });
  }

  /** Closes idle kept-alive connections so that the process can end. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private tlsOptions(target: Target): tls.ConnectionOptions {
    const t = this.opts.tls;
    const servername = t.serverName ?? (net.isIP(target.host) ? undefined : target.host);
    return { ca: t.ca, cert: t.cert, key: t.key, servername, ALPNProtocols: ['http/1.1'] };
  }

  roundTrip(req: HttpRequest, opts: RoundTripOptions): Promise<HttpResponse> {
    const unsupported = this.checkURL(req.url);
    if (unsupported) return Promise.reject(unsupported);
    const target = targetOf(req.url);
    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      let ends: Ends | undefined;
      const timers: NodeJS.Timeout[] = [];
      const finish = (err: Error | undefined, res?: HttpResponse) => {
        if (settled) return;
        settled = true;
        timers.forEach(clearTimeout);
        opts.deadline.signal.removeEventListener('abort', onAbort);
        if (err) {
          request.destroy();
          reject(err);
        } else resolve(res!);
      };
      const onAbort = () => finish(opts.deadline.error());
      const request = this.makeRequest(req, target);
      if (opts.deadline.expired) {
        queueMicrotask(onAbort);
      } else {
        opts.deadline.signal.addEventListener('abort', onAbort, { once: true });
      }
      if (opts.headerTimeoutMs > 0 && opts.headerTimeoutMs !== Infinity) {
        timers.push(setTimeout(() => finish(new V2Error(`client: endpoint ${opts.endpoint} exceeded header timeout`)), opts.headerTimeoutMs));
      }
      request.on('socket', (s: net.Socket) => {
        const markConnected = () => {
          ends = {
            local: s.localAddress ? joinHostPort(s.localAddress, s.localPort ?? 0) : '',
            remote: s.remoteAddress ? joinHostPort(s.remoteAddress, s.remotePort ?? target.port) : joinHostPort(target.host, target.port),
          };
        };
        if (!s.connecting) markConnected();
        else {
          s.once('connect', markConnected);
          if (this.opts.dialTimeoutMs !== Infinity) {
            timers.push(setTimeout(() => {
              if (ends) return;
              const addr = target.network === 'unix' ? `unix ${target.socketPath}` : `tcp ${joinHostPort(target.host, target.port)}`;
              finish(new NetError(`dial ${addr}: i/o timeout`, true));
            }, this.opts.dialTimeoutMs));
          }
        }
      });
      request.on('error', (err: NodeError) => finish(transportError(err, target, ends)));
      request.on('response', (res) => {
        timers.forEach(clearTimeout);
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => finish(undefined, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('aborted', () => finish(new NetError('unexpected EOF', false)));
        res.on('error', () => finish(new NetError('unexpected EOF', false)));
      });
      request.end(req.body);
    });
  }

  /** Go's transport refuses these before dialling. */
  private checkURL(url: GoURL): Error | undefined {
    if (!['http', 'https', 'unix', 'unixs'].includes(url.scheme)) {
      return new NetError(`unsupported protocol scheme ${JSON.stringify(url.scheme)}`, false);
    }
    if (url.host === '') return new NetError('http: no Host in request URL', false);
    return undefined;
  }

  private makeRequest(req: HttpRequest, target: Target): http.ClientRequest {
    const path = requestTarget(req.url);
    const headers = { ...req.headers };
    if (req.body !== undefined || req.method === 'PUT' || req.method === 'POST') headers['Content-Length'] = String(req.body?.length ?? 0);
    const proxy = target.network === 'tcp' ? proxyFor(req.url, this.opts.proxyEnv) : undefined;
    if (target.network === 'unix') {
      const lib = target.secure ? https : http;
      return lib.request({
        socketPath: target.socketPath, method: req.method, path, headers: { Host: req.url.host, ...headers },
        ...(target.secure ? this.tlsOptions(target) : {}),
      });
    }
    if (proxy && !target.secure) {
      // A plain-HTTP proxy gets the absolute URL as the request target.
      return http.request({ host: proxy.hostname, port: proxy.port, method: req.method, path: goURLString({ ...req.url, fragment: '' }), headers: { Host: req.url.host, ...headers, ...proxy.headers }, agent: this.httpAgent });
    }
    if (target.secure) {
      const tlsOpts = this.tlsOptions(target);
      const options: https.RequestOptions = { host: target.host, port: target.port, method: req.method, path, headers, ...tlsOpts };
      if (proxy) {
        options.agent = false;
        options.createConnection = (_o, oncreate) => {
          proxy.tunnel(target.host, target.port, tlsOpts, (err, s) => oncreate(err, s as net.Socket));
          return undefined;
        };
      } else {
        options.agent = this.httpsAgent;
      }
      return https.request(options);
    }
    return http.request({ host: target.host, port: target.port, method: req.method, path, headers, agent: this.httpAgent });
  }
}

/** The request-target Go writes: escaped path (at least `/`) and the raw query. */
function requestTarget(url: GoURL): string {
  const u = goURLString({ ...url, scheme: '', host: '', user: undefined, fragment: '', rawFragment: '' });
  const path = u === '' || u.startsWith('?') ? '/' + u : u;
  return path.startsWith('/') ? path : '/' + path;
}
