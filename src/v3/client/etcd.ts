// The thin gRPC adapter: endpoints, failover, timeouts, keepalive, TLS and the auth token.
//
// grpc-js is loaded by Etcd.open() only, so importing this module (for RpcError, types) stays cheap.
// Messages are encoded and decoded by our own codec; grpc-js only moves bytes.
import type * as GrpcJs from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import type { ZapLogEntry } from '../../cli/zap.js';
import { decode, encode } from '../proto/codec.js';
import { METHODS, type DuplexMethod, type Init, type MethodInfo, type MethodTypes, type ServerStreamMethod, type UnaryMethod } from '../proto/schema.js';
import { dialFailure, parseEndpoint, usesTls, type ParsedEndpoint } from './endpoints.js';
import {
  backoffMs,
  isContextError,
  MAX_UNARY_ATTEMPTS,
  refreshesToken,
  retryWarning,
  safeToRetry,
  tokenWarning,
} from './retry.js';
import { ResumableWatch } from './watch.js';
import {
  canceled,
  Code,
  CONTEXT_DEADLINE_EXCEEDED,
  deadlineExceeded,
  ERR_INVALID_AUTH_TOKEN,
  fromStatus,
  isAuthNotEnabled,
  RpcError,
  sendTooLarge,
  TlsConfigError,
} from './errors.js';

type Grpc = typeof GrpcJs;

export interface TlsOptions {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  insecureSkipVerify: boolean;
  serverName?: string;
}

export interface DialConfig {
  /** As the user typed them: "127.0.0.1:2379", "http://h:p", "https://h:p", "unix://path". */
  endpoints: string[];
  dialTimeoutMs: number;
  keepaliveTimeMs: number;
  keepaliveTimeoutMs: number;
  /** undefined: plaintext for schemeless endpoints; "http://" forces plaintext, "https://" forces TLS. */
  tls?: TlsOptions;
  /** Authenticated when the client opens; the token then goes with every call. */
  credentials?: { user: string; password: string };
  /** Default 2 MiB, as clientv3. */
  maxCallSendBytes?: number;
  /** Default unlimited, as etcdctl (which sets MaxInt32), not grpc-js's 4 MiB. */
  maxCallRecvBytes?: number;
  /** Where clientv3's log lines go (the retry warnings); none: not logged. */
  logger?: (entry: ZapLogEntry) => void;
}

export interface CallOptions {
  /** Deadline for the whole call, connecting included; without it connecting is bounded by the dial timeout. */
  timeoutMs?: number;
}

export interface UnaryOptions<Res = unknown> extends CallOptions {
  /** Reads the answer's wire form itself, in place of the full decode (for one that reads only part of it). */
  decodeWith?: (wire: Buffer) => Res;
}

export interface StreamOptions extends CallOptions {
  /** Ask the server to end the stream when its member loses the leader (clientv3 does so for watch and keep-alive). */
  requireLeader?: boolean;
  /**
   * Watch only (default true): when the stream breaks, re-create its watches on a member that answers, from the
   * revision after the last one delivered, hiding the break from the reader (see ResumableWatch).
   */
  resume?: boolean;
  /** Watch only: how long a broken watch may look for a member (default: max(dial timeout, keepalive time + timeout)). */
  resumeWindowMs?: number;
}

export type ServerStream<Res> = AsyncIterable<Res> & { cancel(): void };

export interface DuplexStream<Req, Res> extends AsyncIterable<Res> {
  write(req: Init<Req>): void;
  /** Half-closes: no more requests; responses keep coming until the server ends the stream. */
  end(): void;
  cancel(): void;
}

type ConnectivityState = GrpcJs.connectivityState;

const DEFAULT_MAX_SEND = 2 * 1024 * 1024;
// grpc-go raises keepalive times below 10s to 10s; etcd servers (min time 5s) would otherwise answer
// too-frequent pings with GOAWAY.
const MIN_KEEPALIVE_TIME_MS = 10_000;
// Among endpoints that connect at about the same time, prefer the one listed first.
const PREFERENCE_GRACE_MS = 30;

/**
 * grpc-js failures that prove a call never left this process: no transport could be picked (the member refused
 * or was not connected), or the channel was replaced before the call started.
 */
