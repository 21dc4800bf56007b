#!/usr/bin/env node
// The figures of a results file as the Markdown table bench/README.md shows (README.md's "Performance" takes its key rows):
//   node bench/lib/markdown.mjs [bench/results/latest.json]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const fmt = (v, unit) => {
  if (v === undefined || v === null) return '—';
  if (unit === 'ms') return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`;
  return v >= 100 ? v.toFixed(0) : v.toFixed(1);
};
const ratio = (a, b) => (a?.median != null && b?.median ? `${(a.median / b.median).toFixed(2)}×` : '');
const mib = (s) => (s?.peakKiB == null ? '—' : (s.peakKiB / 1024).toFixed(0));

export function markdown(result) {
  const m = result.machine;
  const lines = [
    `Measured ${result.date.slice(0, 10)} (${result.mode} run) on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, ${m.etcd}, reference ${m.referenceEtcdctl}.`,
    '',
    '| benchmark | unit | ours (median) | reference (median) | ours/ref | ours/`node -e 0` | peak MiB ours / ref |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of result.rows) {
    const node = r.node ? `${ratio(r.ours, r.node)} (node ${fmt(r.node.median, 'ms')})` : '';
    const ours = r.ours?.median == null ? 'not measured' : fmt(r.ours.median, r.unit);
    lines.push(`| ${r.suite}: ${r.name} | ${r.unit} | ${ours} | ${r.reference ? fmt(r.reference.median, r.unit) : ''} | ${r.reference ? ratio(r.ours, r.reference) : ''} | ${node} | ${r.reference ? `${mib(r.ours)} / ${mib(r.reference)}` : mib(r.ours)} |`);
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ?? fileURLToPath(new URL('../results/latest.json', import.meta.url));
  console.log(markdown(JSON.parse(readFileSync(file, 'utf8'))));
}
