// Go's encoding/json as go1.19 (the reference etcdctl 3.4.23's toolchain) has it, both ways. Writing: building
// blocks for output byte-identical to json.Marshal (HTML escaping on), which etcdctl's `-w json` uses; values
// are assembled as raw JSON text so 64-bit numbers never pass through a JS number (callers write a bigint with
// String(n)). Reading: json.Unmarshal's syntax and type errors, integers kept exact (below).
import { goQuote } from './quote.js';
import { asBuffer, decodeRune, decodeUtf8, hex2, RUNE_ERROR } from './utf8.js';

// Go 1.19 (the reference's toolchain) escapes \b and \f as \u0008 / \u000c; only these three get short forms.
const CONTROL_ESCAPES: string[] = Array.from({ length: 0x20 }, (_, c) => '\\u00' + hex2(c));
CONTROL_ESCAPES[0x0a] = '\\n';
CONTROL_ESCAPES[0x0d] = '\\r';
CONTROL_ESCAPES[0x09] = '\\t';

/** JSON text for one ASCII code unit that json.Marshal escapes, or undefined if it is copied as is. */
function asciiEscape(c: number): string | undefined {
  if (c < 0x20) return CONTROL_ESCAPES[c];
  switch (c) {
    case 0x22: return '\\"';
    case 0x5c: return '\\\\';
    // HTML-safe escaping, so the output can be embedded in <script> without change.
    case 0x3c: return '\\u003c';
    case 0x3e: return '\\u003e';
    case 0x26: return '\\u0026';
  }
  return undefined;
}

// JavaScript parsers treat U+2028/U+2029 as line terminators, so Go escapes them.
function isLineSeparator(r: number): boolean {
  return r === 0x2028 || r === 0x2029;
}

function needsEscape(c: number): boolean {
  return c < 0x80 ? asciiEscape(c) !== undefined : isLineSeparator(c);
}

function jsonFromString(s: string): string {
  let i = 0;
  // Surrogates are checked too: a lone one must become U+FFFD, as its UTF-8 encoding would.
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (needsEscape(c) || (c >= 0xd800 && c <= 0xdfff)) break;
    i++;
  }
  if (i === s.length) return '"' + s + '"';
  let out = '"' + s.slice(0, i);
  for (const ch of s.slice(i)) {
    const r = ch.codePointAt(0)!;
    if (r < 0x80) out += asciiEscape(r) ?? ch;
    else if (isLineSeparator(r)) out += '\\u' + r.toString(16);
    else if (r >= 0xd800 && r <= 0xdfff) out += String.fromCodePoint(RUNE_ERROR);
    else out += ch;
  }
  return out + '"';
}

function jsonFromBytes(b: Uint8Array): string {
  const buf = asBuffer(b);
  let out = '"';
  let runStart = 0; // start of bytes that are copied unchanged (valid UTF-8, nothing to escape)
  let i = 0;
  while (i < buf.length) {
    const c = buf[i];
    if (c < 0x80) {
      const esc = asciiEscape(c);
      if (esc === undefined) { i++; continue; }
      if (runStart < i) out += buf.toString('utf8', runStart, i);
      out += esc;
      runStart = ++i;
      continue;
    }
    const packed = decodeRune(buf, i);
    const r = packed >>> 3;
    const size = packed & 7;
    const invalid = r === RUNE_ERROR && size === 1;
    if (!invalid && !isLineSeparator(r)) { i += size; continue; }
    if (runStart < i) out += buf.toString('utf8', runStart, i);
    // Go writes the six-character escape \ufffd for every byte that is not valid UTF-8.
    out += invalid ? '\\ufffd' : '\\u' + r.toString(16);
    i += size;
    runStart = i;
  }
  if (runStart < i) out += buf.toString('utf8', runStart, i);
  return out + '"';
}

/** A JSON string exactly as json.Marshal writes a Go string (a JS string stands for its UTF-8 bytes). */
export function jsonString(s: string | Uint8Array): string {
  return typeof s === 'string' ? jsonFromString(s) : jsonFromBytes(s);
}

/** A Go []byte field: standard base64 with padding, quoted. */
export function jsonBase64(b: Uint8Array): string {
  return '"' + asBuffer(b).toString('base64') + '"';
}

/** An object from [name, raw JSON value] pairs, in the given order (Go writes struct fields in declaration order). */
export function jsonObject(pairs: [string, string][]): string {
  let out = '{';
  for (let i = 0; i < pairs.length; i++) {
    if (i > 0) out += ',';
    out += jsonString(pairs[i][0]) + ':' + pairs[i][1];
  }
  return out + '}';
}

/** An array of raw JSON values; an empty (non-nil) Go slice is `[]`. */
export function jsonArray(items: string[]): string {
  return '[' + items.join(',') + ']';
}

