// ETCDCTL_API=2 over TLS: an etcd that requires client certificates, certificates made with openssl
// for the test. Compares the reference and ours with and without the CA and the client certificate.
import { test, describe, before, after } from 'node:test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ETCD_BIN, hasReference, spawnEtcd } from '../helpers/etcd.mjs';
import { sameAsReference, sleep } from '../helpers/v2-compare.mjs';

const haveOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const skip = !hasReference() ? 'reference etcdctl not installed' : !haveOpenssl ? 'openssl not installed' : false;

let dir;
let etcd;
let url;
let files;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function openssl(...args) {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

/** A CA, a server certificate for 127.0.0.1 and a client certificate, all signed by the CA. */
function makeCertificates() {
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=test-ca');
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n');
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const [name, cn] of [['server', '127.0.0.1'], ['client', 'client']]) {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`);
  }
  const f = (n) => join(dir, n);
  return { ca: f('ca.crt'), cert: f('client.crt'), key: f('client.key'), serverCert: f('server.crt'), serverKey: f('server.key') };
}

async function waitHealthy() {
  const agentOpts = { ca: readFileSync(files.ca), cert: readFileSync(files.cert), key: readFileSync(files.key) };
  for (let i = 0; i < 200; i++) {
    if (etcd.exitCode !== null) throw new Error('etcd exited');
    const ok = await new Promise((resolve) => {
      const req = https.get(`${url}/health`, agentOpts, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error('TLS etcd did not become healthy');
}

before(async () => {
  if (skip || !existsSync(ETCD_BIN)) return;
  dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-tls-'));
  files = makeCertificates();
  const [client, peer] = [await freePort(), await freePort()];
  url = `https://127.0.0.1:${client}`;
  etcd = spawnEtcd([
    '--name', 't', '--data-dir', join(dir, 'data'), '--enable-v2=true',
    '--listen-client-urls', url, '--advertise-client-urls', url,
    '--listen-peer-urls', `http://127.0.0.1:${peer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peer}`,
    '--initial-cluster', `t=http://127.0.0.1:${peer}`,
    '--cert-file', files.serverCert, '--key-file', files.serverKey, '--client-cert-auth', '--trusted-ca-file', files.ca,
    '--logger', 'zap', '--log-outputs', join(dir, 'etcd.log'),
  ], { stdio: 'ignore' });
  await waitHealthy();
});

after(async () => {
  if (etcd && etcd.exitCode === null) {
    const done = new Promise((r) => etcd.once('exit', r));
    process.kill(etcd.pid, 'SIGTERM');
    await done;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('v2 over TLS with client certificates', { skip }, () => {
  const tlsFlags = () => ['--ca-file', files.ca, '--cert-file', files.cert, '--key-file', files.key];
  test('with the CA and a client certificate: set, get, member list, cluster-health', async () => {
    await sameAsReference(['--endpoints', url, ...tlsFlags(), 'set', '/tls/k', 'v']);
    await sameAsReference(['--endpoints', url, ...tlsFlags(), '-o', 'json', 'get', '/tls/k']);
    await sameAsReference(['--endpoints', url, ...tlsFlags(), 'member', 'list']);
    await sameAsReference(['--endpoints', url, ...tlsFlags(), 'cluster-health']);
  });
  test('the same files from ETCDCTL_CA_FILE, ETCDCTL_CERT_FILE, ETCDCTL_KEY_FILE', () =>
    sameAsReference(['--endpoints', url, 'get', '/tls/k'], { env: { ETCDCTL_CA_FILE: files.ca, ETCDCTL_CERT_FILE: files.cert, ETCDCTL_KEY_FILE: files.key } }));
  test('without the CA: unknown authority', async () => {
    await sameAsReference(['--endpoints', url, '--cert-file', files.cert, '--key-file', files.key, 'get', '/tls/k']);
    await sameAsReference(['--endpoints', url, '--cert-file', files.cert, '--key-file', files.key, 'cluster-health']);
  });
  test('without a client certificate: bad certificate', async () => {
    await sameAsReference(['--endpoints', url, '--ca-file', files.ca, 'get', '/tls/k']);
    await sameAsReference(['--no-sync', '--endpoints', url, '--ca-file', files.ca, 'member', 'list']);
  });
  test('a name the certificate does not carry', () =>
    sameAsReference(['--no-sync', '--endpoints', url.replace('127.0.0.1', 'localhost'), ...tlsFlags(), 'get', '/tls/k']));
  test('plain http to the TLS port', () => sameAsReference(['--endpoints', url.replace('https:', 'http:'), 'get', '/tls/k']));
  test('a certificate file that is not PEM', () =>
    sameAsReference(['--endpoints', url, '--ca-file', files.ca, '--cert-file', files.ca.replace('ca.crt', 'server.ext'), '--key-file', files.key, 'get', '/tls/k']));
});
