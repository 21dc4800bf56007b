// `check perf --load=s`: etcdctl's own 60-second workload (50 clients, about 150 writes/s). Both sides run it
// once against the same server; the table shows the throughput each reports, its wall time and peak memory.
import { childEnv, REF_ETCDCTL } from './env.mjs';
import { runOnce } from './measure.mjs';

function parse(stdout) {
  const text = stdout.toString('utf8');
  const throughput = text.match(/Throughput (?:is|too low:) (\d+) writes\/s/);
  const slowest = text.match(/Slowest request took (?:too long: )?([\d.]+)s/);
  const verdict = text.trim().split('\n').pop()?.trim();
  return { writesPerS: throughput ? Number(throughput[1]) : undefined, slowestS: slowest ? Number(slowest[1]) : undefined, verdict };
}

/** ctx: { ours, endpoint, log }. */
export async function runCheckPerf(ctx) {
  const args = [`--endpoints=${ctx.endpoint}`, 'check', 'perf', '--load=s'];
  const sides = {};
  for (const [name, cmd, env] of [['reference', REF_ETCDCTL, childEnv({ ETCDCTL_API: '3' })], ['ours', ctx.ours, childEnv()]]) {
    ctx.log(`check perf: ${name} (about a minute)`);
    const r = await runOnce(cmd, args, { env, memory: true, keep: true, timeoutMs: 180_000 });
    sides[name] = { ...r, ...parse(r.stdout) };
  }
  const side = (s) => ({
    median: s.writesPerS,
    min: s.writesPerS,
    max: s.writesPerS,
    n: s.writesPerS === undefined ? 0 : 1,
    peakKiB: s.peakKiB,
    failures: s.writesPerS === undefined ? 1 : 0,
    notes: s.writesPerS === undefined ? [`exit ${s.code}: ${s.stderr.trim().split('\n').pop() ?? ''}`] : [],
  });
  const row = {
    suite: 'check perf',
    name: 'check perf --load=s',
    unit: 'writes/s',
    lowerIsBetter: false,
    ours: side(sides.ours),
    reference: side(sides.reference),
    note: `verdicts: ours ${sides.ours.verdict ?? '—'} (exit ${sides.ours.code}, ${(sides.ours.ms / 1000).toFixed(0)} s, slowest ${sides.ours.slowestS ?? '—'} s), reference ${sides.reference.verdict ?? '—'} (exit ${sides.reference.code}, ${(sides.reference.ms / 1000).toFixed(0)} s, slowest ${sides.reference.slowestS ?? '—'} s)`,
  };
  return { rows: [row], goals: [] };
}
