// Real etcd servers for tests: free loopback ports, temp data dirs, always stopped by PID.
import { mkdtempSync, rmSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { RELEASES, etcdVersionOf, hasV2Api, provisionedBin, releaseMinor } from '../../scripts/releases.mjs';
import { REF_ETCDCTL, runSync, start } from './run.mjs';

export { REF_ETCDCTL };

/**
 * The etcd release the servers of this run come from (scripts/releases.mjs names them): 3.4 (the default, the
 * installed /usr/bin/etcd 3.4.23), 3.5, 3.5-trixie, 3.6 or 3.7. The reference etcdctl stays 3.4.23 whatever the
 * server: what we print is compared with what it prints against the same server.
 */
export const ETCD_RELEASE = process.env.ETCD_RELEASE || '3.4';

function releaseBinDir(release) {
  if (!RELEASES[release]) {
    throw new Error(`ETCD_RELEASE=${release} is not a release we know; known: ${Object.keys(RELEASES).join(', ')}`);
  }
  if (release === '3.4') return '/usr/bin';
  const bin = provisionedBin(release);
  if (!bin) {
    throw new Error(`etcd ${release} is not provisioned; run: node scripts/releases.mjs provision ${release}`);
  }
  return bin;
}

const RELEASE_BIN_DIR = releaseBinDir(ETCD_RELEASE);
export const ETCD_BIN = process.env.ETCD_BIN || join(RELEASE_BIN_DIR, 'etcd');

/**
 * SIGSTOP returns before the member's threads have all stopped: a request sent at once can still be answered
 * (seen under load). Waits, up to 2 s, until every thread of `pid` shows state T in /proc.
 */
function stopAndWait(pid) {
  process.kill(pid, 'SIGSTOP');
  const until = Date.now() + 2000;
  const nap = new Int32Array(new SharedArrayBuffer(4));
  while (Date.now() < until && !allThreadsStopped(pid)) Atomics.wait(nap, 0, 0, 1);
}

/** Each thread's state is the field after the parenthesised command name in /proc/<pid>/task/<tid>/stat. */
function allThreadsStopped(pid) {
  try {
    return readdirSync(`/proc/${pid}/task`).every((tid) => {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state === 'T' || state === 't';
    });
  } catch {
    return true; // gone, or no /proc: nothing more to wait for
  }
}

/** The release's own etcdctl (3.5 on): only to learn what a newer client does, never the reference. */
export const RELEASE_ETCDCTL = join(RELEASE_BIN_DIR, 'etcdctl');

/** A provisioned release's etcdctl, to compare what that release added (null when it is not provisioned). */
export function releaseEtcdctl(release) {
  const bin = release === '3.4' ? '/usr/bin' : provisionedBin(release);
  return bin ? join(bin, 'etcdctl') : null;
}

/** The [major, minor] of the server release: release-aware tests compare with this, not with names. */
export const SERVER_VERSION = releaseMinor(ETCD_RELEASE);
export const serverAtLeast = (major, minor) =>
  SERVER_VERSION[0] > major || (SERVER_VERSION[0] === major && SERVER_VERSION[1] >= minor);

/** The full version the server binary reports (e.g. "3.6.16"). */
export const serverVersionString = () => etcdVersionOf(dirname(ETCD_BIN));

/** Whether the server release has the v2 API at all (3.4 and 3.5 with --enable-v2=true, which the helpers pass). */
export const SERVER_HAS_V2 = hasV2Api(ETCD_RELEASE);

/**
 * A server's command line for the release under test: the flags every helper passes, minus those the release
 * no longer has. Every helper that starts etcd builds its argv through this.
 */
export function etcdArgs(args, release = ETCD_RELEASE) {
  if (hasV2Api(release)) return args;
  return args.filter((a) => !/^--enable-v2(=|$)/.test(a));
}

/**
 * Starts the etcd of the release under test (or of `release`, for a test that needs a given one) with `args`
 * (adapted by etcdArgs), in this process's environment; `stdio` as spawn's.
 */
export function spawnEtcd(args, { stdio = 'pipe', release } = {}) {
  const bin = release ? join(releaseBinDir(release), 'etcd') : ETCD_BIN;
  return start(bin, etcdArgs(args, release), { inheritEnv: true, timeoutMs: 0, stdio }).proc;
}

/**
 * A loopback port free right now, for a server started next (another process may still take it before the
 * server binds it). Picked below the kernel's ephemeral range, where the outgoing connections of the other
 * tests running beside this one take their local ports: a port from listen(0) was at times taken by one of
 * those before etcd bound it ("address already in use", etcd exiting at start).
 */
export async function freePort() {
  const low = ephemeralLow();
  for (let tries = 0; low > FIRST_PICKED_PORT + 1000 && tries < 50; tries++) {
    const port = FIRST_PICKED_PORT + Math.floor(Math.random() * (low - FIRST_PICKED_PORT));
    if (await canListen(port)) return port;
  }
  return canListen(0);
}

/** Above etcd's defaults (2379/2380) and anything a developer's own servers are likely to use. */
const FIRST_PICKED_PORT = 10000;

function ephemeralLow() {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 0;
  } catch {
    return 0;
  }
}

