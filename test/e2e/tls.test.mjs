// v3 over TLS with a throwaway PKI made by openssl: a server-only TLS etcd and one requiring client
// certificates (whose CN then names the user). Compared with the reference etcdctl where both succeed or fail
// on the flags; where the handshake fails, etcdctl says only "context deadline exceeded" and we also say why.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasReference } from '../helpers/etcd.mjs';
import { both, ours, reference, withoutZapLines, normalizeZap } from '../helpers/run.mjs';
import { sameAsReference } from '../helpers/compare.mjs';
import { HAVE_OPENSSL, makePki, startTlsEtcd } from '../helpers/tls.mjs';

const skip = !hasReference() ? 'reference etcdctl not installed' : !HAVE_OPENSSL ? 'openssl not installed' : false;
const FAST = ['--dial-timeout=1s', '--command-timeout=1s'];
const DEADLINE = 'Error: context deadline exceeded';

const same = (args) => sameAsReference([...FAST, ...args], { label: args.join(' ') });

/** etcdctl's bare timeout line, and ours with the reason after it. */
async function explained(args, reason) {
  const { ours: o, ref: r } = await both([...FAST, ...args]);
  assert.equal(withoutZapLines(r.stderr), `${DEADLINE}\n`, `the reference, ${args.join(' ')}`);
  assert.equal(o.code, r.code, `exit code of ${args.join(' ')}`);
  assert.equal(o.stdout, '');
  assert.equal(normalizeZap(o.stderr.split('\n')[0]), normalizeZap(r.stderr.split('\n')[0]), 'the retry warning');
  const lines = withoutZapLines(o.stderr).split('\n');
  assert.equal(lines.length, 2, `one line: ${o.stderr}`);
  assert.ok(lines[0].startsWith(`${DEADLINE} (TLS handshake with `), o.stderr);
  assert.match(lines[0], reason);
  return o;
}

