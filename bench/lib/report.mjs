// The table a person reads and the JSON file a script compares (bench/results/, not committed).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function num(v, unit) {
  if (v === undefined || Number.isNaN(v)) return '—';
  if (unit === 'ms') return v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`;
  return v >= 100 ? v.toFixed(0) : v.toFixed(1);
}

function cell(s, unit) {
  if (!s || s.median === undefined) return s?.failures ? 'failed (see note)' : '—';
  const spread = s.n > 1 ? ` [${num(s.min, unit)} – ${num(s.max, unit)}]` : '';
  const failed = s.failures ? ` (${s.failures} failed)` : '';
  return `${num(s.median, unit)}${spread}${failed}`;
}

const ratio = (a, b) => (a?.median !== undefined && b?.median ? `${(a.median / b.median).toFixed(2)}×` : '');
const mib = (s) => (s?.peakKiB === undefined ? '—' : (s.peakKiB / 1024).toFixed(0));

function pad(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

export function renderTable(rows) {
  const header = ['benchmark', 'unit', 'ours: median [min – max]', 'reference: median [min – max]', 'ours/ref', 'ours/node', 'peak MiB ours/ref', 'note'];
  const lines = [header];
  let suite;
  for (const r of rows) {
    if (r.suite !== suite) {
      suite = r.suite;
      lines.push([`— ${suite}`, '', '', '', '', '', '', '']);
    }
    lines.push([
      `  ${r.name}`,
      r.unit,
      cell(r.ours, r.unit),
      r.reference ? cell(r.reference, r.unit) : '',
      r.reference ? ratio(r.ours, r.reference) : '',
      r.node ? ratio(r.ours, r.node) : '',
      r.reference ? `${mib(r.ours)} / ${mib(r.reference)}` : mib(r.ours),
      [r.node && `node -e 0: ${num(r.node.median, 'ms')}`, r.note, ...(r.ours?.notes ?? [])].filter(Boolean).join('; '),
    ]);
  }
  return pad(lines);
}

export function renderGoals(goals) {
  if (goals.length === 0) return '';
  return goals.map((g) => `${g.met ? '  met     ' : '  NOT MET '} ${g.goal}: ${g.measured}`).join('\n');
}

/** Writes results/<timestamp>.json and results/latest.json; returns the first path. */
export function writeJson(dir, result) {
  mkdirSync(dir, { recursive: true });
  const stamp = result.date.replace(/[:.]/g, '-');
  const file = join(dir, `${stamp}.json`);
  const text = JSON.stringify(result, null, 2) + '\n';
  writeFileSync(file, text);
  writeFileSync(join(dir, 'latest.json'), text);
  return file;
}