// ---------------------------------------------------------------------------------------------------------
// Reading JSON as json.Unmarshal does: its error texts ("invalid character 'p' after top-level value",
// "unexpected end of JSON input", "json: cannot unmarshal …"), which v2's member, user, role and auth
// commands print verbatim when a server answers something unexpected; numbers keep their text so 64-bit
// integers (member IDs, indexes) stay exact; invalid UTF-8 in strings becomes U+FFFD byte by byte.

/** A JSON number, kept as its source text so 64-bit integers stay exact. */
export class JsonNumber {
  constructor(readonly text: string) {}
  toBigInt(): bigint {
    if (!/^-?\d+$/.test(this.text)) throw new GoJsonError(`not an integer: ${this.text}`);
    return BigInt(this.text);
  }
  toNumber(): number {
    return Number(this.text);
  }
}

export class JsonObject {
  constructor(readonly entries: [string, JsonValue][]) {}

  /**
   * The value Go decodes into a struct field named `name`: the last key that matches it, exactly or
   * (unless `caseSensitive`) ignoring case, as encoding/json does.
   */
  field(name: string, caseSensitive = false): JsonValue | undefined {
    let found: JsonValue | undefined;
    const folded = name.toLowerCase();
    for (const [k, v] of this.entries) {
      if (k === name || (!caseSensitive && k.toLowerCase() === folded)) found = v;
    }
    return found;
  }
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject;

export class GoJsonError extends Error {}

function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return `'"'`;
  const q = goQuote(String.fromCharCode(c));
  return "'" + q.slice(1, -1) + "'";
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

class Reader {
  private i = 0;

  constructor(private readonly b: Uint8Array) {}

  private fail(c: number, context: string): never {
    throw new GoJsonError(`invalid character ${quoteChar(c)} ${context}`);
  }

  private peek(): number {
    if (this.i >= this.b.length) throw new GoJsonError('unexpected end of JSON input');
    return this.b[this.i];
  }

  private skipSpace(): void {
    while (this.i < this.b.length && isSpace(this.b[this.i])) this.i++;
  }

  readTop(): JsonValue {
    this.skipSpace();
    const v = this.value();
    this.skipSpace();
    if (this.i < this.b.length) this.fail(this.b[this.i], 'after top-level value');
    return v;
  }

  private value(): JsonValue {
    const c = this.peek();
    switch (c) {
      case 0x7b: return this.object();
      case 0x5b: return this.array();
      case 0x22: return this.string();
      case 0x74: return this.literal('true', true);
      case 0x66: return this.literal('false', false);
      case 0x6e: return this.literal('null', null);
    }
    if (c === 0x2d || isDigit(c)) return this.number();
    this.fail(c, 'looking for beginning of value');
  }

  private literal<T>(word: string, value: T): T {
    this.i++;
    for (let k = 1; k < word.length; k++) {
      const c = this.peek();
      if (c !== word.charCodeAt(k)) this.fail(c, `in literal ${word} (expecting ${quoteChar(word.charCodeAt(k))})`);
      this.i++;
    }
    return value;
  }

  private digits(context: string): void {
    const c = this.peek();
    if (!isDigit(c)) this.fail(c, context);
    while (this.i < this.b.length && isDigit(this.b[this.i])) this.i++;
  }

  private number(): JsonNumber {
    const start = this.i;
    if (this.b[this.i] === 0x2d) this.i++;
    if (this.peek() === 0x30) this.i++;
    else this.digits('in numeric literal');
    if (this.i < this.b.length && this.b[this.i] === 0x2e) {
      this.i++;
      this.digits('after decimal point in numeric literal');
    }
    if (this.i < this.b.length && (this.b[this.i] === 0x65 || this.b[this.i] === 0x45)) {
      this.i++;
      if (this.peek() === 0x2b || this.peek() === 0x2d) this.i++;
      this.digits('in exponent of numeric literal');
    }
    return new JsonNumber(Buffer.from(this.b.subarray(start, this.i)).toString('latin1'));
  }

  private hex4(): number {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const c = this.peek();
      const d = parseInt(String.fromCharCode(c), 16);
      if (Number.isNaN(d)) this.fail(c, 'in \\u hexadecimal character escape');
      n = n * 16 + d;
      this.i++;
    }
    return n;
  }

