// The v2 HTTP adapter and commands against scripted in-process HTTP servers: failover and ClusterError
// texts, 5xx handling, redirects, header timeout, the sync, basic auth, empty watch answers, broken
// watches, answers of a server without the v2 API, and the user/role/cluster-health quirks.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { Readable } from 'node:stream';
import { runV2 } from '../../dist/v2/cli.js';
import { CliError } from '../../dist/cli/exit.js';
import { proxyFor } from '../../dist/v2/client/proxy.js';
import { parseGoURL } from '../../dist/go/url.js';

const servers = [];
after(() => Promise.all(servers.map((s) => new Promise((r) => { s.closeAllConnections(); s.close(r); }))));

/** A server answering with `handler(req, body)` → { status, body, headers } (or a function taking res). */
async function fake(handler) {
  const requests = [];
  const srv = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      const answer = handler(req, body, res);
      if (!answer) return;
      res.writeHead(answer.status ?? 200, { 'Content-Type': 'application/json', ...(answer.headers ?? {}) });
      res.end(answer.body ?? '');
    });
  });
  servers.push(srv);
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${srv.address().port}`, requests };
}

/** Runs the v2 tree with in-memory streams; errors are printed as src/main.ts prints them. */
async function run(args, { env = {} } = {}) {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (d) => { stdout += Buffer.from(d).toString(); }, isTTY: false },
    stderr: { write: (d) => { stderr += Buffer.from(d).toString(); }, isTTY: false },
    stdin: Readable.from([]),
    env: { PATH: process.env.PATH, ...env },
    flush: async () => {},
  };
  let code;
  try {
    code = await runV2(args, io);
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    if (err.opts.stdout) stdout += err.opts.stdout;
    stderr += err.stderrText;
    code = err.exitCode;
  }
  return { code, stdout, stderr };
}

const keyAnswer = (value = 'v') => ({ status: 200, headers: { 'X-Etcd-Index': '7' }, body: JSON.stringify({ action: 'get', node: { key: '/k', value, modifiedIndex: 7, createdIndex: 7 } }) });

describe('failover and server errors', () => {
  test('a member answering 500 is skipped; the next one answers', async () => {
    const bad = await fake(() => ({ status: 500, body: '{"message":"x"}' }));
    const good = await fake(() => keyAnswer('ok'));
    const r = await run(['--no-sync', '--endpoints', `${bad.url},${good.url}`, 'get', '/k']);
    assert.deepEqual(r, { code: 0, stdout: 'ok\n', stderr: '' });
  });
  test('every member failing: a ClusterError with one line per attempt, exit 4', async () => {
    const a = await fake(() => ({ status: 503 }));
    const b = await fake(() => ({ status: 502 }));
    const r = await run(['--no-sync', '--endpoints', `${a.url},${b.url}`, 'get', '/k']);
    assert.equal(r.code, 4);
    assert.match(r.stderr, new RegExp(`client: etcd member ${a.url} has no leader\\n`));
    assert.match(r.stderr, new RegExp(`client: etcd member ${b.url} returns server error \\[Bad Gateway\\]\\n`));
    assert.match(r.stderr, /^Error: {2}client: etcd cluster is unavailable or misconfigured; error #0: .*\n; error #1: .*\n\nerror #0: .*\nerror #1: .*\n\n$/);
  });
  test('one-shot requests (rm) stop at the first member with the bare error', async () => {
    const a = await fake(() => ({ status: 500 }));
    const r = await run(['--no-sync', '--endpoints', a.url, 'rm', '/k']);
    assert.deepEqual(r, { code: 4, stdout: '', stderr: `Error:  client: etcd member ${a.url} has no leader\n` });
  });
  test('redirects are followed with a cURL line each; more than 10 fail', async () => {
    const target = await fake(() => keyAnswer('moved'));
    const hop = await fake(() => ({ status: 307, headers: { Location: `${target.url}/v2/keys/k?quorum=false&recursive=false&sorted=false` } }));
    const r = await run(['--debug', '--no-sync', '--endpoints', hop.url, 'get', '/k']);
    assert.equal(r.stdout, 'moved\n');
    assert.equal(r.stderr.match(/cURL Command/g).length, 2);
    const loop = await fake((req) => ({ status: 302, headers: { Location: `http://${req.headers.host}/again` } }));
    const r2 = await run(['--no-sync', '--endpoints', loop.url, 'get', '/k']);
    assert.equal(r2.code, 4);
    assert.match(r2.stderr, /error #0: client: too many redirects\n/);
    assert.equal(loop.requests.length, 11);
  });
  test('a member that does not answer: header timeout', async () => {
    const hang = await fake(() => undefined);
    const r = await run(['--no-sync', '--timeout', '200ms', '--endpoints', hang.url, 'get', '/k']);
    assert.equal(r.code, 4);
    assert.match(r.stderr, new RegExp(`error #0: client: endpoint ${hang.url} exceeded header timeout\n`));
  });
  test('the total timeout ends the request with context deadline exceeded', async () => {
    const hang = await fake(() => undefined);
    const r = await run(['--no-sync', '--timeout', '0', '--total-timeout', '150ms', '--endpoints', hang.url, 'get', '/k']);
    assert.deepEqual(r, { code: 4, stdout: '', stderr: 'Error:  context deadline exceeded\n' });
  });
});

