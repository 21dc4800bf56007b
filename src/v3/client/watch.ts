// Watches that outlive their member, as clientv3's do: when the stream breaks (the member stopped, restarted or
// lost its leader), its watches are created again on a member that answers, each from the revision after the
// last one it delivered, so the reader sees every revision once and in order. The reader never learns of the
// break unless the watch cannot go on: its start revision was compacted meanwhile, or no member answered in time;
// it then gets a canceled response, as etcdctl reports a canceled watch, saying how far the watch had got.
import type { Init, ResponseHeader, WatchCreateRequest, WatchRequest, WatchResponse } from '../proto/schema.js';
import type { StreamPlacement } from './call.js';
import type { Connection } from './connection.js';
import { Code, ERR_INVALID_AUTH_TOKEN, fromStatus, RpcError } from './errors.js';

/** One watch stream on one member, as the transport below opens it. */
export interface WatchStream extends AsyncIterable<WatchResponse> {
  write(req: object): void;
  end(): void;
  cancel(): void;
  /** The connection it runs on, once connected (a resumed watch first avoids the member it lost). */
  readonly connection: Connection | undefined;
}

/** What a resumable watch needs of the client below it. */
export interface WatchTransport {
  /** A new watch stream, placed as asked. */
  open(placement?: StreamPlacement): WatchStream;
  /** Whether a token the server refused can be replaced (the client has credentials). */
  canRenewToken(): boolean;
  /** One login for a new token (shared with the client's other calls). */
  renewToken(): Promise<void>;
  /** Whether the client has been closed: its watches then end quietly. */
  isClosed(): boolean;
  /** How long a broken watch may look for a member before giving up. */
  readonly resumeWindowMs: number;
}

interface Watcher {
  /** The create request as the reader wrote it. */
  readonly create: Init<WatchCreateRequest>;
  /** The ID the reader knows the watch by: the server's answer to its first creation. */
  id?: bigint;
  /** Its ID on the current stream (differs from `id` only on servers that ignore a requested ID). */
  serverId?: bigint;
  /** The first revision not yet delivered: where a re-created watch starts (0: from whatever is current). */
  nextRev: bigint;
  /** Created again after a break. */
  resumed: boolean;
  /** The reader asked to cancel it. */
  cancelling: boolean;
}

const ERR_COMPACTED = 'etcdserver: mvcc: required revision has been compacted';

/** Asks for the stream to be opened again with a renewed token. */
const RENEW_TOKEN = Symbol('renew token');

/** On the first try after a break, how long to wait for another member before the lost one is allowed again. */
const AVOID_LOST_MS = 500;
const FIRST_RETRY_PAUSE_MS = 100;
const MAX_RETRY_PAUSE_MS = 1000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

/** Failures of the member or the connection, after which another member may carry the watch on. */
function resumable(e: RpcError): boolean {
  // CANCELLED here comes from the server or the transport: our own cancel ends iteration before this is asked.
  return e.code === Code.UNAVAILABLE || e.code === Code.CANCELLED || (e.code === Code.INTERNAL && /RST_STREAM/.test(e.desc));
}

