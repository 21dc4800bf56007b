// etcdctl watch (etcdctl/ctlv3/command/watch_command.go@v3.4.23): events as they happen, optionally running a command for each; -i reads
// watch/progress requests from stdin. The stream survives a member going away (the client re-creates it from
// the next revision); a watch the server cancels ends with exit 5, as etcdctl's.
import { spawnSync } from 'node:child_process';
import { CliError, ExitCode, badArgs } from '../../cli/exit.js';
import { FlagError, FlagSet } from '../../cli/pflag.js';
import { goQuote } from '../../go/quote.js';
import { exitErrorText, startErrorText } from '../../go/exec.js';
import { LineReader } from '../../cli/lines.js';
import { OUTPUT_BACKLOG_BYTES, type IO } from '../../cli/io.js';
import type { CommandContext } from '../context.js';
import { Code, RpcError, type DuplexStream } from '../client/index.js';
import { HELP_FLAG } from '../help.js';
import { argify } from '../kv/txn.js';
import { FROM_KEY_END, prefixRangeEnd, toBytes } from '../keys.js';
import type { Print } from '../printers/format.js';
import { eventTypeName, watchPrinter } from '../printers/kv.js';
import type { Event, Init, WatchCreateRequest, WatchRequest, WatchResponse } from '../proto/schema.js';
import { WATCH_FLAGS, type FlagValues, type V3Context } from '../registry.js';

interface WatchFlags {
  prefix: boolean;
  rev: bigint;
  prevKv: boolean;
  progressNotify: boolean;
}

const NO_ARGS = 'bad number of arguments';
const NO_COMMAND = 'bad number of arguments (found separator --, but no commands)';
const ENV_CONFLICT = 'bad number of arguments (found conflicting environment key)';
const RANGE_AND_PREFIX = '`range_end` and `--prefix` are mutually exclusive';
const COMPACTED = 'etcdserver: mvcc: required revision has been compacted';
const FUTURE = 'etcdserver: mvcc: required revision is a future revision';

/** Keys before `--`, the command after it; ETCDCTL_WATCH_KEY/RANGE_END stand in for the key arguments. */
function splitArgs(args: string[], dashAt: number, envKey: string, envRange: string): { keys: string[]; exec: string[] } {
  let keys = dashAt >= 0 ? args.slice(0, dashAt) : args;
  const exec = dashAt >= 0 ? args.slice(dashAt) : [];
  if (dashAt >= 0 && exec.length === 0) throw badArgs(NO_COMMAND);
  if (envKey !== '') {
    if (keys.length > 0) throw badArgs(ENV_CONFLICT);
    keys = envRange !== '' ? [envKey, envRange] : [envKey];
  }
  if (keys.length === 0) throw badArgs(NO_ARGS);
  return { keys, exec };
}

/** etcdctl's getWatchChan: exactly two key arguments make a range, more drop it; --prefix excludes a range. */
function createRequest(keys: string[], f: WatchFlags): Init<WatchCreateRequest> | string {
  let key: Buffer = toBytes(keys[0]);
  let rangeEnd: Buffer = Buffer.alloc(0);
  if (keys.length === 2) {
    if (f.prefix) return RANGE_AND_PREFIX;
    rangeEnd = toBytes(keys[1]);
  }
  if (f.prefix) {
    if (key.length === 0) { key = FROM_KEY_END; rangeEnd = FROM_KEY_END; }
    else rangeEnd = prefixRangeEnd(key);
  }
  return {
    key,
    range_end: rangeEnd,
    start_revision: f.rev > 0n ? f.rev : 0n,
    prev_kv: f.prevKv,
    progress_notify: f.progressNotify,
  };
}

/** What clientv3's WatchResponse.Err() says for a canceled watch. */
function cancelText(r: WatchResponse): string {
  // A watch resumed after its member went away says how far it had got (src/v3/client/watch.ts).
  if (r.compact_revision !== 0n) return r.cancel_reason.startsWith(COMPACTED) ? r.cancel_reason : COMPACTED;
  return r.cancel_reason || FUTURE;
}

const isProgressNotify = (r: WatchResponse) =>
  r.events.length === 0 && !r.canceled && !r.created && r.compact_revision === 0n && (r.header?.revision ?? 0n) !== 0n;

const goStringSlice = (items: string[]) => `[${items.map((s) => goQuote(s)).join(' ')}]`;

