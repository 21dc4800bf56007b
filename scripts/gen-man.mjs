#!/usr/bin/env node
// `npm run gen:man`: writes man/ from the command trees: etcdctl(1) for the whole tool (both API
// versions, global options, environment, exit status, examples) and one page per command, e.g.
// etcdctl-get(1), etcdctl-member-list(1), and etcdctl-v2-get(1) for the v2 set; etcdutl(1) and its
// commands' pages (etcdutl-snapshot-restore(1), …) for the second program. `--out DIR` writes
// elsewhere (the drift test compares such a copy with the checked-in one).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildQuietly, REPO } from './gen-completions.mjs';

const VERSION = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version;
const SOURCE = `etcdctl-ts ${VERSION}`;
const MANUAL = 'etcdctl manual';
// A fixed date, not today's: the pages are checked in and compared byte for byte. Bump it with releases.
const MAN_DATE = '2026-11-23';

// --- roff text -------------------------------------------------------------------------------------------

/** Text safe in a roff line: backslashes escaped, hyphens as \- (copy-paste gives ASCII hyphen-minus). */
const esc = (s) => s.replace(/\\/g, '\\e').replace(/-/g, '\\-');

/** A text line; one that starts with . or ' would be read as a request, so it is shielded. */
const textLine = (s) => (/^[.']/.test(s) ? `\\&${s}` : s);

/** Roff for free text with blank-line paragraphs; tab-indented lines (commands to type) stay verbatim. */
function prose(text) {
  const out = [];
  let verbatim = false;
  const endVerbatim = () => {
    if (verbatim) out.push('.fi', '.RE');
    verbatim = false;
  };
  for (const raw of text.split('\n')) {
    if (raw.startsWith('\t') || raw.startsWith('$ ')) {
      if (!verbatim) out.push('.RS 4', '.nf');
      verbatim = true;
      out.push(textLine(esc(raw.replace(/^\t+/, ''))));
    } else if (raw.trim() === '') {
      endVerbatim();
      if (out.length && out.at(-1) !== '.PP') out.push('.PP');
    } else {
      endVerbatim();
      out.push(textLine(esc(raw.replace(/^#+ /, ''))));
    }
  }
  endVerbatim();
  while (out.at(-1) === '.PP') out.pop();
  return out;
}

/** Breaks filled text lines to at most 80 bytes at blanks (roff refills them; lint asks for short lines). */
function wrapLong(lines) {
  const out = [];
  let verbatim = false;
  for (const line of lines) {
    if (line === '.nf') verbatim = true;
    if (line === '.fi') verbatim = false;
    if (verbatim || line.startsWith('.') || Buffer.byteLength(line) <= 80) {
      out.push(line);
      continue;
    }
    let cur = '';
    for (const word of line.split(' ')) {
      if (cur && Buffer.byteLength(cur + ' ' + word) > 80) {
        out.push(cur);
        cur = textLine(word);
      } else {
        cur = cur ? `${cur} ${word}` : word;
      }
    }
    if (cur) out.push(cur);
  }
  return out;
}

const page = (name, lines) => ({ name, text: wrapLong(lines.join('\n').split('\n')).join('\n') + '\n' });

const header = (name, section = 1) => [`.TH ${esc(name.toUpperCase())} ${section} ${MAN_DATE} "${esc(SOURCE)}" "${MANUAL}"`];

function item(term, body) {
  return ['.TP', term, ...body];
}

// --- flags --------------------------------------------------------------------------------------------------

/** Choices for a flag's value, from the completion model (one list of fixed values for both). */
function choicesOf(tree, spelling) {
  const hit = tree.valueFlags.find((v) => v.spellings.includes(spelling));
  return hit?.value.kind === 'choices' ? hit.value.values : undefined;
}

function v3FlagItem(flag, tree) {
  const names = `${flag.short ? `\\fB\\-${esc(flag.short)}\\fR, ` : ''}\\fB\\-\\-${esc(flag.name)}\\fR`;
  const value = flag.type === 'bool' ? '' : `=\\fI${flag.type === 'stringSlice' ? 'list' : flag.type === 'duration' ? 'duration' : 'value'}\\fR`;
  const body = [textLine(esc(flag.usage))];
  const dflt = flag.type === 'string' ? `"${flag.default}"` : flag.default;
  const notes = flag.type === 'bool' && flag.default === 'false' ? [] : [`Default: ${dflt}.`];
  const choices = choicesOf(tree, `--${flag.name}`);
  if (choices) notes.push(`One of: ${choices.join(', ')}.`);
  if (notes.length) body.push('.br', esc(notes.join(' ')));
  return item(names + value, body);
}

function v2FlagItem(flag, tree) {
  const names = flag.names.map((n) => `\\fB${n.length > 1 ? '\\-\\-' : '\\-'}${esc(n)}\\fR`).join(', ');
  const value = flag.type === 'bool' ? '' : ` \\fI${flag.placeholder ?? 'value'}\\fR`;
  const body = [textLine(esc(flag.usage))];
  const notes = [];
  if (flag.defaultText !== undefined) notes.push(`Default: ${flag.defaultText}.`);
  const choices = choicesOf(tree, `--${flag.names[0]}`);
  if (choices) notes.push(`One of: ${choices.join(', ')}.`);
  if (notes.length) body.push('.br', esc(notes.join(' ')));
  return item(names + value, body);
}

const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

// --- pages -------------------------------------------------------------------------------------------------

const pageName = (path, v2 = false) => `etcdctl-${v2 ? 'v2-' : ''}${path.split(' ').join('-')}`;
const seeAlso = (names) => ['.SH SEE ALSO', names.map((n, i) => `.BR ${esc(n)} (1)${i < names.length - 1 ? ' ,' : ''}`).join('\n')];

const OURS = 'This command is an addition of etcdctl\\-ts: etcdctl 3.4.23 has no such command, and it is left out of \\fBetcdctl \\-\\-help\\fR so that help stays byte-identical to etcdctl\'s.';

function v3CommandPage(cmd, trees, siblings) {
  const group = trees.v3module.V3_GROUPS.find((g) => cmd.path.startsWith(`${g.path} `));
  const name = pageName(cmd.path);
  const lines = [...header(name), '.SH NAME', `${esc(name)} \\- ${esc(cmd.short)}`, '.SH SYNOPSIS'];
  lines.push(`.B etcdctl ${esc(cmd.path)}`, esc(cmd.use.slice(cmd.path.length).trim()));
  lines.push('.SH DESCRIPTION', textLine(esc(cmd.short)));
  if (cmd.long) lines.push('.PP', ...prose(cmd.long));
  if (cmd.hidden) lines.push('.PP', OURS);
  const flags = [...cmd.flags].sort(byName);
  if (flags.length) {
    lines.push('.SH OPTIONS');
    for (const f of flags) lines.push(...v3FlagItem(f, trees.v3));
  }
  lines.push('.SH GLOBAL OPTIONS', 'The global options of');
  lines.push('.BR etcdctl (1)', 'apply, and so do their ETCDCTL_* environment variables.');
  for (const f of group?.flags ?? []) {
    lines.push(`It also takes the ${group.path} group's option (also set by ${envName(f.name)}):`, ...v3FlagItem(f, trees.v3));
  }
  lines.push(...seeAlso(['etcdctl', ...siblings.filter((s) => s !== name)]));
  return page(name, lines);
}

function v2CommandPage(leaf, trees) {
  const path = leaf.path;
  const name = pageName(path, true);
  const lines = [...header(name), '.SH NAME', `${esc(name)} \\- ${esc(leaf.short)}`, '.SH SYNOPSIS'];
  const visible = leaf.flags.filter((f) => !f.hidden);
  lines.push(`.B ETCDCTL_API=2 etcdctl ${esc(path)}`, esc(`${visible.length ? '[command options] ' : ''}${leaf.use}`.trim()));
  lines.push('.SH DESCRIPTION', textLine(esc(leaf.short.charAt(0).toUpperCase() + leaf.short.slice(1) + '.')));
  if (leaf.long) lines.push('.PP', ...prose(leaf.long.replace(/^ {3}/gm, '')));
  lines.push('.PP', 'A command of the v2 API set, in force when ETCDCTL_API=2.');
  if (visible.length) {
    lines.push('.SH OPTIONS');
    for (const f of visible) lines.push(...v2FlagItem(f, trees.v2));
  }
  lines.push(...seeAlso(['etcdctl']));
  return page(name, lines);
}

// --- etcdctl(1) --------------------------------------------------------------------------------------------

const V3_EXIT = [
  ['0', 'Success; also help output.'],
  ['1', 'A server or RPC error, an unhealthy endpoint, a command-line parse error (unknown command or flag, bad flag value).'],
  ['2', 'The client could not be built: no available endpoints, authentication failed, or (with credentials) no endpoint answered within \\-\\-dial\\-timeout.'],
  ['3', 'Invalid input: check perf and check datascale found keys under their prefix.'],
  ['4', 'An unsupported output format (\\-w), or a feature the command does not support.'],
  ['5', 'snapshot save failed (or was interrupted).'],
  ['128', 'Invalid arguments: wrong number of arguments, a bad hexadecimal ID, unusable TLS files.'],
];

const V2_EXIT = [
  ['0', 'Success; also help, version, an unsupported \\-o value, and an interrupted watch.'],
  ['1', 'Bad arguments, a parse error, and every member, user, role or auth failure.'],
  ['2', 'The cluster sync (GET /v2/members) failed to connect.'],
  ['3', 'Unknown command or help topic.'],
  ['4', 'A key command\'s request failed (an etcd error, a timeout, an unavailable cluster).'],
  ['5', 'cluster\\-health found a member unhealthy.'],
];

const V2_ENV = [
  ['ETCDCTL_ENDPOINTS', '\\-\\-endpoints'],
  ['ETCDCTL_ENDPOINT', '\\-\\-endpoint (deprecated)'],
  ['ETCDCTL_PEERS', '\\-\\-peers (deprecated)'],
  ['ETCDCTL_CERT_FILE', '\\-\\-cert\\-file'],
  ['ETCDCTL_KEY_FILE', '\\-\\-key\\-file'],
  ['ETCDCTL_CA_FILE', '\\-\\-ca\\-file'],
  ['ETCDCTL_USERNAME', '\\-\\-username'],
  ['ETCDCTL_DISCOVERY_SRV', '\\-\\-discovery\\-srv'],
  ['ETCDCTL_DISCOVERY_SRV_NAME', 'the SRV service name suffix (no flag)'],
  ['ETCDCTL_INSECURE_DISCOVERY', '\\-\\-insecure\\-discovery (any non-empty value means true)'],
];

/** The seed walkthrough (scripts/demo.mjs), as a reader would type it. */
const EXAMPLES = [
  ['Store and read a key with the v2 API:', ['ETCDCTL_API=2 etcdctl set key value1', 'ETCDCTL_API=2 etcdctl get key']],
  ['Store and read a key with the v3 API (the default), also as JSON:', ['etcdctl put foo bar', 'etcdctl get foo', 'etcdctl get foo \\-w json']],
  ['Look at the cluster:', ['etcdctl member list', 'etcdctl member list \\-w table', 'etcdctl endpoint health', 'etcdctl endpoint status \\-w table']],
  ['Talk to another cluster:', ['ETCDCTL_ENDPOINTS=127.0.0.1:22379 etcdctl version']],
];

const envName = (flag) => 'ETCDCTL_' + flag.toUpperCase().replace(/-/g, '_');

function mainPage(trees, v3Pages, v2Pages) {
  const { V3_COMMANDS, V3_GLOBAL_FLAGS } = trees.v3module;
  const { V2_COMMANDS, GLOBAL_FLAGS } = trees.v2module;
  const L = [...header('etcdctl'), '.SH NAME', 'etcdctl \\- a command line client for etcd, compatible with etcdctl 3.4'];
  L.push('.SH SYNOPSIS', '.B etcdctl', '[\\fIglobal options\\fR] \\fIcommand\\fR [\\fIoptions\\fR] [\\fIarguments\\fR]');
  L.push('.br', '.B ETCDCTL_API=2 etcdctl', '[\\fIglobal options\\fR] \\fIcommand\\fR [\\fIcommand options\\fR] [\\fIarguments\\fR]');
  L.push('.SH DESCRIPTION');
  L.push('etcdctl talks to an etcd cluster: it reads and writes keys, watches them, manages leases, locks, members,');
  L.push('users and roles, and saves and restores snapshots. This is etcdctl\\-ts, a reimplementation of etcdctl 3.4.23');
  L.push('whose output, error lines and exit codes are byte for byte those of etcdctl, so scripts written for');
  L.push('etcdctl run unchanged.');
  L.push('.PP', 'Two command sets exist. The v3 set (gRPC, the default) is in force when ETCDCTL_API is unset, empty or 3;');
  L.push('the v2 set (etcd\'s v2 HTTP API) when ETCDCTL_API=2. Each command has its own page, named after it:');
  L.push('.BR etcdctl\\-get (1),', '.BR etcdctl\\-member\\-list (1),', '.BR etcdctl\\-v2\\-get (1)', 'and so on.');
  L.push('.PP', 'A command word may be shortened to any unique prefix in the v3 set (\\fBetcdctl mem li\\fR runs member list).');
  L.push('.SH COMMANDS');
  for (const c of [...V3_COMMANDS].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    L.push(...item(`.B ${esc(c.path)}`, [textLine(esc(c.short) + (c.hidden ? ' (an etcdctl\\-ts addition)' : '')), '.br', `See \\fB${esc(pageName(c.path))}\\fR(1).`]));
  }
  L.push(...item('.B help \\fR[\\fIcommand\\fR]', ['Help about any command, as \\fB\\-h\\fR does.']));
  L.push('.SH V2 COMMANDS', 'In force when ETCDCTL_API=2.');
  for (const c of V2_COMMANDS) L.push(...item(`.B ${esc(c.path)}`, [esc(c.short), '.br', `See \\fB${esc(pageName(c.path, true))}\\fR(1).`]));
  L.push('.SH GLOBAL OPTIONS', 'The v3 set takes these before or after the command; each can also be set by the environment variable named.');
  for (const f of [...V3_GLOBAL_FLAGS].sort(byName)) {
    const it = v3FlagItem(f, trees.v3);
    it.push('.br', `Environment: ${envName(f.name)}.`);
    L.push(...it);
  }
  L.push(...item('\\fB\\-h\\fR, \\fB\\-\\-help\\fR', ['Help for etcdctl or the command.']));
  L.push('.SH V2 GLOBAL OPTIONS', 'With ETCDCTL_API=2 these come before the command.');
  for (const f of GLOBAL_FLAGS) L.push(...v2FlagItem(f, trees.v2));
  L.push('.SH ENVIRONMENT');
  L.push(...item('.B ETCDCTL_API', ['Which command set runs: unset, empty or 3 for v3; 2 for v2. Anything else is an error (exit 1).']));
  L.push(...item('.B ETCDCTL_\\fINAME\\fR', [
    'The v3 global option \\-\\-\\fIname\\fR (upper case, dashes as underscores), applied after the command line;',
    'e.g. ETCDCTL_ENDPOINTS, ETCDCTL_WRITE_OUT, ETCDCTL_DIAL_TIMEOUT. Giving the same option both ways is an',
    'error. An unknown ETCDCTL_ variable is warned about. ETCDCTL_CLUSTER sets \\-\\-cluster for the endpoint commands.',
  ]));
  for (const [name, what] of V2_ENV) L.push(...item(`.B ${name}`, [`With ETCDCTL_API=2: ${what}.`]));
  L.push(...item('.B NO_COLOR', ['When set and not empty, no colour anywhere. Colour is only ever shown on a terminal.']));
  L.push(...item('.B FORCE_COLOR', ['When set, colour even when output is not a terminal (0 or false: never colour); 2 and 3 select 256 and 16 million colours.']));
  L.push(...item('\\fBTERM\\fR=dumb, \\fBCI\\fR', ['No colour and no progress spinners (unless FORCE_COLOR asks for colour).']));
  L.push('.SH EXIT STATUS', 'With the v3 set:');
  for (const [code, what] of V3_EXIT) L.push(...item(`.B ${code}`, [what]));
  L.push('.PP', 'With ETCDCTL_API=2:');
  for (const [code, what] of V2_EXIT) L.push(...item(`.B ${code}`, [what]));
  L.push('.SH EXAMPLES');
  EXAMPLES.forEach(([what, commands], i) => {
    if (i > 0) L.push('.PP');
    L.push(what, '.RS 4', '.nf', ...commands.map((c) => `$ ${c}`), '.fi', '.RE');
  });
  L.push('.SH FILES', 'Shell completion scripts ship in the package\'s completions/ directory and are printed by');
  L.push('\\fBetcdctl completion bash\\fR|\\fBzsh\\fR|\\fBfish\\fR.');
  L.push(...seeAlso([...v3Pages, ...v2Pages, 'etcdutl']));
  return page('etcdctl', L);
}

// --- etcdutl(1) and its commands ---------------------------------------------------------------------------

const utlPageName = (path) => `etcdutl-${path.split(' ').join('-')}`;

const UTL_EXIT = [
  ['0', 'Success; also help output.'],
  ['1', 'The command failed (a missing or unusable file or directory, a refused migration), or a command-line parse error.'],
  ['4', 'An unsupported output format (\\-w).'],
  ['128', 'Invalid arguments: wrong number of arguments, a malformed \\-\\-target\\-version.'],
];

function utlCommandPage(cmd, tree, siblings) {
  const name = utlPageName(cmd.path);
  const lines = [...header(name), '.SH NAME', `${esc(name)} \\- ${esc(cmd.short)}`, '.SH SYNOPSIS'];
  lines.push(`.B etcdutl ${esc(cmd.path)}`, esc(cmd.use.slice(cmd.path.length).trim()));
  lines.push('.SH DESCRIPTION', textLine(esc(cmd.short)));
  if (cmd.required?.length) lines.push('.PP', `Required: ${cmd.required.map((f) => `\\fB\\-\\-${esc(f)}\\fR`).join(', ')}.`);
  const flags = [...cmd.flags].sort(byName);
  if (flags.length) {
    lines.push('.SH OPTIONS');
    for (const f of flags) lines.push(...v3FlagItem(f, tree));
  }
  lines.push('.SH GLOBAL OPTIONS', 'The global options of', '.BR etcdutl (1)', 'apply.');
  lines.push(...seeAlso(['etcdutl', ...siblings.filter((s) => s !== name)]));
  return page(name, lines);
}

function utlMainPage(module, tree, commandPages) {
  const { UTL_COMMANDS, UTL_GLOBAL_FLAGS } = module;
  const L = [...header('etcdutl'), '.SH NAME', 'etcdutl \\- an administrative command line tool for etcd data files'];
  L.push('.SH SYNOPSIS', '.B etcdutl', '[\\fIglobal options\\fR] \\fIcommand\\fR [\\fIoptions\\fR] [\\fIarguments\\fR]');
  L.push('.SH DESCRIPTION');
  L.push('etcdutl works on the files of a stopped etcd member or a snapshot, without a server: snapshot status and');
  L.push('restore, offline defragmentation, the KV hash of a backend, backups, the v2 store check and the storage');
  L.push('version migration. This is the etcdutl of etcdctl\\-ts: its output, log lines and exit codes are those of');
  L.push('etcdutl 3.5.30, and hashkv, migrate and \\-\\-timeout (of etcdutl 3.6 and 3.7) are those of the release that');
  L.push('has them. A command word may be shortened to any unique prefix.');
  L.push('.SH COMMANDS');
  for (const c of [...UTL_COMMANDS].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    L.push(...item(`.B ${esc(c.path)}`, [textLine(esc(c.short)), '.br', `See \\fB${esc(utlPageName(c.path))}\\fR(1).`]));
  }
  L.push(...item('.B help \\fR[\\fIcommand\\fR]', ['Help about any command, as \\fB\\-h\\fR does.']));
  L.push('.SH GLOBAL OPTIONS', 'Before or after the command.');
  for (const f of [...UTL_GLOBAL_FLAGS].sort(byName)) L.push(...v3FlagItem(f, tree));
  L.push(...item('\\fB\\-h\\fR, \\fB\\-\\-help\\fR', ['Help for etcdutl or the command.']));
  L.push('.SH EXIT STATUS');
  for (const [code, what] of UTL_EXIT) L.push(...item(`.B ${code}`, [what]));
  L.push('.SH EXAMPLES', 'Restore a snapshot into a new data directory, then look at it:', '.RS 4', '.nf');
  L.push('$ etcdutl snapshot restore snapshot.db \\-\\-data\\-dir restored.etcd', '$ etcdutl hashkv restored.etcd/member/snap/db', '.fi', '.RE');
  L.push('.SH FILES', 'Shell completion scripts ship in the package\'s completions/ directory and are printed by');
  L.push('\\fBetcdutl completion bash\\fR|\\fBzsh\\fR|\\fBfish\\fR.');
  L.push(...seeAlso(['etcdctl', ...commandPages]));
  return page('etcdutl', L);
}

/** etcdutl(1) and a page per etcdutl command. */
export async function utlManPages() {
  const module = await import('../dist/etcdutl/registry.js');
  const model = await import('../dist/v3/commands/completion/model.js');
  const tree = { valueFlags: model.valueFlags(model.v3CompletionTree(module.UTL_REGISTRY, 'etcdutl')) };
  const names = module.UTL_COMMANDS.map((c) => utlPageName(c.path));
  const groupOf = (path) => path.split(' ')[0];
  const commands = module.UTL_COMMANDS.map((c) =>
    utlCommandPage(c, tree, names.filter((n) => c.path.includes(' ') && n.startsWith(utlPageName(groupOf(c.path)) + '-'))),
  );
  return [utlMainPage(module, tree, commands.map((p) => p.name).sort()), ...commands];
}

// --- writing ------------------------------------------------------------------------------------------------

export async function manPages() {
  const v3module = await import('../dist/v3/registry.js');
  const v2module = await import('../dist/v2/registry.js');
  const model = await import('../dist/v3/commands/completion/model.js');
  const trees = {
    v3module,
    v2module,
    v3: { valueFlags: model.valueFlags(model.v3CompletionTree()) },
    v2: { valueFlags: model.valueFlags(model.v2CompletionTree()) },
  };
  const v3Names = v3module.V3_COMMANDS.map((c) => pageName(c.path));
  const groupOf = (path) => path.split(' ')[0];
  const v3 = v3module.V3_COMMANDS.map((c) =>
    v3CommandPage(c, trees, v3Names.filter((n) => c.path.includes(' ') && n.startsWith(pageName(groupOf(c.path)) + '-'))),
  );
  const v2 = v2module.V2_COMMANDS.map((c) => v2CommandPage(c, trees));
  const main = mainPage(trees, v3.map((p) => p.name).sort(), v2.map((p) => p.name).sort());
  return [main, ...v3, ...v2];
}

/** Writes every page as NAME.1 and removes pages of commands that no longer exist. */
export async function writeManPages(outDir) {
  const pages = [...(await manPages()), ...(await utlManPages())];
  mkdirSync(outDir, { recursive: true });
  const wanted = new Set(pages.map((p) => `${p.name}.1`));
  for (const f of readdirSync(outDir)) if (f.endsWith('.1') && !wanted.has(f)) rmSync(join(outDir, f));
  for (const p of pages) writeFileSync(join(outDir, `${p.name}.1`), p.text);
  return [...wanted].sort();
}

/** package.json's `man` list as it must read for these pages (npm links each into share/man/man1). */
export const manField = (files) => `"man": [\n${files.map((f) => `    "man/${f}"`).join(',\n')}\n  ]`;

const MAN_FIELD = /"man": \[[^\]]*\]/;

/** Rewrites only the `man` list of package.json, leaving the rest of the file as it is. */
function updatePackageJson(files) {
  const file = join(REPO, 'package.json');
  const text = readFileSync(file, 'utf8');
  if (!MAN_FIELD.test(text)) throw new Error('package.json has no "man" list to update');
  writeFileSync(file, text.replace(MAN_FIELD, manField(files)));
}

export function packageManList() {
  return JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).man;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--out');
  const outDir = i > 0 ? process.argv[i + 1] : join(REPO, 'man');
  if (!process.argv.includes('--no-build')) buildQuietly();
  const files = await writeManPages(outDir);
  if (i < 0) updatePackageJson(files);
  console.log(`wrote ${files.length} man pages to ${outDir}${i < 0 ? ' and listed them in package.json' : ''}`);
}
