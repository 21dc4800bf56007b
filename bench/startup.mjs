// One-shot commands, as a script or cron job runs them: ours, the reference etcdctl and a bare `node -e 0`,
// alternated in the same run, and (given ctx.before) the build of the branch's base, so one run shows a
// change's effect. Start-up dominates these, so ours is also compared with Node's own floor.
// Run by bench/run.mjs (`npm run bench -- --only=start-up`).
import { alternate, commandVariant, pairedRatio } from './lib/measure.mjs';
import { childEnv, NODE, REF_ETCDCTL } from './lib/env.mjs';

export const STARTUP_COMMANDS = [
  { name: 'get foo', args: ['get', 'foo'], server: true, goal: 1.8, notSlower: true },
  { name: 'put foo bar', args: ['put', 'foo', 'bar'], server: true, goal: 1.8 },
  { name: 'endpoint health', args: ['endpoint', 'health'], server: true },
  { name: '--help', args: ['--help'], goal: 1.3 },
  { name: 'version', args: ['version'], goal: 1.3 },
  { name: 'completion bash', args: ['completion', 'bash'], goal: 1.3 },
];

/** These runs take tens of milliseconds, so three times the rounds of the other suites: medians that hold still. */
const ROUNDS_FACTOR = 3;

/** Paired medians of two builds of ours differ by this much from run to run on the busy machines here. */
const NOISE = 0.03;

const ratioText = (a, b) => `${(a.median / b.median).toFixed(2)}× (${a.median.toFixed(1)} ms vs ${b.median.toFixed(1)} ms; fastest runs ${(a.min / b.min).toFixed(2)}×)`;

/**
 * ctx: { ours (bin/etcdctl to run), before?: { bin, rev }, endpoint, warmup, rounds }. Returns rows for the
 * table and goal verdicts. The first command run also writes the bundle's code caches, as a user's first run does.
 */
export async function runStartup(ctx) {
  const rows = [];
  const goals = [];
  for (const c of STARTUP_COMMANDS) {
    const args = c.server ? [`--endpoints=${ctx.endpoint}`, ...c.args] : c.args;
    const variants = [
      commandVariant('node', NODE, ['-e', '0']),
      commandVariant('ours', ctx.ours, args),
      commandVariant('reference', REF_ETCDCTL, args, { env: childEnv({ ETCDCTL_API: '3' }) }),
      ...(ctx.before ? [commandVariant('before', ctx.before.bin, args)] : []),
    ];
    const r = await alternate(variants, { warmup: ctx.warmup, rounds: ctx.rounds * ROUNDS_FACTOR });
    const row = {
      suite: 'start-up',
      name: c.name,
      unit: 'ms',
      lowerIsBetter: true,
      ours: r.ours,
      reference: r.reference,
      node: r.node,
    };
    rows.push(row);
    if (ctx.before) {
      const vs = r.before.median !== undefined && r.ours.median !== undefined ? `ours/before ${(r.ours.median / r.before.median).toFixed(2)}×, paired ${pairedRatio(r.ours, r.before).toFixed(3)}×` : undefined;
      rows.push({ suite: 'start-up', name: `${c.name}, before (${ctx.before.rev})`, unit: 'ms', lowerIsBetter: true, ours: r.before, node: r.node, note: vs });
    }
    const known = (s) => s?.median !== undefined;
    if (c.goal !== undefined && known(r.ours) && known(r.node)) {
      const before = ctx.before && known(r.before) ? `; before: ${(r.before.median / r.node.median).toFixed(2)}×` : '';
      goals.push({
        goal: `${c.name}: median ≤ ${c.goal}× node -e 0`,
        // The fastest runs too: on a busy machine a longer process collects more of others' time slices.
        measured: ratioText(r.ours, r.node) + before,
        met: r.ours.median / r.node.median <= c.goal,
      });
    }
    if (c.notSlower && ctx.before && known(r.ours) && known(r.before)) {
      const paired = pairedRatio(r.ours, r.before);
      goals.push({
        goal: `${c.name}: not slower than before (${ctx.before.rev}; median of the rounds' ratios within ${NOISE * 100} %)`,
        measured: `${paired.toFixed(3)}× paired; medians ${ratioText(r.ours, r.before)}`,
        met: paired <= 1 + NOISE,
      });
    }
  }
  return { rows, goals };
}