describe('the sync', () => {
  test('requests go to the members\' client URLs; basic auth on every request', async () => {
    const member = await fake(() => keyAnswer('synced'));
    const seed = await fake(() => ({ body: JSON.stringify({ members: [{ id: '1', name: 'a', peerURLs: [], clientURLs: [member.url] }] }) }));
    const r = await run(['--debug', '-u', 'root:pw', '--endpoints', seed.url, 'get', '/k']);
    assert.equal(r.stdout, 'synced\n');
    assert.match(r.stderr, new RegExp(`got endpoints\\(${member.url}\\) after sync\nCluster-Endpoints: ${member.url}\n`));
    const auth = 'Basic ' + Buffer.from('root:pw').toString('base64');
    assert.equal(seed.requests[0].headers.authorization, auth);
    assert.equal(member.requests[0].headers.authorization, auth);
    assert.doesNotMatch(r.stderr, /root:pw/);
  });
  test('members without client URLs: the no-published-endpoints message, exit 4', async () => {
    const seed = await fake(() => ({ body: '{"members":[{"id":"1","name":"a","peerURLs":["http://x:1"],"clientURLs":[]}]}' }));
    const r = await run(['--endpoints', seed.url, 'get', '/k']);
    assert.deepEqual(r, {
      code: 4, stdout: '',
      stderr: `etcd cluster has no published client endpoints.\nTry '--no-sync' if you want to access non-published client endpoints(${seed.url}).\nError:  client: no endpoints available\n`,
    });
  });
  test('a sync failing with a non-connection error is ignored', async () => {
    const srv = await fake((req) => (req.url === '/v2/members' ? { status: 500 } : keyAnswer('kept')));
    const r = await run(['--endpoints', srv.url, 'get', '/k']);
    assert.deepEqual(r, { code: 0, stdout: 'kept\n', stderr: '' });
  });
  test('a server without the v2 API: etcdctl\'s error, then our hint', async () => {
    const srv = await fake(() => ({ status: 404, headers: { 'Content-Type': 'text/plain' }, body: '404 page not found\n' }));
    const r = await run(['--endpoints', srv.url, 'get', '/k']);
    assert.equal(r.code, 4);
    assert.equal(r.stderr, 'Error:  client: response is invalid json. The endpoint is probably not valid etcd cluster endpoint\n'
      + 'hint: this server does not serve the v2 API; start etcd with --enable-v2=true, or use ETCDCTL_API=3\n');
  });
});

