// urfave/cli v1 flags on top of Go's flag package: the same syntax (`-name`, `--name`, `--name=v`,
// `--name v`), the same value rules and error texts. Where the flags may stand is ours: global and
// group flags must come first (Go's flag.Parse), command flags may come before or after positionals.
import { GoParseError, parseGoDuration } from '../go/duration.js';
import { goQuote } from '../go/quote.js';
import { parseGoBool, parseGoInt, StrconvError } from '../go/strconv.js';

export type FlagType = 'bool' | 'string' | 'int' | 'duration' | 'stringSlice';

export interface FlagDef {
  /** The first name is the one values are stored under (and the handler reads); the others are aliases. */
  readonly names: readonly [string, ...string[]];
  readonly type: FlagType;
  readonly usage: string;
  /** Help placeholder for the value; urfave takes it from a back-quoted word of the usage, else `value`. */
  readonly placeholder?: string;
  /** What help shows as `(default: …)`; absent means no default is shown. */
  readonly defaultText?: string;
  /** Not listed in help (the help flag of commands). */
  readonly hidden?: boolean;
  /** Initial value when the flag is not given. */
  readonly initial?: FlagValue;
}

export type FlagValue = boolean | string | bigint | readonly string[];

type ValueOfType<T extends FlagType> = T extends 'bool' ? boolean : T extends 'string' ? string : T extends 'stringSlice' ? readonly string[] : bigint;

/** The parsed values of a flag list, by first name: `--sort` is a boolean, `--ttl` a bigint. */
export type FlagValues<F extends readonly FlagDef[]> = { [S in F[number] as S['names'][0]]: ValueOfType<S['type']> };

/** A Go flag-package error; its message is what urfave prints after `Incorrect Usage`. */
export class FlagError extends Error {}

export const HELP_FLAG = { names: ['help', 'h'], type: 'bool', usage: 'show help', hidden: true } as const satisfies FlagDef;

function zeroValue(def: FlagDef): FlagValue {
  if (def.initial !== undefined) return def.initial;
  switch (def.type) {
    case 'bool': return false;
    case 'string': return '';
    case 'int': case 'duration': return 0n;
    case 'stringSlice': return [];
  }
}

/**
 * The flags of one parse, by first name, typed from the list parsed (`V`): read-only, its lists frozen, so
 * nothing changes them once the parser returns (a different value is a new parse, or withValues()).
 */
export class ParsedFlags<V extends object = Record<string, FlagValue>> {
  private readonly values = new Map<string, FlagValue>();
  private readonly given: ReadonlySet<string>;

  constructor(private readonly defs: readonly FlagDef[], values: ReadonlyMap<string, FlagValue>, given: Iterable<string>) {
    for (const [k, v] of values) this.values.set(k, Array.isArray(v) ? Object.freeze([...v]) : v);
    this.given = new Set(given);
  }

  /** A flag's value: the last one given, else its initial value or its type's zero. */
  get<N extends keyof V & string>(name: N): V[N] {
    return this.values.get(name) as V[N];
  }

  isSet(name: keyof V & string): boolean {
    return this.given.has(name);
  }

  /** A copy with these flags applied after the ones parsed, as if they had been typed last. */
  withValues(extra: readonly (readonly [keyof V & string, string])[]): ParsedFlags<V> {
    const b = new FlagAccumulator(this.defs, this.values, this.given);
    for (const [name, raw] of extra) b.set(b.lookup(name)!, name, raw);
    return b.done();
  }
}

/** What a parse fills in, flag by flag, before it hands out the frozen ParsedFlags. */
class FlagAccumulator {
  private readonly values: Map<string, FlagValue>;
  private readonly given: Set<string>;

  constructor(private readonly defs: readonly FlagDef[], values?: ReadonlyMap<string, FlagValue>, given?: ReadonlySet<string>) {
    this.values = new Map(values ?? defs.map((d) => [d.names[0], zeroValue(d)]));
    this.given = new Set(given);
  }

  lookup(name: string): FlagDef | undefined {
    return this.defs.find((d) => d.names.includes(name));
  }

  /** Applies one occurrence of a flag, as flag.Value.Set does. */
  set(def: FlagDef, name: string, raw: string): void {
    const key = def.names[0];
    this.given.add(key);
    this.values.set(key, convert(def, name, raw, this.values.get(key)));
  }

  done<V extends object>(): ParsedFlags<V> {
    return new ParsedFlags<V>(this.defs, this.values, this.given);
  }
}

function convert(def: FlagDef, name: string, raw: string, previous: FlagValue | undefined): FlagValue {
  switch (def.type) {
    case 'bool':
      try {
        return parseGoBool(raw);
      } catch {
        throw new FlagError(`invalid boolean value ${goQuote(raw)} for -${name}: parse error`);
      }
    case 'string':
      return raw;
    case 'stringSlice':
      return [...(Array.isArray(previous) ? previous : []), raw];
    case 'int':
      try {
        return parseGoInt(raw, 0, 64);
      } catch (err) {
        throw invalidValue(raw, name, err);
      }
    case 'duration':
      try {
        return parseGoDuration(raw);
      } catch (err) {
        throw invalidValue(raw, name, err);
      }
  }
}