const NEVER_SENT = ['No connection established', 'Channel closed before call started', 'Failed to start HTTP/2 stream'];

function neverSent(err: unknown): boolean {
  const details = (err as { details?: unknown } | null)?.details;
  return typeof details === 'string' && NEVER_SENT.some((p) => details.startsWith(p));
}

const STREAMS_REQUIRING_LEADER: ReadonlySet<string> = new Set(['Watch.Watch', 'Lease.LeaseKeepAlive']);

const identity = (b: Buffer): Buffer => b;

let grpcModule: Promise<Grpc> | undefined;

/**
 * grpc-js asks net.isIPv6 of every address it connects to, and Node's IPv6 pattern is compiled on its first use:
 * 3–4 ms of a one-shot `get`. An address without a colon is never IPv6, so that answer needs no pattern; the
 * rest still goes to Node's check, so every answer is Node's.
 */
function answerIPv4WithoutPattern(net: typeof import('node:net')): void {
  const nodeIsIPv6 = net.isIPv6;
  net.isIPv6 = (input: string) => typeof input === 'string' && input.includes(':') && nodeIsIPv6(input);
}

async function loadGrpc(): Promise<Grpc> {
  grpcModule ??= Promise.all([import('@grpc/grpc-js'), import('node:net')]).then(([grpc, net]) => {
    answerIPv4WithoutPattern(net.default);
    // grpc-js would otherwise log connection trouble to stderr; failures reach the user as RpcError only.
    grpc.setLogVerbosity(grpc.logVerbosity.NONE);
    grpc.setLogger({ error() {}, info() {}, debug() {} } as unknown as Partial<Console>);
    // grpc-js gives Node's TLS an IP endpoint's address as the server name, which Node answers with a
    // deprecation warning (DEP0123) on stderr at every TLS connection; etcdctl prints nothing of the kind.
    // With node --no-deprecation it is already set, and read-only.
    if (!process.noDeprecation) process.noDeprecation = true;
    return grpc;
  });
  return grpcModule;
}

/** State shared by a client and the per-endpoint clients made from it. */
interface Session {
  readonly grpc: Grpc;
  readonly cfg: DialConfig;
  readonly credentials: GrpcJs.ChannelCredentials | undefined;
  readonly plaintext: GrpcJs.ChannelCredentials;
  token: string | undefined;
  refreshing: Promise<void> | undefined;
  /** Names the client in its log lines' targets ("endpoint://client-<id>/<host>"), as clientv3's resolver group. */
  readonly clientId: string;
  /** The client every endpoint client was made from: it authenticates for all of them. */
  root?: Etcd;
}

/** One endpoint and its channel, created on first use. */
export class Connection {
  private client: GrpcJs.Client | undefined;
  private closed = false;
  /** Set once the channel was replaced: its successors must not share grpc-js's pooled (stalled) connection. */
  private privatePool = false;

  constructor(readonly endpoint: ParsedEndpoint, private readonly session: Session) {}

  get grpcClient(): GrpcJs.Client | undefined {
    if (this.closed || this.endpoint.target === undefined) return undefined;
    this.client ??= new this.session.grpc.Client(this.endpoint.target, this.channelCredentials(), this.channelOptions());
    return this.client;
  }

  /**
   * Drops a channel whose member stopped answering (a call ran into its own deadline) and dials afresh on next
   * use. A stopped (SIGSTOP) or wedged member still holds its TCP connection, so the old channel would look
   * READY until keepalive (at least 10 s) gave up on it; a new connection is READY only once the member's HTTP/2
   * SETTINGS arrive, so a stalled member is skipped by readyConnection while the others answer. Calls already
   * running on the old channel keep going until their own deadlines.
   */
  reset(): void {
    if (this.closed) return;
    this.client?.close();
    this.client = undefined;
    this.privatePool = true;
  }

  /** The channel's state; asking starts connecting an idle channel. */
  state(): ConnectivityState | undefined {
    const c = this.grpcClient;
    if (!c) return undefined;
    return c.getChannel().getConnectivityState(true);
  }

  /** Calls back once the state differs from `from` (or the channel closes). */
  onStateChange(from: ConnectivityState, callback: () => void): void {
    const c = this.grpcClient;
    if (!c) return;
    try {
      c.getChannel().watchConnectivityState(from, Infinity, callback);
    } catch {
      // shut down meanwhile: nothing will change any more
    }
  }

