// The one way tests start a program: run() for a command that ends (our bin/etcdctl or the reference etcdctl as a
// user would run it, bytes and exit code captured), start() for a long-running one (watch, lock, elect, make-mirror,
// snapshot save) whose output a test reads as it comes, and runSync() where the caller cannot await (a terminal
// driven through tmux, a skip condition). All three give the same minimal environment unless told otherwise.
import { spawn, spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const OUR_ETCDCTL = fileURLToPath(new URL('../../bin/etcdctl', import.meta.url));
export const REF_ETCDCTL = process.env.REF_ETCDCTL || '/usr/bin/etcdctl';

/** A minimal environment, as cron gives: no terminal, no inherited ETCDCTL_*. */
export function baseEnv(extra) {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME || '/tmp', LANG: 'C.UTF-8' };
  return { ...env, ...extra };
}

/** `env` on top of the minimal environment; on top of this process's own with `inheritEnv`; alone with `onlyEnv`. */
function environment({ env = {}, inheritEnv = false, onlyEnv = false }) {
  if (onlyEnv) return env;
  return inheritEnv ? { ...process.env, ...env } : baseEnv(env);
}

const captured = (stdoutBytes, stderrBytes) => ({
  stdoutBytes, stdout: stdoutBytes.toString('utf8'), stderrBytes, stderr: stderrBytes.toString('utf8'),
});

/**
 * Starts `bin`; its output is collected as it comes. Options: env (over the minimal one; over this process's with
 * inheritEnv; alone with onlyEnv), cwd, input (written to stdin, then closed), openStdin (leave stdin open for the
 * caller to write; otherwise it is closed at once), timeoutMs (SIGKILL after it; 0 for none), stdio (for a server:
 * where its output goes; output that is not piped is not collected).
 * Returns { proc, stdout(), stderr(), stdoutBytes(), stderrBytes(), running(), exited, done, waitFor(), kill() }:
 * `exited` resolves with { code, signal }, `done` with those and the output.
 */
export function start(bin, args, { cwd, input, openStdin = false, timeoutMs = 30000, stdio = 'pipe', ...envOptions } = {}) {
  const proc = spawn(bin, args, { env: environment(envOptions), cwd, stdio });
  const out = [];
  const err = [];
  let closed = false;
  proc.stdout?.on('data', (d) => out.push(d));
  proc.stderr?.on('data', (d) => err.push(d));
  if (proc.stdin) {
    proc.stdin.on('error', () => {});
    if (input !== undefined) proc.stdin.end(input);
    else if (!openStdin) proc.stdin.end();
  }
  const timer = timeoutMs ? setTimeout(() => proc.kill('SIGKILL'), timeoutMs) : undefined;
  const exited = new Promise((resolve, reject) => {
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      clearTimeout(timer);
      closed = true;
      resolve({ code, signal });
    });
  });
  const stdoutBytes = () => Buffer.concat(out);
  const stderrBytes = () => Buffer.concat(err);
  const stdout = () => stdoutBytes().toString('utf8');
  const stderr = () => stderrBytes().toString('utf8');
  const running = () => proc.exitCode === null && proc.signalCode === null;
  return {
    proc,
    stdout,
    stderr,
    stdoutBytes,
    stderrBytes,
    running,
    exited,
    get done() {
      return exited.then(({ code, signal }) => ({ code, signal, ...captured(stdoutBytes(), stderrBytes()) }));
    },
    /**
     * Resolves once predicate({ stdout, stderr, stdoutBytes }) holds (checked every 10 ms); rejects after `ms`, or
     * when the process has ended and all its output is in without the predicate holding.
     */
    async waitFor(predicate, ms = 10000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const ended = closed;
        if (predicate({ stdout: stdout(), stderr: stderr(), stdoutBytes: stdoutBytes() })) return;
        if (ended) throw new Error(`process ended first; stderr: ${stderr()}`);
        if (Date.now() > deadline) throw new Error(`timed out; stdout: ${stdout().slice(-500)} stderr: ${stderr()}`);
        await sleep(10);
      }
    },
    /** Sends `signal` while the process runs; resolves as `exited`. */
    kill(signal = 'SIGTERM') {
      if (running()) proc.kill(signal);
      return exited;
    },
  };
}

/** Runs `bin` to its end: { code, signal, stdout, stderr, stdoutBytes, stderrBytes } (options as start's). */
export const run = (bin, args, opts) => start(bin, args, opts).done;

/** run() for a caller that cannot await; options as start's but openStdin and stdio, and no timeout unless given. */
export function runSync(bin, args, { cwd, input, timeoutMs = 0, ...envOptions } = {}) {
  const r = spawnSync(bin, args, { env: environment(envOptions), cwd, input, timeout: timeoutMs || undefined, maxBuffer: 256 << 20 });
  if (r.error && r.error.code !== 'ETIMEDOUT') throw r.error;
  return { code: r.status, signal: r.signal, ...captured(r.stdout ?? Buffer.alloc(0), r.stderr ?? Buffer.alloc(0)) };
}

/** Whether `name` is a program on PATH. */
export const hasProgram = (name) => runSync('sh', ['-c', `command -v ${name}`]).code === 0;

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
