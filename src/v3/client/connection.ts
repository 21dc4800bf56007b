// The bottom layer of the v3 client: grpc-js, one channel per endpoint, and which endpoint a call goes to.
//
// grpc-js is loaded by openTransport() only, so importing this module stays cheap. Messages are encoded and
// decoded by our own codec (the layers above); a channel only moves bytes. Nothing here knows of tokens,
// retries or etcd's methods: calls get their headers and deadline from the call layer (call.ts).
import type * as GrpcJs from '@grpc/grpc-js';
import { dialFailure, parseEndpoint, usesTls, type ParsedEndpoint } from './endpoints.js';
import { canceled, CONTEXT_DEADLINE_EXCEEDED, deadlineExceeded, TlsConfigError } from './errors.js';

type Grpc = typeof GrpcJs;
type ConnectivityState = GrpcJs.connectivityState;

export interface TlsOptions {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  insecureSkipVerify: boolean;
  serverName?: string;
}

/** What the channels are made with (a part of the client's DialConfig). */
export interface ChannelSettings {
  keepaliveTimeMs: number;
  keepaliveTimeoutMs: number;
  /** undefined: plaintext for schemeless endpoints; "http://" forces plaintext, "https://" forces TLS. */
  tls?: TlsOptions;
  /** Default unlimited, as etcdctl (which sets MaxInt32), not grpc-js's 4 MiB. */
  maxCallRecvBytes?: number;
}

/** Headers a call carries (etcd's "token", "hasleader"). */
export type CallHeaders = Readonly<Record<string, string>>;

export type Decoder = (wire: Buffer) => unknown;

/** A streaming call as grpc-js runs it: responses by iteration, requests (bidirectional only) by write/end. */
export type RawStream = GrpcJs.ClientReadableStream<unknown> | GrpcJs.ClientDuplexStream<Buffer, unknown>;

/** How a stream is started on a channel once its connection is chosen (server-streaming or bidirectional). */
export type StartStream = (conn: Connection, headers: CallHeaders, deadline: number | undefined) => RawStream;

// grpc-go raises keepalive times below 10s to 10s; etcd servers (min time 5s) would otherwise answer
// too-frequent pings with GOAWAY.
const MIN_KEEPALIVE_TIME_MS = 10_000;
// Among endpoints that connect at about the same time, prefer the one listed first.
const PREFERENCE_GRACE_MS = 30;

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

/** grpc-js and the credentials every channel of one client is made with. */
export class Transport {
  private constructor(
    private readonly grpc: Grpc,
    readonly settings: ChannelSettings,
    private readonly tls: GrpcJs.ChannelCredentials | undefined,
    private readonly plaintext: GrpcJs.ChannelCredentials,
  ) {}

  /** Loads grpc-js; fails with TlsConfigError when the TLS files cannot be used. */
  static async open(settings: ChannelSettings): Promise<Transport> {
    const grpc = await loadGrpc();
    const tls = settings.tls ? tlsCredentials(grpc, settings.tls) : undefined;
    return new Transport(grpc, settings, tls, grpc.credentials.createInsecure());
  }

  get states(): typeof GrpcJs.connectivityState {
    return this.grpc.connectivityState;
  }

  channel(ep: ParsedEndpoint, target: string, privatePool: boolean): GrpcJs.Client {
    return new this.grpc.Client(target, this.credentialsFor(ep), this.channelOptions(privatePool));
  }

  metadata(headers: CallHeaders): GrpcJs.Metadata {
    const md = new this.grpc.Metadata();
    for (const [k, v] of Object.entries(headers)) md.set(k, v);
    return md;
  }

  private credentialsFor(ep: ParsedEndpoint): GrpcJs.ChannelCredentials {
    if (!usesTls(ep, this.settings.tls !== undefined)) return this.plaintext;
    return this.tls ?? tlsCredentials(this.grpc, { insecureSkipVerify: false });
  }