describe('watch', () => {
  test('an empty answer is asked again; the next index follows the event', async () => {
    let n = 0;
    const srv = await fake(() => (++n === 1 ? { status: 200, body: '' } : keyAnswer('event')));
    const r = await run(['--no-sync', '--endpoints', srv.url, 'watch', '--after-index', '4', '/k']);
    assert.equal(r.stdout, 'event\n');
    assert.deepEqual(srv.requests.map((q) => q.url), [
      '/v2/keys/k?recursive=false&wait=true&waitIndex=5', '/v2/keys/k?recursive=false&wait=true&waitIndex=5',
    ]);
  });
  test('a connection lost in the middle of the answer: unexpected EOF', async () => {
    const srv = await fake((req, body, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
      res.write('{"action":');
      setTimeout(() => res.socket.destroy(), 20);
    });
    const r = await run(['--no-sync', '--endpoints', srv.url, 'watch', '/k']);
    assert.deepEqual(r, {
      code: 4, stdout: '',
      stderr: 'Error:  client: etcd cluster is unavailable or misconfigured; error #0: unexpected EOF\n\nerror #0: unexpected EOF\n\n',
    });
  });
  test('directory events are skipped', async () => {
    let n = 0;
    const srv = await fake(() => (++n === 1
      ? { body: '{"action":"set","node":{"key":"/k/d","dir":true,"modifiedIndex":3,"createdIndex":3}}' }
      : { body: '{"action":"set","node":{"key":"/k/f","value":"x","modifiedIndex":4,"createdIndex":4}}' }));
    const r = await run(['--no-sync', '--endpoints', srv.url, 'watch', '-r', '/k']);
    assert.equal(r.stdout, '[set] /k/f\nx\n');
    assert.match(srv.requests[1].url, /waitIndex=4$/);
  });
});

describe('member, user, role, cluster-health answers', () => {
  test('user get: the extra spaces of the client\'s double decoding', async () => {
    const srv = await fake(() => ({ body: '{"user":"u","roles":[{"role":"r3","permissions":{"kv":{"read":[],"write":[]}}},{"role":"root"}]}' }));
    const r = await run(['--no-sync', '--endpoints', srv.url, 'user', 'get', 'u']);
    assert.deepEqual(r, { code: 0, stdout: 'User: u\nRoles:   r3 root\n', stderr: '' });
  });
  test('user add sends the JSON etcdctl sends; password omitted when empty', async () => {
    const srv = await fake(() => ({ status: 201, body: '{}' }));
    await run(['--no-sync', '--endpoints', srv.url, 'user', 'add', 'a<b:p&w']);
    await run(['--no-sync', '--endpoints', srv.url, 'user', 'add', 'c:']);
    assert.equal(srv.requests[0].body, '{"user":"a\\u003cb","password":"p\\u0026w","roles":null}');
    assert.equal(srv.requests[0].url, '/v2/auth/users/a%3Cb');
    assert.equal(srv.requests[1].body, '{"user":"c","roles":null}');
  });
  test('role grant that changes nothing says so without a newline', async () => {
    const role = '{"role":"r","permissions":{"kv":{"read":["/a"],"write":null}}}';
    const srv = await fake(() => ({ body: role }));
    const r = await run(['--no-sync', '--endpoints', srv.url, 'role', 'grant', '--path', '/a', '--read', 'r']);
    assert.equal(r.stdout, 'Role unchanged; already grantedRole r updated\n');
    assert.equal(srv.requests[1].body, '{"role":"r","permissions":{"kv":{"read":null,"write":null}},"grant":{"kv":{"read":["/a"],"write":null}}}');
  });
  test('member list: unstarted members, and the leader lookup failing', async () => {
    const list = '{"members":[{"id":"a1","name":"","peerURLs":["http://p:1"],"clientURLs":[]},{"id":"b2","name":"m","peerURLs":["http://p:2","http://p:3"],"clientURLs":["http://c:1"]}]}';
    const srv = await fake((req) => (req.url === '/v2/members' ? { body: list } : { body: '{"id":"b2"}' }));
    const r = await run(['--no-sync', '--endpoints', srv.url, 'member', 'list']);
    assert.equal(r.stdout, 'a1[unstarted]: peerURLs=http://p:1\nb2: name=m peerURLs=http://p:2,http://p:3 clientURLs=http://c:1 isLeader=true\n');
    const noLeader = await fake((req) => (req.url === '/v2/members' ? { body: list } : { status: 503 }));
    const r2 = await run(['--no-sync', '--endpoints', noLeader.url, 'member', 'list']);
    assert.deepEqual(r2, {
      code: 1, stdout: '',
      stderr: `Failed to get leader:  client: etcd cluster is unavailable or misconfigured; error #0: client: etcd member ${noLeader.url} has no leader\n\n`,
    });
  });
  test('cluster-health accepts "true" and true; other answers are reported per member', async () => {
    const healthy = await fake(() => ({ body: '{"health":true}' }));
    const broken = await fake(() => ({ status: 200, body: 'garbage' }));
    const list = JSON.stringify({ members: [
      { id: '1', name: 'a', peerURLs: [], clientURLs: [healthy.url] },
      { id: '2', name: 'b', peerURLs: [], clientURLs: [broken.url] },
      { id: '3', name: 'c', peerURLs: [], clientURLs: [] },
    ] });
    const seed = await fake(() => ({ body: list }));
    const r = await run(['--endpoints', seed.url, 'cluster-health']);
    assert.equal(r.code, 5);
    assert.equal(r.stdout, `member 1 is healthy: got healthy result from ${healthy.url}\n`
      + `failed to check the health of member 2 on ${broken.url}: invalid character 'g' looking for beginning of value\n`
      + `member 2 is unreachable: [${broken.url}] are all unreachable\n`
      + 'member 3 is unreachable: no available published client urls\ncluster is degraded\n');
  });
});

