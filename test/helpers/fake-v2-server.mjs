// A small stand-in for etcd's v2 HTTP API on a free loopback port, answering whatever a test asks for:
// malformed bodies, 5xx, redirects, slow or silent responses. Requests it gets are recorded.
import { createServer } from 'node:http';

const VERSION = JSON.stringify({ etcdserver: '3.4.23', etcdcluster: '3.4.0' });

/**
 * startFakeV2(handler?) → { url, requests, respond(handler), close() }
 * `handler(req, res, { url, body })` answers a request; when it returns false the default answer is given:
 * a one-member /v2/members naming this server, /version, /health, and 404 for the rest.
 */
export async function startFakeV2(handler = () => false) {
  let current = handler;
  const requests = [];
  const sockets = new Set();
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks).toString();
    requests.push({ method: req.method, url: req.url, body });
    if ((await current(req, res, { url: fake.url, body })) !== false) return;
    if (req.url.startsWith('/v2/members')) {
      return json(res, 200, { members: [{ id: '8e9e05c52164694d', name: 'fake', peerURLs: ['http://127.0.0.1:2380'], clientURLs: [fake.url] }] });
    }
    if (req.url === '/version') return json(res, 200, JSON.parse(VERSION));
    if (req.url === '/health') return json(res, 200, { health: 'true' });
    json(res, 404, { errorCode: 100, message: 'Key not found', cause: req.url, index: 1 });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const fake = {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    respond(h) {
      current = h;
      requests.length = 0;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
  return fake;
}

export function json(res, status, value, headers = {}) {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json', 'X-Etcd-Index': '1', ...headers });
  res.end(body);
}
