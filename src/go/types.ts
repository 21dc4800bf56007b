// etcd's pkg/types URL lists (pkg/types/urls.go@v3.4.23 and pkg/types/urlsmap.go@v3.4.23), which clientv3's member add, v2's
// member commands and snapshot restore all validate peer URLs with: NewURLs' checks and order, NewURLsMap's
// `name=url,…` syntax, and URLsMap.String().
import { splitHostPort } from './net.js';
import { goURLString, parseGoURL, URLParseError, type GoURL } from './url.js';

/** A URL list etcd refuses; the message is Go's. */
export class URLsError extends Error {}

/** Go compares strings byte-wise; JS compares UTF-16 units. Sorting must follow Go. */
export const byteCompare = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

function checkedURL(given: string): GoURL {
  const s = given.trim();
  let u: GoURL;
  try {
    u = parseGoURL(s);
  } catch (err) {
    if (err instanceof URLParseError) throw new URLsError(err.message);
    throw err;
  }
  if (!['http', 'https', 'unix', 'unixs'].includes(u.scheme)) throw new URLsError(`URL scheme must be http, https, unix, or unixs: ${s}`);
  if (!splitHostPort(u.host)) throw new URLsError(`URL address does not have the form "host:port": ${s}`);
  if (u.path !== '') throw new URLsError(`URL must not contain a path: ${s}`);
  return u;
}

/** types.NewURLs: each trimmed, parsed and checked (first failure wins), sorted by their String(). */
export function newURLs(strs: string[]): GoURL[] {
  if (strs.length === 0) throw new URLsError('no valid URLs given');
  const keyed = strs.map((s) => {
    const u = checkedURL(s);
    return { u, text: goURLString(u) };
  });
  return keyed.sort((a, b) => byteCompare(a.text, b.text)).map((k) => k.u);
}

/** NewURLs' result as the strings etcd stores. */
export const newURLStrings = (strs: string[]): string[] => newURLs(strs).map(goURLString);

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
  for (const [name, urls] of parseNameUrls(s)) out.set(name, newURLStrings(urls));
  return out;
}

/** URLsMap.String(): `name=url` pairs sorted, comma-joined. */
export function urlsMapString(m: Map<string, string[]>): string {
  const pairs: string[] = [];
  for (const [name, urls] of m) for (const u of urls) pairs.push(`${name}=${u}`);
  return pairs.sort(byteCompare).join(',');
}

/** NewURLs' refusal, or undefined: clientv3 checks member add/update's peer URLs so before sending them. */
export function peerUrlsProblem(urls: string[]): string | undefined {
  try {
    newURLs(urls);
    return undefined;
  } catch (err) {
    if (err instanceof URLsError) return err.message;
    throw err;
  }
}
