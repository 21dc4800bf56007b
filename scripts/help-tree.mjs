#!/usr/bin/env node
// The help tree of an etcdctl or etcdutl (every command path with its flags, and the global flags), read from the
// program's own --help output, and the diff of the newer releases' trees against etcdctl 3.4.23's and ours.
//
//   node scripts/help-tree.mjs diff [RELEASE ...]        # what each newer release adds to 3.4.23, and what ours lacks
//   node scripts/help-tree.mjs tree PROGRAM              # one tree as JSON; PROGRAM: ours, 3.4, or RELEASE/etcdutl, …
//
// Two help layouts are read:
// - etcdctl's own template (etcdctl/ctlv3/help.go@v3.4.23, kept until 3.6): NAME/USAGE/COMMANDS/OPTIONS/GLOBAL
//   OPTIONS; COMMANDS lists every runnable descendant by its path relative to the command (hidden ones too),
//   flags as `--name=default` (strings quoted, `[=…]` when the flag takes no value), deprecated flags left out,
//   hidden ones shown.
// - cobra's default (etcdutl, and etcdctl 3.7): "Available Commands:" or group titles ("Key-value commands"), one
//   level at a time; "Flags:"/"Global Flags:" as pflag's FlagUsages (`--name type … (default x)`, hidden and
//   deprecated flags left out). etcdctl 3.7 prints its global flags only under `etcdctl options`.
// Nothing here needs a server: every run is `PROGRAM --help` or `PROGRAM help PATH…`, each bounded by a timeout.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RELEASES, etcdVersionOf, provisionedBin } from './releases.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const REFERENCE_ETCDCTL = process.env.REF_ETCDCTL || '/usr/bin/etcdctl';
export const OUR_ETCDCTL = join(ROOT, 'bin', 'etcdctl');
/** The releases newer than 3.4 whose trees are diffed, in order. */
export const NEWER_RELEASES = Object.keys(RELEASES).filter((r) => r !== '3.4');
export const TOOLS = ['etcdctl', 'etcdutl'];

const RUN_TIMEOUT_MS = 10_000;
const PARALLEL = 2;

/** The environment every help run gets: no ETCDCTL_ or ETCDUTL_ variable of the caller's, no colour, v3. */
function helpEnv() {
  return { PATH: process.env.PATH, HOME: process.env.HOME || '/tmp', LANG: 'C.UTF-8', ETCDCTL_API: '3' };
}

/** The standard output of one help run; a non-zero exit fails unless `anyExit` (a probe for a command). */
function runHelp(program, args, { anyExit = false } = {}) {
  const [file, ...pre] = program;
  return new Promise((resolve, reject) => {
    execFile(file, [...pre, ...args], { env: helpEnv(), timeout: RUN_TIMEOUT_MS, maxBuffer: 4 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err && (err.killed || err.code === undefined || typeof err.code === 'string')) {
        reject(new Error(`${[file, ...pre, ...args].join(' ')}: ${err.killed ? `no answer in ${RUN_TIMEOUT_MS} ms` : err.message}`));
        return;
      }
      if (err && !anyExit) {
        reject(new Error(`${[file, ...pre, ...args].join(' ')} exited ${err.code}: ${stderr.trim().split('\n')[0]}`));
        return;
      }
      resolve(stdout);
    });
  });
}

// --- parsing one help text -----------------------------------------------------------------------------------

/** Splits a help text into sections: a line at the margin is a title, the indented lines after it its body. */
export function sections(text) {
  const out = [];
  let current = null;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (/^\S/.test(line)) {
      current = { title: line.trim().replace(/:$/, ''), lines: [] };
      out.push(current);
    } else if (current) {
      current.lines.push(line);
    }
  }
  return out;
}

const COMMAND_TITLES = /^(COMMANDS|Available Commands|Additional Commands|.* commands)$/;
const LOCAL_FLAG_TITLES = /^(OPTIONS|Flags)$/;
const INHERITED_FLAG_TITLES = /^(GLOBAL OPTIONS|Global Flags)$/;
const USAGE_TITLES = /^(USAGE|Usage)$/;

