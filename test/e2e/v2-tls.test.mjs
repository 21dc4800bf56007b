// ETCDCTL_API=2 over TLS: an etcd that requires client certificates, certificates made with openssl
// for the test. Compares the reference and ours with and without the CA and the client certificate.
import { test, describe, before, after } from 'node:test';
import { existsSync } from 'node:fs';
import { ETCD_BIN, hasReference } from '../helpers/etcd.mjs';
import { HAVE_OPENSSL, makePki, startTlsEtcd } from '../helpers/tls.mjs';
import { sameAsReference } from '../helpers/v2-compare.mjs';

const skip = !hasReference() ? 'reference etcdctl not installed' : !HAVE_OPENSSL ? 'openssl not installed' : false;

let pki;
let etcd;
let url;
let files;

before(async () => {
  if (skip || !existsSync(ETCD_BIN)) return;
  // A CA, a server certificate for 127.0.0.1 and a client certificate, all signed by the CA.
  pki = makePki({ serverSans: 'IP:127.0.0.1', clients: ['client'] });
  files = { ca: pki.ca, ...pki.clients.client };
  etcd = await startTlsEtcd(pki, { clientCertAuth: true, extraArgs: ['--enable-v2=true'] });
  url = etcd.url;
});

after(async () => {
  await etcd?.stop();
  pki?.cleanup();
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
