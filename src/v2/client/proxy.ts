// Go's http.ProxyFromEnvironment, which the v2 transport uses: HTTP_PROXY for http, HTTPS_PROXY for
// https (CONNECT tunnel), NO_PROXY exclusions, and never a proxy for localhost or loopback addresses.
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import type { GoURL } from '../../go/url.js';

export type ProxyEnv = Record<string, string | undefined>;

export interface Proxy {
  hostname: string;
  port: number;
  headers: Record<string, string>;
  tunnel(host: string, port: number, tlsOpts: tls.ConnectionOptions, cb: (err: Error | null, s?: net.Socket) => void): void;
}

const envOf = (env: ProxyEnv, name: string) => env[name] || env[name.toLowerCase()] || '';

function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (net.isIPv4(host)) return host.startsWith('127.');
  return host === '::1';
}

/** NO_PROXY: `*`, domains (with or without a leading dot, matching subdomains), IPs and CIDRs, optional ports. */
function excluded(host: string, port: number, noProxy: string): boolean {
  for (const raw of noProxy.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    if (entry.includes('/') && net.isIP(host)) {
      const [base, bits] = entry.split('/');
      if (cidrContains(base, Number(bits), host)) return true;
      continue;
    }
    let name = entry;
    let entryPort: number | undefined;
    const m = /^(.*):(\d+)$/.exec(entry);
    if (m && !net.isIPv6(entry)) {
      name = m[1];
      entryPort = Number(m[2]);
    }
    if (entryPort !== undefined && entryPort !== port) continue;
    const h = host.toLowerCase();
    if (name.startsWith('.')) {
      if (h.endsWith(name) || h === name.slice(1)) return true;
    } else if (h === name || h.endsWith('.' + name)) {
      return true;
    }
  }
  return false;
}

function cidrContains(base: string, bits: number, ip: string): boolean {
  if (!net.isIPv4(base) || !net.isIPv4(ip) || !(bits >= 0 && bits <= 32)) return false;
  const toInt = (a: string) => a.split('.').reduce((n, o) => (n << 8) + Number(o), 0) >>> 0;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return ((toInt(base) & mask) >>> 0) === ((toInt(ip) & mask) >>> 0);
}

function parseProxyURL(raw: string): URL | undefined {
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    return undefined;
  }
}

/** The proxy a request to `url` goes through, if any. */
export function proxyFor(url: GoURL, env: ProxyEnv): Proxy | undefined {
  const secure = url.scheme === 'https';
  // Under CGI, HTTP_PROXY may come from a request header; Go ignores it there.
  const raw = secure ? envOf(env, 'HTTPS_PROXY') : env.REQUEST_METHOD ? '' : envOf(env, 'HTTP_PROXY');
  if (raw === '') return undefined;
  const m = /^\[(.*)\](?::(\d*))?$/.exec(url.host) ?? /^([^:]*)(?::(\d*))?$/.exec(url.host);
  const host = m ? m[1] : url.host;
  const port = m && m[2] ? Number(m[2]) : secure ? 443 : 80;
  if (isLoopback(host) || excluded(host, port, envOf(env, 'NO_PROXY'))) return undefined;
  const p = parseProxyURL(raw);
  if (!p) return undefined;
  const headers: Record<string, string> = {};
  if (p.username) {
    const cred = `${decodeURIComponent(p.username)}:${decodeURIComponent(p.password)}`;
    headers['Proxy-Authorization'] = 'Basic ' + Buffer.from(cred).toString('base64');
  }
  const hostname = p.hostname.replace(/^\[|\]$/g, '');
  const proxyPort = p.port ? Number(p.port) : p.protocol === 'https:' ? 443 : 80;
  return {
    hostname,
    port: proxyPort,
    headers,
    tunnel(targetHost, targetPort, tlsOpts, cb) {
      const authority = targetHost.includes(':') ? `[${targetHost}]:${targetPort}` : `${targetHost}:${targetPort}`;
      const req = http.request({ host: hostname, port: proxyPort, method: 'CONNECT', path: authority, headers: { Host: authority, ...headers } });
      req.once('connect', (res, socket) => {
        if (res.statusCode !== 200) {
          socket.destroy();
          cb(new Error(res.statusMessage || 'unknown status code'));
          return;
        }
        const secured = tls.connect({ ...tlsOpts, socket });
        secured.once('secureConnect', () => cb(null, secured));
        secured.once('error', (err) => cb(err));
      });
      req.once('error', (err) => cb(err));
      req.end();
    },
  };
}
