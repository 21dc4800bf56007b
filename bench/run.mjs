#!/usr/bin/env node
// `npm run bench`: every benchmark, ours against the reference etcdctl on the same local etcd in one run.
//   node bench/run.mjs [--quick] [--only=start-up,levers,range,watch,batch,snapshot,check-perf,others] [--base=REV|none]
// Prints a table and the goals (met or not), and writes bench/results/<time>.json and latest.json.
// Start-up also runs a build of REV (default: where this branch left main) alongside, as "before".
// Children run without NODE_EXTRA_CA_CERTS (set on the machines here, it adds ~40 ms to every Node start).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startEtcd } from '../test/helpers/etcd.mjs';
import { childEnv, machine, missingPrerequisites, hasTimeBin, NODE, REPO_ROOT } from './lib/env.mjs';
import { runOnce } from './lib/measure.mjs';
import { renderGoals, renderTable, writeJson } from './lib/report.mjs';
import { bundleIsFresh, defaultBase, stageBuild, stageRevision } from './lib/stage.mjs';
import { putOne } from './lib/data.mjs';
import { runStartup } from './startup.mjs';
import { runStartupLevers } from './startup-levers.mjs';
import { runRange } from './lib/range.mjs';
import { runWatch } from './lib/watch.mjs';
import { runBatch } from './lib/batch.mjs';
import { runCheckPerf, runScript, runSnapshotSave } from './lib/external.mjs';

const SUITES = ['start-up', 'levers', 'range', 'watch', 'batch', 'snapshot', 'check-perf', 'others'];
/** Minutes-long suites left out of --quick. */
const SLOW = new Set(['levers', 'check-perf', 'others']);
/** Benchmarks under bench/ that this runner drives itself (its own, and others' it reads figures from). */
const DRIVEN = /^(run|startup.*|snapshot-save|check-perf)\.mjs$/;

function parseArgs(argv) {
  const opts = { quick: false, only: undefined, base: undefined };
  for (const a of argv) {
    if (a === '--quick') opts.quick = true;
    else if (a.startsWith('--only=')) opts.only = new Set(a.slice(7).split(',').filter(Boolean));
    else if (a.startsWith('--base=')) opts.base = a.slice(7);
    else if (a === '--help' || a === '-h') {
      console.log('usage: node bench/run.mjs [--quick] [--only=' + SUITES.join(',') + '] [--base=REV|none]');
      process.exit(0);
    } else {
      console.error(`unknown option ${a}`);
      process.exit(2);
    }
  }
  for (const s of opts.only ?? []) {
    if (!SUITES.includes(s)) {
      console.error(`unknown suite ${s}; suites: ${SUITES.join(', ')}`);
      process.exit(2);
    }
  }
  return opts;
}

const log = (msg) => process.stderr.write(`bench: ${msg}\n`);

/** Any other standalone benchmark under bench/ (bench/offline.mjs, …), run as it is, its output kept. */
async function runOthers() {
  const files = readdirSync(join(REPO_ROOT, 'bench')).filter((f) => f.endsWith('.mjs') && !DRIVEN.test(f)).sort();
  const outputs = [];
  for (const f of files) {
    log(f);
    outputs.push(await runScript(f));
  }
  return outputs;
}

