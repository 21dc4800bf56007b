// check datascale reads the server's resident memory from <endpoint>/metrics, as etcdctl does: plain HTTP
// unless the endpoint says https (then the client certificate, and only --insecure-skip-tls-verify).
import { readFileSync } from 'node:fs';
import type { GlobalOptions } from '../globals.js';

const KEY = 'process_resident_memory_bytes';

function metricsUrl(endpoint: string): string {
  const host = endpoint.startsWith('http://') || endpoint.startsWith('https://') ? endpoint : 'http://' + endpoint;
  return host + '/metrics';
}

async function fetchText(url: string, g: GlobalOptions): Promise<string> {
  const { request } = url.startsWith('https://') ? await import('node:https') : await import('node:http');
  const tls = url.startsWith('https://')
    ? { cert: readFileSync(g.cert), key: readFileSync(g.key), rejectUnauthorized: !g.insecureSkipTlsVerify }
    : {};
  return new Promise((resolve, reject) => {
    const req = request(url, tls, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString()));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The resident memory in bytes, or 0 after printing (through `say`) why it could not be read. */
export async function residentMemoryBytes(endpoint: string, g: GlobalOptions, say: (line: string) => void): Promise<number> {
  const url = metricsUrl(endpoint);
  let body: string;
  try {
    body = await fetchText(url, g);
  } catch (err) {
    say(`fetch error: Get "${url}": ${(err as Error).message}`);
    return 0;
  }
  const line = body.split('\n').find((l) => l.startsWith(KEY));
  if (line === undefined) {
    say(`could not find: ${KEY}`);
    return 0;
  }
  const value = Number(line.slice(KEY.length).trim());
  if (Number.isNaN(value)) {
    say(`parse error: strconv.ParseFloat: parsing "${line.slice(KEY.length).trim()}": invalid syntax`);
    return 0;
  }
  return value;
}