  close(): void {
    this.closed = true;
    this.client?.close();
    this.client = undefined;
  }

  private channelCredentials(): GrpcJs.ChannelCredentials {
    const tls = usesTls(this.endpoint, this.session.cfg.tls !== undefined);
    if (!tls) return this.session.plaintext;
    return this.session.credentials ?? tlsCredentials(this.session.grpc, { insecureSkipVerify: false });
  }

  private channelOptions(): GrpcJs.ChannelOptions {
    const cfg = this.session.cfg;
    const options: GrpcJs.ChannelOptions = {
      'grpc.max_receive_message_length': cfg.maxCallRecvBytes ?? -1,
      // The send limit is checked before sending, to word the error as grpc-go does.
      'grpc.max_send_message_length': -1,
      'grpc.service_config_disable_resolution': 1,
      'grpc.enable_retries': 0,
      'grpc.initial_reconnect_backoff_ms': 500,
      'grpc.max_reconnect_backoff_ms': 2000,
      // A wide HTTP/2 window lets large answers (snapshot streams, big ranges) arrive without waiting on
      // window updates: snapshot save receives about a third faster (measured on a 250 MB backend).
      'grpc-node.flow_control_window': 16 << 20,
    };
    if (this.privatePool) options['grpc.use_local_subchannel_pool'] = 1;
    if (cfg.keepaliveTimeMs > 0) {
      options['grpc.keepalive_time_ms'] = Math.max(cfg.keepaliveTimeMs, MIN_KEEPALIVE_TIME_MS);
      options['grpc.keepalive_timeout_ms'] = cfg.keepaliveTimeoutMs;
      options['grpc.keepalive_permit_without_calls'] = 0;
    }
    const serverName = cfg.tls?.serverName;
    if (serverName) {
      options['grpc.ssl_target_name_override'] = serverName;
      options['grpc.default_authority'] = serverName;
    }
    return options;
  }
}

function tlsCredentials(grpc: Grpc, tls: TlsOptions): GrpcJs.ChannelCredentials {
  const verify: GrpcJs.VerifyOptions = tls.insecureSkipVerify
    ? { rejectUnauthorized: false, checkServerIdentity: () => undefined }
    : {};
  try {
    return grpc.credentials.createSsl(tls.ca ?? null, tls.key ?? null, tls.cert ?? null, verify);
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    // Go's crypto/tls wording, which etcdctl prints.
    if (/key values mismatch/i.test(text)) throw new TlsConfigError('tls: private key does not match public key');
    if (/private key/i.test(text)) throw new TlsConfigError('tls: failed to find any PEM data in key input');
    throw new TlsConfigError('tls: failed to find any PEM data in certificate input');
  }
}

function methodInfo(name: string): MethodInfo {
  const m = (METHODS as Record<string, MethodInfo>)[name];
  if (!m) throw new RpcError(Code.UNIMPLEMENTED, `unknown method ${name}`);
  return m;
}

function remaining(deadline: number): number {
  return deadline - Date.now();
}

// grpc-js ends a call on its own timer, which can fire a millisecond or two before Date.now() reaches the
// deadline; a call that failed that close to it has run out its time (and a retry could not fit in it anyway).
const DEADLINE_SLACK_MS = 20;

/** A promise that settles after `ms`, with a handle to settle it early. */
function delay(ms: number): { promise: Promise<void>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
    timer = setTimeout(r, Math.max(0, ms));
  });
  return {
    promise,
    cancel() {
      clearTimeout(timer);
      resolve();
    },
  };
}

export class Etcd {
  private readonly connections: Connection[];
  private readonly children: Etcd[] = [];
  private preferred = 0;
  private closed = false;

  /** What clientv3 logs as the call's target: its balancer's, or for one endpoint dialled directly, "passthrough:///<ep>". */
  private readonly target: string;

  private constructor(private readonly session: Session, endpoints: string[], private readonly direct = false) {
    this.connections = endpoints.map((e) => new Connection(parseEndpoint(e), session));
    this.target = direct ? `passthrough:///${endpoints[0]}` : this.balancerTarget(this.connections[0]);
  }

  private balancerTarget(conn: Connection | undefined): string {
    return `endpoint://client-${this.session.clientId}/${conn?.endpoint.host ?? ''}`;
  }