/** The build start-up compares with, or undefined (none asked for, none differs, or it cannot be built). */
function stageBase(asked) {
  const rev = asked === undefined ? defaultBase(REPO_ROOT) : asked === 'none' ? undefined : asked;
  if (rev === undefined) return undefined;
  log(`building ${rev} to compare start-up with …`);
  try {
    return stageRevision(REPO_ROOT, rev);
  } catch (err) {
    log(String(err.message ?? err));
    return undefined;
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const want = (s) => (opts.only ? opts.only.has(s) : !(opts.quick && SLOW.has(s)));
  const missing = missingPrerequisites();
  if (missing.length) {
    console.error(`bench: needs ${missing.join(' and ')}`);
    process.exit(1);
  }
  if (!hasTimeBin()) log('no /usr/bin/time (apt-get install -y time): peak memory is not measured');

  const stage = stageBuild(REPO_ROOT);
  const before = want('start-up') ? stageBase(opts.base) : undefined;
  const etcd = await startEtcd();
  const cleanup = async () => {
    await etcd.stop();
    stage.remove();
    before?.remove();
  };
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));

  const started = Date.now();
  const rows = [];
  const goals = [];
  const data = {};
  const others = [];
  if (!bundleIsFresh(stage.dir)) {
    // A developer's plain tsc since `npm run build`: bundle the copy, so the build measured is the one shipped.
    log('the bundle is older than dist/main.js: bundling the copy');
    const b = await runOnce(NODE, [join(REPO_ROOT, 'scripts', 'bundle.mjs'), join(stage.dir, 'dist')], { env: childEnv(), keep: true });
    if (b.code !== 0) log(`bundling failed, bin/etcdctl runs dist/main.js: ${b.stderr.trim()}`);
  }
  const bundled = bundleIsFresh(stage.dir);
  try {
    const endpoint = etcd.endpoints[0];
    const clientUrl = etcd.clientUrls[0];
    await putOne(clientUrl, 'foo', 'bar');
    const ctx = {
      ours: stage.bin,
      before,
      stageDir: stage.dir,
      endpoint,
      clientUrl,
      quick: opts.quick,
      warmup: opts.quick ? 2 : 3,
      rounds: opts.quick ? 10 : 30,
      log,
    };
    const suites = [
      ['start-up', runStartup],
      ['levers', runStartupLevers],
      ['range', runRange],
      ['watch', runWatch],
      ['batch', runBatch],
      ['snapshot', runSnapshotSave],
      ['check-perf', runCheckPerf],
    ];
    for (const [name, run] of suites) {
      if (!want(name)) continue;
      log(`${name} …`);
      let res;
      try {
        res = await run(ctx);
      } catch (err) {
        // One broken benchmark (a command not written yet, say) must not cost the others' figures.
        log(`${name} failed: ${err.stack ?? err}`);
        res = { rows: [], goals: [{ goal: `${name} benchmark`, measured: `could not run: ${String(err.message ?? err).split('\n')[0]}`, met: false }] };
      }
      rows.push(...res.rows);
      goals.push(...res.goals);
      if (res.data) data[name] = res.data;
      if (res.external) others.push(...res.external);
    }
    if (want('others')) others.push(...(await runOthers()));
  } finally {
    await cleanup();
  }

  const m = machine();
  const result = {
    date: new Date().toISOString(),
    mode: opts.quick ? 'quick' : 'full',
    seconds: Math.round((Date.now() - started) / 1000),
    machine: m,
    bundled,
    before: before?.rev,
    rows,
    goals,
    data,
    others,
  };
  console.log(`etcdctl-ts benchmarks, ${result.date.slice(0, 10)}, ${result.mode} run (${result.seconds} s)`);
  console.log(`machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}; Node ${m.node}; ${m.etcd ?? 'etcd ?'}; reference ${m.referenceEtcdctl ?? '?'}`);
  console.log(`ours: bin/etcdctl (${bundled ? 'bundle + code cache' : 'dist/main.js, no bundle'}); children run without NODE_EXTRA_CA_CERTS`);
  console.log(before ? `before: the build of ${before.rev}, run alongside in start-up\n` : '');
  console.log(renderTable(rows));
  if (goals.length) console.log(`\ngoals\n${renderGoals(goals)}`);
  for (const o of others) console.log(`\n${o.file} (exit ${o.code}, ${o.seconds.toFixed(0)} s)\n${o.output.trimEnd()}`);
  const file = writeJson(join(REPO_ROOT, 'bench', 'results'), result);
  console.log(`\nresults: ${file.slice(REPO_ROOT.length)}`);
}

await main();
