// The completion scripts in real shells, pressing Tab the way each shell's completion machinery does:
// bash through COMP_WORDS/COMP_CWORD and the completion function, fish through `complete -C`, zsh with
// its completion builtins replaced by recorders. And the checked-in scripts must match the tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasProgram, runSync } from '../helpers/run.mjs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { completionScript } from '../../dist/v3/commands/completion.js';
import { V3_COMMANDS, V3_GLOBAL_FLAGS } from '../../dist/v3/registry.js';
import { V2_COMMANDS } from '../../dist/v2/registry.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const have = hasProgram;
const shq = (s) => `'${s.replace(/'/g, `'\\''`)}'`;

function tempFile(name, text) {
  const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-completion-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return { file, dir };
}

/** How readline fills COMP_WORDS: blanks separate words, and each run of = or : is a word of its own. */
function compWords(line) {
  const words = line.match(/[=:]+|[^\s=:]+/g) ?? [];
  const lastIsBreak = /[=:]$/.test(line);
  if (/\s$/.test(line) || line === '') words.push('');
  else if (lastIsBreak) { /* the = itself is the current word */ }
  return words;
}

/** Runs the bash script once for many lines; each result is the sorted COMPREPLY. */
function bashComplete(cases) {
  const { file, dir } = tempFile('etcdctl.bash', completionScript('bash'));
  const lines = [
    `source ${shq(file)}`,
    `__t() { COMP_LINE=$1; COMP_POINT=\${#1}; shift; COMP_WORDS=("$@"); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _etcdctl; printf '%s\\n' "\${COMPREPLY[@]}"; printf '\\036\\n'; }`,
    ...cases.map(({ line, api }) => `${api ? `ETCDCTL_API=${api} ` : ''}__t ${shq(line)} ${compWords(line).map(shq).join(' ')}`),
  ];
  const r = runSync('bash', ['--norc', '--noprofile', '-c', lines.join('\n')], { cwd: dir, onlyEnv: true, env: { PATH: process.env.PATH, HOME: dir } });
  rmSync(dir, { recursive: true, force: true });
  assert.equal(r.stderr, '');
  return r.stdout.split('\x1e\n').slice(0, cases.length).map((s) => s.split('\n').filter(Boolean).sort());
}

const sorted = (list) => [...list].sort();

test('bash: commands, cobra prefixes, flags and fixed flag values', () => {
  const cases = [
    { line: 'etcdctl ge', want: ['get'] },
    { line: 'etcdctl m', want: ['make-mirror', 'member', 'migrate', 'move-leader'] },
    { line: 'etcdctl mem l', want: ['list'] },
    { line: 'etcdctl member ', want: ['add', 'list', 'promote', 'remove', 'update'] },
    { line: 'etcdctl --endpoints=127.0.0.1:2379 -w json mem ', want: ['add', 'list', 'promote', 'remove', 'update'] },
    { line: 'etcdctl --endpoints 127.0.0.1:2379 snap s', want: ['save', 'status'] },
    { line: 'etcdctl get -w ', want: ['fields', 'json', 'protobuf', 'simple', 'table'] },
    { line: 'etcdctl get --write-out ', want: ['fields', 'json', 'protobuf', 'simple', 'table'] },
    { line: 'etcdctl get -w=j', want: ['json'] },
    // Readline inserts after a lone = (a word break), so the candidates must not repeat it.
    { line: 'etcdctl get --write-out=', want: ['fields', 'json', 'protobuf', 'simple', 'table'] },
    { line: 'etcdctl --write-out=', want: ['fields', 'json', 'protobuf', 'simple', 'table'] },
    { line: 'etcdctl get -w=', want: ['fields', 'json', 'protobuf', 'simple', 'table'] },
    { line: 'etcdctl get --consistency=', want: ['l', 's'] },
    { line: 'etcdctl get --write-out=p', want: ['protobuf'] },
    { line: 'etcdctl get --consistency ', want: ['l', 's'] },
    { line: 'etcdctl get --sort-by ', want: ['CREATE', 'KEY', 'MODIFY', 'VALUE', 'VERSION'] },
    { line: 'etcdctl get --order D', want: ['DESCEND'] },
    { line: 'etcdctl check perf --load ', want: ['l', 'm', 's', 'xl'] },
    { line: 'etcdctl get --con', want: ['--consistency'] },
    { line: 'etcdctl get --pr', want: ['--prefix', '--print-value-only'] },
    { line: 'etcdctl endpoint status --cl', want: ['--cluster'] },
    { line: 'etcdctl endpoint --cl', want: ['--cluster'] },
    { line: 'etcdctl member list --cl', want: [] },
    { line: 'etcdctl get foo -- -', want: [] },
    { line: 'etcdctl help mem', want: ['member'] },
    { line: 'etcdctl help member ', want: ['add', 'list', 'promote', 'remove', 'update'] },
    { line: 'etcdctl help get ', want: [] },
    { line: 'etcdctl nosuch ', want: [] },
    { line: 'etcdctl completion ', want: ['bash', 'fish', 'powershell', 'zsh'] },
    { line: 'etcdctl ', api: '2', want: ['auth', 'backup', 'cluster-health', 'exec-watch', 'get', 'help', 'ls', 'member', 'mk', 'mkdir', 'rm', 'rmdir', 'role', 'set', 'setdir', 'update', 'updatedir', 'user', 'watch'] },
    { line: 'etcdctl -o ', api: '2', want: ['extended', 'json', 'simple'] },
    { line: 'etcdctl --output=e', api: '2', want: ['extended'] },
    { line: 'etcdctl --output=', api: '2', want: ['extended', 'json', 'simple'] },
    { line: 'etcdctl mem ', api: '2', want: [] },
    { line: 'etcdctl user ', api: '2', want: ['add', 'get', 'grant', 'list', 'passwd', 'remove', 'revoke'] },
    { line: 'etcdctl h ', api: '2', want: ['auth', 'backup', 'cluster-health', 'exec-watch', 'get', 'help', 'ls', 'member', 'mk', 'mkdir', 'rm', 'rmdir', 'role', 'set', 'setdir', 'update', 'updatedir', 'user', 'watch'] },
    { line: 'etcdctl ls --r', api: '2', want: ['--recursive'] },
    { line: 'etcdctl ', api: '4', want: [] },
  ];
  const got = bashComplete(cases);
  cases.forEach((c, i) => assert.deepEqual(got[i], sorted(c.want), `${c.api ? `ETCDCTL_API=${c.api} ` : ''}${c.line}<Tab>`));
});