/** Runs the exec form's command for one event, as etcdctl does: synchronously, with ETCD_WATCH_* added. */
function runForEvent(io: IO, exec: string[], r: WatchResponse, ev: Event): void {
  const env = {
    ...io.env,
    ETCD_WATCH_REVISION: String(r.header?.revision ?? 0n),
    ETCD_WATCH_EVENT_TYPE: `"${eventTypeName(ev.type)}"`,
    ETCD_WATCH_KEY: goQuote(ev.kv?.key ?? Buffer.alloc(0)),
    ETCD_WATCH_VALUE: goQuote(ev.kv?.value ?? Buffer.alloc(0)),
  };
  const res = spawnSync(exec[0], exec.slice(1), { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const failure = res.error ? startErrorText(exec[0], res.error) : exitErrorText(res.status, res.signal);
  if (failure) throw new CliError(failure, ExitCode.Error, { stderr: `command ${goStringSlice(exec)} error (${failure})\n` });
}


/** Output held back at most until this size; beyond it, written at once. */
const HOLD_MAX_BYTES = 64 * 1024;

/**
 * Standard output for a stream of responses: the output of the responses that arrived together leaves in one
 * write once they are all printed, as a write per response costs a system call each and a busy watch gets
 * thousands a second. Nothing waits for more to come. flush() before anything that must follow the output
 * (standard error, a command run for an event, exiting).
 */
class CoalescedOutput {
  private held: Uint8Array[] = [];
  private heldBytes = 0;
  private scheduled = false;
  private backlog: Promise<void> | undefined;
  private readonly flushSoon = () => {
    this.scheduled = false;
    this.flush();
  };

  constructor(private readonly out: IO['stdout']) {}

  write(data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    if (bytes.length === 0) return;
    this.held.push(bytes);
    this.heldBytes += bytes.length;
    if (this.heldBytes >= HOLD_MAX_BYTES) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushSoon);
    }
  }

  flush(): void {
    if (this.heldBytes === 0) return;
    const held = this.held;
    const out = held.length === 1 ? held[0]! : Buffer.concat(held, this.heldBytes);
    this.held = [];
    this.heldBytes = 0;
    this.out.write(out);
    this.watchBacklog();
  }

  /** Settles once a slow reader has taken enough; undefined while it keeps up, so keeping up costs no await. */
  get behind(): Promise<void> | undefined {
    return this.backlog;
  }

  private watchBacklog(): void {
    if (this.backlog || !this.out.backlogUnder) return;
    const wait = this.out.backlogUnder(OUTPUT_BACKLOG_BYTES);
    this.backlog = wait;
    void wait.then(() => {
      this.backlog = undefined;
    });
  }
}

type Stdout = Pick<CoalescedOutput, 'write' | 'flush'>;

/** Prints one response the way printWatchCh does; returns true when the watch is over (canceled). */
function deliver(io: IO, stdout: Stdout, print: Print<WatchResponse>, r: WatchResponse, exec: string[]): boolean {
  if (r.canceled) {
    stdout.flush();
    io.stderr.write(`watch was canceled (${cancelText(r)})\n`);
  }
  if (isProgressNotify(r)) stdout.write(`progress notify: ${r.header!.revision}\n`);
  stdout.write(print.render(r));
  if (exec.length > 0) {
    stdout.flush();
    for (const ev of r.events) runForEvent(io, exec, r, ev);
  }
  return r.canceled;
}

type WatchValues = FlagValues<typeof WATCH_FLAGS>;

function flagsOf(get: <N extends keyof WatchValues>(n: N) => WatchValues[N]): WatchFlags {
  return { prefix: get('prefix'), rev: get('rev'), prevKv: get('prev-kv'), progressNotify: get('progress-notify') };
}

export async function watch(ctx: V3Context<typeof WATCH_FLAGS>): Promise<void> {
  const envKey = ctx.io.env.ETCDCTL_WATCH_KEY ?? '';
  const envRange = ctx.io.env.ETCDCTL_WATCH_RANGE_END ?? '';
  if (envKey === '' && envRange !== '') throw badArgs(`ETCDCTL_WATCH_KEY is empty but got ETCDCTL_WATCH_RANGE_END=${goQuote(envRange)}`);
  if (ctx.flag('interactive')) return watchInteractive(ctx, envKey, envRange);
  const { keys, exec } = splitArgs(ctx.args, ctx.argsLenAtDash, envKey, envRange);
  const create = createRequest(keys, flagsOf((n) => ctx.flag(n)));
  if (typeof create === 'string') throw badArgs(create);
  const print = ctx.printer(watchPrinter);
  const client = await ctx.client();
  const stream = client.duplex('Watch.Watch');
  ctx.onExit(() => stream.cancel());
  stream.write({ create_request: create });
  const stdout = new CoalescedOutput(ctx.io.stdout);
  try {
    for await (const resp of stream) {
      // clientv3 does not hand the "created" answer to etcdctl.
      if (resp.created && !resp.canceled) continue;
      if (deliver(ctx.io, stdout, print, resp, exec)) break;
      const behind = stdout.behind;
      if (behind) await behind;
    }
  } catch (err) {
    if (!overReceiveLimit(err)) throw err;
    stdout.flush();
    ctx.io.stderr.write(`watch was canceled (${err.message})\n`);
  } finally {
    stdout.flush();
  }
  throw new CliError('watch is canceled by the server', ExitCode.Interrupted);
}