  /** Prepares channels to every endpoint and, when credentials are given, authenticates within the dial timeout. */
  static async open(cfg: DialConfig): Promise<Etcd> {
    const grpc = await loadGrpc();
    const session: Session = {
      grpc,
      cfg,
      credentials: cfg.tls ? tlsCredentials(grpc, cfg.tls) : undefined,
      plaintext: grpc.credentials.createInsecure(),
      token: undefined,
      refreshing: undefined,
      clientId: randomUUID(),
    };
    const client = new Etcd(session, cfg.endpoints);
    session.root = client;
    if (cfg.credentials) {
      try {
        await client.authenticate(Date.now() + cfg.dialTimeoutMs);
      } catch (err) {
        // clientv3 goes on without a token when the cluster has auth disabled.
        if (!isAuthNotEnabled(err)) {
          client.close();
          throw err;
        }
      }
    }
    return client;
  }

  /**
   * A client for one endpoint only (per-endpoint status, hashkv, defrag, move-leader), sharing configuration and
   * token. `direct`: as clientv3 dials one endpoint for Status(ctx, ep) and the like; otherwise as a client made
   * for that endpoint alone (etcdctl's move-leader makes one for the leader), which its log lines tell apart.
   */
  endpointClient(endpoint: string, direct = true): Etcd {
    const child = new Etcd(this.session, [endpoint], direct);
    this.children.push(child);
    return child;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.children.splice(0)) c.close();
    for (const c of this.connections) c.close();
  }

  // ------------------------------------------------------------ calls

  unary<M extends UnaryMethod, Res>(method: M, req: Init<MethodTypes[M]['request']>, opts: UnaryOptions<Res> & { decodeWith: (wire: Buffer) => Res }): Promise<Res>;
  unary<M extends UnaryMethod>(method: M, req: Init<MethodTypes[M]['request']>, opts?: CallOptions): Promise<MethodTypes[M]['response']>;
  async unary(method: string, req: object, opts: UnaryOptions = {}): Promise<unknown> {
    const m = methodInfo(method);
    if (m.clientStreaming || m.serverStreaming) throw new RpcError(Code.INTERNAL, `${method} is a streaming method`);
    let payload: Buffer;
    try {
      payload = this.encodeRequest(m, req);
    } catch (err) {
      // grpc-go refuses an oversized request inside the call, so clientv3 logs it as a failed attempt.
      if (err instanceof RpcError) this.log(retryWarning(this.target, 0, err));
      throw err;
    }
    const deadline = opts.timeoutMs === undefined ? undefined : Date.now() + opts.timeoutMs;
    return this.invokeUnary(method, m, payload, deadline, { decodeWith: opts.decodeWith });
  }

  serverStream<M extends ServerStreamMethod>(method: M, req: Init<MethodTypes[M]['request']>, opts?: StreamOptions): ServerStream<MethodTypes[M]['response']>;
  serverStream(method: string, req: object, opts: StreamOptions = {}): ServerStream<unknown> {
    const m = methodInfo(method);
    if (m.clientStreaming || !m.serverStreaming) throw new RpcError(Code.INTERNAL, `${method} is not a server-streaming method`);
    const payload = this.encodeRequest(m, req);
    return new CallStream(this, method, m, opts, (client, md, options) =>
      client.makeServerStreamRequest(m.path, identity, (b: Buffer) => decode(m.responseType, b), payload, md, options),
    );
  }

  duplex<M extends DuplexMethod>(method: M, opts?: StreamOptions): DuplexStream<MethodTypes[M]['request'], MethodTypes[M]['response']>;
  duplex(method: string, opts: StreamOptions = {}): DuplexStream<object, unknown> {
    const m = methodInfo(method);
    if (!m.clientStreaming || !m.serverStreaming) throw new RpcError(Code.INTERNAL, `${method} is not a bidirectional method`);
    // clientv3 resumes watches on another member when theirs goes away; so do we, unless told not to.
    if (method === 'Watch.Watch' && opts.resume !== false) return new ResumableWatch(this, opts);
    return this.openDuplex(method, opts);
  }

  /** @internal A plain bidirectional stream, placed as asked. */
  openDuplex(method: string, opts: StreamOptions, placement?: StreamPlacement): CallStream {
    const m = methodInfo(method);
    return new CallStream(
      this,
      method,
      m,
      opts,
      (client, md, options) => client.makeBidiStreamRequest(m.path, identity, (b: Buffer) => decode(m.responseType, b), md, options),
      placement,
    );
  }

  /** @internal How long a broken watch may take to find a member again before giving up. */
  resumeWindowMs(): number {
    const cfg = this.session.cfg;
    return Math.max(cfg.dialTimeoutMs, cfg.keepaliveTimeMs + cfg.keepaliveTimeoutMs);
  }

  /** @internal Whether the client has been closed. */
  get isClosed(): boolean {
    return this.closed;
  }

  // ------------------------------------------------------------ internals shared with CallStream

  /** @internal */
  encodeRequest(m: MethodInfo, req: object): Buffer {
    const payload = encode(m.requestType, req);
    const max = this.session.cfg.maxCallSendBytes ?? DEFAULT_MAX_SEND;
    if (payload.length > max) throw sendTooLarge(payload.length, max);
    return payload;
  }

  /** @internal */
  metadata(method: string, requireLeader: boolean): GrpcJs.Metadata {
    const md = new this.session.grpc.Metadata();
    if (this.session.token !== undefined && method !== 'Auth.Authenticate') md.set('token', this.session.token);
    if (requireLeader) md.set('hasleader', 'true');
    return md;
  }

  /**
   * @internal The connection to use: a ready one, preferring the last that worked, then the first listed.
   * Every endpoint connects in parallel (as clientv3's balancer does), so a refused or hung endpoint costs
   * nothing while another answers. Fails with "context deadline exceeded" when none is ready by `deadline`.
   */
  async readyConnection(deadline: number, exclude: ReadonlySet<Connection> = new Set()): Promise<Connection> {
    let candidates = this.connections.filter((c) => !exclude.has(c));
    if (candidates.length === 0) candidates = this.connections;
    let graceUntil: number | undefined;
    let allFailed = false;
    for (;;) {
      if (this.closed) throw canceled();
      const states = candidates.map((c) => c.state());
      const pick = this.pickReady(candidates, states);
      allFailed ||= states.every((s) => s === this.session.grpc.connectivityState.TRANSIENT_FAILURE);
      if (pick) {
        graceUntil ??= Date.now() + PREFERENCE_GRACE_MS;
        const settled = Date.now() >= graceUntil || remaining(deadline) <= 0;
        if (settled || !this.earlierConnecting(candidates, states, pick)) return pick;
      } else if (remaining(deadline) <= 0) {
        throw deadlineExceeded(allFailed ? await this.balancerError(candidates[0]) : undefined);
      }
      const wait = Math.min(remaining(deadline), graceUntil === undefined ? Infinity : graceUntil - Date.now());
      await this.waitForStateChange(candidates, states, wait);
    }
  }

  /**
   * What grpc-go's status says when the deadline passes while every member failed to connect: clientv3's balancer
   * reports them all in transient failure; an endpoint dialled directly reports its dial error.
   */
  private async balancerError(conn: Connection): Promise<string> {
    if (!this.direct) return 'latest balancer error: all SubConns are in TransientFailure';
    const dial = await dialFailure(conn.endpoint);
    if (dial === undefined) return CONTEXT_DEADLINE_EXCEEDED;
    return `latest balancer error: connection error: desc = "transport: Error while dialing ${dial}"`;
  }

  private pickReady(candidates: Connection[], states: (ConnectivityState | undefined)[]): Connection | undefined {
    const READY = this.session.grpc.connectivityState.READY;
    const preferred = this.connections[this.preferred];
    const at = preferred ? candidates.indexOf(preferred) : -1;
    if (at >= 0 && states[at] === READY) return preferred;
    const i = states.indexOf(READY);
    return i >= 0 ? candidates[i] : undefined;
  }

  /** Whether an endpoint listed before `pick` is still trying its first connection. */
  private earlierConnecting(candidates: Connection[], states: (ConnectivityState | undefined)[], pick: Connection): boolean {
    if (pick === this.connections[this.preferred] && this.preferred !== 0) return false;
    const { CONNECTING, IDLE } = this.session.grpc.connectivityState;
    const end = candidates.indexOf(pick);
    for (let i = 0; i < end; i++) if (states[i] === CONNECTING || states[i] === IDLE) return true;
    return false;
  }

  private async waitForStateChange(candidates: Connection[], states: (ConnectivityState | undefined)[], ms: number): Promise<void> {
    const timer = delay(ms);
    candidates.forEach((c, i) => {
      const s = states[i];
      if (s !== undefined) c.onStateChange(s, timer.cancel);
    });
    await timer.promise;
  }

  /** @internal */
  noteWorking(c: Connection): void {
    const i = this.connections.indexOf(c);
    if (i >= 0) this.preferred = i;
  }

  /** @internal */
  dialDeadline(deadline: number | undefined): number {
    return deadline ?? Date.now() + this.session.cfg.dialTimeoutMs;
  }

  /**
   * One unary call, attempted as clientv3's retry interceptor does (see retry.ts): each failed attempt is logged;
   * a stale auth revision or rejected token is answered with a new token and another attempt; a repeatable call
   * is sent again (to another member first) after Unavailable; anything else ends the call. A call that provably
   * never left (grpc-go waits for a connection there) is placed again without counting as an attempt.
   */
  private async invokeUnary(
    method: string,
    m: MethodInfo,
    payload: Buffer,
    deadline: number | undefined,
    opts: { decodeWith?: (wire: Buffer) => unknown; target?: string } = {},
  ): Promise<unknown> {
    const target = opts.target ?? this.target;
    const connectBy = this.dialDeadline(deadline);
    const failed = new Set<Connection>();
    let unsent = 0;
    for (let attempt = 0; ; attempt++) {
      await this.backoff(attempt, deadline);
      let conn: Connection;
      try {
        conn = await this.readyConnection(connectBy, failed);
      } catch (err) {
        if (err instanceof RpcError) this.log(retryWarning(target, attempt, err));
        throw err;
      }
      let e: RpcError;
      try {
        const res = await this.callOnce(conn, method, m, payload, deadline, opts.decodeWith);
        this.noteWorking(conn);
        return res;
      } catch (err) {
        failed.add(conn);
        if (neverSent(err) && unsent++ < this.connections.length) {
          attempt--;
          continue;
        }
        e = fromStatus(err, deadline !== undefined);
      }
      this.log(retryWarning(target, attempt, e));
      const expired = this.closed || (deadline !== undefined && remaining(deadline) <= DEADLINE_SLACK_MS);
      if (expired && e.code === Code.DEADLINE_EXCEEDED) this.giveUpOn(conn);
      if (isContextError(e)) {
        if (expired) throw e;
      } else if (method !== 'Auth.Authenticate' && refreshesToken(e, this.canRenewToken())) {
        await this.refreshTokenFor(target, deadline);
      } else if (!safeToRetry(method, e)) {
        throw e;
      }
      if (attempt + 1 >= MAX_UNARY_ATTEMPTS) throw e;
    }
  }

  /** clientv3's pause between attempts; fails as the context does when the deadline comes first. */
  private async backoff(attempt: number, deadline: number | undefined): Promise<void> {
    const ms = backoffMs(attempt, this.session.cfg.endpoints.length);
    if (ms <= 0) return;
    if (deadline !== undefined && remaining(deadline) <= ms) {
      await delay(remaining(deadline)).promise;
      throw deadlineExceeded();
    }
    await delay(ms).promise;
  }

  /** @internal */
  log(entry: ZapLogEntry): void {
    this.session.cfg.logger?.(entry);
  }

  /** @internal The member behind `conn` let a call run out its deadline: later calls should not wait on it too. */
  giveUpOn(conn: Connection): void {
    conn.reset();
    if (this.connections[this.preferred] === conn && this.connections.length > 1) {
      this.preferred = (this.preferred + 1) % this.connections.length;
    }
  }

  private callOnce(
    conn: Connection,
    method: string,
    m: MethodInfo,
    payload: Buffer,
    deadline: number | undefined,
    decodeWith: (wire: Buffer) => unknown = (b) => decode(m.responseType, b),
  ): Promise<unknown> {
    const client = conn.grpcClient;
    if (!client) return Promise.reject(canceled());
    const options: GrpcJs.CallOptions = deadline === undefined ? {} : { deadline: new Date(deadline) };
    return new Promise((resolve, reject) => {
      client.makeUnaryRequest(
        m.path,
        identity,
        decodeWith,
        payload,
        this.metadata(method, false),
        options,
        (err: GrpcJs.ServiceError | null, res?: unknown) => (err ? reject(err) : resolve(res)),
      );
    });
  }

  // ------------------------------------------------------------ authentication

  /**
   * Logs in as clientv3's getToken does: through each endpoint in turn (each named in its log line) until one
   * answers; "authentication is not enabled" ends the search at once, and no endpoint is tried once `deadline`
   * has passed. Endpoint clients log in through the client they were made from.
   */
  private async authenticate(deadline: number): Promise<void> {
    const root = this.session.root ?? this;
    if (root !== this) return root.authenticate(deadline);
    const { user, password } = this.session.cfg.credentials!;
    const m = methodInfo('Auth.Authenticate');
    const payload = this.encodeRequest(m, { name: user, password });
    let last: unknown;
    for (const conn of this.connections) {
      if (last !== undefined && remaining(deadline) <= 0) break;
      try {
        const target = this.balancerTarget(conn);
        const res = (await this.invokeUnary('Auth.Authenticate', m, payload, deadline, { target })) as { token: string };
        this.session.token = res.token;
        return;
      } catch (err) {
        if (isAuthNotEnabled(err)) throw err;
        last = err;
      }
    }
    throw last;
  }

  /**
   * A unary call was refused for its token or a stale auth revision: with credentials, log in again (one login
   * shared by every call that needs it); without, nothing to renew (a certificate's user is read afresh by the
   * server), the call is simply sent again. A login that fails ends the call with its error.
   */
  private async refreshTokenFor(target: string, deadline: number | undefined): Promise<void> {
    if (!this.canRenewToken()) return;
    try {
      await this.refreshToken(deadline);
    } catch (err) {
      this.log(tokenWarning(target, err as Error));
      throw err;
    }
  }

  /** @internal Streams: whether a stream refused before any answer should be opened again with a new token. */
  shouldRefreshToken(err: unknown): boolean {
    return err instanceof RpcError && err.desc === ERR_INVALID_AUTH_TOKEN && this.canRenewToken();
  }

  /** @internal Whether a rejected token can be replaced: the client was given credentials. */
  canRenewToken(): boolean {
    return this.session.cfg.credentials !== undefined;
  }

  /** @internal One re-authentication shared by every call that saw the token rejected. */
  refreshToken(deadline = Date.now() + this.session.cfg.dialTimeoutMs): Promise<void> {
    this.session.refreshing ??= this.authenticate(deadline).finally(() => {
      this.session.refreshing = undefined;
    });
    return this.session.refreshing;
  }

  /**
   * @internal Before each stream clientv3 logs in again when it has credentials (its stream interceptor's
   * getToken), going on without a token when the cluster has auth disabled.
   */
  async loginForStream(deadline: number): Promise<void> {
    if (!this.canRenewToken()) return;
    try {
      await this.authenticate(deadline);
    } catch (err) {
      if (!isAuthNotEnabled(err)) throw err;
    }
  }
}

