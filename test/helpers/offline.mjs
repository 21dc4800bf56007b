// Helpers for the offline-tools tests: etcd members on given data dirs (free loopback ports, stopped by PID),
// the reference etcdctl run in a directory, and small file utilities.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ETCD_BIN, REF_ETCDCTL, freePort, spawnMember, stopProc, waitForHealth } from './etcd.mjs';
import { run } from './run.mjs';

export { ETCD_BIN, REF_ETCDCTL, freePort, waitForHealth };

export function tempDir(prefix = 'offline-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Ports for `n` members: { client, peer } each. */
export async function allocatePorts(n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push({ client: await freePort(), peer: await freePort() });
  return out;
}

/**
 * Starts etcd (the release under test, or `release`'s) on `dataDir` (which may already hold a restored
 * member). Resolves once /health answers.
 * Returns { proc, endpoint, clientUrl, stop() }.
 */
export async function startMember({ name, dataDir, ports, initialCluster, token = 'etcd-cluster', state = 'new', extraArgs = [], waitHealthy = true, release }) {
  const { proc, clientUrl, peerUrl, endpoint } = spawnMember({
    name, dataDir, clientPort: ports.client, peerPort: ports.peer, state, token, extraArgs, release,
    initialCluster: initialCluster ?? `${name}=http://127.0.0.1:${ports.peer}`,
  });
  const member = { name, proc, clientUrl, peerUrl, endpoint, stop: () => stopProc(proc, 'SIGTERM', 5000) };
  if (waitHealthy) {
    try {
      await waitForHealth(clientUrl, proc);
    } catch (err) {
      await member.stop();
      throw err;
    }
  }
  return member;
}

/** The reference etcdctl (v3 unless env says otherwise). */
export const refctl = (args, opts = {}) => run(REF_ETCDCTL, args, { ...opts, env: { ETCDCTL_API: '3', ...(opts.env ?? {}) } });

/** The reference etcdctl in v2 mode. */
export const refctl2 = (args, opts = {}) => run(REF_ETCDCTL, args, { ...opts, env: { ETCDCTL_API: '2', ...(opts.env ?? {}) } });

/** Converts bigints for JSON comparison. */
export const plain = (v) => JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)));

/** A put through etcd's JSON gateway (fast for bulk data); `token` from gatewayToken when auth is on. */
export async function gatewayPut(clientUrl, key, value, token) {
  const b64 = (s) => Buffer.from(s).toString('base64');
  const headers = token ? { Authorization: token } : {};
  const res = await fetch(`${clientUrl}/v3/kv/put`, { method: 'POST', headers, body: JSON.stringify({ key: b64(key), value: b64(value) }) });
  if (!res.ok) throw new Error(`put ${key}: HTTP ${res.status}`);
  return res.json();
}

/** An auth token for the JSON gateway. */
export async function gatewayToken(clientUrl, name, password) {
  const res = await fetch(`${clientUrl}/v3/auth/authenticate`, { method: 'POST', body: JSON.stringify({ name, password }) });
  if (!res.ok) throw new Error(`authenticate: HTTP ${res.status}`);
  return (await res.json()).token;
}

/** Every key/value of a v3 server as the reference prints it with `get "" --from-key -w json` (kvs only). */
export async function allKeys(endpoint, extra = []) {
  const r = await refctl(['--endpoints', endpoint, ...extra, 'get', '', '--from-key', '-w', 'json']);
  if (r.code !== 0) throw new Error(`get failed: ${r.stderr}`);
  return JSON.parse(r.stdout.replace(/"(\w+)":(\d{16,})/g, '"$1":"$2"')).kvs ?? [];
}
