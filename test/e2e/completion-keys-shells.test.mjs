// Live key names in real interactive shells: tmux types `etcdctl … get /app/<Tab>` with the completion script
// loaded and our etcdctl first on PATH, and the screen shows what a person would see.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEtcd } from '../helpers/etcd.mjs';
import { ours } from '../helpers/run.mjs';
import { freePort } from '../helpers/tls.mjs';
import { hasProgram, HAVE_TMUX, shellWithCompletion } from '../helpers/tmux.mjs';

const COMPLETIONS = fileURLToPath(new URL('../../completions', import.meta.url));

const SHELLS = {
  bash: { argv: ['bash', '--norc', '--noprofile'], setup: `PS1='$ '; source ${join(COMPLETIONS, 'etcdctl.bash')}`, prompt: '$' },
  zsh: { argv: ['zsh', '-f'], setup: `PS1='%% '; fpath=(${COMPLETIONS} $fpath); autoload -U compinit; compinit -u -D`, prompt: '%' },
  fish: { argv: ['fish', '--no-config'], setup: `function fish_prompt; echo '> '; end; source ${join(COMPLETIONS, 'etcdctl.fish')}`, prompt: '>' },
};

const skipUnless = (shell) => ((!HAVE_TMUX || !hasProgram(shell)) && `tmux or ${shell} is not installed`);
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An interactive shell in tmux, its completion loaded, at an empty prompt. */
async function openShell(name) {
  const { argv, setup, prompt } = SHELLS[name];
  const ready = new RegExp(`^${escapeRe(prompt)}$`, 'm');
  const { term, done } = await shellWithCompletion(argv, setup, ready);
  const line = (text) => new RegExp(`^${escapeRe(`${prompt} ${text}`)}$`, 'm');
  const atEmptyPrompt = (s) => s.trimEnd().split('\n').at(-1) === prompt;
  /**
   * Starts a fresh line on a clear screen. On a busy machine a Ctrl-C can arrive while the shell is not
   * reading keys and be lost; `clear` is typed only once an empty prompt shows, lest it join the old line.
   */
  const fresh = async () => {
    for (let attempt = 1; ; attempt++) {
      term.press('C-c');
      try {
        await term.waitFor(atEmptyPrompt, { timeoutMs: 2000 });
        break;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
    term.type('clear');
    term.press('Enter');
    await term.waitFor((s) => !s.includes('clear') && ready.test(s));
  };
  return { term, line, fresh, close: done };
}

let etcd;
let ep;

before(async () => {
  etcd = await startEtcd({ extraArgs: ['--enable-v2=true'] });
  ep = etcd.endpoints[0];
  const script = ['put /app/a 1', 'put /app/b 2', `put '/odd/x y' 3`, `put "/odd/it's" 4`, 'put /odd/a:b 5'];
  const r = await ours(['batch', '--endpoints', ep], { input: script.join('\n') + '\n' });
  assert.equal(r.code, 0, r.stderr);
  const v2 = await ours(['--endpoints', etcd.clientUrls[0], 'set', '/v2/dir/inner', 'v'], { env: { ETCDCTL_API: '2' } });
  assert.equal(v2.code, 0, v2.stderr);
});

after(() => etcd?.stop());

/** Tab, then a marker: the shell handles the marker only once completion is over, so its arrival times Tab. */
async function tabThenMark(sh, typed, { tabs = 1 } = {}) {
  sh.term.type(typed);
  const started = Date.now();
  sh.term.press(...Array(tabs).fill('Tab'));
  sh.term.type('@');
  const screen = await sh.term.waitFor((s) => s.includes('@'));
  return { screen, ms: Date.now() - started };
}

test('bash: get /app/<Tab><Tab> lists the keys under /app/ from the cluster; one candidate is inserted quoted', { skip: skipUnless('bash') }, async () => {
  const sh = await openShell('bash');
  try {
    sh.term.type(`etcdctl --endpoints=${ep} get /app/`);
    sh.term.press('Tab', 'Tab');
    const listed = await sh.term.waitFor(/^\/app\/a\s+\/app\/b$/m);
    assert.match(listed, sh.line(`etcdctl --endpoints=${ep} get /app/`), 'the line stays as typed under the candidates');
    await sh.fresh();

    const cases = [
      [`etcdctl --endpoints=${ep} get /app/b`, `etcdctl --endpoints=${ep} get /app/b @`],
      [`etcdctl --endpoints ${ep} get /odd/x`, `etcdctl --endpoints ${ep} get /odd/x\\ y @`],
      [`etcdctl --endpoints ${ep} del /odd/i`, `etcdctl --endpoints ${ep} del /odd/it\\'s @`],
      [`etcdctl --endpoints ${ep} get '/odd/i`, `etcdctl --endpoints ${ep} get '/odd/it'\\''s' @`],
      [`etcdctl --endpoints ${ep} get "/odd/x`, `etcdctl --endpoints ${ep} get "/odd/x y" @`],
      // COMP_WORDBREAKS splits at ':', as in --endpoints=127.0.0.1:2379; the key still completes whole.
      [`etcdctl --endpoints=${ep} get /odd/a:`, `etcdctl --endpoints=${ep} get /odd/a:b @`],
      [`etcdctl --endpoints=${ep} put /app/a /app/`, `etcdctl --endpoints=${ep} put /app/a /app/@`],
    ];
    for (const [typed, expected] of cases) {
      await tabThenMark(sh, typed);
      await sh.term.waitFor(sh.line(expected));
      await sh.fresh();
    }

    sh.term.type('export ETCDCTL_API=2');
    sh.term.press('Enter');
    await sh.fresh();
    await tabThenMark(sh, `etcdctl --endpoints ${etcd.clientUrls[0]} ls /v2/d`);
    await sh.term.waitFor(sh.line(`etcdctl --endpoints ${etcd.clientUrls[0]} ls /v2/dir/@`), 'a v2 directory, ready for the next level');
  } finally {
    sh.close();
  }
});

test('bash: Tab with a dead or silent endpoint never hangs (the script waits at most a second) and shows nothing', { skip: skipUnless('bash') }, async () => {
  const held = [];
  const silent = createServer((socket) => held.push(socket));
  await new Promise((r) => silent.listen(0, '127.0.0.1', r));
  const sh = await openShell('bash');
  try {
    for (const endpoint of [`127.0.0.1:${await freePort()}`, `127.0.0.1:${silent.address().port}`]) {
      const typed = `etcdctl --endpoints=${endpoint} get /app/`;
      const { screen, ms } = await tabThenMark(sh, typed);
      assert.ok(ms < 3000, `${endpoint}: Tab took ${ms} ms`);
      assert.equal(screen.trim(), `$ ${typed}@`, 'no candidate and no error on the screen');
      await sh.fresh();
    }
  } finally {
    sh.close();
    for (const s of held) s.destroy();
    silent.close();
  }
});

/**
 * get /app/<Tab> lists both keys (the screen matching `listed`); a key with a space, one with a quote (typed
 * after `quote`, completed as `quoted`) and one with a colon are inserted quoted; a dead endpoint does not hang.
 */
async function listsAndQuotes(shell, listed, quote, quoted) {
  const sh = await openShell(shell);
  try {
    sh.term.type(`etcdctl --endpoints=${ep} get /app/`);
    sh.term.press('Tab');
    await sh.term.waitFor(listed);
    await sh.fresh();
    for (const [typed, expected] of [
      [`etcdctl --endpoints=${ep} get /odd/x`, `etcdctl --endpoints=${ep} get /odd/x\\ y @`],
      [`etcdctl --endpoints=${ep} get ${quote}/odd/i`, `etcdctl --endpoints=${ep} get ${quoted} @`],
      [`etcdctl --endpoints=${ep} get /odd/a:`, `etcdctl --endpoints=${ep} get /odd/a:b @`],
    ]) {
      await tabThenMark(sh, typed);
      await sh.term.waitFor(sh.line(expected));
      await sh.fresh();
    }
    const { ms } = await tabThenMark(sh, `etcdctl --endpoints=127.0.0.1:${await freePort()} get /app/`);
    assert.ok(ms < 3000, `dead endpoint: Tab took ${ms} ms`);
  } finally {
    sh.close();
  }
}

test('zsh: get /app/<Tab> lists the keys under /app/; one candidate is inserted quoted', { skip: skipUnless('zsh') }, () =>
  listsAndQuotes('zsh', /^\/app\/a\s+\/app\/b$/m, "'", "'/odd/it'\\''s'"));

test('fish: get /app/<Tab> lists the keys under /app/; one candidate is inserted quoted', { skip: skipUnless('fish') }, () =>
  listsAndQuotes('fish', /^\/app\/a\s+\/app\/b\s*$/m, '"', `"/odd/it's"`));