/**
 * An answer over --max-recv-bytes (etcdctl 3.6) breaks the stream; clientv3 hands that to the watch as a canceled
 * response carrying the error (closeSubstream in client/v3/watch.go@v3.6.16), which etcdctl prints as any cancel.
 */
function overReceiveLimit(err: unknown): err is RpcError {
  return err instanceof RpcError && err.code === Code.RESOURCE_EXHAUSTED;
}

interface InteractiveWatcher {
  exec: string[];
  id?: bigint;
}

/** watch -i: each stdin line is `watch [flags] KEY [RANGE_END] [-- CMD…]` or `progress` (watch_command.go@v3.4.23). */
async function watchInteractive(ctx: CommandContext, envKey: string, envRange: string): Promise<void> {
  const print = ctx.printer(watchPrinter);
  const client = await ctx.client();
  // The stream opens with the first request, as clientv3 opens its watch stream (and logs in for it) then.
  let opened: DuplexStream<WatchRequest, WatchResponse> | undefined;
  ctx.onExit(() => opened?.cancel());
  // Responses interleave with answers to the lines read (on standard error): each is printed as it comes.
  const immediate: Stdout = { write: (data) => ctx.io.stdout.write(data), flush: () => {} };
  const watchers: InteractiveWatcher[] = [];
  const awaitingCreated: InteractiveWatcher[] = [];
  let failure: unknown;
  const pump = async (stream: AsyncIterable<WatchResponse>) => {
    for await (const r of stream) {
      if (r.created && !r.canceled) {
        const w = awaitingCreated.shift();
        if (w) w.id = r.watch_id;
        continue;
      }
      // A progress answer for no watch in particular (watch_id -1) goes to every watcher, as clientv3 broadcasts it.
      const targets = r.watch_id === -1n ? watchers : watchers.filter((w) => w.id === r.watch_id);
      for (const w of targets) deliver(ctx.io, immediate, print, r, w.exec);
    }
  };
  const stream = () => {
    if (!opened) {
      opened = client.duplex('Watch.Watch');
      pump(opened).catch((err) => { failure = err; });
    }
    return opened;
  };
  const lines = new LineReader(ctx.io);
  for (;;) {
    if (failure) throw failure;
    const raw = await lines.next();
    if (failure) throw failure;
    if (raw === undefined) throw new CliError('Error reading watch request line: EOF', ExitCode.InvalidInput);
    const line = raw;
    const words = argify(line);
    if (words.length === 0) { ctx.io.stderr.write(`Invalid command: ${line} (watch and progress supported)\n`); continue; }
    if (words[0] === 'progress') { stream().write({ progress_request: {} }); continue; }
    if (words[0] !== 'watch') { ctx.io.stderr.write(`Invalid command ${line} (only support watch)\n`); continue; }
    let parsed;
    try {
      parsed = new FlagSet([...WATCH_FLAGS, HELP_FLAG('watch')]).parse(words.slice(1));
    } catch (err) {
      if (err instanceof FlagError) throw badArgs(err.message);
      throw err;
    }
    const dashAt = parsed.argsLenAtDash;
    if (dashAt >= 0 && parsed.args.length === dashAt) throw badArgs(NO_COMMAND);
    let keys = dashAt >= 0 ? parsed.args.slice(0, dashAt) : parsed.args;
    const exec = dashAt >= 0 ? parsed.args.slice(dashAt) : [];
    if (envKey !== '') {
      if (keys.length > 0 && dashAt < 0) throw badArgs(ENV_CONFLICT);
      keys = envRange !== '' ? [envKey, envRange] : [envKey];
    }
    if (keys.length === 0) { ctx.io.stderr.write(`Invalid command ${line} (command type or key is not provided)\n`); continue; }
    const create = createRequest(keys, flagsOf(<N extends keyof WatchValues>(n: N) => parsed.values.get(n) as WatchValues[N]));
    if (typeof create === 'string') { ctx.io.stderr.write(`Invalid command ${line} (${create})\n`); continue; }
    const w: InteractiveWatcher = { exec };
    watchers.push(w);
    awaitingCreated.push(w);
    stream().write({ create_request: create });
  }
  void pump;
}
