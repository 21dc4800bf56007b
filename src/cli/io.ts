// The one place that touches the process's streams and environment.
import { fstatSync, writeSync } from 'node:fs';
import { argBytes, isWellFormed } from './argv.js';
import { ExitCode } from './exit.js';

export type Bytes = string | Uint8Array;

/**
 * How much output a slow reader may leave waiting before a command that prints as it reads (watch, a paged get)
 * stops reading: Node's writes to a pipe never block, so without a bound it would all be held in memory.
 */
export const OUTPUT_BACKLOG_BYTES = 1 << 20;

export interface Output {
  write(data: Bytes): void;
  readonly isTTY: boolean;
  /** Resolves once less than `bytes` written are still waiting for the reader (absent: never waits). */
  backlogUnder?(bytes: number): Promise<void>;
}

export interface IO {
  stdout: Output;
  stderr: Output;
  stdin: NodeJS.ReadStream;
  env: NodeJS.ProcessEnv;
  /** Resolves once everything written so far has been handed to the OS. */
  flush(): Promise<void>;
}

/** What fd is, asked once per stream with fstat, without making Node open its stream. */
type FdKind = 'pipe' | 'file' | 'socket' | 'character device' | 'other' | 'unknown';

function fdKind(fd: number): FdKind {
  try {
    const st = fstatSync(fd);
    if (st.isFIFO()) return 'pipe';
    if (st.isFile()) return 'file';
    if (st.isSocket()) return 'socket';
    return st.isCharacterDevice() ? 'character device' : 'other';
  } catch {
    return 'unknown';
  }
}

/**
 * Whether fd could be a terminal, asked without making Node open its stream (for a pipe that costs a
 * millisecond, and more for both streams, before a command has printed anything): a pipe, a file or a
 * socket never is. A character device may be (or may be /dev/null): the stream itself then answers.
 */
const mayBeTerminal = (kind: FdKind): boolean => kind === 'character device' || kind === 'unknown';

/**
 * The first 64 KiB written to a pipe, a socket or a file go out with write(2) itself, as Go writes them: a pipe
 * holds that much even when its reader has read nothing, so none of these writes blocks, and Node's stream for the
 * fd (for a pipe or a socket a net.Socket, whose modules take a millisecond or two to load) is made only for output
 * beyond that: help, version and completion never need it. Output the fd does not take whole that way (EAGAIN on
 * a pipe someone made non-blocking), and everything after it, goes through the stream, in order.
 */
const DIRECT_BYTES = 1 << 16;

/**
 * A socket (what Node's child_process and systemd give a child for its output) holds 200 KiB by default, but
 * each write takes the kernel's bookkeeping for it too: charged this much a write, the budget stays well within.
 */
const SOCKET_WRITE_OVERHEAD = 1 << 10;

/** Bytes charged to the direct budget for each write to fd, beyond the write's own; undefined: no direct writes. */
function directWriteOverhead(kind: FdKind): number | undefined {
  if (kind === 'pipe' || kind === 'file') return 0;
  return kind === 'socket' ? SOCKET_WRITE_OVERHEAD : undefined;
}

/** Writes what it can of `bytes` to fd directly; returns what is left for the stream. */
function writeDirectly(fd: number, bytes: Uint8Array): Uint8Array {
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(fd, bytes, done);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') process.exit(ExitCode.BrokenPipe);
  }
  return bytes.subarray(done);
}

function wrap(fd: number, openStream: () => NodeJS.WriteStream): Output {
  let stream: NodeJS.WriteStream | undefined;
  const open = () => (stream ??= openStream());
  let kindOfFd: FdKind | undefined;
  const kind = () => (kindOfFd ??= fdKind(fd));
  let direct: number | undefined;
  let overhead = 0;
  return {
    write(data: Bytes) {
      const text = typeof data === 'string' ? asWritten(data) : data;
      if (direct === undefined) {
        const o = directWriteOverhead(kind());
        direct = o === undefined ? 0 : DIRECT_BYTES;
        overhead = o ?? 0;
      }
      let rest: Bytes = text;
      if (direct > 0 && stream === undefined) {
        const bytes = typeof text === 'string' ? Buffer.from(text) : text;
        if (bytes.length + overhead <= direct) {
          rest = writeDirectly(fd, bytes);
          direct -= bytes.length - rest.length + overhead;
          if (rest.length === 0) return;
        }
      }
      direct = 0;
      const out = open();
      if (out.destroyed) return;
      out.write(rest);
    },
    get isTTY() {
      return mayBeTerminal(kind()) && open().isTTY === true;
    },
    backlogUnder(bytes: number) {
      const stream = open();
      if (stream.destroyed || stream.writableLength < bytes) return Promise.resolve();
      return new Promise((resolve) => {
        const check = () => {
          if (!stream.destroyed && stream.writableLength >= bytes) return;
          stream.off('drain', check);
          stream.off('close', check);
          resolve();
        };
        stream.on('drain', check);
        stream.on('close', check);
      });
    },
  };
}

function flushStream(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || stream.writableLength === 0) return Promise.resolve();
  return new Promise((resolve) => stream.write('', () => resolve()));
}

/** Text with an argument's kept raw bytes (cli/argv.ts) goes out as those bytes, as Go prints them. */
function asWritten(text: string): Bytes {
  return isWellFormed(text) ? text : argBytes(text);
}

let processIO: IO | undefined;

const opened = new Set<NodeJS.WriteStream>();

/** Node makes process.stdout/stderr/stdin on first use, at a cost to start-up: a command makes only those it uses. */
function opening(get: () => NodeJS.WriteStream): () => NodeJS.WriteStream {
  return () => {
    const s = get();
    if (!opened.has(s)) {
      opened.add(s);
      s.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'EPIPE') process.exit(ExitCode.BrokenPipe);
      });
    }
    return s;
  };
}

/** The real process streams. A reader that goes away (EPIPE) ends us quietly, as SIGPIPE ends Go's etcdctl. */
export function processStreams(): IO {
  if (processIO) return processIO;
  processIO = {
    stdout: wrap(1, opening(() => process.stdout)),
    stderr: wrap(2, opening(() => process.stderr)),
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    flush: async () => {
      await Promise.all([...opened].map(flushStream));
    },
  };
  return processIO;
}

/** Reads all of stdin as bytes (put without a value, txn, user add --interactive=false…). */
export async function readAllStdin(io: IO): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}
