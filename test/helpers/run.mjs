// Runs our bin/etcdctl or the reference etcdctl as a user would, capturing bytes and the exit code.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { REF_ETCDCTL } from './etcd.mjs';

export const OUR_ETCDCTL = fileURLToPath(new URL('../../bin/etcdctl', import.meta.url));

/** A minimal environment, as cron gives: no terminal, no inherited ETCDCTL_*. */
function baseEnv(extra) {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME || '/tmp', LANG: 'C.UTF-8' };
  return { ...env, ...extra };
}

export function run(bin, args, { env = {}, input, timeoutMs = 30000, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env: baseEnv(env), cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out);
      const stderr = Buffer.concat(err);
      resolve({ code, signal, stdoutBytes: stdout, stdout: stdout.toString('utf8'), stderrBytes: stderr, stderr: stderr.toString('utf8') });
    });
    child.stdin.on('error', () => {});
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

export const ours = (args, opts) => run(OUR_ETCDCTL, args, opts);
export const reference = (args, opts) => run(REF_ETCDCTL, args, opts);

// The zap-line comparisons live in zap.mjs; re-exported here, where most tests import their runners from.
export { distinctZapLines, normalizeZap, withoutZapLines } from './zap.mjs';

/** Runs the reference, then ours, with the same arguments (one after the other: commands may change state). */
export async function both(args, opts) {
  const ref = await reference(args, opts);
  const mine = await ours(args, opts);
  return { ours: mine, ref };
}
