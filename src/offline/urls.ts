// Peer URL handling as etcd does it with Go's net/url: parsing (the parts restore cares about), the canonical
// String() form, types.NewURLs' checks and sorting, and the `name=url,name=url` initial-cluster syntax.
import { OfflineError } from './errors.js';

/** Go compares strings byte-wise; JS compares UTF-16 units. Sorting must follow Go. */
export const byteCompare = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

export interface GoUrl {
  scheme: string;
  opaque: string;
  user: string | null;
  host: string;
  path: string;
  rawQuery: string;
  forceQuery: boolean;
  fragment: string;
}

class UrlError extends Error {}

const isLetter = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isDigit = (c: string) => c >= '0' && c <= '9';

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (isLetter(c)) continue;
    if (isDigit(c) || c === '+' || c === '-' || c === '.') {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new UrlError('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

const validOptionalPort = (port: string): boolean => port === '' || (port[0] === ':' && /^\d*$/.test(port.slice(1)));

/** Characters Go leaves unescaped in a host (shouldEscape with encodeHost). */
const HOST_SAFE = /^[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"]$/;

function unescapeHost(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new UrlError(`invalid URL escape ${JSON.stringify(s.slice(i, i + 3))}`);
      out += String.fromCharCode(parseInt(hex, 16));
      i += 2;
    } else {
      if (c.charCodeAt(0) < 0x80 && !HOST_SAFE.test(c)) throw new UrlError(`invalid character ${JSON.stringify(c)} in host name`);
      out += c;
    }
  }
  return out;
}

function escapeHost(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'latin1')) {
    const c = String.fromCharCode(b);
    out += b < 0x80 && HOST_SAFE.test(c) ? c : '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw new UrlError("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw new UrlError(`invalid port ${JSON.stringify(colonPort)} after host`);
  } else {
    const i = host.lastIndexOf(':');
    if (i >= 0) {
      const colonPort = host.slice(i);
      if (!validOptionalPort(colonPort)) throw new UrlError(`invalid port ${JSON.stringify(colonPort)} after host`);
    }
  }
  return unescapeHost(host);
}

/** Go's url.Parse for the absolute URLs etcd flags carry. Errors read `parse "<url>": <reason>`. */
export function parseGoUrl(raw: string): GoUrl {
  try {
    return parseUrl(raw);
  } catch (err) {
    if (err instanceof UrlError) throw new OfflineError(`parse ${JSON.stringify(raw)}: ${err.message}`, 'BAD_CONFIG');
    throw err;
  }
}

function parseUrl(raw: string): GoUrl {
  const hash = raw.indexOf('#');
  const fragment = hash >= 0 ? raw.slice(hash + 1) : '';
  let rest = hash >= 0 ? raw.slice(0, hash) : raw;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(rest)) throw new UrlError('net/url: invalid control character in URL');
  const u: GoUrl = { scheme: '', opaque: '', user: null, host: '', path: '', rawQuery: '', forceQuery: false, fragment };
  let scheme: string;
  [scheme, rest] = getScheme(rest);
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
    const colon = rest.indexOf(':');
    const slash = rest.indexOf('/');
    if (colon >= 0 && (slash < 0 || colon < slash)) throw new UrlError('first path segment in URL cannot contain colon');
  }
  if ((u.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    const afterSlashes = rest.slice(2);
    const slash = afterSlashes.indexOf('/');
    const authority = slash >= 0 ? afterSlashes.slice(0, slash) : afterSlashes;
    rest = slash >= 0 ? afterSlashes.slice(slash) : '';
    const at = authority.lastIndexOf('@');
    if (at >= 0) u.user = authority.slice(0, at);
    u.host = parseHost(at >= 0 ? authority.slice(at + 1) : authority);
  }
  u.path = decodePath(rest);
  return u;
}

function decodePath(p: string): string {
  try {
    return p.includes('%') ? decodeURIComponent(p) : p;
  } catch {
    throw new UrlError(`invalid URL escape in ${JSON.stringify(p)}`);
  }
}

/** Go's url.URL.String() for the URLs restore accepts (no path). */
export function goUrlString(u: GoUrl): string {
  let out = u.scheme ? u.scheme + ':' : '';
  if (u.opaque) {
    out += u.opaque;
  } else {
    if (u.scheme || u.host || u.user !== null) {
      if (u.host || u.path || u.user !== null) out += '//';
      if (u.user !== null) out += u.user + '@';
      if (u.host) out += escapeHost(u.host);
    }
    out += u.path;
  }
  if (u.forceQuery || u.rawQuery) out += '?' + u.rawQuery;
  if (u.fragment) out += '#' + u.fragment;
  return out;
}

/** net.SplitHostPort succeeds? */
export function splitHostPort(hostport: string): { host: string; port: string } | null {
  let host: string;
  let rest: string;
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']');
    if (end < 0) return null;
    if (end + 1 === hostport.length || hostport[end + 1] !== ':') return null;
    host = hostport.slice(1, end);
    rest = hostport.slice(end + 2);
    if (host.includes('[') || host.includes(']')) return null;
  } else {
    const i = hostport.lastIndexOf(':');
    if (i < 0) return null;
    host = hostport.slice(0, i);
    rest = hostport.slice(i + 1);
    if (host.includes(':') || host.includes('[') || host.includes(']')) return null;
  }
  if (rest.includes('[') || rest.includes(']')) return null;
  return { host, port: rest };
}

/**
 * types.NewURLs: each trimmed, parsed, checked (scheme, host:port, no path) and the list sorted by the
 * canonical string. Returns the canonical strings.
 */
export function newURLs(strs: string[]): string[] {
  if (strs.length === 0) throw new OfflineError('no valid URLs given', 'BAD_CONFIG');
  const out: string[] = [];
  for (const raw of strs) {
    const input = raw.trim();
    const u = parseGoUrl(input);
    if (!['http', 'https', 'unix', 'unixs'].includes(u.scheme)) {
      throw new OfflineError(`URL scheme must be http, https, unix, or unixs: ${input}`, 'BAD_CONFIG');
    }
    if (!splitHostPort(u.host)) throw new OfflineError(`URL address does not have the form "host:port": ${input}`, 'BAD_CONFIG');
    if (u.path !== '') throw new OfflineError(`URL must not contain a path: ${input}`, 'BAD_CONFIG');
    out.push(goUrlString(u));
  }
  return out.sort(byteCompare);
}

/** The `name=url,name=url` syntax: repeated names collect URLs, empty segments are skipped. Insertion-ordered. */
export function parseNameUrls(s: string): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const segment of s.split(',')) {
    if (segment === '') continue;
    const eq = segment.indexOf('=');
    const name = eq >= 0 ? segment.slice(0, eq) : segment;
    const value = eq >= 0 ? segment.slice(eq + 1) : '';
    const list = m.get(name) ?? [];
    list.push(value);
    m.set(name, list);
  }
  return m;
}

/** types.NewURLsMap: every member's URLs validated and sorted. */
export function newURLsMap(s: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, urls] of parseNameUrls(s)) out.set(name, newURLs(urls));
  return out;
}

/** URLsMap.String(): `name=url` pairs sorted, comma-joined. */
export function urlsMapString(m: Map<string, string[]>): string {
  const pairs: string[] = [];
  for (const [name, urls] of m) for (const u of urls) pairs.push(`${name}=${u}`);
  return pairs.sort(byteCompare).join(',');
}
