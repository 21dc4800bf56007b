// Go's encoding/json and strconv.Quote text rules, and a JSON reader that keeps integers exact.
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

// ---------------------------------------------------------------------------------------------
// Reading JSON written by Go: integers must stay exact (member IDs exceed 2^53).

/** A JSON number, kept as its source text. */
export class JsonNumber {
  constructor(readonly text: string) {}
  toBigInt(): bigint {
    if (!/^-?\d+$/.test(this.text)) throw new SyntaxError(`not an integer: ${this.text}`);
    return BigInt(this.text);
  }
  toNumber(): number {
    return Number(this.text);
  }
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * Parses JSON text; strings and object keys come back as byte strings (UTF-8, one char per byte) to match
 * Go's string view, numbers as JsonNumber.
 */
export function parseGoJson(text: string): JsonValue {
  const p = new JsonParser(text);
  p.skipSpace();
  const v = p.value();
  p.skipSpace();
  if (p.pos !== text.length) p.fail('after top-level value');
  return v;
}

class JsonParser {
  pos = 0;
  constructor(readonly s: string) {}

  fail(where: string): never {
    throw new SyntaxError(`invalid character at offset ${this.pos} ${where}`);
  }

  skipSpace(): void {
    const s = this.s;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      this.pos++;
    }
  }

  value(): JsonValue {
    const c = this.s[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return toByteString(this.string());
    if (c === 't' && this.s.startsWith('true', this.pos)) return (this.pos += 4), true;
    if (c === 'f' && this.s.startsWith('false', this.pos)) return (this.pos += 5), false;
    if (c === 'n' && this.s.startsWith('null', this.pos)) return (this.pos += 4), null;
    return this.number();
  }

  object(): JsonObject {
    const obj: JsonObject = Object.create(null);
    this.pos++;
    this.skipSpace();
    if (this.s[this.pos] === '}') return this.pos++, obj;
    for (;;) {
      this.skipSpace();
      if (this.s[this.pos] !== '"') this.fail('looking for beginning of object key string');
      const key = toByteString(this.string());
      this.skipSpace();
      if (this.s[this.pos] !== ':') this.fail('after object key');
      this.pos++;
      this.skipSpace();
      obj[key] = this.value();
      this.skipSpace();
      const c = this.s[this.pos++];
      if (c === '}') return obj;
      if (c !== ',') this.fail('after object key:value pair');
    }
  }

  array(): JsonValue[] {
    const arr: JsonValue[] = [];
    this.pos++;
    this.skipSpace();
    if (this.s[this.pos] === ']') return this.pos++, arr;
    for (;;) {
      this.skipSpace();
      arr.push(this.value());
      this.skipSpace();
      const c = this.s[this.pos++];
      if (c === ']') return arr;
      if (c !== ',') this.fail('after array element');
    }
  }

  string(): string {
    const start = ++this.pos;
    const end = this.s.indexOf('"', start);
    if (end < 0) this.fail('in string literal');
    const raw = this.s.slice(start, end);
    if (!raw.includes('\\')) {
      this.pos = end + 1;
      return raw;
    }
    // Escapes present: find the real closing quote and let the platform decode the literal.
    let i = start;
    while (i < this.s.length) {
      const c = this.s[i];
      if (c === '\\') i += 2;
      else if (c === '"') break;
      else i++;
    }
    if (i >= this.s.length) this.fail('in string literal');
    this.pos = i + 1;
    return JSON.parse(this.s.slice(start - 1, i + 1)) as string;
  }

  number(): JsonNumber {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.pos, this.pos + 64));
    if (!m) this.fail('looking for beginning of value');
    this.pos += m[0].length;
    return new JsonNumber(m[0]);
  }
}

/** Go's json.Unmarshal matches object keys to struct fields case-insensitively; exact match first. */
export function jsonField(obj: JsonObject, name: string): JsonValue | undefined {
  if (name in obj) return obj[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

export const isJsonObject = (v: JsonValue | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof JsonNumber);