/** etcd 3.4 words this cancel reason as a whole gRPC status ("rpc error: code = Unauthenticated desc = …"). */
function isInvalidToken(reason: string): boolean {
  return reason === ERR_INVALID_AUTH_TOKEN || reason.endsWith(`desc = ${ERR_INVALID_AUTH_TOKEN}`);
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10}s`;
}

/** Made by Etcd.duplex('Watch.Watch'); readers use it as the plain stream it stands in for. */
export class ResumableWatch implements AsyncIterable<WatchResponse> {
  private stream: WatchStream;
  private readonly watchers: Watcher[] = [];
  /** Watchers whose created answer is still to come on the current stream, in the order they were asked for. */
  private awaitingCreated: Watcher[] = [];
  private byServerId = new Map<bigint, Watcher>();
  /** Answers made up here (a cancel that the break swallowed), delivered before the next server answer. */
  private outbox: WatchResponse[] = [];
  private lastHeader: ResponseHeader | undefined;
  private renewedToken = false;
  private ended = false;
  private cancelled = false;
  private iterated = false;

  constructor(private readonly transport: WatchTransport) {
    this.stream = transport.open();
  }

  write(req: Init<WatchRequest> | object): void {
    if (this.ended || this.cancelled) return;
    const r = req as Init<WatchRequest>;
    if (r.create_request) {
      const w: Watcher = { create: r.create_request, nextRev: r.create_request.start_revision ?? 0n, resumed: false, cancelling: false };
      this.watchers.push(w);
      this.awaitingCreated.push(w);
    } else if (r.cancel_request) {
      const w = this.watchers.find((x) => x.id !== undefined && x.id === (r.cancel_request!.watch_id ?? 0n));
      if (w) {
        w.cancelling = true;
        this.stream.write({ cancel_request: { watch_id: w.serverId ?? w.id } });
        return;
      }
    }
    this.stream.write(req);
  }

  end(): void {
    this.ended = true;
    this.stream.end();
  }

  cancel(): void {
    this.cancelled = true;
    this.stream.cancel();
  }

  [Symbol.asyncIterator](): AsyncIterator<WatchResponse> {
    if (this.iterated) throw new Error('a stream can be iterated only once');
    this.iterated = true;
    return this.responses();
  }

  private get resumeWindowMs(): number {
    return this.transport.resumeWindowMs;
  }

  private async *responses(): AsyncGenerator<WatchResponse, void, undefined> {
    /** While looking for a member after a break: until when, and what broke. */
    let resumeUntil: number | undefined;
    let cause: RpcError | undefined;
    let attempt = 0;
    for (;;) {
      const stream = this.stream;
      let renew = false;
      let failure: RpcError;
      try {
        for await (const raw of stream) {
          resumeUntil = undefined;
          attempt = 0;
          if (this.outbox.length > 0) yield* this.outbox.splice(0);
          const out = this.accept(raw);
          if (out === RENEW_TOKEN) {
            renew = true;
            break;
          }
          if (out) yield out;
        }
        if (this.cancelled || (this.ended && !renew)) return;
        failure = new RpcError(Code.UNAVAILABLE, 'the server ended the watch stream');
      } catch (err) {
        if (this.cancelled) return;
        const e = err instanceof RpcError ? err : fromStatus(err, false);
        // The first connection failing (nothing to resume yet), a deadline the reader set, or a half-closed
        // stream: the reader gets the error as it is.
        if (this.ended || (resumeUntil === undefined && !resumable(e))) throw e;
        failure = e;
      }
      const lost = stream.connection;
      stream.cancel();
      if (renew) {
        await this.transport.renewToken();
        this.renewedToken = true;
        if (this.cancelled) return;
        this.restart({});
        continue;
      }
      if (resumeUntil === undefined) {
        cause = failure;
        resumeUntil = Date.now() + this.resumeWindowMs;
      }
      // A closed client ends its watches quietly, as a cancel does.
      if (this.transport.isClosed()) return;
      if (Date.now() >= resumeUntil) {
        yield* this.outbox.splice(0);
        yield* this.giveUp(cause ?? failure);
        return;
      }
      if (attempt > 0) await sleep(Math.min(FIRST_RETRY_PAUSE_MS << Math.min(attempt - 1, 4), MAX_RETRY_PAUSE_MS, resumeUntil - Date.now()));
      if (this.cancelled) return;
      // First try another member (one that lost its leader still looks ready); then any, the lost one included.
      const avoid = attempt === 0 && lost ? new Set<Connection>([lost]) : undefined;
      const connectBy = avoid ? Math.min(resumeUntil, Date.now() + AVOID_LOST_MS) : resumeUntil;
      attempt++;
      this.restart({ avoid, connectBy });
    }
  }

  /** What the reader gets for a server answer: it, with the reader's watch ID; nothing; or a request to renew. */
  private accept(r: WatchResponse): WatchResponse | typeof RENEW_TOKEN | undefined {
    if (r.header) this.lastHeader = r.header;
    if (r.created) return this.acceptCreated(r);
    const w = this.byServerId.get(r.watch_id);
    if (!w || w.id === undefined) return r;
    const out = r.watch_id === w.id ? r : { ...r, watch_id: w.id };
    if (r.canceled) {
      this.drop(w);
      // A cancel the reader asked for needs no explaining.
      return w.resumed && !w.cancelling ? this.explain(out, w) : out;
    }
    // A fragment may end inside a revision: only a whole answer moves the resume point.
    const last = r.events.length > 0 && !r.fragment ? r.events[r.events.length - 1].kv : undefined;
    if (last) w.nextRev = last.mod_revision + 1n;
    return out;
  }

  private acceptCreated(r: WatchResponse): WatchResponse | typeof RENEW_TOKEN | undefined {
    const w = this.awaitingCreated.shift();
    if (!w) return r;
    if (r.canceled) {
      // The token in the stream's metadata expired: only a new stream can carry a new one (once in a row).
      if (isInvalidToken(r.cancel_reason) && !this.renewedToken && this.transport.canRenewToken()) return RENEW_TOKEN;
      this.drop(w);
      if (w.id === undefined) return r;
      // The reader saw this watch created long ago; an answer marked created could be taken for that one again.
      return this.explain({ ...r, watch_id: w.id, created: false }, w);
    }
    this.renewedToken = false;
    w.serverId = r.watch_id;
    this.byServerId.set(r.watch_id, w);
    if (w.nextRev === 0n && r.header) w.nextRev = r.header.revision + 1n;
    if (w.id !== undefined) return undefined;
    w.id = r.watch_id;
    return r;
  }

  /**
   * A resumed watch's cancel reason, with how far it had got, so no one has to guess what was missed. etcd 3.4
   * gives no reason with a compaction (clientv3 words it from the compact revision): it is spelt out here.
   */
  private explain(r: WatchResponse, w: Watcher): WatchResponse {
    const reason = r.cancel_reason || (r.compact_revision !== 0n ? ERR_COMPACTED : 'watch canceled');
    return { ...r, cancel_reason: `${reason}; the watch had delivered every event up to revision ${w.nextRev - 1n}` };
  }

  private drop(w: Watcher): void {
    const i = this.watchers.indexOf(w);
    if (i >= 0) this.watchers.splice(i, 1);
    if (w.serverId !== undefined) this.byServerId.delete(w.serverId);
  }

  /** Opens a new stream and creates every live watch on it again, each from its next revision. */
  private restart(placement: StreamPlacement): void {
    this.stream = this.transport.open(placement);
    this.awaitingCreated = [];
    this.byServerId = new Map();
    for (const w of [...this.watchers]) {
      if (w.cancelling) {
        // Its cancel may have been lost with the stream; the reader waits for the answer.
        this.drop(w);
        this.outbox.push(this.madeUpCancel(w, ''));
        continue;
      }
      w.serverId = undefined;
      w.resumed = w.id !== undefined;
      this.awaitingCreated.push(w);
      // Asking for the same ID keeps the reader's IDs valid without translation (servers since 3.4 honour it).
      this.stream.write({ create_request: { ...w.create, start_revision: w.nextRev, watch_id: w.id ?? w.create.watch_id ?? 0n } });
    }
  }

  /** No member took the watch back in time: each watch the reader knows ends as a canceled one. */
  private *giveUp(cause: RpcError): Generator<WatchResponse> {
    const known = this.watchers.filter((w) => w.id !== undefined);
    if (known.length === 0) throw cause;
    this.watchers.length = 0;
    const reason = `${cause.message}; no member took the watch back within ${formatSeconds(this.resumeWindowMs)}`;
    for (const w of known) yield this.explain(this.madeUpCancel(w, reason), w);
  }

  private madeUpCancel(w: Watcher, reason: string): WatchResponse {
    // As the server words a canceled watch: its header without a revision.
    const header = this.lastHeader ? { ...this.lastHeader, revision: 0n } : undefined;
    return { header, watch_id: w.id ?? -1n, created: false, canceled: true, compact_revision: 0n, cancel_reason: reason, fragment: false, events: [] };
  }
}