test('bash: every command and flag of both trees is offered where the parser accepts it', () => {
  const v3 = V3_COMMANDS.map((c) => ({
    line: `etcdctl ${c.path} --`,
    want: [...c.flags, ...V3_GLOBAL_FLAGS].map((f) => `--${f.name}`).concat('--help', c.path.startsWith('endpoint ') ? ['--cluster'] : []),
  }));
  const v2 = V2_COMMANDS.map((spec) => ({
    api: '2',
    line: `etcdctl ${spec.path} --`,
    want: spec.flags.filter((f) => !f.hidden).flatMap((f) => f.names.filter((n) => n.length > 1).map((n) => `--${n}`)).concat('--help'),
  }));
  const cases = [...v3, ...v2];
  const got = bashComplete(cases);
  cases.forEach((c, i) => assert.deepEqual(got[i], sorted(new Set(c.want)), `${c.line}<Tab>`));
});

test('bash: paths for file flags and file arguments', () => {
  const { dir } = tempFile('ca.crt', 'x');
  writeFileSync(join(dir, 'client.key'), 'x');
  const cases = [
    { line: `etcdctl --cacert ${dir}/ca`, want: [`${dir}/ca.crt`] },
    { line: `etcdctl --cacert=${dir}/cl`, want: [`${dir}/client.key`] },
    // bashComplete runs where it put the script, the only file there.
    { line: 'etcdctl --cacert=', want: ['etcdctl.bash'] },
    { line: `etcdctl snapshot status ${dir}/c`, want: [`${dir}/ca.crt`, `${dir}/client.key`] },
  ];
  const got = bashComplete(cases);
  rmSync(dir, { recursive: true, force: true });
  cases.forEach((c, i) => assert.deepEqual(got[i], c.want, c.line));
});

test('bash: key arguments go to __etcdctl_live_keys when one is defined', () => {
  const { file, dir } = tempFile('etcdctl.bash', completionScript('bash'));
  const script = `source ${shq(file)}
__etcdctl_live_keys() { printf '%s\\n' "/app/$1-$2" "/app/x y" "/other"; }
COMP_LINE='etcdctl get /app/'; COMP_POINT=\${#COMP_LINE}; COMP_WORDS=(etcdctl get /app/); COMP_CWORD=2; _etcdctl
printf '%s\\n' "\${COMPREPLY[@]}"
unset -f __etcdctl_live_keys; COMPREPLY=(); _etcdctl; echo "without: \${#COMPREPLY[@]}"`;
  const r = runSync('bash', ['--norc', '-c', script], { inheritEnv: true });
  rmSync(dir, { recursive: true, force: true });
  assert.equal(r.stdout, '/app/3-get\n/app/x y\nwithout: 0\n');
});

