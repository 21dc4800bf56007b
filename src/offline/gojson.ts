// Go's encoding/json and strconv.Quote text rules for byte strings (the JSON reader is src/go/json.ts).
// Go strings are byte strings; here they travel as "byte strings" (one JS char per byte, as Buffer's
// 'latin1' encoding yields) so that ordering and escaping work on the bytes Go would see.
import { jsonString } from '../go/json.js';
import { goQuote as quoteBytes } from '../go/quote.js';

/** A JS (Unicode) string as the bytes Go would hold for it: UTF-8, one char per byte. */
export const toByteString = (s: string): string =>
  /^[\x00-\x7f]*$/.test(s) ? s : Buffer.from(s, 'utf8').toString('latin1');

/** Bytes as a byte string. */
export const bytesToByteString = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

/** A byte string back to its bytes. */
export const byteStringToBytes = (s: string): Buffer => Buffer.from(s, 'latin1');

/** A byte string decoded as UTF-8 the way Go's range loop does (each invalid byte → U+FFFD). */
export function byteStringToText(s: string): string {
  let out = '';
  forEachRune(s, (r) => {
    out += String.fromCodePoint(r < 0 ? 0xfffd : r);
  });
  return out;
}

/**
 * Calls `fn` with every rune of a byte string as Go's utf8.DecodeRuneInString sees it: a code point,
 * or -1 for a byte that does not start a valid sequence (Go yields RuneError of width 1 there).
 */
export function forEachRune(s: string, fn: (rune: number, start: number, width: number) => void): void {
  const n = s.length;
  let i = 0;
  while (i < n) {
    const b0 = s.charCodeAt(i);
    if (b0 < 0x80) {
      fn(b0, i, 1);
      i++;
      continue;
    }
    const [rune, width] = decodeMultiByte(s, i, b0);
    fn(rune, i, width);
    i += width;
  }
}

const cont = (s: string, i: number): number => {
  if (i >= s.length) return -1;
  const b = s.charCodeAt(i);
  return (b & 0xc0) === 0x80 ? b & 0x3f : -1;
};

function decodeMultiByte(s: string, i: number, b0: number): [number, number] {
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    const c1 = cont(s, i + 1);
    return c1 < 0 ? [-1, 1] : [((b0 & 0x1f) << 6) | c1, 2];
  }
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const c1 = cont(s, i + 1);
    const c2 = cont(s, i + 2);
    if (c1 < 0 || c2 < 0) return [-1, 1];
    const r = ((b0 & 0x0f) << 12) | (c1 << 6) | c2;
    // Overlong forms and UTF-16 surrogates are invalid in Go.
    if (r < 0x800 || (r >= 0xd800 && r <= 0xdfff)) return [-1, 1];
    return [r, 3];
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const c1 = cont(s, i + 1);
    const c2 = cont(s, i + 2);
    const c3 = cont(s, i + 3);
    if (c1 < 0 || c2 < 0 || c3 < 0) return [-1, 1];
    const r = ((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3;
    if (r < 0x10000 || r > 0x10ffff) return [-1, 1];
    return [r, 4];
  }
  return [-1, 1];
}

/**
 * A byte string as Go's json.Marshal writes a string (with HTML escaping, as json.Marshal does):
 * the result is Unicode text whose UTF-8 encoding is exactly Go's output.
 */
export const goJsonQuote = (s: string): string => jsonString(byteStringToBytes(s));

/** Go's strconv.Quote (also what `%q` prints), for a byte string. */
export const goQuote = (s: string): string => quoteBytes(byteStringToBytes(s));

/** `%q` of a Go []string: `["a" "b"]`. */
export const goQuoteList = (items: string[]): string => '[' + items.map(goQuote).join(' ') + ']';
