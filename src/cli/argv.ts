// Command-line arguments as the OS handed them. Go's etcdctl keeps argv as bytes, so `put $'\xff' v` stores
// the byte 0xff; Node decodes argv as UTF-8 and turns every byte that is not UTF-8 into U+FFFD. On Linux the
// raw bytes are still in /proc/self/cmdline: an argument that lost bytes is rebuilt from there, each byte that
// is not UTF-8 standing as one lone surrogate U+DC80–U+DCFF (a string Node itself never produces from argv),
// and argBytes() turns such a string back into the exact bytes.
import { readFileSync } from 'node:fs';
import { decodeRune, RUNE_ERROR } from '../go/utf8.js';

const REPLACEMENT = '\uFFFD';
const ESCAPE_BASE = 0xdc00;

/** The arguments after the script, with bytes that are not UTF-8 kept (see above) wherever they can be. */
export function commandLineArgs(argv: readonly string[] = process.argv): string[] {
  const args = argv.slice(2);
  // The usual case costs one scan: nothing was lost, so /proc is never read.
  if (!args.some((a) => a.includes(REPLACEMENT))) return args;
  return rawArgs(args) ?? args;
}

/**
 * The last args.length words of /proc/self/cmdline (Node's own options come before the script, so the tail is
 * ours wherever the launcher put us), escaped; undefined when they are unreadable or are not what Node decoded.
 */
function rawArgs(args: string[]): string[] | undefined {
  let words: Buffer[];
  try {
    words = splitCmdline(readFileSync('/proc/self/cmdline'));
  } catch {
    return undefined;
  }
  if (words.length < args.length) return undefined;
  const tail = words.slice(words.length - args.length);
  // A changed process title, for one, rewrites cmdline: then it is not our argv and Node's decoding stands.
  if (!tail.every((w, i) => w.toString('utf8') === args[i])) return undefined;
  return tail.map(escapeBytes);
}

function splitCmdline(data: Buffer): Buffer[] {
  const words: Buffer[] = [];
  let start = 0;
  for (let nul = data.indexOf(0); nul >= 0; nul = data.indexOf(0, start)) {
    words.push(data.subarray(start, nul));
    start = nul + 1;
  }
  if (start < data.length) words.push(data.subarray(start));
  return words;
}

/** UTF-8 decoded as Go decodes it, each byte of an invalid sequence becoming its escape character. */
export function escapeBytes(b: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < b.length) {
    const d = decodeRune(b, i);
    const rune = Math.floor(d / 8);
    const size = d % 8;
    if (rune === RUNE_ERROR && size === 1) out += String.fromCharCode(ESCAPE_BASE + b[i]);
    else out += String.fromCodePoint(rune);
    i += size;
  }
  return out;
}

/** The raw byte a code point stands for when it is an escape character (see above), else undefined. */
export function escapedByte(codePoint: number): number | undefined {
  return codePoint >= ESCAPE_BASE + 0x80 && codePoint <= ESCAPE_BASE + 0xff ? codePoint - ESCAPE_BASE : undefined;
}

/** The bytes an argument stands for: UTF-8, except that escape characters are their raw bytes again. */
export function argBytes(s: string): Buffer {
  if (isWellFormed(s)) return Buffer.from(s, 'utf8');
  const parts: Buffer[] = [];
  let text = '';
  for (const ch of s) {
    const raw = escapedByte(ch.codePointAt(0)!);
    if (raw !== undefined) {
      if (text !== '') parts.push(Buffer.from(text, 'utf8'));
      text = '';
      parts.push(Buffer.of(raw));
    } else {
      text += ch;
    }
  }
  if (text !== '') parts.push(Buffer.from(text, 'utf8'));
  return Buffer.concat(parts);
}

/** String.prototype.isWellFormed (Node 20+; not in the ES2022 typings): no lone surrogates, so no escapes. */
export const isWellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();
