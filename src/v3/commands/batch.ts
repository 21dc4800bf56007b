// `etcdctl batch [FILE]` (ours): many command lines, one process, one connection per endpoint set.
// Lines run strictly in order, each to completion before the next starts, so output and effects are exactly
// those of running the lines one by one; the speed comes from not starting a process and a connection per line.
import { readFile } from 'node:fs/promises';
import { CliError, ExitCode, badArgs } from '../../cli/exit.js';
import { readAllStdin, type IO } from '../../cli/io.js';
import { report } from '../../cli/report.js';
import { ShellSyntaxError, shellWords } from '../../cli/shellwords.js';
import { formatGoDuration } from '../../go/duration.js';
import { pathErrorText } from '../../go/os.js';
import type { FlagValue } from '../../cli/pflag.js';
import type { Etcd } from '../client/index.js';
import type { ClientPool } from '../connect.js';
import type { CommandContext } from '../context.js';
import { V3_GLOBAL_FLAGS, type BATCH_FLAGS, type V3Context, type V3Flag } from '../registry.js';

class SharedClients implements ClientPool {
  private readonly byKey = new Map<string, Promise<Etcd>>();
  private readonly all = new Set<Etcd>();

  /** A shared client's log lines go straight to batch's own stderr, not into one line's buffered output. */
  constructor(readonly io: IO) {}

  open(key: string, open: () => Promise<Etcd>): Promise<Etcd> {
    let p = this.byKey.get(key);
    if (!p) {
      p = open().then((c) => { this.all.add(c); return c; });
      // A failed dial is not cached: the next line tries again.
      p.catch(() => this.byKey.delete(key));
      this.byKey.set(key, p);
    }
    return p;
  }

  owns(client: Etcd): boolean {
    return this.all.has(client);
  }

  close(): void {
    for (const c of this.all) c.close();
  }
}

async function readScript(ctx: CommandContext): Promise<string> {
  if (ctx.args.length > 1) throw badArgs('batch accepts one argument: the script file (or - for standard input)');
  const file = ctx.args[0];
  if (file === undefined || file === '-') return (await readAllStdin(ctx.io)).toString('utf8');
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new CliError(pathErrorText('open', file, err), ExitCode.Error);
  }
}

function valueText(v: FlagValue): string {
  if (Array.isArray(v)) return v.join(',');
  return String(v);
}

/** The global flags typed after `etcdctl … batch`, as arguments to hand to every v3 line. */
function batchGlobals(ctx: V3Context<typeof BATCH_FLAGS>): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of V3_GLOBAL_FLAGS) {
    if (!ctx.changed(f.name)) continue;
    const v = ctx.flag(f.name);
    out.set(f.name, f.type === 'duration' ? formatGoDuration(v as bigint) : valueText(v));
  }
  return out;
}

function lineSetsFlag(words: string[], name: string, short?: string): boolean {
  for (const w of words) {
    if (w === '--') return false;
    if (w === `--${name}` || w.startsWith(`--${name}=`)) return true;
    if (short && /^-[^-]/.test(w) && w.slice(1).includes(short)) return true;
  }
  return false;
}

interface Line {
  number: number;
  text: string;
  env: Record<string, string>;
  words: string[];
}

function parseLine(number: number, text: string): Line | undefined {
  let words: string[];
  try {
    words = shellWords(text);
  } catch (err) {
    if (err instanceof ShellSyntaxError) throw new CliError(`batch line ${number}: ${err.message}`, ExitCode.InvalidInput);
    throw err;
  }
  const env: Record<string, string> = {};
  while (words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) {
    const [k, ...v] = words.shift()!.split('=');
    env[k] = v.join('=');
  }
  if (words[0] === 'etcdctl') words.shift();
  if (words.length === 0) return undefined;
  return { number, text: text.trim(), env, words };
}

async function runLine(line: Line, baseIO: IO, globals: Map<string, string>, pool: SharedClients): Promise<number> {
  const { ETCDCTL_API: api, ...rest } = line.env;
  const effectiveApi = api ?? '3';
  const io: IO = { ...baseIO, env: { ...baseIO.env, ...rest } };
  try {
    if (line.words[0] === 'batch') throw badArgs('batch cannot run inside batch');
    if (effectiveApi === '2') return await (await import('../../v2/cli.js')).runV2(line.words, io);
    if (effectiveApi !== '3' && effectiveApi !== '') {
      io.stderr.write(`unsupported API version ${effectiveApi}\n`);
      return ExitCode.Error;
    }
    const inherited: string[] = [];
    for (const [name, value] of globals) {
      const short = (V3_GLOBAL_FLAGS as readonly V3Flag[]).find((f) => f.name === name)?.short;
      if (!lineSetsFlag(line.words, name, short)) inherited.push(`--${name}=${value}`);
    }
    const { runV3 } = await import('../cli.js');
    return await runV3([...inherited, ...line.words], io, { pool });
  } catch (err) {
    return report(err, io);
  }
}

