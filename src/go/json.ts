// Building blocks for output byte-identical to Go's encoding/json (json.Marshal, HTML escaping on), which
// etcdctl's `-w json` uses. Values are assembled as raw JSON text so 64-bit numbers never pass through a
// JS number: callers write a bigint with String(n).
import { decodeRune, hex2, RUNE_ERROR } from './utf8.js';

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

function asBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
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