describe('HTTP proxies from the environment, as Go\'s ProxyFromEnvironment', () => {
  test('which requests use a proxy', () => {
    const env = { HTTP_PROXY: 'proxy:3128', https_proxy: 'http://u:p@sproxy:8080', NO_PROXY: '.internal,10.0.0.0/8,db:2379' };
    assert.equal(proxyFor(parseGoURL('http://127.0.0.1:2379'), env), undefined);
    assert.equal(proxyFor(parseGoURL('http://localhost:2379'), env), undefined);
    assert.equal(proxyFor(parseGoURL('http://a.internal:2379'), env), undefined);
    assert.equal(proxyFor(parseGoURL('http://10.1.2.3:2379'), env), undefined);
    assert.equal(proxyFor(parseGoURL('http://db:2379'), env), undefined);
    assert.equal(proxyFor(parseGoURL('http://db:2380'), env).hostname, 'proxy');
    const secure = proxyFor(parseGoURL('https://etcd.example:2379'), env);
    assert.equal(secure.port, 8080);
    assert.equal(secure.headers['Proxy-Authorization'], 'Basic ' + Buffer.from('u:p').toString('base64'));
    assert.equal(proxyFor(parseGoURL('http://etcd.example:2379'), { ...env, REQUEST_METHOD: 'GET' }), undefined);
  });
  test('a plain-HTTP request goes to the proxy with the absolute URL', async () => {
    const proxy = await fake(() => keyAnswer('via proxy'));
    const r = await run(['--no-sync', '--endpoints', 'http://etcd.example:2379', 'get', '/k'], { env: { HTTP_PROXY: proxy.url } });
    assert.deepEqual(r, { code: 0, stdout: 'via proxy\n', stderr: '' });
    assert.equal(proxy.requests[0].url, 'http://etcd.example:2379/v2/keys/k?quorum=false&recursive=false&sorted=false');
    assert.equal(proxy.requests[0].headers.host, 'etcd.example:2379');
  });
});
