// clientv3 checks member add's peer URLs before sending them (types.NewURLs, "fail-fast before panic in
// rafthttp"), so a bad URL is reported in Go's net/url wording and never reaches the server.
import { parseGoURL, type GoURL } from '../../go/url.js';

/** Go's net.SplitHostPort succeeding: "host:port" or "[v6]:port". */
function hasHostPort(host: string): boolean {
  if (host.startsWith('[')) return /^\[[^\]]*\]:[^:]*$/.test(host);
  const colon = host.lastIndexOf(':');
  return colon >= 0 && !host.slice(0, colon).includes(':');
}

/** types.NewURLs' checks on each URL (trimmed first), first failure wins; returns the message or undefined. */
export function peerUrlsProblem(urls: string[]): string | undefined {
  if (urls.length === 0) return 'no valid URLs given';
  for (const given of urls) {
    const s = given.trim();
    let u: GoURL;
    try {
      u = parseGoURL(s);
    } catch (err) {
      return (err as Error).message;
    }
    if (!['http', 'https', 'unix', 'unixs'].includes(u.scheme)) return `URL scheme must be http, https, unix, or unixs: ${s}`;
    if (!hasHostPort(u.host)) return `URL address does not have the form "host:port": ${s}`;
    if (u.path !== '') return `URL must not contain a path: ${s}`;
  }
  return undefined;
}
