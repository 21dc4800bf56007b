// `snapshot save` of a large backend (200 MB; 50 MB in --quick): throughput (file bytes / wall time) and peak memory.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEtcd } from '../../test/helpers/etcd.mjs';
import { childEnv, REF_ETCDCTL } from './env.mjs';
import { alternate, runOnce } from './measure.mjs';
import { dbSize, putKeys } from './data.mjs';

const VALUE_BYTES = 8 * 1024;

/** ctx: { ours, quick, log }. Starts its own etcd so the backend has the size asked for. */
export async function runSnapshot(ctx) {
  const targetBytes = (ctx.quick ? 50 : 200) * 1e6;
  const etcd = await startEtcd({ extraArgs: ['--quota-backend-bytes', String(4 * 2 ** 30)] });
  const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-bench-snap-'));
  try {
    ctx.log(`snapshot: filling a ${(targetBytes / 1e6).toFixed(0)} MB backend`);
    const clientUrl = etcd.clientUrls[0];
    let filled = 0;
    for (let batch = 0; (await dbSize(clientUrl)) < targetBytes; batch++) {
      const count = Math.ceil((targetBytes - (await dbSize(clientUrl))) / VALUE_BYTES) + 128;
      await putKeys(clientUrl, { prefix: `/bench/snap/${batch}/`, count, valueBytes: VALUE_BYTES, concurrency: 4 });
      filled += count;
    }
    const backend = await dbSize(clientUrl);
    const args = (file) => [`--endpoints=${etcd.endpoints[0]}`, 'snapshot', 'save', file];
    const variant = (name, cmd, env) => ({
      name,
      async run() {
        const file = join(dir, `${name}.db`);
        const r = await runOnce(cmd, args(file), { env, memory: true });
        let size = 0;
        try {
          size = statSync(file).size;
        } catch {
          // nothing saved: reported as a failure below
        }
        rmSync(file, { force: true });
        const ok = r.code === 0 && size > 0;
        return { ...r, ok, note: ok ? undefined : `exit ${r.code}: ${r.stderr.trim().split('\n').pop() ?? ''}`, size };
      },
    });
    const r = await alternate(
      [variant('reference', REF_ETCDCTL, childEnv({ ETCDCTL_API: '3' })), variant('ours', ctx.ours, childEnv())],
      { warmup: 1, rounds: ctx.quick ? 1 : 3 },
    );
    const mbPerS = (s) => (s?.median === undefined ? undefined : backend / 1e6 / (s.median / 1000));
    const row = {
      suite: 'snapshot',
      name: `snapshot save, ${(backend / 1e6).toFixed(0)} MB backend`,
      unit: 'ms',
      lowerIsBetter: true,
      ours: r.ours,
      reference: r.reference,
      note: `${fmt(mbPerS(r.ours))} vs ${fmt(mbPerS(r.reference))} MB/s`,
    };
    const o = mbPerS(r.ours);
    const ref = mbPerS(r.reference);
    const goals = [
      o !== undefined && ref !== undefined
        ? { goal: "snapshot save: throughput ≥ 0.9× the reference's", measured: `${(o / ref).toFixed(2)}× (${fmt(o)} vs ${fmt(ref)} MB/s)`, met: o >= 0.9 * ref }
        : { goal: "snapshot save: throughput ≥ 0.9× the reference's", measured: `no measurement: ${[...r.ours.notes, ...r.reference.notes].join('; ')}`, met: false },
    ];
    return { rows: [row], goals, data: { backendBytes: backend, keysWritten: filled } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await etcd.stop();
  }
}

const fmt = (v) => (v === undefined ? '—' : v.toFixed(0));