type StartCall = (
  client: GrpcJs.Client,
  md: GrpcJs.Metadata,
  options: GrpcJs.CallOptions,
) => GrpcJs.ClientReadableStream<unknown> | GrpcJs.ClientDuplexStream<Buffer, unknown>;

/** @internal Where a stream may connect. */
export interface StreamPlacement {
  /** Connections to pass over while another one is ready (a resumed stream avoids the member it just lost). */
  avoid?: ReadonlySet<Connection>;
  /** Until when connecting may take; by default the call's deadline, else the dial timeout. */
  connectBy?: number;
}

/**
 * @internal A streaming call: connects in the background, buffers writes until then, iterates responses.
 * A stream the server refuses for an expired token before answering anything is opened again, once, with a
 * new token (the token travels in the stream's metadata, so only a new stream can carry a new one).
 */
export class CallStream implements DuplexStream<object, unknown> {
  private call: GrpcJs.ClientReadableStream<unknown> | GrpcJs.ClientDuplexStream<Buffer, unknown> | undefined;
  private conn: Connection | undefined;
  private connecting: Promise<void>;
  private pendingWrites: Buffer[] = [];
  /** Every request written until the first answer, to send again on a stream reopened with a new token. */
  private sentWrites: Buffer[] | undefined = [];
  private ended = false;
  private cancelled = false;
  private iterated = false;
  private readonly deadline: number | undefined;

