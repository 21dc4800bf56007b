#!/usr/bin/env node
// check perf --load=s and --load=m, ours and the reference etcdctl one after the other against the same
// server: each side's throughput, slowest request, stddev and verdict. Goal: the same verdict per load.
// About four minutes (each run is etcdctl's own 60-second workload).
//   node bench/check-perf.mjs [--loads=s,m]
// Children run without NODE_EXTRA_CA_CERTS.
import { spawn } from 'node:child_process';
import { startEtcd, REF_ETCDCTL } from '../test/helpers/etcd.mjs';
import { OUR_ETCDCTL } from '../test/helpers/run.mjs';

const loads = (process.argv.find((a) => a.startsWith('--loads='))?.slice(8) ?? 's,m').split(',');

function run(bin, args) {
  return new Promise((resolve) => {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8' };
    const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

function verdict(out) {
  const text = out.split('\n').map((l) => l.replace(/^[^\n]*\r/, ''));
  const pick = (re) => text.map((l) => re.exec(l)).find(Boolean)?.[1] ?? '—';
  return {
    throughput: pick(/Throughput (?:is|too low:) (\d+) writes\/s/),
    slowest: pick(/Slowest request took(?: too long:)? ([\d.]+)s/),
    stddev: pick(/Stddev (?:is|too high:) ([\d.]+)s/),
    final: text.filter(Boolean).at(-1),
  };
}

const etcd = await startEtcd({ members: 1 });
let allSame = true;
try {
  for (const load of loads) {
    const results = {};
    for (const [name, bin] of [['reference', REF_ETCDCTL], ['ours', OUR_ETCDCTL]]) {
      process.stderr.write(`check perf --load=${load}: ${name} (about a minute)\n`);
      const r = await run(bin, [`--endpoints=${etcd.endpoints[0]}`, 'check', 'perf', `--load=${load}`]);
      results[name] = { ...verdict(r.out), code: r.code };
    }
    const same = results.ours.final === results.reference.final && results.ours.code === results.reference.code;
    allSame &&= same;
    console.log(`check perf --load=${load}: verdicts ${same ? 'agree' : 'DIFFER'}`);
    for (const [name, v] of Object.entries(results)) {
      console.log(`  ${name.padEnd(9)} ${v.final} (exit ${v.code}): ${v.throughput} writes/s, slowest ${v.slowest}s, stddev ${v.stddev}s`);
    }
  }
} finally {
  await etcd.stop();
}
process.exitCode = allSame ? 0 : 1;
