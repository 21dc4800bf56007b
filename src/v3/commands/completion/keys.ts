// Live key completion, the parts that need no cluster: reading the words a shell hands over, deciding
// whether the word being completed is a key argument, and writing keys back the way the shell needs them.
import { resolveCommand } from '../../cli.js';
import { HELP_FLAG } from '../../help.js';
import { findV3Command, inheritedFlags } from '../../registry.js';
import { isCommand, type ArgSpec } from '../../../cli/registry.js';
import { FlagSet, type ParsedArgs } from '../../../cli/pflag.js';
import { commandFlags, GLOBAL_FLAGS as V2_GLOBAL_FLAGS, V2_REGISTRY } from '../../../v2/registry.js';
import { parseInterspersed, parseLeading } from '../../../v2/flags.js';
import type { GlobalFlags } from '../../../v2/context.js';

/** How many leading positionals of a command are key names (0: none are). */
const keyArgs = (args: ArgSpec | undefined): number => (args?.kind === 'key' ? args.count : 0);

export type OpenQuote = '' | "'" | '"';

/** A word as the shell will pass it to the command, and the quote still open at its end (it is being typed). */
export interface TypedWord {
  text: string;
  open: OpenQuote;
}

/**
 * Reads a word of a POSIX shell line without running any expansion but a leading `~`: quotes and
 * backslashes are removed. A quote left open is allowed, since the word under the cursor is unfinished.
 */
export function readTyped(raw: string, home?: string): TypedWord {
  let text = '';
  let open: OpenQuote = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (open === "'") {
      if (c === "'") open = '';
      else text += c;
    } else if (open === '"') {
      if (c === '"') open = '';
      else if (c === '\\' && i + 1 < raw.length && '"\\$`'.includes(raw[i + 1])) text += raw[++i];
      else text += c;
    } else if (c === "'" || c === '"') {
      open = c;
    } else if (c === '\\') {
      if (i + 1 < raw.length) text += raw[++i];
    } else {
      text += c;
    }
  }
  return { text: /^~(\/|$)/.test(raw) ? expandHome(text, home) : text, open };
}

/** `~` and `~/…` stand for the home directory (in a certificate path, typically); zsh and fish leave it to us. */
export function expandHome(word: string, home: string | undefined): string {
  return home !== undefined && /^~(\/|$)/.test(word) ? home + word.slice(1) : word;
}

/** Characters bash reads as syntax anywhere in an unquoted word. `:` and `=` are not among them. */
const BASH_SPECIAL = new Set([...' \t\'"\\|&;()<>!{}*?[$`']);

/**
 * A key as a complete bash word that begins with exactly what was typed (`typedRaw`), so that the script
 * can cut it where readline replaces text: the rest of the key is quoted as the word's end is quoted.
 * `typed` is `typedRaw` read, and the key must start with its text.
 */
export function bashWord(typedRaw: string, typed: TypedWord, key: string): string {
  const rest = key.slice(typed.text.length);
  if (typed.open === "'") return typedRaw + rest.replace(/'/g, `'\\''`);
  if (typed.open === '"') return typedRaw + rest.replace(/[\\"$`]/g, (c) => '\\' + c);
  const atStart = typedRaw === '';
  const escaped = [...rest].map((c, i) => (BASH_SPECIAL.has(c) || (atStart && i === 0 && (c === '~' || c === '#')) ? '\\' + c : c));
  return typedRaw + escaped.join('');
}

/**
 * Whether a key can be offered at all: the scripts read one candidate per line (and fish splits at a tab),
 * and a key that is not UTF-8 could not be typed back as the same bytes.
 */
export function offerableKey(key: Uint8Array): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(key);
  } catch {
    return undefined;
  }
  return /[\x00-\x1f\x7f]/.test(text) ? undefined : text;
}

/** The v3 command line typed before the key: its command and flags (endpoints, TLS, auth) when a key goes next. */
export function v3KeyLine(words: string[]): { path: string; parsed: ParsedArgs } | undefined {
  const resolved = resolveCommand(words);
  if (!resolved) return undefined;
  const spec = findV3Command(resolved.path);
  if (!spec || resolved.args.length >= keyArgs(spec.args)) return undefined;
  // The command word is one more positional to pflag; only the flags matter here.
  return { path: spec.path, parsed: new FlagSet([...spec.flags, ...inheritedFlags(spec.path), HELP_FLAG('')]).parse(words) };
}

/** The v2 command line typed before the key: its global flags, when a key goes next. */
export function v2KeyLine(words: string[]): GlobalFlags | undefined {
  const { flags: globals, rest } = parseLeading(words, V2_GLOBAL_FLAGS);
  const spec = V2_REGISTRY.items.find((c) => c.path === rest[0]);
  if (!spec || !isCommand(spec) || keyArgs(spec.args) === 0) return undefined;
  const parsed = parseInterspersed(rest.slice(1), commandFlags(spec));
  if (parsed.flags.get('help') || parsed.args.length >= keyArgs(spec.args)) return undefined;
  return globals;
}

/**
 * The v2 directory to list for a partial key, and how its children are written back: `/app/fo` lists
 * `/app`; a key typed without its leading slash (`app/fo`) gets candidates without one.
 */
export function v2Directory(prefix: string): { dir: string; present: (key: string) => string } {
  const slash = prefix.lastIndexOf('/');
  const dir = slash <= 0 ? '/' : prefix.slice(0, slash);
  const absolute = prefix.startsWith('/');
  return { dir: absolute ? dir : '/' + dir.replace(/^\/+/, ''), present: (key) => (absolute ? key : key.replace(/^\//, '')) };
}