  constructor(
    private readonly owner: Etcd,
    private readonly method: string,
    private readonly info: MethodInfo,
    private readonly opts: StreamOptions,
    private readonly startCall: StartCall,
    private readonly placement: StreamPlacement = {},
  ) {
    this.deadline = opts.timeoutMs === undefined ? undefined : Date.now() + opts.timeoutMs;
    this.connecting = this.connect();
    // Failures surface through iteration; this keeps an un-iterated stream from an unhandled rejection.
    this.connecting.catch(() => {});
  }

  /** The connection the stream runs on, once connected. */
  get connection(): Connection | undefined {
    return this.conn;
  }

  private async connect(): Promise<void> {
    const connectBy = this.placement.connectBy ?? this.owner.dialDeadline(this.deadline);
    const conn = await this.owner.readyConnection(connectBy, this.placement.avoid);
    // Logging in once a member answers: clientv3's login before a stream waits for one as long as the stream would.
    if (this.cancelled) return;
    await this.owner.loginForStream(connectBy);
    const client = conn.grpcClient;
    if (this.cancelled) return;
    if (!client) throw canceled();
    const requireLeader = this.opts.requireLeader ?? STREAMS_REQUIRING_LEADER.has(this.method);
    const options: GrpcJs.CallOptions = this.deadline === undefined ? {} : { deadline: new Date(this.deadline) };
    const call = this.startCall(client, this.owner.metadata(this.method, requireLeader), options);
    this.call = call;
    this.conn = conn;
    this.owner.noteWorking(conn);
    if (isWritable(call)) {
      for (const b of this.pendingWrites.splice(0)) call.write(b);
      if (this.ended) call.end();
    }
  }

