// The cluster client of etcd's v2 Go library (client/client.go) as etcdctl uses it: a shuffled endpoint
// list with a pinned endpoint, failover that collects one error per endpoint into a ClusterError,
// one-shot requests that try a single endpoint, redirects, a header timeout per attempt, basic auth
// and the `--debug` cURL lines.
import { goQuote } from '../../go/quote.js';
import { parseGoBool } from '../../go/strconv.js';
import { ClusterError, DeadlineError, ERR_NO_ENDPOINTS, V2Error } from '../errors.js';
import type { Deadline } from './deadline.js';
import type { HttpRequest, HttpResponse, Transport } from './transport.js';
import { goURLString, parseGoURL, QueryValues, URLParseError, type GoURL } from '../../go/url.js';
import { joinPath } from '../../go/path.js';

/** Builds the request for one endpoint (Go's httpAction). */
export type Action = (endpoint: GoURL) => HttpRequest;

export interface ClientConfig {
  endpoints: GoURL[];
  transport: Transport;
  /** Response-header timeout per attempt in ms; 0 = none. */
  headerTimeoutMs: number;
  credentials?: { username: string; password: string };
}

export interface DoOptions {
  deadline: Deadline;
  /** Deletes and prevExist=false creates: one endpoint only, the bare error, and the pin moves on. */
  oneShot?: boolean;
}

const MAX_REDIRECTS = 10;

/** Go's http.StatusText for the 5xx codes a proxy or server may answer. */
const STATUS_TEXT: Record<number, string> = {
  501: 'Not Implemented', 502: 'Bad Gateway', 504: 'Gateway Timeout', 505: 'HTTP Version Not Supported',
  506: 'Variant Also Negotiates', 507: 'Insufficient Storage', 508: 'Loop Detected', 510: 'Not Extended',
  511: 'Network Authentication Required',
};

export function shuffle<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function isWaitRequest(req: HttpRequest): boolean {
  const wait = QueryValues.parse(req.url.rawQuery).get('wait');
  try {
    return wait !== undefined && parseGoBool(wait);
  } catch {
    return false;
  }
}

export class ClusterClient {
  private endpoints: GoURL[];
  private pinned = 0;
  /** Where `--debug` cURL lines go, once enabled. */
  curl: ((line: string) => void) | undefined;
  /** The endpoint whose /v2 path answered Go's plain `404 page not found`: a server without the v2 API. */
  v2DisabledAt: GoURL | undefined;

  constructor(private readonly cfg: ClientConfig) {
    this.endpoints = shuffle(cfg.endpoints);
  }

  endpointStrings(): string[] {
    return this.endpoints.map(goURLString);
  }

  /** Replaces the endpoint list after a sync; an unchanged set keeps its order and pin. */
  adoptEndpoints(next: GoURL[]): void {
    const key = (eps: GoURL[]) => eps.map(goURLString).sort().join('\n');
    if (next.length === this.endpoints.length && key(next) === key(this.endpoints)) return;
    this.endpoints = shuffle(next);
    this.pinned = 0;
  }

  async do(action: Action, opts: DoOptions): Promise<HttpResponse> {
    const eps = [...this.endpoints];
    const pinned = this.pinned;
    if (eps.length === 0) throw new V2Error(ERR_NO_ENDPOINTS);
    const errors: Error[] = [];
    for (let i = pinned; i < pinned + eps.length; i++) {
      const k = i % eps.length;
      let failure: Error | undefined;
      let resp: HttpResponse | undefined;
      try {
        resp = await this.doWithRedirects(eps[k], action, opts.deadline);
      } catch (err) {
        if (err instanceof DeadlineError) throw err;
        failure = err as Error;
        errors.push(failure);
      }
      if (resp && Math.floor(resp.status / 100) === 5) {
        const ep = goURLString(eps[k]);
        errors.push(new V2Error(resp.status === 500 || resp.status === 503
          ? `client: etcd member ${ep} has no leader`
          : `client: etcd member ${ep} returns server error [${STATUS_TEXT[resp.status] ?? ''}]`));
        // Go's client reports the first error it recorded here, not the last.
        failure = errors[0];
      }
      if (failure) {
        if (!opts.oneShot) continue;
        this.pinned = (k + 1) % eps.length;
        throw failure;
      }
      if (k !== pinned) this.pinned = k;
      return resp!;
    }
    throw new ClusterError(errors);
  }

  private async doWithRedirects(endpoint: GoURL, action: Action, deadline: Deadline): Promise<HttpResponse> {
    let req = this.authorize(action(endpoint));
    for (let hop = 0; ; hop++) {
      if (hop > MAX_REDIRECTS) throw new V2Error('client: too many redirects');
      const resp = await this.doOnce(endpoint, req, deadline);
      if (Math.floor(resp.status / 100) !== 3) return resp;
      const location = resp.headers.location;
      if (!location) throw new V2Error('location header not set');
      let url: GoURL;
      try {
        url = parseGoURL(location);
      } catch (err) {
        if (!(err instanceof URLParseError)) throw err;
        throw new V2Error(`location header not valid URL: ${location}`);
      }
      req = { ...this.authorize(action(endpoint)), url };
    }
  }

  private authorize(req: HttpRequest): HttpRequest {
    const c = this.cfg.credentials;
    if (!c) return req;
    const token = Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64');
    return { ...req, headers: { ...req.headers, Authorization: `Basic ${token}` } };
  }

  private async doOnce(endpoint: GoURL, req: HttpRequest, deadline: Deadline): Promise<HttpResponse> {
    if (this.curl) {
      const body = req.body === undefined ? '' : ` -d ${goQuote(req.body)}`;
      this.curl(`cURL Command: curl -X ${req.method} ${goURLString(req.url)}${body}\n`);
    }
    // Watches wait as long as it takes for an event; only other requests have a header deadline.
    const headerTimeoutMs = isWaitRequest(req) ? 0 : this.cfg.headerTimeoutMs;
    const resp = await this.cfg.transport.roundTrip(req, { deadline, headerTimeoutMs, endpoint: goURLString(endpoint) });
    if (resp.status === 404 && req.url.path.startsWith('/v2/') && resp.body.subarray(0, 18).toString('latin1') === '404 page not found') {
      this.v2DisabledAt = endpoint;
    }
    return resp;
  }

  /** The `etcdserver` version an endpoint's /version reports, or undefined when it does not answer one. */
  async serverVersion(endpoint: GoURL, deadline: Deadline): Promise<string | undefined> {
    const req = { method: 'GET', url: { ...endpoint, path: joinPath(endpoint.path, '/version'), rawQuery: '' }, headers: {} };
    const resp = await this.cfg.transport.roundTrip(req, { deadline, headerTimeoutMs: this.cfg.headerTimeoutMs, endpoint: goURLString(endpoint) });
    if (resp.status !== 200) return undefined;
    try {
      const v = (JSON.parse(resp.body.toString('utf8')) as { etcdserver?: unknown }).etcdserver;
      return typeof v === 'string' ? v : undefined;
    } catch {
      return undefined;
    }
  }
}