  private channelOptions(privatePool: boolean): GrpcJs.ChannelOptions {
    const cfg = this.settings;
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
    if (privatePool) options['grpc.use_local_subchannel_pool'] = 1;
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

const callOptions = (deadline: number | undefined): GrpcJs.CallOptions =>
  deadline === undefined ? {} : { deadline: new Date(deadline) };

/** One endpoint and its channel, created on first use. */
export class Connection {
  private client: GrpcJs.Client | undefined;
  private closed = false;
  /** Set once the channel was replaced: its successors must not share grpc-js's pooled (stalled) connection. */
  private privatePool = false;

  constructor(readonly endpoint: ParsedEndpoint, private readonly transport: Transport) {}

  private get channel(): GrpcJs.Client | undefined {
    if (this.closed || this.endpoint.target === undefined) return undefined;
    this.client ??= this.transport.channel(this.endpoint, this.endpoint.target, this.privatePool);
    return this.client;
  }

  /** Whether calls can still be started on it (not closed, and the endpoint names something to dial). */
  get usable(): boolean {
    return this.channel !== undefined;
  }

  /** One unary call; rejects with grpc-js's error (a closed connection: canceled). */
  unary(path: string, payload: Buffer, decode: Decoder, headers: CallHeaders, deadline: number | undefined): Promise<unknown> {
    const client = this.channel;
    if (!client) return Promise.reject(canceled());
    const md = this.transport.metadata(headers);
    return new Promise((resolve, reject) => {
      client.makeUnaryRequest(path, identity, decode, payload, md, callOptions(deadline), (err: GrpcJs.ServiceError | null, res?: unknown) =>
        err ? reject(err) : resolve(res),
      );
    });
  }

  serverStream(path: string, payload: Buffer, decode: Decoder, headers: CallHeaders, deadline: number | undefined): RawStream {
    return this.requireChannel().makeServerStreamRequest(path, identity, decode, payload, this.transport.metadata(headers), callOptions(deadline));
  }

  bidiStream(path: string, decode: Decoder, headers: CallHeaders, deadline: number | undefined): RawStream {
    return this.requireChannel().makeBidiStreamRequest(path, identity, decode, this.transport.metadata(headers), callOptions(deadline));
  }

  private requireChannel(): GrpcJs.Client {
    const client = this.channel;
    if (!client) throw canceled();
    return client;
  }

  /**
   * Drops a channel whose member stopped answering (a call ran into its own deadline) and dials afresh on next
   * use. A stopped (SIGSTOP) or wedged member still holds its TCP connection, so the old channel would look
   * READY until keepalive (at least 10 s) gave up on it; a new connection is READY only once the member's HTTP/2
   * SETTINGS arrive, so a stalled member is skipped by Connections.ready while the others answer. Calls already
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
    const c = this.channel;
    if (!c) return undefined;
    return c.getChannel().getConnectivityState(true);
  }

  /** Calls back once the state differs from `from` (or the channel closes). */
  onStateChange(from: ConnectivityState, callback: () => void): void {
    const c = this.channel;
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
}

function remaining(deadline: number): number {
  return deadline - Date.now();
}

/** A promise that settles after `ms`, with a handle to settle it early. */
export function delay(ms: number): { promise: Promise<void>; cancel(): void } {
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

/**
 * A client's endpoints, each with its connection, and the choice among them: every endpoint connects in
 * parallel (as clientv3's balancer does), calls go to a ready one, preferring the last that worked, then the
 * first listed, so a refused or hung endpoint costs nothing while another answers.
 */
export class Connections {
  private readonly all: Connection[];
  private preferred = 0;
  private closed = false;

  /** `direct`: one endpoint dialled by itself (clientv3's Status(ctx, ep) and the like), not through the balancer. */
  constructor(endpoints: readonly string[], private readonly transport: Transport, private readonly direct: boolean) {
    this.all = endpoints.map((e) => new Connection(parseEndpoint(e), transport));
  }

  get size(): number {
    return this.all.length;
  }

  /** The endpoints in the order given. */
  get endpoints(): readonly ParsedEndpoint[] {
    return this.all.map((c) => c.endpoint);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * The connection to use: a ready one, preferring the last that worked, then the first listed (passing over
   * those in `exclude` while another one is there). Fails with "context deadline exceeded" when none is ready
   * by `deadline`.
   */
  async ready(deadline: number, exclude: ReadonlySet<Connection> = new Set()): Promise<Connection> {
    let candidates = this.all.filter((c) => !exclude.has(c));
    if (candidates.length === 0) candidates = this.all;
    let graceUntil: number | undefined;
    let allFailed = false;
    for (;;) {
      if (this.closed) throw canceled();
      const states = candidates.map((c) => c.state());
      const pick = this.pickReady(candidates, states);
      allFailed ||= states.every((s) => s === this.transport.states.TRANSIENT_FAILURE);
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

  /** A call or stream worked on `c`: later ones go there first. */
  worked(c: Connection): void {
    const i = this.all.indexOf(c);
    if (i >= 0) this.preferred = i;
  }

  /** The member behind `conn` let a call run out its deadline: later calls should not wait on it too. */
  giveUpOn(conn: Connection): void {
    conn.reset();
    if (this.all[this.preferred] === conn && this.all.length > 1) {
      this.preferred = (this.preferred + 1) % this.all.length;
    }
  }

  close(): void {
    this.closed = true;
    for (const c of this.all) c.close();
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
    const READY = this.transport.states.READY;
    const preferred = this.all[this.preferred];
    const at = preferred ? candidates.indexOf(preferred) : -1;
    if (at >= 0 && states[at] === READY) return preferred;
    const i = states.indexOf(READY);
    return i >= 0 ? candidates[i] : undefined;
  }

  /** Whether an endpoint listed before `pick` is still trying its first connection. */
  private earlierConnecting(candidates: Connection[], states: (ConnectivityState | undefined)[], pick: Connection): boolean {
    if (pick === this.all[this.preferred] && this.preferred !== 0) return false;
    const { CONNECTING, IDLE } = this.transport.states;
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
}
