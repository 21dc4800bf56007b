#!/usr/bin/env node
// snapshot save of a 200 MB backend, ours against the reference etcdctl on the same server in one run:
// throughput (file bytes / wall time) and peak resident memory. Goal: ≥ 0.9× the reference's throughput,
// memory bounded (the file is streamed, never held).
//   node bench/snapshot-save.mjs [--mb=200] [--rounds=5] [--ours=PATH]
// Ours is a private copy of the checkout's build (bin/, dist/), so a build made meanwhile by someone else is not
// what gets measured; --ours=PATH measures that etcdctl instead. Each round runs both, in alternating order, and
// the throughput ratio is the median of the rounds' ratios: a machine shared with other work slows both sides of
// a round alike, and pairing cancels most of it. Children run without NODE_EXTRA_CA_CERTS.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEtcd, REF_ETCDCTL } from '../test/helpers/etcd.mjs';
import { bundleIsFresh, stageBuild } from './lib/stage.mjs';
import { REPO_ROOT } from './lib/env.mjs';

const opt = (name, dflt) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const TARGET_MB = opt('mb', 200);
const ROUNDS = opt('rounds', 5);
const OURS = process.argv.find((a) => a.startsWith('--ours='))?.slice('--ours='.length);
const VALUE_BYTES = 256 * 1024;

function childEnv() {
  return { PATH: process.env.PATH, HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8' };
}

/** Runs a command under /usr/bin/time for its peak RSS; answers wall ms, exit code and peak KiB. */
function measure(cmd, args) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '%M', cmd, ...args], { env: childEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const lines = err.trim().split('\n');
      resolve({ code, ms, peakKiB: Number(lines.at(-1)), stderr: lines.slice(0, -1).join('\n') });
    });
  });
}

async function dbSize(clientUrl) {
  const res = await fetch(`${clientUrl}/v3/maintenance/status`, { method: 'POST', body: '{}' });
  return Number((await res.json()).dbSize);
}

/** Fills the backend through etcd's JSON gateway, a few requests in flight. */
async function fill(clientUrl, targetBytes) {
  const value = Buffer.alloc(VALUE_BYTES, 'x').toString('base64');
  let n = 0;
  while ((await dbSize(clientUrl)) < targetBytes) {
    await Promise.all(
      Array.from({ length: 8 }, () => {
        const key = Buffer.from(`/bench/snap/${n++}`).toString('base64');
        return fetch(`${clientUrl}/v3/kv/put`, { method: 'POST', body: JSON.stringify({ key, value }) }).then((r) => r.arrayBuffer());
      }),
    );
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The etcdctl to measure as ours, and how to clean up after it. */
function oursUnderTest() {
  if (OURS) return { bin: OURS, remove() {} };
  const stage = stageBuild(REPO_ROOT);
  if (!bundleIsFresh(stage.dir)) {
    // A plain tsc since the last `npm run build`: bundle the copy, so what is measured is what ships.
    spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'bundle.mjs'), join(stage.dir, 'dist')], { env: childEnv(), stdio: 'ignore' });
  }
  return stage;
}

async function compare(oursBin) {
  const etcd = await startEtcd({ members: 1, extraArgs: ['--quota-backend-bytes', String(4 * 2 ** 30)] });
  const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-bench-snap-'));
  try {
    // Streamed, not buffered: the peak at a quarter of the size is measured first, and the full-size peak may
    // exceed it by little (a buffered save would add the whole difference in file size).
    process.stderr.write(`filling a ${TARGET_MB / 4} MB backend…\n`);
    await fill(etcd.clientUrls[0], (TARGET_MB / 4) * 1e6);
    const small = await measure(oursBin, [`--endpoints=${etcd.endpoints[0]}`, 'snapshot', 'save', join(dir, 'small.db')]);
    if (small.code !== 0) throw new Error(`ours failed: ${small.stderr}`);
    const smallSize = statSync(join(dir, 'small.db')).size;
    rmSync(join(dir, 'small.db'));
    process.stderr.write(`filling a ${TARGET_MB} MB backend…\n`);
    await fill(etcd.clientUrls[0], TARGET_MB * 1e6);
    const sides = [['reference', REF_ETCDCTL], ['ours', oursBin]];
    const results = { reference: [], ours: [] };
    for (let round = 0; round <= ROUNDS; round++) {
      for (const [name, bin] of round % 2 ? [...sides].reverse() : sides) {
        const file = join(dir, `${name}.db`);
        const r = await measure(bin, [`--endpoints=${etcd.endpoints[0]}`, 'snapshot', 'save', file]);
        if (r.code !== 0) throw new Error(`${name} failed: ${r.stderr}`);
        const size = statSync(file).size;
        rmSync(file);
        // Round 0 warms the server's page cache for both.
        if (round > 0) results[name].push({ mbPerS: size / 1e6 / (r.ms / 1000), peakKiB: r.peakKiB, size });
      }
    }
    const summary = (rs) => ({ mbPerS: median(rs.map((r) => r.mbPerS)), peakMiB: Math.max(...rs.map((r) => r.peakKiB)) / 1024, size: rs[0].size });
    const ref = summary(results.reference);
    const our = summary(results.ours);
    const ratio = median(results.ours.map((r, i) => r.mbPerS / results.reference[i].mbPerS));
    console.log(`snapshot save, ${(our.size / 1e6).toFixed(0)} MB file, median of ${ROUNDS}`);
    console.log(`  reference: ${ref.mbPerS.toFixed(0)} MB/s, peak RSS ${ref.peakMiB.toFixed(0)} MiB`);
    console.log(`  ours:      ${our.mbPerS.toFixed(0)} MB/s, peak RSS ${our.peakMiB.toFixed(0)} MiB`);
    console.log(`  rounds (ours/reference): ${results.ours.map((r, i) => (r.mbPerS / results.reference[i].mbPerS).toFixed(2)).join(' ')}; ratio of the medians ${(our.mbPerS / ref.mbPerS).toFixed(2)}`);
    const growthMiB = our.peakMiB - small.peakKiB / 1024;
    const extraFileMiB = (our.size - smallSize) / 2 ** 20;
    const bounded = growthMiB < extraFileMiB / 10;
    console.log(`  ours at ${(smallSize / 1e6).toFixed(0)} MB: peak RSS ${(small.peakKiB / 1024).toFixed(0)} MiB; the ${(extraFileMiB).toFixed(0)} MiB larger file adds ${growthMiB.toFixed(0)} MiB`);
    console.log(`  throughput ratio ${ratio.toFixed(2)}× (goal ≥ 0.90): ${ratio >= 0.9 ? 'met' : 'NOT met'}`);
    console.log(`  memory bounded (a larger file adds < 1/10 of its extra size): ${bounded ? 'met' : 'NOT met'}`);
    process.exitCode = ratio >= 0.9 && bounded ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await etcd.stop();
  }
}

const ours = oursUnderTest();
try {
  await compare(ours.bin);
} finally {
  ours.remove();
}