/** The port bound (then released) on 127.0.0.1, or false when it is taken; 0 asks the kernel for one. */
function canListen(port) {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', (err) => (port !== 0 && err.code === 'EADDRINUSE' ? resolve(false) : reject(err)));
    srv.listen(port, '127.0.0.1', () => {
      const bound = srv.address().port;
      srv.close(() => resolve(bound));
    });
  });
}

/** Resolves once the member at `clientUrl` answers /health as healthy; fails early when its `proc` (if given) exits. */
export async function waitForHealth(clientUrl, proc, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc && proc.exitCode !== null) throw new Error(`etcd exited early with code ${proc.exitCode}${lastLogLine(proc)}`);
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

/** The last line of the log file spawnMember gave the member, to say why it exited. */
function lastLogLine(proc) {
  try {
    const lines = readFileSync(proc.logFile, 'utf8').trim().split('\n');
    return `: ${lines[lines.length - 1]}`;
  } catch {
    return '';
  }
}

const running = new Set();
process.on('exit', () => {
  for (const p of running) {
    try { process.kill(p.pid, 'SIGKILL'); } catch { /* already gone */ }
  }
});

/** Kills `proc` (SIGKILL) if it is still running when this test process exits. */
export function killOnExit(proc) {
  running.add(proc);
  proc.on('exit', () => running.delete(proc));
  return proc;
}

/**
 * Starts one etcd member process (killed at exit if still running). `extraArgs` are appended (e.g.
 * ['--auth-token-ttl', '5']). Returns { name, clientUrl, peerUrl, endpoint, dataDir, proc, args, clientPort, peerPort }.
 */
