// The middle layer of the v3 client: one call on a connection. A unary call is one attempt (the client above
// decides about another); a stream is placed on a connection in the background, keeps its requests until then,
// and hands out its responses. Where a call goes, what it carries and whether a refused stream may be opened
// again are asked of the layer above through CallHost; grpc-js stays below, in connection.ts. TranslatedStream
// hands a stream's failures to its reader through the client's translateError hook.
import type { MethodInfo } from '../proto/schema.js';
import { decode } from '../proto/codec.js';
import type { Connection, Decoder, CallHeaders, RawStream, StartStream } from './connection.js';
import { canceled, Code, fromStatus, RpcError } from './errors.js';

/** What a call needs of the client it belongs to. */
export interface CallHost {
  /** The request's wire form (the client checks its size limit). */
  encode(info: MethodInfo, req: object): Buffer;
  /** The headers a call of `method` carries when it starts (the token as it is then). */
  headers(method: string, requireLeader: boolean): CallHeaders;
  /** Until when connecting may take, given the call's deadline. */
  connectBy(deadline: number | undefined): number;
  /** A ready connection, passing over `avoid` while another one is ready. */
  place(connectBy: number, avoid?: ReadonlySet<Connection>): Promise<Connection>;
  /** Whatever must happen before a stream starts on its connection (clientv3 logs in again). */
  beforeStream(connectBy: number): Promise<void>;
  /** A call started on `conn`: the next ones go there first. */
  worked(conn: Connection): void;
  /** Whether a stream refused with `err` before any answer should be opened again once `renew()` is done. */
  reopensAfter(err: RpcError): boolean;
  renew(): Promise<void>;
}

/** Where a stream may connect. */
export interface StreamPlacement {
  /** Connections to pass over while another one is ready (a resumed stream avoids the member it just lost). */
  avoid?: ReadonlySet<Connection>;
  /** Until when connecting may take; by default the call's deadline, else the dial timeout. */
  connectBy?: number;
}

/** One unary attempt on `conn`; rejects with grpc-js's error as it is. */
export function unaryAttempt(
  conn: Connection,
  info: MethodInfo,
  payload: Buffer,
  headers: CallHeaders,
  deadline: number | undefined,
  decodeWith: Decoder = (b) => decode(info.responseType, b),
): Promise<unknown> {
  return conn.unary(info.path, payload, decodeWith, headers, deadline);
}

/** Starts a server-streaming call with its one request. */
export function serverStreamStart(info: MethodInfo, payload: Buffer): StartStream {
  const decodeResponse = (b: Buffer) => decode(info.responseType, b);
  return (conn, headers, deadline) => conn.serverStream(info.path, payload, decodeResponse, headers, deadline);
}

/** Starts a bidirectional call; its requests follow by write(). */
export function bidiStart(info: MethodInfo): StartStream {
  const decodeResponse = (b: Buffer) => decode(info.responseType, b);
  return (conn, headers, deadline) => conn.bidiStream(info.path, decodeResponse, headers, deadline);
}

export interface CallStreamOptions {
  /** Deadline for the whole stream, connecting included. */
  deadline?: number;
  /** Ask the server to end the stream when its member loses the leader. */
  requireLeader: boolean;
}

/**
 * A streaming call: connects in the background, buffers writes until then, iterates responses.
 * A stream the server refuses for an expired token before answering anything is opened again, once, with a
 * new token (the token travels in the stream's metadata, so only a new stream can carry a new one).
 */
export class CallStream<Res = unknown> {
  private call: RawStream | undefined;
  private conn: Connection | undefined;
  private connecting: Promise<void>;
  private pendingWrites: Buffer[] = [];
  /** Every request written until the first answer, to send again on a stream reopened with a new token. */
  private sentWrites: Buffer[] | undefined = [];
  private ended = false;
  private cancelled = false;
  private iterated = false;

