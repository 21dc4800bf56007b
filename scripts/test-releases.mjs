#!/usr/bin/env node
// The suite against newer etcd servers: the v3 suite (and the v2 one where the release still has the v2 API)
// with ETCD_RELEASE set, once per release, compared as always with the reference etcdctl 3.4.23.
//
//   node scripts/test-releases.mjs            # 3.5, 3.6 and 3.7 in turn (3.4 is `npm test`'s)
//   ETCD_RELEASE=3.6 node scripts/test-releases.mjs   # that release only (any name scripts/releases.mjs knows)
//
// Each release prints node's test runner output and summary, then one line of counts; the exit code is
// non-zero when any release failed or is not provisioned (`node scripts/releases.mjs provision` does that).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MATRIX, RELEASES, etcdVersionOf, hasV2Api, provisionedBin } from './releases.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The tests whose outcome depends on the server release: every v3 command against a real server, the offline
 * tools on data dirs and snapshots that release wrote, and v2 against a server without the v2 API. The rest
 * (help and argument handling, completion, shells, terminals, the package, DNS discovery, the launcher, faults
 * where no server answers) run only in `npm test`, on 3.4. So does the help-tree diff (test/e2e/help-tree.test.mjs):
 * it needs no server and reads every provisioned release's binaries in one run, whatever ETCD_RELEASE says.
 */
export const V3_SUITE = [
  'test/unit/client.test.mjs',
  ...[
    'alarm', 'auth', 'auth-retry', 'batch', 'check', 'check-health', 'elect', 'get-pages', 'kv', 'lease', 'lock', 'member-cluster',
    'mirror', 'offline-cluster', 'offline-defrag', 'offline-snapshot', 'role', 'snapshot-offline-cli', 'snapshotsave',
    'tls', 'txn', 'user', 'v2-no-api', 'walkthrough', 'watch', 'zap-lines',
  ].map((name) => `test/e2e/${name}.test.mjs`),
  ...['bad-input', 'failover', 'get-pages', 'leader-kill', 'lock', 'snapshot', 'watch-resume'].map(
    (name) => `test/e2e/faults/${name}.test.mjs`,
  ),
];

/** The v2 tests against a real server: run where the release still serves the v2 API (3.5 with --enable-v2). */
export const V2_SUITE = ['v2-keys', 'v2-cluster', 'v2-tls', 'offline-backup'].map((name) => `test/e2e/${name}.test.mjs`);

export function filesFor(release) {
  return hasV2Api(release) ? [...V3_SUITE, ...V2_SUITE] : V3_SUITE;
}

const SUMMARY = /^(?:#|ℹ) (tests|pass|fail|cancelled|skipped|todo) (\d+)$/;

/** Runs one release's files; resolves with the runner's counts, its exit code and the wall time. */
function runRelease(release, files) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(
      process.execPath,
      ['--test', '--test-concurrency=2', '--test-timeout=300000', '--test-force-exit', ...files],
      { cwd: ROOT, env: { ...process.env, ETCD_RELEASE: release }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const counts = {};
    createInterface({ input: child.stdout }).on('line', (line) => {
      process.stdout.write(`${line}\n`);
      const m = SUMMARY.exec(line);
      if (m) counts[m[1]] = Number(m[2]);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ counts, code: code ?? 1, signal, seconds: (Date.now() - started) / 1000 }));
  });
}

function releasesToRun() {
  const named = process.env.ETCD_RELEASE;
  if (named) return [named];
  return MATRIX.filter((r) => r !== '3.4');
}

async function main() {
  const releases = releasesToRun();
  const unknown = releases.filter((r) => !RELEASES[r]);
  if (unknown.length) {
    process.stderr.write(`test-releases: unknown release ${unknown.join(', ')}; known: ${Object.keys(RELEASES).join(', ')}\n`);
    return 2;
  }
  const missing = releases.filter((r) => r !== '3.4' && !provisionedBin(r));
  if (missing.length) {
    process.stderr.write(`test-releases: not provisioned: ${missing.join(', ')}; run: node scripts/releases.mjs provision ${missing.join(' ')}\n`);
    return 2;
  }
  const results = [];
  for (const release of releases) {
    const version = release === '3.4' ? RELEASES['3.4'].version : etcdVersionOf(provisionedBin(release));
    const files = filesFor(release);
    process.stdout.write(`\n=== etcd ${release} (${version}): ${files.length} test files, reference etcdctl 3.4.23 ===\n`);
    const r = await runRelease(release, files);
    results.push({ release, version, ...r });
    process.stdout.write(`=== etcd ${release} (${version}): ${line(r)} ===\n`);
  }
  process.stdout.write('\nrelease matrix:\n');
  for (const r of results) process.stdout.write(`  etcd ${r.release.padEnd(10)} ${r.version.padEnd(8)} ${line(r)}\n`);
  return results.every((r) => r.code === 0) ? 0 : 1;
}

function line({ counts, code, signal, seconds }) {
  const n = (k) => counts[k] ?? '?';
  const outcome = code === 0 ? 'passed' : `FAILED (${signal ?? `exit ${code}`})`;
  return `${outcome}: ${n('tests')} tests, ${n('pass')} pass, ${n('fail')} fail, ${n('skipped')} skipped, ${seconds.toFixed(0)} s`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    (code) => { process.exitCode = code; },
    (err) => {
      process.stderr.write(`test-releases: ${err.message}\n`);
      process.exitCode = 1;
    },
  );
}
