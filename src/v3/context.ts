// What a v3 command handler gets: its arguments and flags, the streams, and lazily its globals and client.
import type { IO } from '../cli/io.js';
import type { FlagValue, ParsedArgs } from '../cli/pflag.js';
import { applyEnvironment, toGlobalOptions, type GlobalOptions } from './globals.js';
import { inheritedFlags } from './help.js';
import type { V3Command } from './registry.js';
import type { Etcd } from './client/index.js';
import type { ClientPool, ConnectOptions } from './connect.js';

/** A handler; `V` is the values of the flags its registry entry gives it (registry.ts: V3Context). */
export type Handler<V extends object = Record<string, FlagValue>> = (ctx: CommandContext<V>) => Promise<number | void>;

const NS_PER_MS = 1_000_000n;

export class CommandContext<V extends object = Record<string, FlagValue>> {
  readonly args: string[];
  readonly argsLenAtDash: number;
  private readonly values: Map<string, FlagValue>;
  private readonly changedFlags: Set<string>;
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
    this.values = parsed.values;
    this.changedFlags = parsed.changed;
  }

  /** A flag's value, typed from the command's registry entry: an unknown name does not compile. */
  flag<N extends keyof V & string>(name: N): V[N] {
    return this.values.get(name) as V[N];
  }

  changed(name: keyof V & string): boolean {
    return this.changedFlags.has(name);
  }

  /** Globals with ETCDCTL_* applied and -w validated; commands call this only once their own arguments are valid. */
  globals(): GlobalOptions {
    if (!this.resolvedGlobals) {
      applyEnvironment(this.spec.path, inheritedFlags(this.spec.path), this.values, this.changedFlags, this.io);
      this.resolvedGlobals = toGlobalOptions(this.values, this.changedFlags);
    }
    return this.resolvedGlobals;
  }

  commandTimeoutMs(): number {
    return Number(this.globals().commandTimeoutNs / NS_PER_MS) || 1;
  }

  /** A client for the command's endpoints, closed when the command ends. */
  async client(endpoints?: string[], options?: ConnectOptions): Promise<Etcd> {
    const { connect } = await import('./connect.js');
    const c = await connect(this.globals(), this.io, endpoints, this.pool, options);
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
