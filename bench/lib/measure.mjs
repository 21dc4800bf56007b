// Timing and peak memory of child processes, and the statistics the tables print.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnv, hasTimeBin, TIME_BIN } from './env.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'etcdctl-ts-bench-time-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
let timeFiles = 0;

/** The peak resident set of a finished /usr/bin/time run, in KiB (its last line: the command's lines come first). */
function readPeakKiB(file) {
  try {
    const last = readFileSync(file, 'utf8').trim().split('\n').pop();
    const kib = Number.parseInt(last, 10);
    return Number.isFinite(kib) ? kib : undefined;
  } catch {
    return undefined;
  } finally {
    rmSync(file, { force: true });
  }
}

/**
 * Runs one process to its end. stdout is a pipe the benchmark drains (as a script capturing output would; Node
 * makes it a socket pair, where a shell makes a pipe: src/cli/io.ts writes to either directly);
 * `keep` keeps its bytes, `onStdout` sees each chunk. With `memory` (and /usr/bin/time) the peak RSS is measured.
 * Wall time runs from spawn to the pipes closing.
 */
export function runOnce(cmd, args, { env = childEnv(), input, keep = false, onStdout, memory = false, timeoutMs = 600_000, cwd } = {}) {
  const timeFile = memory && hasTimeBin() ? join(scratch, `t${timeFiles++}`) : undefined;
  const [file, argv] = timeFile ? [TIME_BIN, ['-f', '%M', '-o', timeFile, cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(file, argv, { env, cwd, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    let stdoutBytes = 0;
    child.stdout.on('data', (d) => {
      stdoutBytes += d.length;
      if (keep) out.push(d);
      onStdout?.(d, child);
    });
    child.stderr.on('data', (d) => err.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      clearTimeout(timer);
      resolve({
        ms,
        code,
        signal,
        stdout: keep ? Buffer.concat(out) : undefined,
        stdoutBytes,
        stderr: Buffer.concat(err).toString('utf8'),
        peakKiB: timeFile ? readPeakKiB(timeFile) : undefined,
      });
    });
    if (input !== undefined) {
      child.stdin.on('error', () => {});
      child.stdin.end(input);
    }
  });
}

export function stats(samples) {
  if (samples.length === 0) return undefined;
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1], n: s.length };
}

/**
 * Runs each variant `warmup` times (measuring peak memory there, so timed rounds carry no /usr/bin/time), then
 * `rounds` times, alternating variants and rotating their order each round so none always goes first
 * (`memoryInRounds` also measures memory there, for long runs where /usr/bin/time's own cost is nothing).
 * A variant is { name, run(opts) → { ms, peakKiB, ok, note } }. Returns per variant: stats of ms, peak memory, failures.
 */
export async function alternate(variants, { warmup = 2, rounds = 10, memoryInRounds = false } = {}) {
  const out = new Map(variants.map((v) => [v.name, { samples: [], byRound: new Array(rounds), peaks: [], failures: 0, notes: new Set() }]));
  const record = (v, r, round) => {
    const o = out.get(v.name);
    if (r.peakKiB !== undefined) o.peaks.push(r.peakKiB);
    if (!r.ok) {
      o.failures++;
      if (r.note) o.notes.add(r.note);
    } else if (round !== undefined) {
      o.samples.push(r.ms);
      o.byRound[round] = r.ms;
    }
  };
  for (let i = 0; i < warmup; i++) for (const v of variants) record(v, await v.run({ memory: true }), undefined);
  for (let i = 0; i < rounds; i++) {
    for (let j = 0; j < variants.length; j++) {
      const v = variants[(i + j) % variants.length];
      record(v, await v.run({ memory: memoryInRounds }), i);
    }
  }
  const result = {};
  for (const [name, o] of out) {
    result[name] = {
      ...stats(o.samples),
      byRound: o.byRound,
      peakKiB: o.peaks.length ? Math.max(...o.peaks) : undefined,
      failures: o.failures,
      notes: [...o.notes],
    };
  }
  return result;
}

/**
 * The median of a/b taken round by round (variants of one alternate() call): unlike the ratio of the two medians,
 * it keeps each pair's conditions, so the machine's speed drifting during the run moves it less.
 */
export function pairedRatio(a, b) {
  const ratios = [];
  for (let i = 0; i < a.byRound.length; i++) {
    if (a.byRound[i] !== undefined && b.byRound[i] !== undefined) ratios.push(a.byRound[i] / b.byRound[i]);
  }
  return stats(ratios)?.median;
}

/** A variant that runs a command and counts a zero exit (or `accept(result)`) as success. */
export function commandVariant(name, cmd, args, { env, input, accept, timeoutMs } = {}) {
  return {
    name,
    async run({ memory }) {
      const r = await runOnce(cmd, args, { env, input, memory, timeoutMs });
      const ok = accept ? accept(r) : r.code === 0;
      return { ...r, ok, note: ok ? undefined : describeFailure(r) };
    },
  };
}

export function describeFailure(r) {
  const line = r.stderr.trim().split('\n').find((l) => l.trim() !== '') ?? '';
  return `exit ${r.code ?? r.signal}${line ? `: ${line.slice(0, 120)}` : ''}`;
}