  private string(): string {
    this.i++;
    const out: number[] = [];
    const pushCodePoint = (cp: number) => out.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'));
    for (;;) {
      const c = this.peek();
      this.i++;
      if (c === 0x22) break;
      if (c < 0x20) this.fail(c, 'in string literal');
      if (c !== 0x5c) {
        out.push(c);
        continue;
      }
      const e = this.peek();
      this.i++;
      const simple: Record<number, number> = { 0x22: 0x22, 0x5c: 0x5c, 0x2f: 0x2f, 0x62: 8, 0x66: 12, 0x6e: 10, 0x72: 13, 0x74: 9 };
      if (simple[e] !== undefined) {
        out.push(simple[e]);
        continue;
      }
      if (e !== 0x75) this.fail(e, 'in string escape code');
      let cp = this.hex4();
      if (cp >= 0xd800 && cp < 0xdc00 && this.b[this.i] === 0x5c && this.b[this.i + 1] === 0x75) {
        const save = this.i;
        this.i += 2;
        const low = this.hex4();
        if (low >= 0xdc00 && low < 0xe000) cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        else this.i = save;
      }
      // A lone surrogate cannot be encoded; Go decodes it as U+FFFD.
      pushCodePoint(cp >= 0xd800 && cp < 0xe000 ? 0xfffd : cp);
    }
    return decodeUtf8(Uint8Array.from(out));
  }

  private array(): JsonValue[] {
    this.i++;
    const items: JsonValue[] = [];
    this.skipSpace();
    if (this.peek() === 0x5d) {
      this.i++;
      return items;
    }
    for (;;) {
      this.skipSpace();
      items.push(this.value());
      this.skipSpace();
      const c = this.peek();
      this.i++;
      if (c === 0x5d) return items;
      if (c !== 0x2c) this.fail(c, 'after array element');
    }
  }

  private object(): JsonObject {
    this.i++;
    const entries: [string, JsonValue][] = [];
    this.skipSpace();
    if (this.peek() === 0x7d) {
      this.i++;
      return new JsonObject(entries);
    }
    for (;;) {
      this.skipSpace();
      const c = this.peek();
      if (c !== 0x22) this.fail(c, 'looking for beginning of object key string');
      const key = this.string();
      this.skipSpace();
      const colon = this.peek();
      if (colon !== 0x3a) this.fail(colon, 'after object key');
      this.i++;
      this.skipSpace();
      entries.push([key, this.value()]);
      this.skipSpace();
      const sep = this.peek();
      this.i++;
      if (sep === 0x7d) return new JsonObject(entries);
      if (sep !== 0x2c) this.fail(sep, 'after object key:value pair');
    }
  }
}

/** json.Unmarshal's syntax pass: the value, or a GoJsonError with Go's message. */
export function parseJson(body: Uint8Array): JsonValue {
  return new Reader(body).readTop();
}

/** Go's name for a JSON value's kind in UnmarshalTypeError ("string", "number 5", "bool", "array", "object"). */
export function jsonKind(v: JsonValue): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof JsonNumber) return 'number';
  if (Array.isArray(v)) return 'array';
  if (v instanceof JsonObject) return 'object';
  return 'null';
}

/** `json: cannot unmarshal <kind> into Go value of type <T>` or `… into Go struct field <S.f> of type <T>`. */
export function typeError(v: JsonValue, goType: string, field?: string): GoJsonError {
  const target = field ? `Go struct field ${field}` : 'Go value';
  return new GoJsonError(`json: cannot unmarshal ${jsonKind(v)} into ${target} of type ${goType}`);
}

/** Reads a struct: null leaves the zero value (undefined here); anything but an object is a type error. */
export function asObject(v: JsonValue, goType: string, field?: string): JsonObject | undefined {
  if (v === null) return undefined;
  if (v instanceof JsonObject) return v;
  throw typeError(v, goType, field);
}

export function asString(v: JsonValue | undefined, field: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  throw typeError(v, 'string', field);
}

export function asBool(v: JsonValue | undefined, field: string): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  throw typeError(v, 'bool', field);
}

/** An unsigned or signed integer field of `bits` bits; fractions and out-of-range values are type errors. */
export function asInteger(v: JsonValue | undefined, field: string, goType: 'uint64' | 'int64' | 'int'): bigint {
  if (v === undefined || v === null) return 0n;
  if (!(v instanceof JsonNumber)) throw typeError(v, goType, field);
  const unsigned = goType === 'uint64';
  const ok = /^-?\d+$/.test(v.text);
  const n = ok ? BigInt(v.text) : 0n;
  const min = unsigned ? 0n : -(1n << 63n);
  const max = unsigned ? (1n << 64n) - 1n : (1n << 63n) - 1n;
  if (!ok || n < min || n > max) throw new GoJsonError(`json: cannot unmarshal number ${v.text} into Go struct field ${field} of type ${goType}`);
  return n;
}

/** A []string field: null is a nil slice (undefined), elements must be strings. */
export function asStringList(v: JsonValue | undefined, field: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw typeError(v, '[]string', field);
  return v.map((item) => asString(item, field));
}