  write(req: object): void {
    if (!this.info.clientStreaming) throw new RpcError(Code.INTERNAL, `${this.method} takes no further requests`);
    if (this.ended || this.cancelled) return;
    const payload = this.owner.encodeRequest(this.info, req);
    this.sentWrites?.push(payload);
    const call = this.call;
    if (call && isWritable(call)) call.write(payload);
    else this.pendingWrites.push(payload);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    const call = this.call;
    if (call && isWritable(call)) call.end();
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.pendingWrites = [];
    this.call?.cancel();
  }

  [Symbol.asyncIterator](): AsyncIterator<unknown> {
    if (this.iterated) throw new Error('a stream can be iterated only once');
    this.iterated = true;
    return this.responses();
  }

  private async *responses(): AsyncGenerator<unknown, void, undefined> {
    let renewedToken = false;
    for (;;) {
      try {
        await this.connecting;
      } catch (err) {
        if (this.cancelled) return;
        throw fromStatus(err, this.deadline !== undefined);
      }
      const call = this.call;
      if (!call || this.cancelled) return;
      let answered = false;
      let reopen = false;
      try {
        for await (const res of call) {
          if (!answered) {
            answered = true;
            this.sentWrites = undefined;
          }
          yield res;
        }
        return;
      } catch (err) {
        if (this.cancelled) return;
        const e = fromStatus(err, this.deadline !== undefined);
        if (answered || renewedToken || !this.owner.shouldRefreshToken(e)) throw e;
        reopen = true;
      } finally {
        // Leaving the loop early (break, throw in the consumer) ends the call on the server too; cancelling
        // a finished call does nothing.
        if (!reopen) this.cancelled = true;
        call.cancel();
      }
      renewedToken = true;
      await this.owner.refreshToken();
      if (this.cancelled) return;
      this.reopen();
    }
  }

  private reopen(): void {
    this.call = undefined;
    this.pendingWrites = [...(this.sentWrites ?? [])];
    this.connecting = this.connect();
    this.connecting.catch(() => {});
  }
}

function isWritable(
  call: GrpcJs.ClientReadableStream<unknown> | GrpcJs.ClientDuplexStream<Buffer, unknown>,
): call is GrpcJs.ClientDuplexStream<Buffer, unknown> {
  return typeof (call as { write?: unknown }).write === 'function';
}
