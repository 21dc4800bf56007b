// `get --prefix` of a large range (50 000 keys × 1 KiB) to a pipe: wall time, peak memory, identical bytes.
import { createHash } from 'node:crypto';
import { alternate, runOnce } from './measure.mjs';
import { childEnv, REF_ETCDCTL } from './env.mjs';
import { putKeys } from './data.mjs';

const PREFIX = '/bench/range/';

function hashingVariant(name, cmd, args, env, expected) {
  return {
    name,
    async run() {
      const hash = createHash('sha256');
      const r = await runOnce(cmd, args, { env, memory: true, onStdout: (d) => hash.update(d) });
      const digest = hash.digest('hex');
      if (r.code !== 0) return { ...r, ok: false, note: `exit ${r.code}: ${r.stderr.trim().split('\n')[0] ?? ''}` };
      if (expected.digest === undefined) expected.digest = digest;
      const same = digest === expected.digest;
      return { ...r, ok: same, note: same ? undefined : 'output differs from the reference' };
    },
  };
}

/** ctx: { ours, endpoint, clientUrl, quick, log }. */
export async function runRange(ctx) {
  const count = 50_000;
  const valueBytes = 1024;
  ctx.log(`range: putting ${count} keys × ${valueBytes} B`);
  await putKeys(ctx.clientUrl, { prefix: PREFIX, count, valueBytes });
  const args = [`--endpoints=${ctx.endpoint}`, 'get', '--prefix', PREFIX];
  const refEnv = childEnv({ ETCDCTL_API: '3' });
  // The size of the RangeResponse itself, as the server sends it.
  const proto = await runOnce(REF_ETCDCTL, [...args, '-w', 'protobuf'], { env: refEnv });
  const responseBytes = proto.stdoutBytes;
  // The reference runs first in each round's first slot, so its digest is the one ours must match.
  const expected = {};
  const r = await alternate(
    [hashingVariant('reference', REF_ETCDCTL, args, refEnv, expected), hashingVariant('ours', ctx.ours, args, childEnv(), expected)],
    { warmup: 1, rounds: ctx.quick ? 2 : 5 },
  );
  const row = {
    suite: 'large range',
    name: `get --prefix, ${count} × 1 KiB → pipe`,
    unit: 'ms',
    lowerIsBetter: true,
    ours: r.ours,
    reference: r.reference,
    note: `response ${(responseBytes / 2 ** 20).toFixed(1)} MiB`,
  };
  const goals = [];
  if (r.ours.median !== undefined && r.reference.median !== undefined) {
    const ratio = r.ours.median / r.reference.median;
    goals.push({ goal: 'large range to a pipe: wall time ≤ 1.0× the reference', measured: `${ratio.toFixed(2)}× (${fmtS(r.ours.median)} vs ${fmtS(r.reference.median)})`, met: ratio <= 1.0 });
  }
  if (r.ours.peakKiB !== undefined) {
    const ratio = (r.ours.peakKiB * 1024) / responseBytes;
    goals.push({
      goal: 'large range to a pipe: peak memory ≤ 2× the response size',
      measured: `${ratio.toFixed(2)}× (${(r.ours.peakKiB / 1024).toFixed(0)} MiB for a ${(responseBytes / 2 ** 20).toFixed(1)} MiB response; reference ${(r.reference.peakKiB / 1024).toFixed(0)} MiB)`,
      met: ratio <= 2,
    });
  }
  return { rows: [row], goals, data: { responseBytes } };
}

const fmtS = (ms) => `${(ms / 1000).toFixed(2)} s`;
