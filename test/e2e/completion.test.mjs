// `etcdctl completion <shell>` and the scripts in real interactive shells: tmux types the keys, the
// screen shows what a person would see after Tab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { ours, reference } from '../helpers/run.mjs';
import { hasProgram, HAVE_TMUX, shellWithCompletion } from '../helpers/tmux.mjs';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const COMPLETIONS = join(REPO, 'completions');
const checkedIn = (name) => readFileSync(join(COMPLETIONS, name), 'utf8');

test('etcdctl completion bash|zsh|fish prints the checked-in scripts', async () => {
  for (const [shell, file] of [['bash', 'etcdctl.bash'], ['zsh', '_etcdctl'], ['fish', 'etcdctl.fish']]) {
    const r = await ours(['completion', shell]);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    assert.ok(r.stdout === checkedIn(file), `completion ${shell} differs from completions/${file}`);
  }
});

test('etcdctl completion powershell is listed but says plainly it is not available', async () => {
  const help = await ours(['completion']);
  assert.match(help.stdout, /\tpowershell\tGenerate the autocompletion script for powershell\n/);
  const r = await ours(['completion', 'powershell']);
  assert.equal(r.code, 4);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'Error: PowerShell completion is not available in etcdctl-ts; bash, zsh and fish are\n');
});

test('completion takes no arguments, as the reference says', async () => {
  const ref = await reference(['completion', 'bash', 'foo']);
  const mine = await ours(['completion', 'bash', 'foo']);
  assert.equal(mine.code, ref.code);
  assert.equal(mine.stderr, ref.stderr);
  assert.equal(mine.stdout, ref.stdout);
});

test('bash: typing etcdctl ge<Tab> completes to get; get -w <Tab><Tab> and --write-out=<Tab><Tab> list the formats', { skip: !HAVE_TMUX && 'tmux is not installed' }, async () => {
  const { term, done } = await shellWithCompletion(
    ['bash', '--norc', '--noprofile'],
    `PS1='$ '; source ${join(COMPLETIONS, 'etcdctl.bash')}`,
    /^\$$/m,
  );
  try {
    term.type('etcdctl ge');
    term.press('Tab');
    term.type('@');
    await term.waitFor(/^\$ etcdctl get @$/m);
    term.press('C-u');
    term.type('etcdctl get -w ');
    term.press('Tab', 'Tab');
    const screen = await term.waitFor(/fields\s+json\s+protobuf\s+simple\s+table/);
    assert.match(screen, /^\$ etcdctl get -w$/m, 'the line stays as typed under the candidates');
    term.press('C-u');
    // After `=` (a word break for readline) nothing is inserted when several values fit; Tab Tab lists them.
    term.type('etcdctl --write-out=');
    term.press('Tab');
    term.type('@');
    await term.waitFor(/^\$ etcdctl --write-out=@$/m);
    term.press('BSpace', 'Tab', 'Tab');
    // The line, the list under it, the line again as it was.
    await term.waitFor(/^\$ etcdctl --write-out=\n\s*fields\s+json\s+protobuf\s+simple\s+table\s*\n\$ etcdctl --write-out=$/m);
    term.press('C-u');
    term.type('etcdctl get --write-out=pr');
    term.press('Tab');
    term.type('@');
    await term.waitFor(/^\$ etcdctl get --write-out=protobuf @$/m);
    term.press('C-u');
    term.type('etcdctl mem l');
    term.press('Tab');
    term.type('@');
    await term.waitFor(/^\$ etcdctl mem list @$/m);
    term.press('C-u');
    term.type('export ETCDCTL_API=2');
    term.press('Enter');
    term.type('etcdctl cluster-h');
    term.press('Tab');
    term.type('@');
    await term.waitFor(/^\$ etcdctl cluster-health @$/m);
  } finally {
    done();
  }
});

test('zsh: Tab completes commands and -w values through compinit', { skip: (!HAVE_TMUX || !hasProgram('zsh')) && 'tmux or zsh is not installed' }, async () => {
  const { term, done } = await shellWithCompletion(
    ['zsh', '-f'],
    `PS1='%% '; fpath=(${COMPLETIONS} $fpath); autoload -U compinit; compinit -u -D`,
    /^%$/m,
  );
  try {
    term.type('etcdctl ge');
    term.press('Tab');
    term.type('@');
    await term.waitFor(/^% etcdctl get @$/m);
    term.press('C-u');
    term.type('etcdctl get -w ');
    term.press('Tab');
    await term.waitFor(/fields\s+json\s+protobuf\s+simple\s+table/);
    term.press('C-c');
    term.type('etcdctl member ');
    term.press('Tab');
    await term.waitFor(/list\s+-- Lists all members in the cluster/);
  } finally {
    done();
  }
});

test('fish: Tab completes commands and -w values', { skip: (!HAVE_TMUX || !hasProgram('fish')) && 'tmux or fish is not installed' }, async () => {
  const { term, done } = await shellWithCompletion(
    ['fish', '--no-config'],
    `function fish_prompt; echo '> '; end; source ${join(COMPLETIONS, 'etcdctl.fish')}`,
    /^>$/m,
  );
  try {
    term.type('etcdctl ge');
    term.press('Tab');
    term.type('@');
    await term.waitFor(/^> etcdctl get @$/m);
    term.press('C-u');
    term.type('etcdctl get --write-out=pr');
    term.press('Tab');
    term.type('@');
    await term.waitFor(/^> etcdctl get --write-out=protobuf @$/m);
  } finally {
    done();
  }
});
