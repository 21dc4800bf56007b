// Go's unicode/utf8 decoding rules: the Go printers we imitate walk raw bytes, and treat each byte of an
// invalid sequence (overlong forms, surrogates, code points past U+10FFFF, truncated sequences) on its own.
import { isUtf8 } from 'node:buffer';

/** Rune value Go reports for an invalid byte (utf8.RuneError); such a decode always has size 1. */
export const RUNE_ERROR = 0xfffd;

/**
 * Decodes the rune starting at `i`, as utf8.DecodeRune does. Returns rune * 8 + size so the hot loops
 * that call this allocate nothing; size is 1..4 and an invalid byte yields RUNE_ERROR with size 1.
 */
export function decodeRune(b: Uint8Array, i: number): number {
  const b0 = b[i];
  if (b0 < 0x80) return b0 * 8 + 1;
  const n = b.length - i;
  let lo = 0x80;
  let hi = 0xbf;
  let size: number;
  let r: number;
  if (b0 >= 0xc2 && b0 <= 0xdf) { size = 2; r = b0 & 0x1f; }
  else if (b0 >= 0xe0 && b0 <= 0xef) {
    size = 3; r = b0 & 0x0f;
    if (b0 === 0xe0) lo = 0xa0; // overlong
    else if (b0 === 0xed) hi = 0x9f; // surrogates
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    size = 4; r = b0 & 0x07;
    if (b0 === 0xf0) lo = 0x90; // overlong
    else if (b0 === 0xf4) hi = 0x8f; // beyond U+10FFFF
  } else return RUNE_ERROR * 8 + 1;
  if (n < size) return RUNE_ERROR * 8 + 1;
  const b1 = b[i + 1];
  if (b1 < lo || b1 > hi) return RUNE_ERROR * 8 + 1;
  r = (r << 6) | (b1 & 0x3f);
  for (let k = 2; k < size; k++) {
    const bk = b[i + k];
    if (bk < 0x80 || bk > 0xbf) return RUNE_ERROR * 8 + 1;
    r = (r << 6) | (bk & 0x3f);
  }
  return r * 8 + size;
}

const encoder = new TextEncoder();

/** UTF-8 bytes of a JS string; lone surrogates become U+FFFD as in any UTF-8 encoding of them. */
export function utf8Bytes(s: string): Uint8Array {
  return encoder.encode(s);
}

export const LOWER_HEX = '0123456789abcdef';

export function hex2(byte: number): string {
  return LOWER_HEX[byte >> 4] + LOWER_HEX[byte & 15];
}

/** Bytes as text the way Go's range loop and encoding/json read them: each invalid byte becomes U+FFFD. */
export function decodeUtf8(b: Uint8Array): string {
  if (isUtf8(b)) return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
  let out = '';
  for (let i = 0; i < b.length; ) {
    const d = decodeRune(b, i);
    out += String.fromCodePoint(d >> 3);
    i += d & 7;
  }
  return out;
}

/** The same bytes as a Buffer, without a copy (Buffer's toString and indexOf are what the callers want). */
export function asBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}