function invalidValue(raw: string, name: string, err: unknown): FlagError {
  const outOfRange = err instanceof StrconvError && err.message.endsWith('value out of range');
  if (!(err instanceof StrconvError) && !(err instanceof GoParseError)) throw err;
  return new FlagError(`invalid value ${goQuote(raw)} for flag -${name}: ${outOfRange ? 'value out of range' : 'parse error'}`);
}

interface FlagWord {
  name: string;
  value: string | undefined;
}

/** Splits `-name`, `--name` or `--name=value` as Go's flag package does; undefined for a non-flag word. */
function splitFlagWord(word: string): FlagWord | undefined {
  if (word.length < 2 || word[0] !== '-') return undefined;
  const body = word.slice(word[1] === '-' ? 2 : 1);
  if (body === '' || body[0] === '-' || body[0] === '=') throw new FlagError(`bad flag syntax: ${word}`);
  const eq = body.indexOf('=');
  return eq < 0 ? { name: body, value: undefined } : { name: body.slice(0, eq), value: body.slice(eq + 1) };
}

/**
 * Applies the flag at `args[i]`; returns how many words it used (1, or 2 when the value is the next word).
 */
function applyFlag(flags: FlagAccumulator, word: FlagWord, def: FlagDef, args: readonly string[], i: number): number {
  if (def.type === 'bool') {
    flags.set(def, word.name, word.value ?? 'true');
    return 1;
  }
  if (word.value !== undefined) {
    flags.set(def, word.name, word.value);
    return 1;
  }
  if (i + 1 >= args.length) throw new FlagError(`flag needs an argument: -${word.name}`);
  flags.set(def, word.name, args[i + 1]);
  return 2;
}

/** Go's flag.Parse: flags first; parsing stops at the first non-flag word or after `--`. */
export function parseLeading<const F extends readonly FlagDef[]>(
  args: readonly string[],
  defs: F,
): { flags: ParsedFlags<FlagValues<F>>; rest: string[] } {
  const flags = new FlagAccumulator(defs);
  let i = 0;
  while (i < args.length) {
    if (args[i] === '--') {
      i++;
      break;
    }
    const word = splitFlagWord(args[i]);
    if (!word) break;
    const def = flags.lookup(word.name);
    if (!def) throw new FlagError(`flag provided but not defined: -${word.name}`);
    i += applyFlag(flags, word, def, args, i);
  }
  return { flags: flags.done(), rest: args.slice(i) };
}

export interface CommandArgs<V extends object = Record<string, FlagValue>> {
  flags: ParsedFlags<V>;
  /** Positional arguments in order, `--` removed. */
  args: string[];
  /** How many positionals preceded a `--`, when there was one. */
  dashDashAt?: number;
}

/**
 * Whether urfave's argument reordering takes `arg` for one of the command's flags (command.go argIsFlag of
 * urfave/cli 1.22, which etcdctl 3.4.23 is built with in Debian): up to three leading dashes and any `=value`
 * are dropped before the name is looked up, so `---sort` counts (and then fails Go's syntax check).
 */
function namesKnownFlag(arg: string, flags: FlagAccumulator): boolean {
  if (!arg.startsWith('-') || arg === '-' || arg === '--') return false;
  let name = arg.startsWith('--') ? arg.slice(2) : arg;
  if (name.startsWith('-')) name = name.slice(1);
  return flags.lookup(name.split('=')[0]) !== undefined;
}

/**
 * Command-level parsing: known flags anywhere, a boolean flag never swallows the next word, and `--`
 * ends the flags. An unknown dash-word is an error while no positional has been seen (as in every
 * urfave version); after one it is an ordinary argument, so `set /k -1` stores "-1" — except right after
 * a flag written without `=`: urfave's reordering moves the word that follows such a flag along with it, as
 * its possible value, to be parsed among the flags, so after a boolean flag (`get /foo --quorum --bogus`)
 * an unknown or malformed dash-word is refused as Go's flag package refuses it.
 */
export function parseInterspersed<const F extends readonly FlagDef[]>(args: readonly string[], defs: F): CommandArgs<FlagValues<F>> {
  const flags = new FlagAccumulator(defs);
  const positionals: string[] = [];
  let afterBareBool = false;
  let i = 0;
  while (i < args.length) {
    const arg = args[i];
    if (arg === '--') {
      const dashDashAt = positionals.length;
      positionals.push(...args.slice(i + 1));
      return { flags: flags.done(), args: positionals, dashDashAt };
    }
    const strict = positionals.length === 0 || afterBareBool || namesKnownFlag(arg, flags);
    afterBareBool = false;
    let word: FlagWord | undefined;
    try {
      word = splitFlagWord(arg);
    } catch (err) {
      if (strict) throw err;
    }
    const def = word && flags.lookup(word.name);
    if (word && def) {
      i += applyFlag(flags, word, def, args, i);
      afterBareBool = def.type === 'bool' && word.value === undefined;
      continue;
    }
    if (word && strict) throw new FlagError(`flag provided but not defined: -${word.name}`);
    positionals.push(arg);
    i++;
  }
  return { flags: flags.done(), args: positionals };
}
