// What a v3 command handler gets: its arguments and flags as typed, the streams, and lazily its globals (the flags
// with ETCDCTL_* on top), its printer and its client.
import type { IO } from '../cli/io.js';
import type { FlagValue, ParsedArgs } from '../cli/pflag.js';
import { toGlobalOptions, withEnvironment, type FlagView, type GlobalOptions } from './globals.js';
import { choosePrinter, type Print, type Printer, type PrintOptions } from './printers/format.js';
import { inheritedFlags, type V3Command } from './registry.js';
import type { Etcd } from './client/index.js';
import type { ClientPool, ConnectOptions } from './connect.js';
import { durationMs } from '../go/duration.js';

/** A handler; `V` is the values of the flags its registry entry gives it (registry.ts: V3Context). */
export type Handler<V extends object = Record<never, never>> = (ctx: CommandContext<V>) => Promise<number | void>;


/** The parsed flags as the command sees them: a copy with frozen lists, which nothing can change afterwards. */
function frozenCopy(parsed: ParsedArgs): FlagView {
  const values = new Map<string, FlagValue>();
  for (const [name, v] of parsed.values) values.set(name, Array.isArray(v) ? (Object.freeze([...v]) as string[]) : v);
  return { values, changed: new Set(parsed.changed) };
}

export class CommandContext<V extends object = Record<never, never>> {
  readonly args: string[];
  readonly argsLenAtDash: number;
  /** As parsed, never changed: the environment is a view of its own (globals()). */
  private readonly parsed: FlagView;
  private resolvedGlobals?: GlobalOptions;
  private readonly clients: Etcd[] = [];
  private readonly cleanups: (() => void | Promise<void>)[] = [];

  constructor(
    readonly spec: V3Command,
    parsed: ParsedArgs,
    readonly io: IO,
    private readonly pool?: ClientPool,
  ) {
    this.args = parsed.args;
    this.argsLenAtDash = parsed.argsLenAtDash;
    this.parsed = frozenCopy(parsed);
  }

  /** A flag's value as parsed, typed from the command's registry entry: an unknown name does not compile. */
  flag<N extends keyof V & string>(name: N): V[N] {
    return this.parsed.values.get(name) as V[N];
  }

  changed(name: keyof V & string): boolean {
    return this.parsed.changed.has(name);
  }

  /**
   * The global options: the flags with ETCDCTL_* on top, -w validated. The first call reads the environment
   * (its warnings and errors come then), so commands call this, or printer(), once their own arguments are valid.
   */
  globals(): GlobalOptions {
    this.resolvedGlobals ??= toGlobalOptions(
      withEnvironment(this.spec.path, inheritedFlags(this.spec.path), this.parsed, this.io),
    );
    return this.resolvedGlobals;
  }

  /**
   * The command's printer for -w, with --hex and the given options: the globals are resolved and the format is
   * checked here, before anything is sent or asked for.
   */
  printer<T>(printer: Printer<T>, options: Omit<PrintOptions, 'hex'> = {}): Print<T> {
    const g = this.globals();
    return choosePrinter(printer, g.writeOut, { ...options, hex: g.hex }, this.io.stdout);
  }

  commandTimeoutMs(): number {
    return durationMs(this.globals().commandTimeoutNs) || 1;
  }

  /** A client for the command's endpoints, closed when the command ends. */
  async client(endpoints?: string[], options?: ConnectOptions): Promise<Etcd> {
    const g = this.globals();
    const { connect } = await import('./connect.js');
    const c = await connect(g, this.io, endpoints, this.pool, options);
    if (!this.pool?.owns(c)) this.clients.push(c);
    return c;
  }

  onExit(fn: () => void | Promise<void>): void {
    this.cleanups.push(fn);
  }

  async close(): Promise<void> {
    for (const fn of this.cleanups.splice(0)) await fn();
    for (const c of this.clients.splice(0)) c.close();
  }
}