export function spawnMember({ name, dataDir, clientPort, peerPort, initialCluster, state = 'new', token, extraArgs = [], advertisePeerUrl, release }) {
  const clientUrl = `http://127.0.0.1:${clientPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const args = [
    '--name', name,
    '--data-dir', dataDir,
    '--listen-client-urls', clientUrl,
    '--advertise-client-urls', clientUrl,
    '--listen-peer-urls', peerUrl,
    '--initial-advertise-peer-urls', advertisePeerUrl ?? peerUrl,
    '--initial-cluster', initialCluster,
    '--initial-cluster-state', state,
    '--initial-cluster-token', token,
    '--enable-v2=true',
    '--heartbeat-interval', '50',
    '--election-timeout', '500',
    '--logger', 'zap',
    '--log-outputs', join(dataDir + '.log'),
    ...extraArgs,
  ];
  const proc = killOnExit(spawnEtcd(args, { stdio: 'ignore', release }));
  proc.logFile = `${dataDir}.log`;
  return { name, clientUrl, peerUrl, endpoint: `127.0.0.1:${clientPort}`, dataDir, proc, args, clientPort, peerPort };
}

/** Sends `signal` and waits for the exit, killing the process after `killAfterMs` if it has not gone by then. */
export async function stopProc(proc, signal = 'SIGTERM', killAfterMs = 10000) {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const done = new Promise((r) => proc.once('exit', r));
  try { process.kill(proc.pid, signal); } catch { return; }
  // Longer than a member's own drain: on SIGTERM etcd lets open client streams (a watch) run for up to its
  // request timeout, 5 s + 2 election timeouts (stopServers in server/embed/etcd.go@v3.6.16); etcd 3.5.30 does
  // use all of it, serving meanwhile. Killing it earlier is another fault than the one a test asks for.
  const t = setTimeout(() => { try { process.kill(proc.pid, 'SIGKILL'); } catch { /* gone */ } }, killAfterMs);
  await done;
  clearTimeout(t);
}

/**
 * startEtcd({ members: 1|3, extraArgs, release }) → {
 *   endpoints: ['127.0.0.1:p', …], clientUrls: ['http://127.0.0.1:p', …], members: [...],
 *   stop(), stopMember(i, signal?), startMember(i), dir
 * }
 */
export async function startEtcd({ members = 1, extraArgs = [], waitAll = true, release } = {}) {
  if (release === undefined && !existsSync(ETCD_BIN)) throw new Error(`${ETCD_BIN} not found: node scripts/releases.mjs provision ${ETCD_RELEASE}`);
  const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-'));
  const token = `t-${process.pid}-${Date.now()}`;
  const ports = [];
  for (let i = 0; i < members; i++) ports.push({ client: await freePort(), peer: await freePort() });
  const initialCluster = ports.map((p, i) => `m${i}=http://127.0.0.1:${p.peer}`).join(',');
  const specs = ports.map((p, i) => ({
    name: `m${i}`, dataDir: join(dir, `m${i}`), clientPort: p.client, peerPort: p.peer, initialCluster, token, extraArgs, release,
  }));
  const ms = specs.map((s) => spawnMember(s));
  const cluster = {
    dir,
    members: ms,
    endpoints: ms.map((m) => m.endpoint),
    clientUrls: ms.map((m) => m.clientUrl),
    async stopMember(i, signal = 'SIGTERM') { await stopProc(ms[i].proc, signal); },
    async startMember(i) {
      ms[i] = spawnMember({ ...specs[i], state: 'existing' });
      cluster.members = ms;
      await waitForHealth(ms[i].clientUrl, ms[i].proc);
    },
    pause(i) { stopAndWait(ms[i].proc.pid); },
    resume(i) { process.kill(ms[i].proc.pid, 'SIGCONT'); },
    async stop() {
      for (const m of ms) { try { process.kill(m.proc.pid, 'SIGCONT'); } catch { /* gone */ } }
      await Promise.all(ms.map((m) => stopProc(m.proc)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    if (waitAll) await Promise.all(ms.map((m) => waitForHealth(m.clientUrl, m.proc)));
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return cluster;
}

export function hasReference() {
  try {
    return runSync(REF_ETCDCTL, ['version']).code === 0;
  } catch {
    return false;
  }
}

/**
 * Two single-member servers that are indistinguishable to a client: same member name, cluster token and
 * advertised peer URL (a lone member never dials it), hence the same member and cluster IDs. Fed the same
 * commands, they keep the same revisions, so the reference on one and ours on the other must print the same
 * bytes — protobuf and JSON headers included.
 */
export async function startTwins() {
  const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-twins-'));
  const token = `twins-${process.pid}-${Date.now()}`;
  const advertisePeerUrl = 'http://127.0.0.1:2380';
  const twins = [];
  for (const side of ['a', 'b']) {
    const clientPort = await freePort();
    const peerPort = await freePort();
    twins.push(spawnMember({
      name: 'twin', dataDir: join(dir, side), clientPort, peerPort, token, advertisePeerUrl,
      initialCluster: `twin=${advertisePeerUrl}`,
    }));
  }
  const stop = async () => {
    await Promise.all(twins.map((m) => stopProc(m.proc)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all(twins.map((m) => waitForHealth(m.clientUrl, m.proc)));
  } catch (err) {
    await stop();
    throw err;
  }
  return { ref: twins[0].endpoint, ours: twins[1].endpoint, stop };
}
