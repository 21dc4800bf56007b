// Helpers for the offline-tools tests: etcd members on given data dirs (free loopback ports, stopped by PID),
// the reference etcdctl run in a directory, and small file utilities.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ETCD_BIN, REF_ETCDCTL, spawnEtcd } from './etcd.mjs';

export { ETCD_BIN, REF_ETCDCTL };

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix = 'offline-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const running = new Set();
process.on('exit', () => {
  for (const p of running) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** Ports for `n` members: { client, peer } each. */
export async function allocatePorts(n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push({ client: await freePort(), peer: await freePort() });
  return out;
}

/**
 * Starts etcd on `dataDir` (which may already hold a restored member). Resolves once /health answers.
 * Returns { proc, endpoint, clientUrl, stop() }.
 */
export async function startMember({ name, dataDir, ports, initialCluster, token = 'etcd-cluster', state = 'new', extraArgs = [], waitHealthy = true }) {
  const clientUrl = `http://127.0.0.1:${ports.client}`;
  const peerUrl = `http://127.0.0.1:${ports.peer}`;
  const args = [
    '--name', name,
    '--data-dir', dataDir,
    '--listen-client-urls', clientUrl,
    '--advertise-client-urls', clientUrl,
    '--listen-peer-urls', peerUrl,
    '--initial-advertise-peer-urls', peerUrl,
    '--initial-cluster', initialCluster ?? `${name}=${peerUrl}`,
    '--initial-cluster-state', state,
    '--initial-cluster-token', token,
    '--enable-v2=true',
    '--heartbeat-interval', '50',
    '--election-timeout', '500',
    '--logger', 'zap',
    '--log-outputs', `${dataDir}.log`,
    ...extraArgs,
  ];
  const proc = spawnEtcd(args, { stdio: 'ignore' });
  running.add(proc);
  proc.on('exit', () => running.delete(proc));
  const member = {
    name,
    proc,
    clientUrl,
    peerUrl,
    endpoint: `127.0.0.1:${ports.client}`,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const done = new Promise((r) => proc.once('exit', r));
      try {
        process.kill(proc.pid, 'SIGTERM');
      } catch {
        return;
      }
      const t = setTimeout(() => {
        try {
          process.kill(proc.pid, 'SIGKILL');
        } catch {
          // gone
        }
      }, 5000);
      await done;
      clearTimeout(t);
    },
  };
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

export async function waitForHealth(clientUrl, proc, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc && proc.exitCode !== null) throw new Error(`etcd exited early with code ${proc.exitCode}`);
    try {
      const res = await fetch(`${clientUrl}/health`, { signal: AbortSignal.timeout(1000) });
      const body = await res.json();
      if (body.health === 'true' || body.health === true) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`etcd at ${clientUrl} did not become healthy`);
}

/** Runs a program; resolves { code, stdout, stderr } (strings). */
export function runProgram(bin, args, { env = {}, cwd, input, timeoutMs = 30000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = execFile(
      bin,
      args,
      { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME || tmpdir(), ...env }, timeout: timeoutMs, maxBuffer: 64 << 20, encoding: 'buffer' },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number' && err.code !== undefined && !err.killed) return reject(err);
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout: stdout.toString('utf8'), stdoutBytes: stdout, stderr: stderr.toString('utf8') });
      },
    );
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

/** The reference etcdctl (v3 unless env says otherwise). */
export const refctl = (args, opts = {}) => runProgram(REF_ETCDCTL, args, { ...opts, env: { ETCDCTL_API: '3', ...(opts.env ?? {}) } });

/** The reference etcdctl in v2 mode. */
export const refctl2 = (args, opts = {}) => runProgram(REF_ETCDCTL, args, { ...opts, env: { ETCDCTL_API: '2', ...(opts.env ?? {}) } });

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
