// Go's time.ParseDuration and time.Duration.String (Go 1.19, the reference's toolchain): duration flags
// accept Go's grammar and report Go's error texts, and "took" columns print Go's duration format.
import { hex2, utf8Bytes } from './utf8.js';

export class GoParseError extends Error {}

const UNIT_NANOS = new Map<string, bigint>([
  ['ns', 1n],
  ['us', 1_000n],
  ['\u00b5s', 1_000n], // U+00B5 micro sign
  ['\u03bcs', 1_000n], // U+03BC Greek small letter mu
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

const LIMIT = 1n << 63n;

/**
 * The time package's own quoting (not strconv.Quote): `"` and `\` escaped, and every byte of a
 * control or non-ASCII character written as \xHH — "5µ" is reported as "5\xc2\xb5".
 */
function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || c >= 0x80) {
      for (const byte of utf8Bytes(ch)) out += '\\x' + hex2(byte);
    } else {
      if (ch === '"' || ch === '\\') out += '\\';
      out += ch;
    }
  }
  return out + '"';
}

const invalid = (orig: string) => new GoParseError(`time: invalid duration ${timeQuote(orig)}`);

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

/** Digits at the start of s; undefined when the value passes 2^63 (Go's overflow error). */
function leadingInt(s: string): { value: bigint; rest: string } | undefined {
  let i = 0;
  let x = 0n;
  for (; i < s.length && isDigit(s[i]); i++) {
    if (x > LIMIT / 10n) return undefined;
    x = x * 10n + BigInt(s.charCodeAt(i) - 48);
    if (x > LIMIT) return undefined;
  }
  return { value: x, rest: s.slice(i) };
}

/** Fraction digits after the dot; digits past 63 bits of precision are consumed but ignored. */
function leadingFraction(s: string): { value: bigint; scale: number; rest: string } {
  let i = 0;
  let x = 0n;
  let scale = 1;
  let overflow = false;
  for (; i < s.length && isDigit(s[i]); i++) {
    if (overflow) continue;
    if (x > (LIMIT - 1n) / 10n) { overflow = true; continue; }
    const y = x * 10n + BigInt(s.charCodeAt(i) - 48);
    if (y > LIMIT) { overflow = true; continue; }
    x = y;
    scale *= 10;
  }
  return { value: x, scale, rest: s.slice(i) };
}

/** time.ParseDuration: a duration in nanoseconds, or a GoParseError carrying Go's message. */
export function parseGoDuration(orig: string): bigint {
  let s = orig;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid(orig);
  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) throw invalid(orig);
    const whole = leadingInt(s);
    if (whole === undefined) throw invalid(orig);
    const hadWhole = whole.rest.length !== s.length;
    s = whole.rest;
    let frac = { value: 0n, scale: 1, rest: s };
    let hadFrac = false;
    if (s[0] === '.') {
      s = s.slice(1);
      frac = leadingFraction(s);
      hadFrac = frac.rest.length !== s.length;
      s = frac.rest;
    }
    if (!hadWhole && !hadFrac) throw invalid(orig); // "." or ".s"
    let i = 0;
    while (i < s.length && s[i] !== '.' && !isDigit(s[i])) i++;
    if (i === 0) throw new GoParseError(`time: missing unit in duration ${timeQuote(orig)}`);
    const unitName = s.slice(0, i);
    s = s.slice(i);
    const unit = UNIT_NANOS.get(unitName);
    if (unit === undefined) {
      throw new GoParseError(`time: unknown unit ${timeQuote(unitName)} in duration ${timeQuote(orig)}`);
    }
    if (whole.value > LIMIT / unit) throw invalid(orig);
    let v = whole.value * unit;
    if (frac.value > 0n) {
      // Go computes the fractional part in float64 and truncates, so we do the same to get its rounding.
      v += BigInt(Math.trunc(Number(frac.value) * (Number(unit) / frac.scale)));
      if (v > LIMIT) throw invalid(orig);
    }
    total += v;
    if (total > LIMIT) throw invalid(orig);
  }
  if (neg) return -total;
  if (total > LIMIT - 1n) throw invalid(orig);
  return total;
}

/** Digits of v / 10^prec after the point, without trailing zeros (and without the point if none remain). */
function fraction(v: bigint, prec: number): { text: string; rest: bigint } {
  let text = '';
  let printed = false;
  for (let i = 0; i < prec; i++) {
    const digit = v % 10n;
    printed = printed || digit !== 0n;
    if (printed) text = String(digit) + text;
    v /= 10n;
  }
  return { text: printed ? '.' + text : '', rest: v };
}

/** time.Duration(ns).String(): "1h2m3.5s", "850.123µs", "0s"; ns is taken as a signed 64-bit value. */
export function formatGoDuration(ns: bigint): string {
  const d = BigInt.asIntN(64, ns);
  const neg = d < 0n;
  let u = neg ? -d : d;
  let out: string;
  if (u < 1_000_000_000n) {
    if (u === 0n) return '0s';
    let unit: string;
    let prec: number;
    if (u < 1_000n) { unit = 'ns'; prec = 0; }
    else if (u < 1_000_000n) { unit = '\u00b5s'; prec = 3; }
    else { unit = 'ms'; prec = 6; }
    const f = fraction(u, prec);
    out = String(f.rest) + f.text + unit;
  } else {
    const f = fraction(u, 9);
    u = f.rest;
    out = String(u % 60n) + f.text + 's';
    u /= 60n;
    if (u > 0n) {
      out = String(u % 60n) + 'm' + out;
      u /= 60n;
      if (u > 0n) out = String(u) + 'h' + out;
    }
  }
  return neg ? '-' + out : out;
}

/** setTimeout's longest wait: a signed 32-bit count of milliseconds (a longer one would fire at once). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A time.Duration as a timer's whole milliseconds: rounded up, so that any positive duration still expires;
 * 0 for a zero or negative one; at most MAX_TIMER_MS (24.8 days, as good as never for a command).
 */
export function durationMs(ns: bigint): number {
  if (ns <= 0n) return 0;
  const ms = (ns + 999_999n) / 1_000_000n;
  return ms > BigInt(MAX_TIMER_MS) ? MAX_TIMER_MS : Number(ms);
}
