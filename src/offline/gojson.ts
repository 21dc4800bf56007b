// Go's encoding/json and strconv.Quote text rules for byte strings (the JSON reader is src/go/json.ts).
// Go strings are byte strings; here they travel as "byte strings" (one JS char per byte, as Buffer's
// 'latin1' encoding yields) so that ordering and escaping work on the bytes Go would see.
import { jsonString } from '../go/json.js';
import { goQuote as quoteBytes } from '../go/quote.js';
import { decodeUtf8 } from '../go/utf8.js';

/** A JS (Unicode) string as the bytes Go would hold for it: UTF-8, one char per byte. */
export const toByteString = (s: string): string =>
  /^[\x00-\x7f]*$/.test(s) ? s : Buffer.from(s, 'utf8').toString('latin1');

/** Bytes as a byte string. */
export const bytesToByteString = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

/** A byte string back to its bytes. */
export const byteStringToBytes = (s: string): Buffer => Buffer.from(s, 'latin1');

/** A byte string decoded as UTF-8 the way Go's range loop does (each invalid byte → U+FFFD). */
export const byteStringToText = (s: string): string => decodeUtf8(byteStringToBytes(s));

/**
 * A byte string as Go's json.Marshal writes a string (with HTML escaping, as json.Marshal does):
 * the result is Unicode text whose UTF-8 encoding is exactly Go's output.
 */
export const goJsonQuote = (s: string): string => jsonString(byteStringToBytes(s));

/** Go's strconv.Quote (also what `%q` prints), for a byte string. */
export const goQuote = (s: string): string => quoteBytes(byteStringToBytes(s));

/** `%q` of a Go []string: `["a" "b"]`. */
export const goQuoteList = (items: string[]): string => '[' + items.map(goQuote).join(' ') + ']';
