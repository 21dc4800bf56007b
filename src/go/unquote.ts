// Go's strconv.Unquote, on "byte strings" (one char per byte, as Buffer's latin1 encoding gives), because
// \xHH escapes produce raw bytes that need not be UTF-8.
export class UnquoteError extends Error {
  constructor() {
    super('invalid syntax');
  }
}

const SIMPLE: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, '"': 34, "'": 39 };

const utf8Bytes = (cp: number) => Buffer.from(String.fromCodePoint(cp), 'utf8').toString('latin1');

/**
 * Reads a Go-quoted string ("…" with escapes, or `…` raw) starting at s[i]; returns its bytes and the index
 * after the closing quote. Throws UnquoteError for anything Go's scanner would reject.
 */
export function scanQuoted(s: string, i: number): { value: string; end: number } {
  const q = s[i];
  if (q === '`') {
    const close = s.indexOf('`', i + 1);
    if (close < 0) throw new UnquoteError();
    return { value: s.slice(i + 1, close).replace(/\r/g, ''), end: close + 1 };
  }
  if (q !== '"') throw new UnquoteError();
  let out = '';
  let j = i + 1;
  for (;;) {
    if (j >= s.length) throw new UnquoteError();
    const c = s[j];
    if (c === '"') return { value: out, end: j + 1 };
    if (c === '\n') throw new UnquoteError();
    if (c !== '\\') {
      out += c;
      j++;
      continue;
    }
    const e = s[j + 1];
    if (e === undefined) throw new UnquoteError();
    if (e in SIMPLE && e !== "'") {
      out += String.fromCharCode(SIMPLE[e]);
      j += 2;
      continue;
    }
    const hexRun = (n: number) => {
      const h = s.slice(j + 2, j + 2 + n);
      if (h.length !== n || !/^[0-9a-fA-F]+$/.test(h)) throw new UnquoteError();
      return parseInt(h, 16);
    };
    if (e === 'x') { out += String.fromCharCode(hexRun(2)); j += 4; continue; }
    if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      const cp = hexRun(n);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) throw new UnquoteError();
      out += utf8Bytes(cp);
      j += 2 + n;
      continue;
    }
    if (e >= '0' && e <= '7') {
      const o = s.slice(j + 1, j + 4);
      if (!/^[0-7]{3}$/.test(o) || parseInt(o, 8) > 255) throw new UnquoteError();
      out += String.fromCharCode(parseInt(o, 8));
      j += 4;
      continue;
    }
    throw new UnquoteError();
  }
}

/** strconv.Unquote of a whole token. */
export function goUnquote(token: string): string {
  const { value, end } = scanQuoted(token, 0);
  if (end !== token.length) throw new UnquoteError();
  return value;
}
