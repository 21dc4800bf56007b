// One-shot commands, as a script or cron job runs them: ours, the reference etcdctl and a bare `node -e 0`,
// alternated in the same run. Start-up dominates these, so ours is also compared with Node's own floor.
// Run by bench/run.mjs (`npm run bench -- --only=start-up`).
import { alternate, commandVariant } from './lib/measure.mjs';
import { childEnv, NODE, REF_ETCDCTL } from './lib/env.mjs';

export const STARTUP_COMMANDS = [
  { name: 'get foo', args: ['get', 'foo'], server: true, goal: 1.8 },
  { name: 'put foo bar', args: ['put', 'foo', 'bar'], server: true, goal: 1.8 },
  { name: 'endpoint health', args: ['endpoint', 'health'], server: true },
  { name: '--help', args: ['--help'], goal: 1.3 },
  { name: 'version', args: ['version'], goal: 1.3 },
  { name: 'completion bash', args: ['completion', 'bash'], goal: 1.3 },
];

/**
 * ctx: { ours (bin/etcdctl to run), endpoint, warmup, rounds }. Returns rows for the table and goal verdicts.
 * The first command run also writes the bundle's code cache, as a user's first run does.
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
    ];
    const r = await alternate(variants, { warmup: ctx.warmup, rounds: ctx.rounds });
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
    if (c.goal !== undefined && r.ours.median !== undefined && r.node.median !== undefined) {
      const ratio = r.ours.median / r.node.median;
      goals.push({
        goal: `${c.name}: median ≤ ${c.goal}× node -e 0`,
        // The fastest runs too: on a busy machine a longer process collects more of others' time slices.
        measured: `${ratio.toFixed(2)}× (${r.ours.median.toFixed(1)} ms vs ${r.node.median.toFixed(1)} ms; fastest runs ${(r.ours.min / r.node.min).toFixed(2)}×)`,
        met: ratio <= c.goal,
      });
    }
  }
  return { rows, goals };
}
