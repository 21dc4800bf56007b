// The top layer of the v3 client: the etcd client callers use. It owns the auth token (login, re-login),
// clientv3's retries of unary calls and their log lines, and the public unary / serverStream / duplex.
// Below it: call.ts (one call or stream on a connection) and connection.ts (grpc-js, a channel per endpoint,
// which endpoint a call goes to). Above it: watch.ts (watches that outlive their member).
//
// grpc-js is loaded by Etcd.open() only, so importing this module (for RpcError, types) stays cheap.
import { randomUUID } from 'node:crypto';
import type { ZapLogEntry } from '../../cli/zap.js';
import { encode } from '../proto/codec.js';
import { METHODS, type DuplexMethod, type Init, type MethodInfo, type MethodTypes, type ServerStreamMethod, type UnaryMethod, type WatchResponse } from '../proto/schema.js';
import { bidiStart, CallStream, serverStreamStart, TranslatedStream, unaryAttempt, type CallHost, type StreamPlacement } from './call.js';
import { Connections, delay, Transport, type CallHeaders, type Connection, type StartStream, type TlsOptions } from './connection.js';
import {
  backoffMs,
  isContextError,
  MAX_UNARY_ATTEMPTS,
  refreshesToken,
  retryWarning,
  safeToRetry,
  tokenWarning,
} from './retry.js';
import { ResumableWatch, type WatchTransport } from './watch.js';
import {
  Code,
  deadlineExceeded,
  ERR_INVALID_AUTH_TOKEN,
  fromStatus,
  isAuthNotEnabled,
  RpcError,
  sendTooLarge,
} from './errors.js';

export type { TlsOptions } from './connection.js';

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
  /** A token given as is (etcdctl 3.7's --auth-jwt-token): sent with every call, never renewed. */
  token?: string;
  /** Default 2 MiB, as clientv3. */
  maxCallSendBytes?: number;
  /** Default unlimited, as etcdctl (which sets MaxInt32), not grpc-js's 4 MiB. */
  maxCallRecvBytes?: number;
  /** Where clientv3's log lines go (the retry warnings); none: not logged. */
  logger?: (entry: ZapLogEntry) => void;
  /**
   * What a failure reads as to the caller: applied to every failed unary call and every stream error before the
   * caller sees it (not to the attempts and logins inside a call), with the endpoints of the client it came
   * from. None: failures as they are.
   */
  translateError?: (err: unknown, endpoints: readonly string[]) => Promise<unknown>;
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

const DEFAULT_MAX_SEND = 2 * 1024 * 1024;

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

/** State shared by a client and the per-endpoint clients made from it. */
interface Session {
  readonly transport: Transport;
  readonly cfg: DialConfig;
  token: string | undefined;
  refreshing: Promise<void> | undefined;
  /** Names the client in its log lines' targets ("endpoint://client-<id>/<host>"), as clientv3's resolver group. */
  readonly clientId: string;
  /** The client every endpoint client was made from: it authenticates for all of them. */
  root?: Etcd;
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

export class Etcd {
  private readonly connections: Connections;
  private readonly children: Etcd[] = [];
  private closed = false;

  /** What clientv3 logs as the call's target: its balancer's, or for one endpoint dialled directly, "passthrough:///<ep>". */
  private readonly target: string;

  /** What the calls and streams of this client ask of it (call.ts). */
  private readonly host: CallHost = {
    encode: (info, req) => this.encodeRequest(info, req),
    headers: (method, requireLeader) => this.headers(method, requireLeader),
    connectBy: (deadline) => this.dialDeadline(deadline),
    place: (connectBy, avoid) => this.connections.ready(connectBy, avoid),
    beforeStream: (connectBy) => this.loginForStream(connectBy),
    worked: (conn) => this.connections.worked(conn),
    reopensAfter: (err) => err.desc === ERR_INVALID_AUTH_TOKEN && this.canRenewToken(),
    renew: () => this.refreshToken(),
  };

  private constructor(private readonly session: Session, private readonly endpoints: readonly string[], direct = false) {
    this.connections = new Connections(endpoints, session.transport, direct);
    this.target = direct ? `passthrough:///${endpoints[0]}` : this.balancerTarget(this.connections.endpoints[0]?.host);
  }

  private balancerTarget(host: string | undefined): string {
    return `endpoint://client-${this.session.clientId}/${host ?? ''}`;
  }