/** Output of a line that ran ahead of the ones before it, held until those have printed. */
interface Buffered {
  line: number;
  text: string;
  done: Promise<{ code: number; out: Uint8Array[]; err: Uint8Array[] }>;
}

function bufferingIO(base: IO): { io: IO; out: Uint8Array[]; err: Uint8Array[] } {
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const sink = (into: Uint8Array[], isTTY: boolean) => ({
    write: (d: string | Uint8Array) => void into.push(typeof d === 'string' ? Buffer.from(d) : d),
    isTTY,
  });
  return { io: { ...base, stdout: sink(out, false), stderr: sink(err, false) }, out, err };
}

/**
 * A put of a value given on the line may start before earlier puts finish: etcd then commits them together
 * instead of one disk sync each. A plain single-key get in the simple format may too: its output is the key's
 * value, which only earlier writes to that key can change. A line whose key an earlier line in flight touches
 * starts when that line is done (and not at all when it failed and the run stops there), so a key's lines keep
 * their order while other keys' go on; every other command waits for everything in flight. So each line prints
 * and sees exactly what sequential execution would (revision numbers of concurrent puts to different keys may
 * be assigned in another order).
 */
const GET_FLAGS_THAT_READ_MORE = ['prefix', 'from-key', 'rev', 'limit', 'order', 'sort-by', 'count-only', 'write-out',
  'min-mod-rev', 'max-mod-rev', 'min-create-rev', 'max-create-rev'];

async function pipelinedKey(line: Line, globals: Map<string, string>, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if ((line.env.ETCDCTL_API ?? '3') !== '3' || Object.keys(line.env).some((k) => k !== 'ETCDCTL_API')) return undefined;
  const { resolveCommand } = await import('../cli.js');
  const cmd = resolveCommand(line.words);
  if (!cmd) return undefined;
  if (cmd.path === 'put' && cmd.args.length >= 2) return cmd.args[0];
  const simpleOutput = (globals.get('write-out') ?? 'simple') === 'simple' && (env.ETCDCTL_WRITE_OUT ?? '') === '';
  const plainGet = cmd.path === 'get' && cmd.args.length === 1 && GET_FLAGS_THAT_READ_MORE.every((f) => !cmd.changed.has(f));
  return plainGet && simpleOutput ? cmd.args[0] : undefined;
}

const MAX_IN_FLIGHT = 128;

export async function batch(ctx: V3Context<typeof BATCH_FLAGS>): Promise<number> {
  const script = await readScript(ctx);
  const keepGoing = ctx.flag('keep-going');
  const globals = batchGlobals(ctx);
  const texts = script.split('\n');
  const pool = new SharedClients(ctx.io);
  let firstFailure = 0;
  let stopped = false;
  const inFlight: Buffered[] = [];
  /** The last line in flight for each key: the next line for that key starts after it. */
  const inFlightKeys = new Map<string, Buffered['done']>();

  const settle = (lineNo: number, text: string, code: number) => {
    if (code === 0 || stopped) return;
    ctx.io.stderr.write(`batch: line ${lineNo} failed with exit code ${code}: ${text.trim()}\n`);
    firstFailure ||= code;
    if (!keepGoing) stopped = true;
  };
  const drain = async () => {
    for (const b of inFlight.splice(0)) {
      const r = await b.done;
      if (stopped) continue;
      for (const chunk of r.out) ctx.io.stdout.write(chunk);
      for (const chunk of r.err) ctx.io.stderr.write(chunk);
      settle(b.line, b.text, r.code);
    }
    inFlightKeys.clear();
  };

  try {
    for (let i = 0; i < texts.length && !stopped; i++) {
      let line: Line | undefined;
      try {
        line = parseLine(i + 1, texts[i]);
      } catch (err) {
        await drain();
        if (!stopped) settle(i + 1, texts[i], report(err, ctx.io));
        continue;
      }
      if (!line) continue;
      const key = await pipelinedKey(line, globals, ctx.io.env);
      if (key !== undefined && inFlight.length < MAX_IN_FLIGHT) {
        const buf = bufferingIO(ctx.io);
        const l = line;
        const run = () => runLine(l, buf.io, globals, pool).then((code) => ({ code, out: buf.out, err: buf.err }));
        const before = inFlightKeys.get(key);
        // After a failed line for the same key the run stops there (unless --keep-going): this one must not act.
        const done = before ? before.then((b) => (b.code !== 0 && !keepGoing ? { code: b.code, out: [], err: [] } : run())) : run();
        inFlight.push({ line: l.number, text: l.text, done });
        inFlightKeys.set(key, done);
        continue;
      }
      await drain();
      if (stopped) break;
      if (key !== undefined) {
        // The window was full: the line can start now that everything before it is done.
        i--;
        continue;
      }
      settle(line.number, line.text, await runLine(line, ctx.io, globals, pool));
    }
    await drain();
  } finally {
    pool.close();
  }
  return firstFailure;
}