test('fish: complete -C offers the same candidates, with descriptions', { skip: !have('fish') && 'fish is not installed' }, () => {
  const { file, dir } = tempFile('etcdctl.fish', completionScript('fish'));
  const queries = ['etcdctl ge', 'etcdctl get -w ', 'etcdctl get --write-out=j', 'etcdctl mem l', 'etcdctl check perf --load ', 'etcdctl get --con'];
  const script = [`source ${file}`, ...queries.map((q) => `complete -C ${shq(q)}; echo @@`), `set -x ETCDCTL_API 2; complete -C 'etcdctl -o '`].join('\n');
  const r = runSync('fish', ['--no-config', '-c', script], { onlyEnv: true, env: { PATH: process.env.PATH, HOME: dir } });
  rmSync(dir, { recursive: true, force: true });
  assert.equal(r.stderr, '');
  const blocks = r.stdout.split('@@\n').map((b) => b.split('\n').filter(Boolean));
  assert.deepEqual(blocks[0], ['get\tGets the key or a range of keys']);
  assert.deepEqual(blocks[1], ['fields', 'json', 'protobuf', 'simple', 'table']);
  assert.deepEqual(blocks[2], ['--write-out=json']);
  assert.deepEqual(blocks[3], ['list\tLists all members in the cluster']);
  assert.deepEqual(blocks[4], ['l', 'm', 's', 'xl']);
  assert.deepEqual(blocks[5], ['--consistency\tLinearizable(l) or Serializable(s)']);
  assert.deepEqual(blocks[6], ['extended', 'json', 'simple']);
});

test('zsh: the completion function hands the right candidates to compadd/_describe', { skip: !have('zsh') && 'zsh is not installed' }, () => {
  const { file, dir } = tempFile('_etcdctl', completionScript('zsh'));
  const script = `
compdef() { }
_describe() { print -rl -- "\${(@P)\${@[-1]}}" }
compadd() { while [[ $1 != -- ]]; do shift; done; shift; print -rl -- "$@" }
_files() { print -r -- "files $* [$IPREFIX|$PREFIX]" }
source ${shq(file)}
t() { words=(\${(z)1}); [[ $1 == *' ' ]] && words+=(''); CURRENT=$#words; PREFIX=$words[-1]; IPREFIX=; _etcdctl; print -- '--' }
t 'etcdctl mem '
t 'etcdctl get -w '
t 'etcdctl --cacert=/et'
ETCDCTL_API=2 t 'etcdctl -o '
t 'etcdctl snapshot restore x --data-dir '`;
  const r = runSync('zsh', ['-f', '-c', script], { inheritEnv: true });
  rmSync(dir, { recursive: true, force: true });
  assert.equal(r.stderr, '');
  const blocks = r.stdout.split('--\n').map((b) => b.split('\n').filter(Boolean));
  assert.deepEqual(blocks[0], [
    'add:Adds a member into the cluster',
    'list:Lists all members in the cluster',
    'promote:Promotes a non-voting member in the cluster',
    'remove:Removes a member from the cluster',
    'update:Updates a member in the cluster',
  ]);
  assert.deepEqual(blocks[1], ['simple', 'json', 'fields', 'protobuf', 'table']);
  assert.deepEqual(blocks[2], ['files  [--cacert=|/et]']);
  assert.deepEqual(blocks[3], ['simple', 'extended', 'json']);
  assert.deepEqual(blocks[4], ['files -/ [|]']);
});

test('--no-descriptions leaves descriptions out of zsh and fish scripts', () => {
  assert.doesNotMatch(completionScript('zsh', false), /'get:Gets the key/);
  assert.match(completionScript('zsh', true), /'get:Gets the key or a range of keys'/);
  assert.doesNotMatch(completionScript('fish', false), /'Gets the key or a range of keys'/);
});

test('the checked-in completions/ match the command tree (else: npm run gen:completions)', () => {
  const out = mkdtempSync(join(tmpdir(), 'etcdctl-ts-gen-'));
  const r = runSync(process.execPath, [join(REPO, 'scripts/gen-completions.mjs'), '--no-build', '--out', out], { inheritEnv: true });
  assert.equal(r.code, 0, r.stderr);
  for (const name of ['etcdctl.bash', '_etcdctl', 'etcdctl.fish']) {
    const fresh = readFileSync(join(out, name), 'utf8');
    const checkedIn = readFileSync(join(REPO, 'completions', name), 'utf8');
    assert.ok(fresh === checkedIn, `completions/${name} is out of date with the command tree: run npm run gen:completions && npm run gen:man`);
  }
  rmSync(out, { recursive: true, force: true });
});

test('the scripts are valid bash, zsh and fish', () => {
  for (const [shell, name, check] of [['bash', 'etcdctl.bash', ['-n']], ['zsh', '_etcdctl', ['-n']], ['fish', 'etcdctl.fish', ['-n']]]) {
    if (!have(shell)) continue;
    const r = runSync(shell, [...check, join(REPO, 'completions', name)], { inheritEnv: true });
    assert.equal(r.code, 0, `${shell}: ${r.stderr}`);
  }
});
