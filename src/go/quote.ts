// Go's strconv.Quote (fmt's %q): etcdctl prints keys, values and flag defaults this way, so the exact
// escaping of controls, invalid UTF-8 and non-printable runes is visible to users and scripts.
import { asBuffer, decodeRune, hex2, LOWER_HEX, RUNE_ERROR } from './utf8.js';
import { escapedByte } from '../cli/argv.js';

// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space only. Made on first
// use: V8 builds a pattern of Unicode properties when it is created (half a millisecond of every start-up).
let printableRune: RegExp | undefined;
const isPrintableRune = (s: string) => (printableRune ??= new RegExp('^[\\p{L}\\p{M}\\p{N}\\p{P}\\p{S}]$', 'u')).test(s);

// Memo for the Basic Multilingual Plane (0 unknown, 1 printable, 2 not): keys in one script repeat runes.
let bmpPrintable: Uint8Array | undefined;

export function isGoPrint(r: number): boolean {
  if (r < 0x80) return r >= 0x20 && r < 0x7f;
  if (r > 0xffff) return isPrintableRune(String.fromCodePoint(r));
  bmpPrintable ??= new Uint8Array(0x10000);
  let known = bmpPrintable[r];
  if (known === 0) {
    known = isPrintableRune(String.fromCharCode(r)) ? 1 : 2;
    bmpPrintable[r] = known;
  }
  return known === 1;
}

const SHORT_ESCAPES: Record<number, string> = {
  0x07: '\\a', 0x08: '\\b', 0x0c: '\\f', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x0b: '\\v',
  0x22: '\\"', 0x5c: '\\\\',
};

function hexDigits(r: number, width: number): string {
  let s = '';
  for (let shift = (width - 1) * 4; shift >= 0; shift -= 4) s += LOWER_HEX[(r >>> shift) & 15];
  return s;
}

/** The %q form of one validly decoded rune (never the invalid-byte case). */
function escapeRune(r: number): string {
  const short = SHORT_ESCAPES[r];
  if (short !== undefined) return short;
  if (isGoPrint(r)) return String.fromCodePoint(r);
  if (r < 0x20 || r === 0x7f) return '\\x' + hex2(r);
  if (r < 0x10000) return '\\u' + hexDigits(r, 4);
  return '\\U' + hexDigits(r, 8);
}

/** True for bytes / UTF-16 units that %q copies unchanged and that need no rune decoding. */
function isPlainAscii(c: number): boolean {
  return c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c;
}

function quoteString(s: string): string {
  let i = 0;
  while (i < s.length && isPlainAscii(s.charCodeAt(i))) i++;
  if (i === s.length) return '"' + s + '"';
  let out = '"' + s.slice(0, i);
  for (const ch of s.slice(i)) {
    const r = ch.codePointAt(0)!;
    if (r < 0x80 && isPlainAscii(r)) { out += ch; continue; }
    // A lone surrogate has no UTF-8 form; encoders write U+FFFD for it, which Go then prints as is. Those
    // that stand for a raw byte of a command-line argument (cli/argv.ts) are that byte, which Go shows as \xNN.
    const raw = escapedByte(r);
    if (raw !== undefined) out += '\\x' + hex2(raw);
    else out += r >= 0xd800 && r <= 0xdfff ? String.fromCodePoint(RUNE_ERROR) : escapeRune(r);
  }
  return out + '"';
}

function quoteBytes(b: Uint8Array): string {
  const buf = asBuffer(b);
  let out = '"';
  let runStart = 0;
  let i = 0;
  while (i < buf.length) {
    const c = buf[i];
    if (isPlainAscii(c)) { i++; continue; }
    if (runStart < i) out += buf.toString('latin1', runStart, i);
    const packed = decodeRune(buf, i);
    const r = packed >>> 3;
    const size = packed & 7;
    out += r === RUNE_ERROR && size === 1 ? '\\x' + hex2(c) : escapeRune(r);
    i += size;
    runStart = i;
  }
  if (runStart < i) out += buf.toString('latin1', runStart, i);
  return out + '"';
}

/** Go's strconv.Quote of the bytes (a string argument stands for its UTF-8 encoding). */
export function goQuote(b: Uint8Array | string): string {
  return typeof b === 'string' ? quoteString(b) : quoteBytes(b);
}
