// Peer URL handling as etcd does it with Go's net/url: parsing (the parts restore cares about), the canonical
// String() form, types.NewURLs' checks and sorting, and the `name=url,name=url` initial-cluster syntax.
import { goURLString, parseGoURL, URLParseError, type GoURL } from '../go/url.js';
import { OfflineError } from './errors.js';

/** Go compares strings byte-wise; JS compares UTF-16 units. Sorting must follow Go. */
export const byteCompare = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

export type GoUrl = GoURL;

/** Go's url.Parse (src/go/url.ts); its errors, `parse "<url>": <reason>`, become restore's config errors. */
export function parseGoUrl(raw: string): GoUrl {
  try {
    return parseGoURL(raw);
  } catch (err) {
    if (err instanceof URLParseError) throw new OfflineError(err.message, 'BAD_CONFIG');
    throw err;
  }
}

/** Go's url.URL.String(). */
export const goUrlString = (u: GoUrl): string => goURLString(u);

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
