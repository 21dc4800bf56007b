// clientv3 checks member add's peer URLs before sending them (types.NewURLs, "fail-fast before panic in
// rafthttp"), so a bad URL is reported in Go's net/url wording and never reaches the server.
import { goQuote } from '../../cli/gofmt/quote.js';

/** What Go's url.Parse keeps of a URL that matters here. */
interface GoUrl {
  scheme: string;
  host: string;
  path: string;
}

class UrlError extends Error {}

const parseError = (raw: string, reason: string) => new UrlError(`parse ${goQuote(raw)}: ${reason}`);

/** url.getScheme: a scheme is letters first, then letters, digits, "+", "-" or ".", ended by ":". */
function splitScheme(raw: string): { scheme: string; rest: string } {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return { scheme: '', rest: raw };
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new UrlError('missing protocol scheme');
      return { scheme: raw.slice(0, i), rest: raw.slice(i + 1) };
    }
    return { scheme: '', rest: raw };
  }
  return { scheme: '', rest: raw };
}

/** url.validOptionalPort: nothing, or ":" followed by digits only. */
function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) throw new UrlError('missing \']\' in host');
    const port = host.slice(close + 1);
    if (!validOptionalPort(port)) throw new UrlError(`invalid port ${goQuote(port)} after host`);
    return host;
  }
  const colon = host.lastIndexOf(':');
  if (colon >= 0) {
    const port = host.slice(colon);
    if (!validOptionalPort(port)) throw new UrlError(`invalid port ${goQuote(port)} after host`);
  }
  return host;
}

function unescapePath(p: string): string {
  const bad = /%(?![0-9a-fA-F]{2})(.{0,2})/.exec(p);
  if (bad) throw new UrlError(`invalid URL escape ${goQuote('%' + bad[1])}`);
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}

/** The parts of Go's url.Parse that member URLs exercise, with its error texts. */
export function parseGoUrl(raw: string): GoUrl {
  try {
    if (/[\x00-\x1f\x7f]/.test(raw)) throw new UrlError('net/url: invalid control character in URL');
    let rest = raw;
    const hash = rest.indexOf('#');
    if (hash >= 0) rest = rest.slice(0, hash);
    if (rest === '') throw new UrlError('empty url');
    const { scheme, rest: afterScheme } = splitScheme(rest);
    rest = afterScheme;
    const query = rest.indexOf('?');
    if (query >= 0) rest = rest.slice(0, query);
    if (!rest.startsWith('/')) {
      if (scheme !== '') return { scheme: scheme.toLowerCase(), host: '', path: '' }; // opaque: "host:port" read as scheme "host"
      const slash = rest.indexOf('/');
      const segment = slash < 0 ? rest : rest.slice(0, slash);
      if (segment.includes(':')) throw new UrlError('first path segment in URL cannot contain colon');
    }
    let host = '';
    if ((scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
      const after = rest.slice(2);
      const slash = after.indexOf('/');
      const authority = slash < 0 ? after : after.slice(0, slash);
      rest = slash < 0 ? '' : after.slice(slash);
      const at = authority.lastIndexOf('@');
      host = parseHost(at < 0 ? authority : authority.slice(at + 1));
    }
    return { scheme: scheme.toLowerCase(), host, path: unescapePath(rest) };
  } catch (err) {
    if (err instanceof UrlError) throw parseError(raw, err.message);
    throw err;
  }
}

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
    let u: GoUrl;
    try {
      u = parseGoUrl(s);
    } catch (err) {
      return (err as Error).message;
    }
    if (!['http', 'https', 'unix', 'unixs'].includes(u.scheme)) return `URL scheme must be http, https, unix, or unixs: ${s}`;
    if (!hasHostPort(u.host)) return `URL address does not have the form "host:port": ${s}`;
    if (u.path !== '') return `URL must not contain a path: ${s}`;
  }
  return undefined;
}
