// Dev-time helper: reads the reference etcdctl's help for every command and prints the
// command metadata (names, one-line descriptions, usage lines, long descriptions, flags)
// as a TypeScript module. The output is reviewed and edited by hand afterwards.
import { execFileSync } from 'node:child_process';

const ref = process.env.REF_ETCDCTL || 'etcdctl';
const help = (args) => execFileSync(ref, [...args, '--help'], { encoding: 'utf8', env: { PATH: process.env.PATH } });

function sections(text) {
  const out = {}; let cur = null;
  for (const line of text.split('\n')) {
    const m = /^([A-Z][A-Z ]+):$/.exec(line);
    if (m) { cur = m[1]; out[cur] = []; continue; }
    if (cur) out[cur].push(line);
  }
  for (const k of Object.keys(out)) { while (out[k].length && out[k].at(-1) === '') out[k].pop(); }
  return out;
}

function parseFlag(line) {
  const m = /^  (?:-(\w), |    )--([\w-]+)(\[=([^\]]*)\]|=(.*?))\t+(.*)$/.exec(line);
  if (!m) throw new Error('bad flag line: ' + JSON.stringify(line));
  const [, short, name, , noOpt, def, usage] = m;
  let type, dflt;
  if (noOpt !== undefined) { type = 'bool'; dflt = noOpt; }
  else if (def.startsWith('"')) { type = 'string'; dflt = JSON.parse(def); }
  else if (def.startsWith('[')) { type = 'stringSlice'; dflt = def.slice(1, -1); }
  else if (/^-?\d+$/.test(def)) { type = 'int64'; dflt = def; }
  else { type = 'duration'; dflt = def; }
  const f = { name, type, default: dflt, usage };
  if (short) f.short = short;
  return f;
}

const root = sections(help([]));
const paths = root.COMMANDS.map((l) => l.trim().split(/\t+/)[0]).filter((p) => p !== 'help');
const groups = new Map();
const cmds = [];
for (const p of paths) {
  const words = p.split(' ');
  if (words.length > 1 && !groups.has(words[0])) {
    const g = sections(help([words[0]]));
    const [, short] = /^\t\S+ - (.*)$/.exec(g.NAME[0]);
    groups.set(words[0], { path: words[0], short, use: g.USAGE[0].trim().replace(/^etcdctl /, ''), group: true });
  }
  const s = sections(help(words));
  const [, short] = /^\t.+? - (.*)$/.exec(s.NAME[0]);
  const use = s.USAGE[0].trim().replace(/^etcdctl /, '');
  const long = s.DESCRIPTION ? s.DESCRIPTION.map((l) => l.replace(/^\t/, '')).join('\n') : undefined;
  const flags = (s.OPTIONS || []).filter((l) => !/--help\[/.test(l)).map(parseFlag);
  const c = { path: p, short, use, flags };
  if (long !== undefined) c.long = long;
  cmds.push(c);
}
const globals = root.OPTIONS.filter((l) => !/--help\[/.test(l)).map(parseFlag);
console.log(JSON.stringify({ globals, groups: [...groups.values()], commands: cmds }, null, 1));
