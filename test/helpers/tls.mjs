// Throwaway certificates made with openssl, and an etcd serving its clients over TLS.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnEtcd, stopProc } from './etcd.mjs';
import { hasProgram, runSync } from './run.mjs';

export { freePort };

export const HAVE_OPENSSL = hasProgram('openssl');

/** Runs openssl in `cwd`; throws when it fails. */
export function openssl(args, cwd) {
  const r = runSync('openssl', args, { cwd, inheritEnv: true });
  if (r.code !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr}`);
  return r;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// P-256 keys: made in milliseconds where RSA takes a good part of a second each.
const NEW_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];

/**
 * A PKI in a new temp dir: a CA, a second unrelated CA, a server certificate (SANs `serverSans`, e.g.
 * 'IP:127.0.0.1,DNS:localhost') and one client certificate per name in `clients` (the name is the CN, which
 * etcd takes as the user name under --client-cert-auth). Returns file paths and `cleanup()`.
 */
export function makePki({ serverSans = 'IP:127.0.0.1', clients = ['client'] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-pki-'));
  const ssl = (...args) => openssl(args, dir);
  const f = (n) => join(dir, n);
  for (const ca of ['ca', 'other-ca']) {
    ssl('req', '-x509', ...NEW_KEY, '-nodes', '-keyout', `${ca}.key`, '-out', `${ca}.crt`, '-days', '2', '-subj', `/CN=${ca}`);
  }
  const sign = (name, cn, ext) => {
    writeFileSync(f(`${name}.ext`), ext);
    ssl('req', ...NEW_KEY, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`);
  };
  sign('server', 'etcd-server', `subjectAltName=${serverSans}\nextendedKeyUsage=serverAuth,clientAuth\n`);
  const clientFiles = {};
  for (const c of clients) {
    sign(`client-${c}`, c, 'extendedKeyUsage=clientAuth\n');
    clientFiles[c] = { cert: f(`client-${c}.crt`), key: f(`client-${c}.key`) };
  }
  return {
    dir,
    ca: f('ca.crt'),
    otherCa: f('other-ca.crt'),
    server: { cert: f('server.crt'), key: f('server.key') },
    clients: clientFiles,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function waitHealthy(url, pki, proc, clientCert) {
  const agent = { ca: readFileSync(pki.ca), ...(clientCert && { cert: readFileSync(clientCert.cert), key: readFileSync(clientCert.key) }) };
  for (let i = 0; i < 200; i++) {
    if (proc.exitCode !== null) throw new Error(`etcd exited with ${proc.exitCode}`);
    const ok = await new Promise((resolve) => {
      const req = https.get(`${url}/health`, agent, (res) => {
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

/**
 * One etcd member serving clients on https://127.0.0.1:<port> with the PKI's server certificate; with
 * `clientCertAuth` it requires client certificates signed by the CA. → { endpoint, url, stop() }
 */
export async function startTlsEtcd(pki, { clientCertAuth = false, extraArgs = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-tls-etcd-'));
  const [client, peer] = [await freePort(), await freePort()];
  const url = `https://127.0.0.1:${client}`;
  const peerUrl = `http://127.0.0.1:${peer}`;
  const proc = spawnEtcd([
    '--name', 't', '--data-dir', join(dir, 'data'),
    '--listen-client-urls', url, '--advertise-client-urls', url,
    '--listen-peer-urls', peerUrl, '--initial-advertise-peer-urls', peerUrl, '--initial-cluster', `t=${peerUrl}`,
    '--cert-file', pki.server.cert, '--key-file', pki.server.key,
    ...(clientCertAuth ? ['--client-cert-auth', '--trusted-ca-file', pki.ca] : []),
    '--logger', 'zap', '--log-outputs', join(dir, 'etcd.log'),
    ...extraArgs,
  ], { stdio: 'ignore' });
  const stop = async () => {
    await stopProc(proc);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitHealthy(url, pki, proc, clientCertAuth ? Object.values(pki.clients)[0] : undefined);
  } catch (err) {
    await stop();
    throw err;
  }
  return { endpoint: `127.0.0.1:${client}`, url, port: client, stop };
}
