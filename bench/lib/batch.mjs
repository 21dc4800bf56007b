// A 1 000-line script of puts and gets: the reference run by bash, one etcdctl process per line, against ours
// running the same file in batch mode (one process, pipelined puts). Same stdout, byte for byte.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnv, REF_ETCDCTL } from './env.mjs';
import { alternate, runOnce } from './measure.mjs';

const LINES = 1000;

/**
 * Two layouts of the same 500 puts and 500 gets: each key read back right after it is written (every get waits
 * for the put before it), and all puts first (they can all be in flight together).
 */
const LAYOUTS = {
  'put, get back': (prefix) => Array.from({ length: LINES / 2 }, (_, i) => [`etcdctl put ${prefix}k${i} "value ${i}"`, `etcdctl get ${prefix}k${i}`]).flat(),
  'puts, then gets': (prefix) => [
    ...Array.from({ length: LINES / 2 }, (_, i) => `etcdctl put ${prefix}k${i} "value ${i}"`),
    ...Array.from({ length: LINES / 2 }, (_, i) => `etcdctl get ${prefix}k${i}`),
  ],
};

// Only etcdctl lines (batch reads no other shell), so both sides run the very same file.
const script = (lines) => ['#!/bin/bash', ...lines].join('\n') + '\n';

/** ctx: { ours, endpoint, quick, log }. */
export async function runBatch(ctx) {
  const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-bench-batch-'));
  try {
    // bash finds the reference as `etcdctl` first on PATH.
    const refBin = join(dir, 'ref-bin');
    mkdirSync(refBin);
    symlinkSync(REF_ETCDCTL, join(refBin, 'etcdctl'));
    const env = { ETCDCTL_ENDPOINTS: ctx.endpoint, ETCDCTL_API: '3' };
    const rows = [];
    const goals = [];
    const layouts = ctx.quick ? ['put, get back'] : Object.keys(LAYOUTS);
    for (const [n, layout] of layouts.entries()) {
      const file = join(dir, `script-${n}.sh`);
      writeFileSync(file, script(LAYOUTS[layout](`/bench/batch/${n}/`)));
      const outputs = {};
      const variant = (name, cmd, args, vEnv) => ({
        name,
        async run({ memory }) {
          const r = await runOnce(cmd, args, { env: vEnv, memory, keep: true });
          outputs[name] = r.stdout;
          const ok = r.code === 0;
          return { ...r, ok, note: ok ? undefined : `exit ${r.code}: ${r.stderr.trim().split('\n').pop() ?? ''}` };
        },
      });
      ctx.log(`batch: ${LINES} lines (${layout}), bash + reference vs ours batch`);
      const r = await alternate(
        [
          variant('reference', 'bash', [file], childEnv({ ...env, PATH: `${refBin}:${process.env.PATH}` })),
          variant('ours', ctx.ours, ['batch', file], childEnv(env)),
        ],
        { warmup: ctx.quick ? 0 : 1, rounds: ctx.quick ? 1 : 3, memoryInRounds: ctx.quick },
      );
      const identical = outputs.ours !== undefined && outputs.reference !== undefined && outputs.ours.equals(outputs.reference);
      const speedup = r.ours.median && r.reference.median ? r.reference.median / r.ours.median : undefined;
      rows.push({
        suite: 'batch',
        name: `${LINES}-line script: ${layout}`,
        unit: 'ms',
        lowerIsBetter: true,
        ours: r.ours,
        reference: r.reference,
        note: `ours: etcdctl batch FILE; reference: bash FILE; stdout ${identical ? 'identical' : 'DIFFERS'}`,
      });
      goals.push({
        goal: `batch (${layout}): ${LINES}-line script ≥ 20× faster than ${LINES} reference processes, identical output`,
        measured: speedup === undefined ? `no measurement: ${[...r.ours.notes, ...r.reference.notes].join('; ')}` : `${speedup.toFixed(1)}× faster; stdout ${identical ? 'identical' : 'differs'}`,
        met: speedup !== undefined && speedup >= 20 && identical,
      });
    }
    return { rows, goals };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
