// The parts of Go's net/url and path packages etcdctl's behaviour depends on: URL parsing and re-serialisation
// (v2 endpoints, member peer URLs), path and query escaping, path cleaning. `--debug` prints URLs byte for byte
// and URL errors quote Go's parser, so these follow Go's rules rather than WHATWG URL.
import { cleanPath } from './path.js';
import { goQuote } from './quote.js';
import { argBytes } from '../cli/argv.js';

export interface GoURL {
  scheme: string;
  opaque: string;
  user?: { username: string; password?: string };
  host: string;
  path: string;
  rawPath: string;
  forceQuery: boolean;
  rawQuery: string;
  fragment: string;
  rawFragment: string;
}

export class URLParseError extends Error {}

type Mode = 'path' | 'host' | 'userPassword' | 'queryComponent' | 'fragment';

const isAlnum = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);

function shouldEscape(c: number, mode: Mode): boolean {
  if (isAlnum(c)) return false;
  const ch = String.fromCharCode(c);
  if (mode === 'host' && `!$&'()*+,;=:[]<>"`.includes(ch)) return false;
  if ('-_.~'.includes(ch)) return false;
  if ('$&+,/:;=?@'.includes(ch)) {
    switch (mode) {
      case 'path': return ch === '?';
      case 'userPassword': return '@/?:'.includes(ch);
      case 'queryComponent': return true;
      case 'fragment': return false;
      default: break;
    }
  }
  if (mode === 'fragment' && '!()*'.includes(ch)) return false;
  return true;
}

const HEX = '0123456789ABCDEF';

function escape(s: string, mode: Mode): string {
  let out = '';
  // argBytes: a key from the command line may carry bytes that are not UTF-8 (cli/argv.ts).
  for (const b of argBytes(s)) {
    if (b === 0x20 && mode === 'queryComponent') out += '+';
    else if (shouldEscape(b, mode)) out += '%' + HEX[b >> 4] + HEX[b & 15];
    else out += String.fromCharCode(b);
  }
  return out;
}

/** url.QueryEscape */
export const queryEscape = (s: string | Uint8Array): string =>
  typeof s === 'string' ? escape(s, 'queryComponent') : escapeBytes(s);

function escapeBytes(b: Uint8Array): string {
  let out = '';
  for (const c of b) {
    if (c === 0x20) out += '+';
    else if (shouldEscape(c, 'queryComponent')) out += '%' + HEX[c >> 4] + HEX[c & 15];
    else out += String.fromCharCode(c);
  }
  return out;
}

const unhex = (c: string): number => {
  const n = parseInt(c, 16);
  return Number.isNaN(n) ? -1 : n;
};

function unescape(s: string, mode: Mode): string {
  const bytes: number[] = [];
  const src = Buffer.from(s, 'utf8');
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === 0x25) {
      const h1 = i + 1 < src.length ? unhex(String.fromCharCode(src[i + 1])) : -1;
      const h2 = i + 2 < src.length ? unhex(String.fromCharCode(src[i + 2])) : -1;
      if (h1 < 0 || h2 < 0) {
        const bad = src.subarray(i, Math.min(i + 3, src.length)).toString('latin1');
        throw new URLParseError(`invalid URL escape ${goQuote(bad)}`);
      }
      bytes.push(h1 * 16 + h2);
      i += 2;
      continue;
    }
    if (mode === 'host' && c < 0x80 && shouldEscape(c, 'host')) {
      throw new URLParseError(`invalid character ${goQuote(String.fromCharCode(c))} in host name`);
    }
    if (c === 0x2b && mode === 'queryComponent') bytes.push(0x20);
    else bytes.push(c);
  }
  return Buffer.from(bytes).toString('utf8');
}

