// -d/--discovery-srv: endpoints from DNS SRV records, answered by a small DNS server on loopback that our
// etcdctl is pointed at with ETCDCTLTS_DNS_SERVER (the reference reads /etc/resolv.conf only, so it is
// compared where the system resolver answers: a name that does not exist).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEtcd, hasReference } from '../helpers/etcd.mjs';
import { ours, reference, withoutZapLines } from '../helpers/run.mjs';
import { startDns } from '../helpers/dns.mjs';
import { HAVE_OPENSSL, makePki, startTlsEtcd } from '../helpers/tls.mjs';
import { orderSrv } from '../../dist/go/srv.js';

const skip = HAVE_OPENSSL ? false : 'openssl not installed';

describe('DNS SRV discovery', { skip }, () => {
  let plain;
  let secure;
  let pki;
  let dns;
  let env;
  let plainPort;
  before(async () => {
    pki = makePki({ serverSans: 'IP:127.0.0.1,DNS:localhost,DNS:secure.test' });
    [plain, secure] = await Promise.all([startEtcd({ members: 1 }), startTlsEtcd(pki)]);
    plainPort = Number(plain.endpoints[0].split(':')[1]);
    dns = await startDns({
      srv: {
        '_etcd-client._tcp.plain.test': [{ port: plainPort, target: 'localhost' }],
        '_etcd-client-x._tcp.plain.test': [{ port: plainPort, target: 'localhost' }],
        '_etcd-client-ssl._tcp.secure.test': [{ port: secure.port, target: 'localhost' }],
        '_etcd-client._tcp.secure.test': [{ port: plainPort, target: 'localhost' }],
        '_etcd-client._tcp.insecure-only.test': [{ port: plainPort, target: 'localhost' }],
      },
    });
    env = { ETCDCTLTS_DNS_SERVER: dns.server };
  });
  after(async () => {
    await dns?.close();
    await Promise.all([plain?.stop(), secure?.stop()]);
    pki?.cleanup();
  });

  const run = (args, extraEnv = {}) => ours(['--dial-timeout=1s', '--command-timeout=2s', ...args], { env: { ...env, ...extraEnv } });

  test('http endpoints from _etcd-client._tcp, and from _etcd-client-<name>._tcp with --discovery-srv-name', async () => {
    assert.deepEqual(await run(['-d', 'plain.test', 'put', 'k', 'v']).then((r) => [r.code, r.stdout, r.stderr]), [0, 'OK\n', '']);
    const got = await run(['--discovery-srv', 'plain.test', '--discovery-srv-name', 'x', 'get', 'k']);
    assert.deepEqual([got.code, got.stdout, got.stderr], [0, 'k\nv\n', '']);
    const fromEnv = await run(['get', 'k', '--print-value-only'], { ETCDCTL_DISCOVERY_SRV: 'plain.test', ETCDCTL_DISCOVERY_SRV_NAME: 'x' });
    assert.equal(fromEnv.stdout, 'v\n');
    assert.ok(dns.queries.includes('_etcd-client-ssl-x._tcp.plain.test'), 'the ssl name is asked for too');
  });

  test('no records under either name: both lookups named in one error', async () => {
    const r = await run(['-d', 'nothing.test', 'get', 'k']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `Error: dns lookup errors: lookup _etcd-client-ssl._tcp.nothing.test on ${dns.server}: no such host and lookup _etcd-client._tcp.nothing.test on ${dns.server}: no such host\n`);
  });

  test('https endpoints from _etcd-client-ssl._tcp; the https one is listed first', async () => {
    const put = await run(['-d', 'secure.test', '--cacert', pki.ca, 'put', 'tls-k', 'tls-v']);
    assert.deepEqual([put.code, put.stderr], [0, '']);
    const onTls = await ours(['--endpoints', secure.url, '--cacert', pki.ca, 'get', 'tls-k', '--print-value-only']);
    assert.equal(onTls.stdout, 'tls-v\n', 'the write went to the TLS member');
  });

  test('--insecure-discovery=false drops http endpoints with a notice and checks certificates against the domain', async () => {
    const r = await run(['-d', 'secure.test', '--insecure-discovery=false', '--cacert', pki.ca, 'get', 'tls-k', '--print-value-only']);
    assert.deepEqual([r.code, r.stdout], [0, 'tls-v\n']);
    assert.equal(r.stderr, `ignoring discovered insecure endpoint "http://localhost.:${plainPort}"\n`);
  });

  test('when every discovered endpoint is dropped, --endpoints is used', async () => {
    const r = await run(['-d', 'insecure-only.test', '--insecure-discovery=false', '--endpoints', `http://${plain.endpoints[0]}`, 'get', 'k', '--print-value-only']);
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, 'v\n', `ignoring discovered insecure endpoint "http://localhost.:${plainPort}"\n`]);
  });

  test('--cluster asks the member list of a discovered endpoint (an SRV target with its trailing dot)', async () => {
    const health = await run(['-d', 'plain.test', 'endpoint', 'health', '--cluster']);
    assert.equal(health.code, 0, health.stderr);
    assert.match(health.stdout, new RegExp(`^${plain.clientUrls[0].replace(/\./g, '\\.')} is healthy: successfully committed proposal: took = \\S+\n$`));
    const status = await run(['-d', 'plain.test', 'endpoint', 'status', '--cluster', '-w', 'fields']);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, new RegExp(`"Endpoint" : "${plain.clientUrls[0]}"`));
  });

  test('one lookup per run, however many times the command asks for its endpoints', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-srv-'));
    try {
      dns.queries.length = 0;
      const r = await run(['-d', 'insecure-only.test', '--insecure-discovery=false', '--endpoints', `http://${plain.endpoints[0]}`, 'snapshot', 'save', join(dir, 's.db')]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr.split('ignoring discovered').length - 1, 1, r.stderr);
      assert.deepEqual(dns.queries.sort(), ['_etcd-client-ssl._tcp.insecure-only.test', '_etcd-client._tcp.insecure-only.test']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the system resolver: the same error as the reference for a name that does not exist', { skip: !hasReference() && 'reference etcdctl not installed' }, async () => {
    const args = ['--dial-timeout=1s', '-d', 'example.invalid', 'get', 'k'];
    const r = await reference(args, { timeoutMs: 20000 });
    const refErr = withoutZapLines(r.stderr);
    if (!/no such host and/.test(refErr)) return; // no resolver that answers here: nothing to compare
    const o = await ours(args, { timeoutMs: 20000 });
    assert.deepEqual([o.code, o.stdout, o.stderr], [r.code, r.stdout, refErr]);
  });
});

describe('SRV record order (Go net.LookupSRV)', () => {
  const rec = (name, priority, weight) => ({ name, port: 1, priority, weight });

  test('by priority, lowest first', () => {
    const order = orderSrv([rec('c', 30, 0), rec('a', 10, 0), rec('b', 20, 0)]).map((r) => r.name);
    assert.deepEqual(order, ['a', 'b', 'c']);
  });

  test('within a priority, picked by weight', () => {
    const recs = [rec('light', 1, 1), rec('heavy', 1, 99)];
    let heavyFirst = 0;
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 1000; i++) if (orderSrv(recs, random)[0].name === 'heavy') heavyFirst++;
    assert.ok(heavyFirst > 950 && heavyFirst < 1000, `heavy first ${heavyFirst} times in 1000`);
    assert.deepEqual(orderSrv([rec('x', 1, 0), rec('y', 1, 0)]).map((r) => r.name), ['x', 'y']);
  });
});