  /** Prepares channels to every endpoint and, when credentials are given, authenticates within the dial timeout. */
  static async open(cfg: DialConfig): Promise<Etcd> {
    const session: Session = {
      transport: await Transport.open(cfg),
      cfg,
      token: cfg.token,
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
    this.connections.close();
  }

  // ------------------------------------------------------------ calls

  unary<M extends UnaryMethod, Res>(method: M, req: Init<MethodTypes[M]['request']>, opts: UnaryOptions<Res> & { decodeWith: (wire: Buffer) => Res }): Promise<Res>;
  unary<M extends UnaryMethod>(method: M, req: Init<MethodTypes[M]['request']>, opts?: CallOptions): Promise<MethodTypes[M]['response']>;
  async unary(method: string, req: object, opts: UnaryOptions = {}): Promise<unknown> {
    try {
      return await this.unaryCall(method, req, opts);
    } catch (err) {
      throw await this.translateError(err);
    }
  }

  serverStream<M extends ServerStreamMethod>(method: M, req: Init<MethodTypes[M]['request']>, opts?: StreamOptions): ServerStream<MethodTypes[M]['response']>;
  serverStream(method: string, req: object, opts: StreamOptions = {}): ServerStream<unknown> {
    const m = methodInfo(method);
    if (m.clientStreaming || !m.serverStreaming) throw new RpcError(Code.INTERNAL, `${method} is not a server-streaming method`);
    const payload = this.encodeRequest(m, req);
    return this.translating(this.callStream(method, m, opts, serverStreamStart(m, payload)));
  }

  duplex<M extends DuplexMethod>(method: M, opts?: StreamOptions): DuplexStream<MethodTypes[M]['request'], MethodTypes[M]['response']>;
  duplex(method: string, opts: StreamOptions = {}): DuplexStream<object, unknown> {
    const m = methodInfo(method);
    if (!m.clientStreaming || !m.serverStreaming) throw new RpcError(Code.INTERNAL, `${method} is not a bidirectional method`);
    // clientv3 resumes watches on another member when theirs goes away; so do we, unless told not to.
    if (method === 'Watch.Watch' && opts.resume !== false) return this.translating(new ResumableWatch(this.watchTransport(opts)));
    return this.translating(this.callStream(method, m, opts, bidiStart(m)));
  }

  private async unaryCall(method: string, req: object, opts: UnaryOptions): Promise<unknown> {
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

  private callStream<Res>(method: string, m: MethodInfo, opts: StreamOptions, start: StartStream, placement?: StreamPlacement): CallStream<Res> {
    const deadline = opts.timeoutMs === undefined ? undefined : Date.now() + opts.timeoutMs;
    const requireLeader = opts.requireLeader ?? STREAMS_REQUIRING_LEADER.has(method);
    return new CallStream<Res>(this.host, method, m, { deadline, requireLeader }, start, placement);
  }

  /** What a watch that outlives its member needs of the client (watch.ts). */
  private watchTransport(opts: StreamOptions): WatchTransport {
    const m = methodInfo('Watch.Watch');
    const cfg = this.session.cfg;
    return {
      open: (placement) => this.callStream<WatchResponse>('Watch.Watch', m, opts, bidiStart(m), placement),
      renewToken: () => this.refreshToken(),
      canRenewToken: () => this.canRenewToken(),
      isClosed: () => this.closed,
      // How long a broken watch may take to find a member again before giving up.
      resumeWindowMs: opts.resumeWindowMs ?? Math.max(cfg.dialTimeoutMs, cfg.keepaliveTimeMs + cfg.keepaliveTimeoutMs),
    };
  }

  /** The caller's view of a failure: the translateError hook's, when one was given. */
  private async translateError(err: unknown): Promise<unknown> {
    const translate = this.session.cfg.translateError;
    return translate ? translate(err, this.endpoints) : err;
  }

  /** A stream whose errors reach the reader through the translateError hook, when one was given. */
  private translating<S extends DuplexStream<object, unknown>>(stream: S): S {
    if (!this.session.cfg.translateError) return stream;
    return new TranslatedStream(stream, (err) => this.translateError(err)) as unknown as S;
  }

  private encodeRequest(m: MethodInfo, req: object): Buffer {
    const payload = encode(m.requestType, req);
    const max = this.session.cfg.maxCallSendBytes ?? DEFAULT_MAX_SEND;
    if (payload.length > max) throw sendTooLarge(payload.length, max);
    return payload;
  }

  private headers(method: string, requireLeader: boolean): CallHeaders {
    const headers: Record<string, string> = {};
    if (this.session.token !== undefined && method !== 'Auth.Authenticate') headers.token = this.session.token;
    if (requireLeader) headers.hasleader = 'true';
    return headers;
  }

  private dialDeadline(deadline: number | undefined): number {
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
        conn = await this.connections.ready(connectBy, failed);
      } catch (err) {
        if (err instanceof RpcError) this.log(retryWarning(target, attempt, err));
        throw err;
      }
      let e: RpcError;
      try {
        const res = await unaryAttempt(conn, m, payload, this.headers(method, false), deadline, opts.decodeWith);
        this.connections.worked(conn);
        return res;
      } catch (err) {
        failed.add(conn);
        if (neverSent(err) && unsent++ < this.connections.size) {
          attempt--;
          continue;
        }
        e = fromStatus(err, deadline !== undefined);
      }
      this.log(retryWarning(target, attempt, e));
      const expired = this.closed || (deadline !== undefined && remaining(deadline) <= DEADLINE_SLACK_MS);
      if (expired && e.code === Code.DEADLINE_EXCEEDED) this.connections.giveUpOn(conn);
      if (isContextError(e)) {
        if (expired) throw e;
      } else if (method !== 'Auth.Authenticate' && !this.session.cfg.token && refreshesToken(e, this.canRenewToken())) {
        // A token the user gave is never renewed nor tried again (shouldRefreshToken in client/v3/retry_interceptor.go@v3.7.1).
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

  private log(entry: ZapLogEntry): void {
    this.session.cfg.logger?.(entry);
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
    for (const ep of this.connections.endpoints) {
      if (last !== undefined && remaining(deadline) <= 0) break;
      try {
        const target = this.balancerTarget(ep.host);
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

  /** Whether a rejected token can be replaced: the client was given credentials. */
  private canRenewToken(): boolean {
    return this.session.cfg.credentials !== undefined;
  }

  /** One re-authentication shared by every call that saw the token rejected. */
  private refreshToken(deadline = Date.now() + this.session.cfg.dialTimeoutMs): Promise<void> {
    this.session.refreshing ??= this.authenticate(deadline).finally(() => {
      this.session.refreshing = undefined;
    });
    return this.session.refreshing;
  }

  /**
   * Before each stream clientv3 logs in again when it has credentials (its stream interceptor's getToken), going
   * on without a token when the cluster has auth disabled.
   */
  private async loginForStream(deadline: number): Promise<void> {
    if (!this.canRenewToken()) return;
    try {
      await this.authenticate(deadline);
    } catch (err) {
      if (!isAuthNotEnabled(err)) throw err;
    }
  }
}