  constructor(
    private readonly host: CallHost,
    private readonly method: string,
    private readonly info: MethodInfo,
    private readonly opts: CallStreamOptions,
    private readonly start: StartStream,
    private readonly placement: StreamPlacement = {},
  ) {
    this.connecting = this.connect();
    // Failures surface through iteration; this keeps an un-iterated stream from an unhandled rejection.
    this.connecting.catch(() => {});
  }

  /** The connection the stream runs on, once connected. */
  get connection(): Connection | undefined {
    return this.conn;
  }

  private async connect(): Promise<void> {
    const connectBy = this.placement.connectBy ?? this.host.connectBy(this.opts.deadline);
    const conn = await this.host.place(connectBy, this.placement.avoid);
    // Logging in once a member answers: clientv3's login before a stream waits for one as long as the stream would.
    if (this.cancelled) return;
    await this.host.beforeStream(connectBy);
    const usable = conn.usable;
    if (this.cancelled) return;
    if (!usable) throw canceled();
    const call = this.start(conn, this.host.headers(this.method, this.opts.requireLeader), this.opts.deadline);
    this.call = call;
    this.conn = conn;
    this.host.worked(conn);
    if (isWritable(call)) {
      for (const b of this.pendingWrites.splice(0)) call.write(b);
      if (this.ended) call.end();
    }
  }

  write(req: object): void {
    if (!this.info.clientStreaming) throw new RpcError(Code.INTERNAL, `${this.method} takes no further requests`);
    if (this.ended || this.cancelled) return;
    const payload = this.host.encode(this.info, req);
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

  [Symbol.asyncIterator](): AsyncIterator<Res> {
    if (this.iterated) throw new Error('a stream can be iterated only once');
    this.iterated = true;
    return this.responses();
  }

  private async *responses(): AsyncGenerator<Res, void, undefined> {
    const ownDeadline = this.opts.deadline !== undefined;
    let renewedToken = false;
    for (;;) {
      try {
        await this.connecting;
      } catch (err) {
        if (this.cancelled) return;
        throw fromStatus(err, ownDeadline);
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
          yield res as Res;
        }
        return;
      } catch (err) {
        if (this.cancelled) return;
        const e = fromStatus(err, ownDeadline);
        if (answered || renewedToken || !this.host.reopensAfter(e)) throw e;
        reopen = true;
      } finally {
        // Leaving the loop early (break, throw in the consumer) ends the call on the server too; cancelling
        // a finished call does nothing.
        if (!reopen) this.cancelled = true;
        call.cancel();
      }
      renewedToken = true;
      await this.host.renew();
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

function isWritable(call: RawStream): call is Extract<RawStream, { write: unknown }> {
  return typeof (call as { write?: unknown }).write === 'function';
}

/** Turns an error the reader would get into another (the client's translateError hook). */
export type Translate = (err: unknown) => Promise<unknown>;

/** Responses as they come; a failure is translated before the reader sees it. */
function translatingIterator<T>(it: AsyncIterator<T>, translate: Translate): AsyncIterator<T> & AsyncIterable<T> {
  return {
    async next(...args: [] | [undefined]) {
      try {
        return await it.next(...args);
      } catch (err) {
        throw await translate(err);
      }
    },
    return: it.return && ((value?: unknown) => it.return!(value as T)),
    throw: it.throw && ((e?: unknown) => it.throw!(e)),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

interface AnyStream<T> extends AsyncIterable<T> {
  write(req: object): void;
  end(): void;
  cancel(): void;
}

/** A stream whose failures reach the reader translated; requests and cancel go to the stream as they are. */
export class TranslatedStream<T> implements AsyncIterable<T> {
  constructor(private readonly stream: AnyStream<T>, private readonly translate: Translate) {}

  write(req: object): void {
    this.stream.write(req);
  }

  end(): void {
    this.stream.end();
  }

  cancel(): void {
    this.stream.cancel();
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return translatingIterator(this.stream[Symbol.asyncIterator](), this.translate);
  }
}