describe('TLS', { skip }, () => {
  let pki;
  before(() => {
    pki = makePki({ serverSans: 'IP:127.0.0.1,DNS:localhost', clients: ['client', 'root', 'alice'] });
  });
  after(() => pki?.cleanup());

  describe('server-only TLS', () => {
    let etcd;
    before(async () => {
      etcd = await startTlsEtcd(pki);
    });
    after(() => etcd?.stop());

    test('--cacert with a schemeless endpoint, an https:// one and localhost', async () => {
      await same(['--endpoints', etcd.endpoint, '--cacert', pki.ca, 'put', 'k', 'v']);
      await same(['--endpoints', etcd.url, '--cacert', pki.ca, 'get', 'k', '-w', 'json']);
      await same(['--endpoints', etcd.url.replace('127.0.0.1', 'localhost'), '--cacert', pki.ca, 'get', 'k']);
      await same(['--endpoints', etcd.endpoint, '--cacert', pki.ca, 'member', 'list', '-w', 'fields']);
    });

    test('--insecure-skip-tls-verify needs a TLS configuration: a TLS file or --insecure-transport=false', async () => {
      await same(['--endpoints', etcd.endpoint, '--insecure-transport=false', '--insecure-skip-tls-verify', 'get', 'k']);
      await same(['--endpoints', etcd.endpoint, '--cacert', pki.otherCa, '--insecure-skip-tls-verify', 'get', 'k']);
      // https:// alone makes a TLS connection with the system's CAs, and the flag does not reach it.
      await explained(['--endpoints', etcd.url, '--insecure-skip-tls-verify', 'get', 'k'], /unknown authority; give the CA that signed it with --cacert/);
    });

    test('unknown authority: the wrong CA, or no CA at all', async () => {
      await explained(['--endpoints', etcd.endpoint, '--cacert', pki.otherCa, 'get', 'k'], /x509: certificate signed by unknown authority; the --cacert CA did not sign/);
      await explained(['--endpoints', etcd.url, 'get', 'k'], /x509: certificate signed by unknown authority; give the CA that signed it with --cacert/);
      await explained(['--endpoints', etcd.endpoint, '--insecure-transport=false', 'get', 'k'], /unknown authority/);
    });

    test('a host name the certificate does not carry', async () => {
      const other = etcd.url.replace('127.0.0.1', 'localhost');
      const pkiNoDns = makePki({ serverSans: 'IP:127.0.0.1' });
      const strict = await startTlsEtcd(pkiNoDns);
      try {
        await explained(['--endpoints', strict.url.replace('127.0.0.1', 'localhost'), '--cacert', pkiNoDns.ca, 'get', 'k'],
          /x509: certificate is not valid for any names, but wanted to match localhost\)$/);
      } finally {
        await strict.stop();
        pkiNoDns.cleanup();
      }
      await same(['--endpoints', other, '--cacert', pki.ca, 'get', 'k']);
    });

    test('http:// forces plaintext even with --cacert: a TLS server never answers', async () => {
      const o = await same(['--endpoints', etcd.url.replace('https:', 'http:'), '--cacert', pki.ca, 'get', 'k']);
      assert.equal(withoutZapLines(o.stderr), `${DEADLINE}\n`);
    });

    test('TLS flags that cannot work: exit 128 with Go\'s words, before any connection', async () => {
      const garbage = join(pki.dir, 'garbage.pem');
      writeFileSync(garbage, 'not a certificate\n');
      const c = pki.clients.client;
      const cases = [
        ['--cert', c.cert],
        ['--key', c.key],
        ['--cacert='],
        ['--cert=', '--key', c.key],
        ['--cacert', join(pki.dir, 'nofile.crt')],
        ['--cert', c.cert, '--key', join(pki.dir, 'nofile.key')],
        ['--cert', garbage, '--key', c.key],
        ['--cert', c.cert, '--key', garbage],
        ['--cert', c.key, '--key', c.key],
        ['--cert', c.cert, '--key', c.cert],
        ['--cert', c.cert, '--key', pki.server.key],
      ];
      for (const flags of cases) {
        const o = await same(['--endpoints', etcd.endpoint, ...flags, 'get', 'k']);
        assert.equal(o.code, 128, flags.join(' '));
      }
      // A CA file without certificates is an empty pool, not an error: the handshake fails later.
      await explained(['--endpoints', etcd.endpoint, '--cacert', garbage, 'get', 'k'], /unknown authority/);
    });
  });

  describe('client certificates (--client-cert-auth)', () => {
    let etcd;
    const certFlags = (name) => ['--cert', pki.clients[name].cert, '--key', pki.clients[name].key];
    before(async () => {
      etcd = await startTlsEtcd(pki, { clientCertAuth: true });
    });
    after(() => etcd?.stop());

    test('a trusted client certificate', async () => {
      await same(['--endpoints', etcd.endpoint, '--cacert', pki.ca, ...certFlags('client'), 'put', '/app/a', '1']);
      await same(['--endpoints', etcd.url, '--cacert', pki.ca, ...certFlags('client'), 'get', '/app/a', '-w', 'json']);
      await same(['--endpoints', etcd.endpoint, '--insecure-skip-tls-verify', ...certFlags('client'), 'member', 'list']);
    });

    test('no client certificate: the server refuses the handshake', async () => {
      await explained(['--endpoints', etcd.endpoint, '--cacert', pki.ca, 'get', 'k'],
        /remote error: tls: (bad certificate|certificate required); the server requires a client certificate: give --cert and --key\)$/);
      // Which alert the server sends depends on the Go it was built with (newer crypto/tls sends TLS 1.3's
      // certificate_required); ours names the alert the server sent, after etcdctl's own line.
      // With credentials the handshake fails within the dial timeout: exit 2 for both.
      const o = await explained(['--endpoints', etcd.endpoint, '--cacert', pki.ca, '--user=root:x', 'get', 'k'], /bad certificate|certificate required/);
      assert.equal(o.code, 2);
    });

    test('the certificate CN names the user when auth is on', async () => {
      const tls = ['--endpoints', etcd.endpoint, '--cacert', pki.ca];
      const asRoot = [...tls, ...certFlags('root')];
      for (const args of [['user', 'add', 'root', '--no-password'], ['user', 'add', 'alice', '--no-password'], ['role', 'add', 'app'],
        ['role', 'grant-permission', 'app', 'readwrite', '/app/', '--prefix'], ['user', 'grant-role', 'alice', 'app'],
        ['put', '/secret', 's'], ['auth', 'enable']]) {
        const r = await reference([...asRoot, ...args]);
        assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      }
      await same([...tls, ...certFlags('alice'), 'get', '/app/a']);
      const denied = await same([...tls, ...certFlags('alice'), 'get', '/secret']);
      assert.equal(withoutZapLines(denied.stderr), 'Error: etcdserver: permission denied\n');
      await same([...asRoot, 'get', '/secret']);
      await same([...asRoot, 'user', 'get', 'alice', '--detail']);
      // A user with no password cannot log in with one, whatever the certificate says.
      await same([...tls, ...certFlags('alice'), '--user=alice:x', 'get', '/app/a']);
      const r = await reference([...asRoot, 'auth', 'disable']);
      assert.equal(r.code, 0, r.stderr);
    });
  });
});
