// Go's strconv parsing rules and error texts: flag errors quote them verbatim.
import { goQuote } from './quote.js';

export class StrconvError extends Error {}

const syntax = (fn: string, s: string) => new StrconvError(`strconv.${fn}: parsing ${goQuote(s)}: invalid syntax`);
const range = (fn: string, s: string) => new StrconvError(`strconv.${fn}: parsing ${goQuote(s)}: value out of range`);

export function parseGoBool(s: string): boolean {
  switch (s) {
    case '1': case 't': case 'T': case 'true': case 'TRUE': case 'True':
      return true;
    case '0': case 'f': case 'F': case 'false': case 'FALSE': case 'False':
      return false;
  }
  throw syntax('ParseBool', s);
}

/** Digits of an unsigned number with Go's base-0 prefixes and underscores; undefined when malformed. */
function parseUnsignedDigits(s: string, base: number): bigint | undefined {
  let digits = s;
  let b = base;
  let prefixed = false;
  if (base === 0) {
    b = 10;
    if (s.length > 1 && s[0] === '0') {
      const p = s[1].toLowerCase();
      if (p === 'x') { b = 16; digits = s.slice(2); prefixed = true; }
      else if (p === 'b') { b = 2; digits = s.slice(2); prefixed = true; }
      else if (p === 'o') { b = 8; digits = s.slice(2); prefixed = true; }
      else { b = 8; digits = s.slice(1); prefixed = true; }
    }
  }
  if (digits === '' && !(prefixed && b === 8)) return undefined;
  if (base === 0 && digits.includes('_')) {
    // Go allows underscores only between digits (or after a base prefix) when base is 0.
    const body = prefixed && b !== 8 ? '_' + digits : (prefixed ? '0' + digits : digits);
    if (/__|_$/.test(body) || (!prefixed && body.startsWith('_'))) return undefined;
    digits = digits.replace(/_/g, '');
  }
  let n = 0n;
  const bb = BigInt(b);
  for (const ch of digits) {
    const d = parseInt(ch, 36);
    if (Number.isNaN(d) || d >= b) return undefined;
    n = n * bb + BigInt(d);
  }
  return n;
}

export function parseGoInt(s: string, base = 0, bits = 64): bigint {
  const fn = 'ParseInt';
  if (s === '') throw syntax(fn, s);
  let neg = false;
  let body = s;
  if (s[0] === '+' || s[0] === '-') { neg = s[0] === '-'; body = s.slice(1); }
  const n = parseUnsignedDigits(body, base);
  if (n === undefined) throw syntax(fn, s);
  const limit = 1n << BigInt(bits - 1);
  if (!neg && n >= limit) throw range(fn, s);
  if (neg && n > limit) throw range(fn, s);
  return neg ? -n : n;
}

export function parseGoUint(s: string, base = 0, bits = 64): bigint {
  const fn = 'ParseUint';
  if (s === '') throw syntax(fn, s);
  const n = parseUnsignedDigits(s, base);
  if (n === undefined) throw syntax(fn, s);
  if (n >= 1n << BigInt(bits)) throw range(fn, s);
  return n;
}

/** Go's strconv.ParseUint(s, 16, 64) as etcdctl uses it for member and lease IDs. */
export function parseHexUint64(s: string): bigint {
  return parseGoUint(s, 16, 64);
}