/** url.QueryUnescape; undefined when malformed (url.ParseQuery then skips the pair). */
function queryUnescape(s: string): string | undefined {
  try {
    return unescape(s, 'queryComponent');
  } catch {
    return undefined;
  }
}

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) continue;
    if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === 0x3a) {
      if (i === 0) throw new URLParseError('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

const validOptionalPort = (p: string) => p === '' || /^:[0-9]*$/.test(p);

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw new URLParseError("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw new URLParseError(`invalid port ${goQuote(colonPort)} after host`);
  } else {
    const i = host.lastIndexOf(':');
    if (i >= 0) {
      const colonPort = host.slice(i);
      if (!validOptionalPort(colonPort)) throw new URLParseError(`invalid port ${goQuote(colonPort)} after host`);
    }
  }
  return unescape(host, 'host');
}

const VALID_USERINFO = /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/;

function parseAuthority(authority: string): Pick<GoURL, 'user' | 'host'> {
  const at = authority.lastIndexOf('@');
  const host = parseHost(at < 0 ? authority : authority.slice(at + 1));
  if (at < 0) return { host };
  const userinfo = authority.slice(0, at);
  if (!VALID_USERINFO.test(userinfo)) throw new URLParseError('net/url: invalid userinfo');
  const colon = userinfo.indexOf(':');
  if (colon < 0) return { host, user: { username: unescape(userinfo, 'userPassword') } };
  return {
    host,
    user: { username: unescape(userinfo.slice(0, colon), 'userPassword'), password: unescape(userinfo.slice(colon + 1), 'userPassword') },
  };
}

function parseNoFragment(raw: string): GoURL {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new URLParseError('net/url: invalid control character in URL');
  const u: GoURL = { scheme: '', opaque: '', host: '', path: '', rawPath: '', forceQuery: false, rawQuery: '', fragment: '', rawFragment: '' };
  if (raw === '*') {
    u.path = '*';
    return u;
  }
  let [scheme, rest] = getScheme(raw);
  u.scheme = scheme.toLowerCase();
  if (rest.endsWith('?') && rest.split('?').length === 2) {
    u.forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      u.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (u.scheme !== '') {
      u.opaque = rest;
      return u;
    }
    if (rest.split('/')[0].includes(':')) throw new URLParseError('first path segment in URL cannot contain colon');
  }
  if ((u.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    Object.assign(u, parseAuthority(authority));
  }
  u.path = unescape(rest, 'path');
  u.rawPath = escape(u.path, 'path') === rest ? '' : rest;
  return u;
}

/** url.Parse; errors carry Go's text (`parse "127.0.0.1:2379": first path segment in URL cannot contain colon`). */
export function parseGoURL(raw: string): GoURL {
  const hash = raw.indexOf('#');
  const main = hash < 0 ? raw : raw.slice(0, hash);
  let u: GoURL;
  try {
    u = parseNoFragment(main);
  } catch (err) {
    throw new URLParseError(`parse ${goQuote(main)}: ${(err as Error).message}`);
  }
  if (hash >= 0) {
    const frag = raw.slice(hash + 1);
    try {
      u.fragment = unescape(frag, 'fragment');
    } catch (err) {
      throw new URLParseError(`parse ${goQuote(raw)}: ${(err as Error).message}`);
    }
    u.rawFragment = escape(u.fragment, 'fragment') === frag ? '' : frag;
  }
  return u;
}

function validEncoded(s: string, mode: Mode): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if ("!$&'()*+,;=:@[]".includes(c)) continue;
    if (c === '%') continue;
    if (shouldEscape(c.charCodeAt(0), mode)) return false;
  }
  return true;
}

/** URL.EscapedPath */
export function escapedPath(u: GoURL): string {
  if (u.rawPath !== '' && validEncoded(u.rawPath, 'path')) {
    try {
      if (unescape(u.rawPath, 'path') === u.path) return u.rawPath;
    } catch {
      // fall through to the default encoding
    }
  }
  if (u.path === '*') return '*';
  return escape(u.path, 'path');
}

function userString(user: NonNullable<GoURL['user']>): string {
  const name = escape(user.username, 'userPassword');
  return user.password === undefined ? name : `${name}:${escape(user.password, 'userPassword')}`;
}

/** URL.String */
export function goURLString(u: GoURL): string {
  let out = '';
  if (u.scheme !== '') out += u.scheme + ':';
  if (u.opaque !== '') {
    out += u.opaque;
  } else {
    if (u.scheme !== '' || u.host !== '' || u.user) {
      if (u.host !== '' || u.path !== '' || u.user) out += '//';
      if (u.user) out += userString(u.user) + '@';
      if (u.host !== '') out += escape(u.host, 'host');
    }
    const path = escapedPath(u);
    if (path !== '' && path[0] !== '/' && u.host !== '') out += '/';
    if (out === '' && path.split('/')[0].includes(':')) out += './';
    out += path;
  }
  if (u.forceQuery || u.rawQuery !== '') out += '?' + u.rawQuery;
  if (u.fragment !== '') {
    const frag = u.rawFragment !== '' && validEncoded(u.rawFragment, 'fragment') ? u.rawFragment : escape(u.fragment, 'fragment');
    out += '#' + frag;
  }
  return out;
}

/** url.Values, encoded sorted by key as Values.Encode does. Values are bytes: stdin values need not be UTF-8. */
export class QueryValues {
  private readonly map = new Map<string, Uint8Array[]>();

  /** url.ParseQuery, ignoring malformed pairs as URL.Query() does. */
  static parse(raw: string): QueryValues {
    const v = new QueryValues();
    for (const part of raw.split('&')) {
      if (part === '' || part.includes(';')) continue;
      const eq = part.indexOf('=');
      const key = queryUnescape(eq < 0 ? part : part.slice(0, eq));
      const value = queryUnescape(eq < 0 ? '' : part.slice(eq + 1));
      if (key === undefined || value === undefined) continue;
      v.map.set(key, [...(v.map.get(key) ?? []), Buffer.from(value, 'utf8')]);
    }
    return v;
  }

  set(key: string, value: string | Uint8Array): void {
    this.map.set(key, [typeof value === 'string' ? argBytes(value) : value]);
  }

  /** Values.Get: the first value of `key`, as text. */
  get(key: string): string | undefined {
    const v = this.map.get(key);
    return v && v.length ? Buffer.from(v[0]).toString('utf8') : undefined;
  }

  encode(): string {
    const keys = [...this.map.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const parts: string[] = [];
    for (const k of keys) {
      for (const v of this.map.get(k)!) parts.push(`${queryEscape(k)}=${queryEscape(v)}`);
    }
    return parts.join('&');
  }
}

/** etcd's pathutil.CanonicalURLPath: rooted, cleaned, trailing slash kept. */
export function canonicalURLPath(p: string): string {
  if (p === '') return '/';
  const rooted = p[0] === '/' ? p : '/' + p;
  let clean = cleanPath(rooted);
  if (rooted.endsWith('/') && clean !== '/') clean += '/';
  return clean;
}