/** A command line's name: etcdctl's template separates it by tabs (and may hold spaces), cobra's by spaces. */
function commandName(line) {
  const t = line.trim();
  return t.includes('\t') ? t.slice(0, t.indexOf('\t')).trim() : t.split(/\s+/)[0];
}

// etcdctl's template: "  -w, --write-out=\"simple\"\t\tusage" or "      --debug[=false]\tusage".
const ETCD_FLAG = /^\s+(?:-(\S), )?--([^\s=[]+)(?:\[=([^\]]*)\]|=(.*))$/;
// pflag's FlagUsages: "  -w, --write-out string   usage (default \"simple\")" or "      --debug   usage".
const PFLAG_FLAG = /^\s+(?:-(\S), )?--([^\s=[]+)(?: ([^\s[]+))?(?:\[=([^\]]*)\])?(?: {2,}(.*))?$/;

/** A Go %q string back to its text (the quoting is JSON's for what help prints). */
const unquote = (s) => (/^".*"$/.test(s) ? JSON.parse(s) : s);

/** One flag line in either layout, or null for a continuation line of a usage. */
export function parseFlagLine(line) {
  if (!/^\s+-/.test(line)) return null;
  if (line.includes('\t')) {
    const m = ETCD_FLAG.exec(line.slice(0, line.indexOf('\t')));
    if (!m) return null;
    const [, shorthand, name, noOpt, value] = m;
    const raw = noOpt ?? value;
    const type = /^"/.test(raw) ? 'string' : noOpt !== undefined && /^(true|false)$/.test(raw) ? 'bool' : null;
    return { name, flag: { shorthand: shorthand ?? null, type, default: unquote(raw), takesNoValue: noOpt !== undefined } };
  }
  const m = PFLAG_FLAG.exec(line);
  if (!m) return null;
  const [, shorthand, name, varname, noOpt, usage = ''] = m;
  const def = / \(default (.*)\)(?: \(DEPRECATED: .*\))?$/.exec(usage);
  const type = varname ?? 'bool';
  return {
    name,
    // pflag prints a default only when it is not the type's zero value: null stands for "the zero value".
    flag: { shorthand: shorthand ?? null, type, default: def ? unquote(def[1]) : null, takesNoValue: type === 'bool' || noOpt !== undefined },
  };
}

function flagsOf(lines) {
  const flags = {};
  for (const line of lines) {
    const f = parseFlagLine(line);
    if (f) flags[f.name] = f.flag;
  }
  return flags;
}

/** One help text: its usage line, the relative paths it lists, its local flags, its inherited ones. */
export function parseHelp(text) {
  const result = { usage: '', subcommands: [], flags: {}, inherited: {} };
  for (const s of sections(text)) {
    if (USAGE_TITLES.test(s.title)) result.usage = (s.lines[0] ?? '').trim();
    else if (COMMAND_TITLES.test(s.title)) result.subcommands.push(...s.lines.map(commandName));
    else if (LOCAL_FLAG_TITLES.test(s.title)) Object.assign(result.flags, flagsOf(s.lines));
    else if (INHERITED_FLAG_TITLES.test(s.title)) Object.assign(result.inherited, flagsOf(s.lines));
  }
  return result;
}

// --- walking a program's tree --------------------------------------------------------------------------------

const sorted = (obj) => Object.fromEntries(Object.entries(obj).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** The help of one command path, or null when the program shows another command's (not a command of its). */
async function readCommand(program, rootName, global, path) {
  // A help text is the command's when its usage line starts with the command's path ("etcdctl member add …").
  const describes = (h) => h.usage === `${rootName} ${path}` || h.usage.startsWith(`${rootName} ${path} `);
  let h = parseHelp(await runHelp(program, ['help', ...path.split(' ')]));
  if (!describes(h)) h = parseHelp(await runHelp(program, [...path.split(' '), '--help'], { anyExit: true }));
  if (!describes(h)) return { flags: {}, subcommands: [], helpShows: h.usage };
  const flags = { ...h.flags };
  for (const [name, f] of Object.entries(h.inherited)) if (!(name in global) && name !== 'help') flags[name] = f;
  return { flags: sorted(flags), subcommands: h.subcommands };
}

/**
 * The help tree of `program` (argv prefix, e.g. ['/usr/bin/etcdctl']): { name, global: {flag: info}, commands:
 * {path: {flags: {flag: info}}} }. A command's flags are its local ones plus inherited ones that are not global
 * (a parent's persistent flag); the global flags are the root's, less --help. A listed command whose help shows
 * another command's text is kept with no flags and `helpShows` (the usage line it showed).
 */
export async function helpTree(program) {
  const root = parseHelp(await runHelp(program, ['--help']));
  let global = { ...root.flags };
  if (root.subcommands.includes('options')) {
    // etcdctl 3.7 keeps its global flags out of every help text but `etcdctl options`; ours lists there the ones
    // etcdctl 3.4.23 lacks (its help lists the others).
    global = { ...flagsOf((await runHelp(program, ['options'])).split('\n')), ...global };
  }
  delete global.help;
  const name = root.usage.split(' ')[0];
  const commands = {};
  const queue = [];
  const addListed = (base, rels) => {
    for (const rel of rels) {
      const words = rel.split(' ');
      for (let i = 1; i <= words.length; i++) {
        const path = [...(base ? [base] : []), ...words.slice(0, i)].join(' ');
        if (!(path in commands) && !queue.includes(path)) queue.push(path);
      }
    }
  };
  addListed('', root.subcommands);
  const visit = async (path) => {
    const { subcommands, ...command } = await readCommand(program, name, global, path);
    commands[path] = command;
    addListed(path, subcommands);
  };
  while (queue.length) {
    const batch = queue.splice(0, PARALLEL);
    for (const p of batch) commands[p] = null;
    await Promise.all(batch.map(visit));
  }
  return { name, global: sorted(global), commands: sorted(commands) };
}

/**
 * Adds to `tree` the commands among `paths` that its help does not list but the program answers for (a hidden
 * command), marked `unlisted`.
 */
export async function addUnlisted(tree, program, paths) {
  for (const path of paths) {
    if (path in tree.commands) continue;
    const { subcommands, ...command } = await readCommand(program, tree.name, tree.global, path);
    if (!('helpShows' in command)) tree.commands[path] = { ...command, unlisted: true };
  }
}

// --- the programs --------------------------------------------------------------------------------------------

/** The argv prefix of a named program: "ours", "3.4" (the reference etcdctl), "RELEASE" or "RELEASE/etcdutl". */
export function programFor(name) {
  if (name === 'ours' || name === 'ours/etcdctl') return [process.execPath, OUR_ETCDCTL];
  if (name === 'ours/etcdutl') return existsSync(join(ROOT, 'bin', 'etcdutl')) ? [process.execPath, join(ROOT, 'bin', 'etcdutl')] : null;
  const [release, tool = 'etcdctl'] = name.split('/');
  if (release === '3.4' && tool === 'etcdctl') return existsSync(REFERENCE_ETCDCTL) ? [REFERENCE_ETCDCTL] : null;
  const bin = RELEASES[release] && provisionedBin(release);
  return bin && existsSync(join(bin, tool)) ? [join(bin, tool)] : null;
}

// --- diffing -------------------------------------------------------------------------------------------------

/**
 * An item is one command, one flag of a command or one global flag, keyed as the gap list keys it:
 * "etcdctl downgrade enable", "etcdctl get --count-only", "etcdutl --timeout".
 */
export const itemKey = (tool, path, flag) => [tool, path, flag && `--${flag}`].filter(Boolean).join(' ');

/**
 * What `tree` has that `base` lacks: commands, flags (those of a new command marked `ofNewCommand`, --help left
 * out there), global flags.
 */
export function added(tree, base) {
  const commands = Object.keys(tree.commands).filter((p) => !(p in base.commands));
  const flags = [];
  for (const [path, c] of Object.entries(tree.commands)) {
    const had = base.commands[path]?.flags;
    for (const name of Object.keys(c.flags)) {
      if (!had) {
        if (name !== 'help') flags.push({ path, name, info: c.flags[name], ofNewCommand: true });
      } else if (!(name in had)) {
        flags.push({ path, name, info: c.flags[name] });
      }
    }
  }
  const global = Object.keys(tree.global).filter((f) => !(f in base.global));
  return { commands, flags, global };
}

const ZERO_VALUES = new Set(['', '0', 'false', '0s', '[]']);

/**
 * How two readings of one flag differ (attribute names; empty when they agree). A null type or default is one
 * the layout did not show (etcdctl's template prints no type, pflag no zero default), so it agrees with any type
 * and with a zero default.
 */
export function flagDifferences(a, b) {
  const out = [];
  if (a.shorthand !== b.shorthand) out.push('shorthand');
  if (a.takesNoValue !== b.takesNoValue) out.push('takesNoValue');
  if (a.type !== null && b.type !== null && a.type !== b.type) out.push('type');
  const zeroOrSame = (x, y) => (x === null ? y === null || ZERO_VALUES.has(y) : y === null ? ZERO_VALUES.has(x) : x === y);
  if (!zeroOrSame(a.default, b.default)) out.push('default');
  return out;
}

/** The flags among `a.flags`/`a.global` that `ours` has but shows otherwise than `tree` does. */
export function differing(tool, tree, a, ours) {
  const out = [];
  const check = (key, theirs, mine) => {
    const diff = mine ? flagDifferences(theirs, mine) : [];
    if (diff.length) out.push({ key, diff, theirs, ours: mine });
  };
  for (const f of a.flags) check(itemKey(tool, f.path, f.name), f.info, ours.commands[f.path]?.flags[f.name]);
  for (const g of a.global) check(itemKey(tool, '', g), tree.global[g], ours.global[g]);
  return out;
}

/** The item keys of `added(...)`, for `tool`. */
export function addedItems(tool, a) {
  return [
    ...a.commands.map((p) => itemKey(tool, p)),
    ...a.flags.map((f) => itemKey(tool, f.path, f.name)),
    ...a.global.map((g) => itemKey(tool, '', g)),
  ];
}

/** Whether `tree` has the item `key` names (its tool word already stripped by the caller). */
export function hasItem(tree, key) {
  const words = key.split(' ');
  const flag = words.at(-1).startsWith('--') ? words.pop().slice(2) : null;
  const path = words.join(' ');
  if (!path) return flag in tree.global;
  const c = tree.commands[path];
  return Boolean(c) && (flag === null || flag in c.flags || flag in tree.global);
}

const withoutTool = (key) => key.slice(key.indexOf(' ') + 1);

/** The program ours offers for `tool`: our etcdutl when there is one, otherwise our etcdctl (offline tools included). */
export const oursProgramName = (tool) => (programFor(`ours/${tool}`) ? `ours/${tool}` : 'ours/etcdctl');

/** The tree of oursProgramName(tool), from `trees`. */
export const oursFor = (tool, trees) => trees[oursProgramName(tool)];

/**
 * The whole diff: for each provisioned newer release and tool, what it adds to etcdctl 3.4.23 and which of those
 * ours lacks. `trees` caches trees by program name. Releases not provisioned come back with `skipped`.
 */
export async function releaseDiffs(releases = NEWER_RELEASES, trees = {}) {
  const tree = async (name) => (trees[name] ??= await helpTree(programFor(name)));
  const base = await tree('3.4');
  await tree('ours/etcdctl');
  if (programFor('ours/etcdutl')) await tree('ours/etcdutl');
  const out = [];
  for (const release of releases) {
    for (const tool of TOOLS) {
      const name = `${release}/${tool}`;
      if (!programFor(name)) {
        out.push({ release, tool, skipped: `${tool} ${release} is not provisioned (node scripts/releases.mjs provision ${release})` });
        continue;
      }
      const t = await tree(name);
      const a = added(t, base);
      const ours = oursFor(tool, trees);
      await addUnlisted(ours, programFor(oursProgramName(tool)), a.commands.concat(a.flags.map((f) => f.path)));
      // A command ours lacks stands for its flags too; once it lands, each flag it still lacks is listed.
      const lacking = addedItems(tool, a).filter((k) => !hasItem(ours, withoutTool(k)));
      const lackingCommands = new Set(a.commands.filter((p) => lacking.includes(itemKey(tool, p))));
      const missing = lacking.filter((k) => !a.flags.some((f) => f.ofNewCommand && lackingCommands.has(f.path) && itemKey(tool, f.path, f.name) === k));
      const gone = added(base, t);
      // Flag by flag only against our own program of that name: our etcdctl stands in for etcdutl by name alone
      // (etcdutl's snapshot restore defaults differ from etcdctl's).
      const differs = trees[`ours/${tool}`] ? differing(tool, t, a, ours) : [];
      out.push({ release, tool, version: etcdVersionOf(provisionedBin(release)), added: a, missing, differs, gone: tool === 'etcdctl' ? gone : null });
    }
  }
  return out;
}

/** A readable report of releaseDiffs(). */
export function formatDiffs(diffs) {
  const lines = [];
  const list = (label, items) => {
    if (items.length) lines.push(`  ${label}:`, ...items.map((i) => `    ${i}`));
    else lines.push(`  ${label}: none`);
  };
  const describe = (f) => `--${f.name}${f.info.shorthand ? ` (-${f.info.shorthand})` : ''}${f.info.type ? ` ${f.info.type}` : ''}` +
    (f.info.default !== null && f.info.default !== '' ? ` default ${JSON.stringify(f.info.default)}` : '');
  for (const d of diffs) {
    if (d.skipped) {
      lines.push(`${d.tool} ${d.release}: skipped, ${d.skipped}`, '');
      continue;
    }
    lines.push(`${d.tool} ${d.release} (${d.version}) against etcdctl 3.4.23:`);
    const flagsOf = (path) => d.added.flags.filter((f) => f.ofNewCommand && f.path === path).map(describe);
    list('new commands', d.added.commands.map((p) => (flagsOf(p).length ? `${p}: ${flagsOf(p).join(', ')}` : p)));
    list('new flags', d.added.flags.filter((f) => !f.ofNewCommand).map((f) => `${f.path}: ${describe(f)}`));
    list('new global flags', d.added.global.map((g) => `--${g}`));
    if (d.gone) {
      const gone = [...d.gone.commands, ...d.gone.flags.filter((f) => !f.ofNewCommand).map((f) => `${f.path} --${f.name}`), ...d.gone.global.map((g) => `--${g}`)];
      list('in 3.4.23 but not here', gone);
    }
    list(`ours lacks (${d.missing.length})`, d.missing);
    if (d.differs.length) list('ours shows otherwise', d.differs.map((x) => `${x.key}: ${x.diff.join(', ')} (${JSON.stringify(x.theirs)} here, ${JSON.stringify(x.ours)} ours)`));
    lines.push('');
  }
  return lines.join('\n');
}

async function main(argv) {
  const [verb, ...rest] = argv;
  if (verb === 'tree' && rest.length === 1) {
    const program = programFor(rest[0]);
    if (!program) throw new Error(`${rest[0]} is not available here`);
    process.stdout.write(`${JSON.stringify(await helpTree(program), null, 2)}\n`);
    return 0;
  }
  if (verb === 'diff') {
    const unknown = rest.filter((r) => !NEWER_RELEASES.includes(r));
    if (unknown.length) throw new Error(`unknown release ${unknown.join(', ')}; known: ${NEWER_RELEASES.join(', ')}`);
    process.stdout.write(formatDiffs(await releaseDiffs(rest.length ? rest : NEWER_RELEASES)));
    return 0;
  }
  process.stderr.write('usage: node scripts/help-tree.mjs diff [RELEASE ...] | tree PROGRAM (ours, 3.4, RELEASE, RELEASE/etcdutl)\n');
  return 2;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (err) => {
      process.stderr.write(`help-tree: ${err.message}\n`);
      process.exitCode = 1;
    },
  );
}
