// Benchmarks other developers wrote as standalone scripts (bench/<name>.mjs): run as they are, their output kept
// verbatim, and their figures read back into the table when their lines are recognised.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { childEnv, NODE, REPO_ROOT } from './env.mjs';
import { runOnce } from './measure.mjs';

/** Runs bench/<file> with `args`; answers { file, code, seconds, output } or undefined when the file is absent. */
export async function runScript(file, args = [], timeoutMs = 30 * 60_000) {
  const path = join(REPO_ROOT, 'bench', file);
  if (!existsSync(path)) return undefined;
  const r = await runOnce(NODE, [path, ...args], { env: childEnv(), keep: true, timeoutMs });
  return { file: `bench/${file}`, code: r.code, seconds: r.ms / 1000, output: (r.stdout.toString('utf8') + r.stderr).trimEnd() };
}

const single = (v, peakMiB) => ({ median: v, min: v, max: v, n: v === undefined ? 0 : 1, peakKiB: peakMiB === undefined ? undefined : peakMiB * 1024, failures: v === undefined ? 1 : 0, notes: [] });

/** bench/snapshot-save.mjs: "  reference: N MB/s, peak RSS M MiB" and "  ours: …" lines, then its goal lines. */
export async function runSnapshotSave(ctx) {
  const args = ctx.quick ? ['--mb=50', '--rounds=1'] : [];
  ctx.log(`snapshot: bench/snapshot-save.mjs ${args.join(' ')}`);
  const out = await runScript('snapshot-save.mjs', args);
  if (!out) return { rows: [], goals: [], external: [] };
  const side = (name) => {
    const m = out.output.match(new RegExp(`^\\s*${name}:\\s+([\\d.]+) MB/s, peak RSS ([\\d.]+) MiB`, 'm'));
    return m ? single(Number(m[1]), Number(m[2])) : single(undefined);
  };
  const ours = side('ours');
  const reference = side('reference');
  const title = out.output.match(/^snapshot save, ([^\n]*)$/m)?.[1] ?? '';
  const row = { suite: 'snapshot', name: `snapshot save (${title || 'see output'})`, unit: 'MB/s', lowerIsBetter: false, ours, reference, note: 'bench/snapshot-save.mjs' };
  const verdict = (re) => out.output.match(re)?.[1];
  const throughput = verdict(/^\s*throughput ratio ([\d.]+×)[^\n]*: (?:met|NOT met)$/m);
  const throughputMet = /^\s*throughput ratio[^\n]*: met$/m.test(out.output);
  const goals = [
    {
      goal: "snapshot save: throughput ≥ 0.9× the reference's",
      measured: throughput ? `${throughput} (${ours.median} vs ${reference.median} MB/s)` : `no measurement (exit ${out.code}); see bench/snapshot-save.mjs output`,
      met: throughput !== undefined && throughputMet,
    },
  ];
  const memory = /^\s*memory bounded[^\n]*: (met|NOT met)$/m.exec(out.output);
  if (memory) {
    goals.push({
      goal: 'snapshot save: memory bounded (streamed: a larger file adds < 1/10 of its extra size)',
      measured: `peak ${(ours.peakKiB / 1024).toFixed(0)} MiB (reference ${(reference.peakKiB / 1024).toFixed(0)} MiB), ${title}; ${out.output.match(/^\s*ours at ([^\n]*)$/m)?.[1] ?? ''}`,
      met: memory[1] === 'met',
    });
  }
  return { rows: [row], goals, external: [out] };
}

/** bench/check-perf.mjs --loads=s: "  ours PASS (exit 0): N writes/s, slowest …" lines per side. */
export async function runCheckPerf(ctx) {
  ctx.log('check perf: bench/check-perf.mjs --loads=s (about two minutes)');
  const out = await runScript('check-perf.mjs', ['--loads=s']);
  if (!out) return { rows: [], goals: [], external: [] };
  const side = (name) => {
    const m = out.output.match(new RegExp(`^\\s*${name}\\s+(\\S+) \\(exit (\\d+)\\): (\\S+) writes/s, slowest (\\S+)s`, 'm'));
    if (!m) return { stats: single(undefined), text: '—' };
    const v = Number(m[3]);
    return { stats: single(Number.isFinite(v) ? v : undefined), text: `${m[1]} (exit ${m[2]}, slowest ${m[4]} s)` };
  };
  const ours = side('ours');
  const reference = side('reference');
  const agree = /verdicts agree/.test(out.output);
  const row = {
    suite: 'check perf',
    name: 'check perf --load=s',
    unit: 'writes/s',
    lowerIsBetter: false,
    ours: ours.stats,
    reference: reference.stats,
    note: `bench/check-perf.mjs; verdicts ${agree ? 'agree' : 'differ'}: ours ${ours.text}, reference ${reference.text}`,
  };
  return { rows: [row], goals: [], external: [out] };
}
