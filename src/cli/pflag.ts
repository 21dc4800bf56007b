// A parser with spf13/pflag's semantics (as cobra uses it: flags interspersed with arguments),
// because etcdctl's users and scripts rely on its exact rules and error texts.
import { parseGoDuration } from '../go/duration.js';
import { goQuote } from '../go/quote.js';
import { parseGoBool, parseGoInt, parseGoUint } from '../go/strconv.js';

export type FlagType = 'bool' | 'string' | 'stringSlice' | 'int64' | 'uint64' | 'duration';
export type FlagValue = boolean | string | string[] | bigint;

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  /** The default as etcdctl's help shows it (bools "true"/"false", slices without brackets). */
  default: string;
  usage: string;
  /** The etcdctl release that added it, for flags newer than 3.4.23 that we accept. */
  since?: string;
}

export interface ParsedArgs {
  values: Map<string, FlagValue>;
  changed: Set<string>;
  args: string[];
  /** How many positionals came before a literal `--` (-1 when there was none): cobra's ArgsLenAtDash. */
  argsLenAtDash: number;
}

export class FlagError extends Error {}

/** Splits one slice value like Go's encoding/csv reading a single record (double quotes honoured). */
export function splitCsv(s: string): string[] {
  if (s === '') return [];
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let i = 0;
  let fieldStart = true;
  while (i < s.length) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') { cur += '"'; i += 2; continue; }
        quoted = false; i++; continue;
      }
      cur += ch; i++; continue;
    }
    if (ch === '"' && fieldStart) { quoted = true; fieldStart = false; i++; continue; }
    if (ch === ',') { out.push(cur); cur = ''; fieldStart = true; i++; continue; }
    cur += ch; fieldStart = false; i++;
  }
  out.push(cur);
  return out;
}

export function parseDefault(spec: FlagSpec): FlagValue {
  switch (spec.type) {
    case 'bool': return spec.default === 'true';
    case 'string': return spec.default;
    case 'stringSlice': return spec.default === '' ? [] : spec.default.split(',');
    case 'int64': case 'uint64': return BigInt(spec.default);
    case 'duration': return parseGoDuration(spec.default);
  }
}

/** Converts one textual value with the flag's own parser; throws the parser's Go error text. */
export function convertValue(spec: FlagSpec, raw: string, previous: FlagValue | undefined, alreadyChanged: boolean): FlagValue {
  switch (spec.type) {
    case 'bool': return parseGoBool(raw);
    case 'string': return raw;
    case 'stringSlice': {
      const items = splitCsv(raw);
      return alreadyChanged ? [...(previous as string[]), ...items] : items;
    }
    case 'int64': return parseGoInt(raw, 0, 64);
    case 'uint64': return parseGoUint(raw, 0, 64);
    case 'duration': return parseGoDuration(raw);
  }
}

function displayName(spec: FlagSpec): string {
  return spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`;
}

export class FlagSet {
  private readonly byName = new Map<string, FlagSpec>();
  private readonly byShort = new Map<string, FlagSpec>();

  constructor(readonly specs: readonly FlagSpec[]) {
    for (const s of specs) {
      this.byName.set(s.name, s);
      if (s.short) this.byShort.set(s.short, s);
    }
  }

  lookup(name: string): FlagSpec | undefined {
    return this.byName.get(name);
  }

  lookupShort(ch: string): FlagSpec | undefined {
    return this.byShort.get(ch);
  }

  defaults(): Map<string, FlagValue> {
    const values = new Map<string, FlagValue>();
    for (const s of this.specs) values.set(s.name, parseDefault(s));
    return values;
  }

  parse(argv: string[]): ParsedArgs {
    const values = this.defaults();
    const changed = new Set<string>();
    const args: string[] = [];
    let argsLenAtDash = -1;
    const set = (spec: FlagSpec, raw: string) => {
      try {
        values.set(spec.name, convertValue(spec, raw, values.get(spec.name), changed.has(spec.name)));
      } catch (err) {
        throw new FlagError(`invalid argument ${goQuote(raw)} for ${goQuote(displayName(spec))} flag: ${(err as Error).message}`);
      }
      changed.add(spec.name);
    };
    let i = 0;
    while (i < argv.length) {
      const a = argv[i++];
      if (a.length < 2 || a[0] !== '-') { args.push(a); continue; }
      if (a === '--') {
        argsLenAtDash = args.length;
        args.push(...argv.slice(i));
        break;
      }
      if (a[1] === '-') {
        const body = a.slice(2);
        if (body === '' || body[0] === '-' || body[0] === '=') throw new FlagError(`bad flag syntax: ${a}`);
        const eq = body.indexOf('=');
        const name = eq >= 0 ? body.slice(0, eq) : body;
        const spec = this.byName.get(name);
        if (!spec) throw new FlagError(`unknown flag: --${name}`);
        if (eq >= 0) set(spec, body.slice(eq + 1));
        else if (spec.type === 'bool') set(spec, 'true');
        else if (i < argv.length) set(spec, argv[i++]);
        else throw new FlagError(`flag needs an argument: ${a}`);
        continue;
      }
      let shorts = a.slice(1);
      while (shorts.length > 0) {
        const ch = shorts[0];
        const spec = this.byShort.get(ch);
        if (!spec) throw new FlagError(`unknown shorthand flag: '${ch}' in -${shorts}`);
        if (shorts.length > 2 && shorts[1] === '=') { set(spec, shorts.slice(2)); shorts = ''; }
        else if (spec.type === 'bool') { set(spec, 'true'); shorts = shorts.slice(1); }
        else if (shorts.length > 1) { set(spec, shorts.slice(1)); shorts = ''; }
        else if (i < argv.length) { set(spec, argv[i++]); shorts = ''; }
        else throw new FlagError(`flag needs an argument: '${ch}' in -${shorts}`);
      }
    }
    return { values, changed, args, argsLenAtDash };
  }
}

const PFLAG_TYPE_NAME: Record<FlagType, string> = {
  bool: '', string: 'string', stringSlice: 'strings', int64: 'int', uint64: 'uint', duration: 'duration',
};
const ZERO_DEFAULT: Record<FlagType, string> = {
  bool: 'false', string: '', stringSlice: '', int64: '0', uint64: '0', duration: '0s',
};

/** How pflag's Value.String() shows a default: strings quoted, slices in brackets. */
function defaultText(f: FlagSpec): string {
  if (f.type === 'string') return goQuote(f.default);
  if (f.type === 'stringSlice') return `[${f.default}]`;
  return f.default;
}

/** pflag's own FlagUsages layout (cobra's default usage), which etcdctl shows for a bad txn op line. */
export function pflagUsages(specs: readonly FlagSpec[]): string {
  const sorted = [...specs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const lines = sorted.map((f) => {
    let line = f.short ? `  -${f.short}, --${f.name}` : `      --${f.name}`;
    const type = PFLAG_TYPE_NAME[f.type];
    if (type) line += ` ${type}`;
    let usage = f.usage;
    if (f.default !== ZERO_DEFAULT[f.type]) usage += ` (default ${defaultText(f)})`;
    return { line, usage };
  });
  const maxlen = Math.max(...lines.map((l) => l.line.length + 1));
  return lines.map(({ line, usage }) => `${line} ${' '.repeat(maxlen - line.length)} ${usage}\n`).join('');
}
