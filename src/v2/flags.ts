// urfave/cli v1 flags on top of Go's flag package: the same syntax (`-name`, `--name`, `--name=v`,
// `--name v`), the same value rules and error texts. Where the flags may stand is ours: global and
// group flags must come first (Go's flag.Parse), command flags may come before or after positionals.
import { GoParseError, parseGoDuration } from '../go/duration.js';
import { goQuote } from '../go/quote.js';
import { parseGoBool, parseGoInt, StrconvError } from '../go/strconv.js';

export type FlagType = 'bool' | 'string' | 'int' | 'duration' | 'stringSlice';

export interface FlagDef {
  /** The first name is the one values are stored under; the others are aliases. */
  names: string[];
  type: FlagType;
  usage: string;
  /** Help placeholder for the value; urfave takes it from a back-quoted word of the usage, else `value`. */
  placeholder?: string;
  /** What help shows as `(default: …)`; absent means no default is shown. */
  defaultText?: string;
  /** Not listed in help (the help flag of commands). */
  hidden?: boolean;
  /** Initial value when the flag is not given. */
  initial?: FlagValue;
}

export type FlagValue = boolean | string | bigint | string[];

/** A Go flag-package error; its message is what urfave prints after `Incorrect Usage`. */
export class FlagError extends Error {}

export const HELP_FLAG: FlagDef = { names: ['help', 'h'], type: 'bool', usage: 'show help', hidden: true };

function zeroValue(def: FlagDef): FlagValue {
  if (def.initial !== undefined) return def.initial;
  switch (def.type) {
    case 'bool': return false;
    case 'string': return '';
    case 'int': case 'duration': return 0n;
    case 'stringSlice': return [];
  }
}

export class ParsedFlags {
  private readonly values = new Map<string, FlagValue>();
  private readonly given = new Set<string>();

  constructor(private readonly defs: readonly FlagDef[]) {
    for (const d of defs) this.values.set(d.names[0], zeroValue(d));
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

  isSet(name: string): boolean {
    return this.given.has(name);
  }

  bool(name: string): boolean {
    return this.values.get(name) === true;
  }

  string(name: string): string {
    const v = this.values.get(name);
    return typeof v === 'string' ? v : '';
  }

  /** An int flag (Go `int`, 64 bits here) or a duration in nanoseconds. */
  int(name: string): bigint {
    const v = this.values.get(name);
    return typeof v === 'bigint' ? v : 0n;
  }

  strings(name: string): string[] {
    const v = this.values.get(name);
    return Array.isArray(v) ? v : [];
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
function applyFlag(flags: ParsedFlags, word: FlagWord, def: FlagDef, args: readonly string[], i: number): number {
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
export function parseLeading(args: readonly string[], defs: readonly FlagDef[]): { flags: ParsedFlags; rest: string[] } {
  const flags = new ParsedFlags(defs);
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
  return { flags, rest: args.slice(i) };
}

export interface CommandArgs {
  flags: ParsedFlags;
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
function namesKnownFlag(arg: string, flags: ParsedFlags): boolean {
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
export function parseInterspersed(args: readonly string[], defs: readonly FlagDef[]): CommandArgs {
  const flags = new ParsedFlags(defs);
  const positionals: string[] = [];
  let afterBareBool = false;
  let i = 0;
  while (i < args.length) {
    const arg = args[i];
    if (arg === '--') {
      const dashDashAt = positionals.length;
      positionals.push(...args.slice(i + 1));
      return { flags, args: positionals, dashDashAt };
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
  return { flags, args: positionals };
}
