// Offline tools benchmark: `snapshot status` and `snapshot restore` of a large snapshot, ours vs the reference
// etcdctl, wall time and peak memory (max RSS) of each process, in the same run.
//   node bench/offline.mjs [--size-mb 200] [--runs 3]
// The snapshot is made once by a real etcd on loopback and cached in the system temp directory.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allocatePorts, startMember, refctl, ETCD_BIN, REF_ETCDCTL } from '../test/helpers/offline.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const sizeMb = opt('--size-mb', 200);
const runs = opt('--runs', 3);
const TIME = '/usr/bin/time';
const offlineIndex = fileURLToPath(new URL('../dist/offline/index.js', import.meta.url));

const cacheDir = join(tmpdir(), 'etcdctl-ts-bench-offline');
const snapFile = join(cacheDir, `snap-${sizeMb}mb.db`);

async function makeSnapshot() {
  mkdirSync(cacheDir, { recursive: true });
  const dataDir = join(cacheDir, 'gen.etcd');
  rmSync(dataDir, { recursive: true, force: true });
  const [ports] = await allocatePorts(1);
  const m = await startMember({ name: 'gen', dataDir, ports, extraArgs: ['--quota-backend-bytes', String(8 * 1024 ** 3)] });
  try {
    const value = Buffer.alloc(1000, 'v').toString('base64').slice(0, 1000);
    const perTxn = 128;
    const txns = Math.ceil((sizeMb * 1e6) / (value.length + 40) / perTxn);
    const b64 = (s) => Buffer.from(s).toString('base64');
    let next = 0;
    const worker = async () => {
      while (next < txns) {
        const t = next++;
        const success = [];
        for (let i = 0; i < perTxn; i++) {
          success.push({ request_put: { key: b64(`bench/${String(t * perTxn + i).padStart(9, '0')}`), value: b64(value) } });
        }
        const res = await fetch(`${m.clientUrl}/v3/kv/txn`, { method: 'POST', body: JSON.stringify({ success }) });
        if (!res.ok) throw new Error(`txn: HTTP ${res.status}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const saved = await refctl(['--endpoints', m.endpoint, 'snapshot', 'save', snapFile], { timeoutMs: 600000 });
    if (saved.code !== 0) throw new Error(saved.stderr);
  } finally {
    await m.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs a command under /usr/bin/time; returns seconds and max RSS (MB). */
function measure(cmd, cmdArgs, env = {}) {
  const r = spawnSync(TIME, ['-f', '%e %M', cmd, ...cmdArgs], { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 26 });
  const last = r.stderr.trim().split('\n').pop();
  const [secs, kb] = last.split(' ').map(Number);
  if (r.status !== 0) throw new Error(`${cmd} ${cmdArgs.join(' ')} failed: ${r.stderr}`);
  return { secs, rssMb: kb / 1024, stdout: r.stdout };
}

const ourStatusScript = `import(${JSON.stringify(offlineIndex)}).then(async (m) => { const s = await m.snapshotStatus(process.argv[1]); console.log(JSON.stringify({ hash: s.hash, revision: Number(s.revision), totalKey: s.totalKey, totalSize: s.totalSize })); })`;
const ourRestoreScript = `import(${JSON.stringify(offlineIndex)}).then((m) => m.snapshotRestore({ file: process.argv[1], dataDir: process.argv[2] }))`;

function best(samples) {
  return samples.reduce((a, b) => (b.secs < a.secs ? b : a));
}

async function main() {
  if (!existsSync(ETCD_BIN) || !existsSync(REF_ETCDCTL) || !existsSync(TIME)) {
    console.log('skipped: needs etcd, the reference etcdctl and /usr/bin/time');
    return;
  }
  if (!existsSync(snapFile)) {
    console.log(`making a ${sizeMb} MB snapshot in ${cacheDir} …`);
    await makeSnapshot();
  }
  const fileMb = statSync(snapFile).size / 1e6;
  console.log(`snapshot: ${snapFile} (${fileMb.toFixed(1)} MB)`);

  const status = { ref: [], ours: [] };
  for (let i = 0; i < runs; i++) {
    status.ref.push(measure(REF_ETCDCTL, ['snapshot', 'status', snapFile, '-w', 'json'], { ETCDCTL_API: '3' }));
    status.ours.push(measure(process.execPath, ['-e', ourStatusScript, snapFile]));
  }
  if (JSON.parse(status.ref[0].stdout).hash !== JSON.parse(status.ours[0].stdout).hash) throw new Error('status hashes differ');

  const restore = { ref: [], ours: [] };
  const outDir = join(cacheDir, 'restore-out');
  for (let i = 0; i < runs; i++) {
    rmSync(outDir, { recursive: true, force: true });
    restore.ref.push(measure(REF_ETCDCTL, ['snapshot', 'restore', snapFile, '--data-dir', outDir], { ETCDCTL_API: '3' }));
    rmSync(outDir, { recursive: true, force: true });
    restore.ours.push(measure(process.execPath, ['-e', ourRestoreScript, snapFile, outDir]));
  }
  rmSync(outDir, { recursive: true, force: true });

  for (const [name, r] of [['snapshot status', status], ['snapshot restore', restore]]) {
    const ref = best(r.ref);
    const ours = best(r.ours);
    console.log(
      `${name.padEnd(17)} reference ${ref.secs.toFixed(2)} s ${ref.rssMb.toFixed(0)} MB | ours ${ours.secs.toFixed(2)} s ${ours.rssMb.toFixed(0)} MB` +
        ` | time ratio ${(ours.secs / ref.secs).toFixed(2)} (target ≤ 1.5), memory ${(ours.rssMb / fileMb).toFixed(2)} × file (target ≤ 2)`,
    );
  }
}

await main();
