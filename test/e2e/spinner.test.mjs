// A long wait shows a spinner on a terminal's stderr, and it is gone before the result prints. The wait
// is made real by stopping the etcd process (SIGSTOP), so defrag hangs until its --command-timeout.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startEtcd } from '../helpers/etcd.mjs';
import { ours, withoutZapLines } from '../helpers/run.mjs';
import { HAVE_TMUX, ourEtcdctlOnPath, Terminal } from '../helpers/tmux.mjs';

/** ora's default spinner frames (cli-spinners "dots"). */
const SPINNER_FRAME = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;
let etcd;
let bin;

before(async () => {
  etcd = await startEtcd({ members: 1 });
  bin = ourEtcdctlOnPath();
});

after(async () => {
  await etcd?.stop();
  try { rmSync(bin, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }); } catch { /* the shell, HOME there, may still be writing its history: a leftover temp dir is harmless */ }
});

test('defrag waiting on a stopped member: a spinner while it waits, cleared before the outcome', { skip: !HAVE_TMUX && 'tmux is not installed' }, async () => {
  const term = new Terminal(['bash', '--norc', '--noprofile'], {
    env: { PATH: `${bin}:${process.env.PATH}`, HOME: bin, LANG: 'C.UTF-8', PS1: '$ ' },
    width: 140,
  });
  etcd.pause(0);
  try {
    await term.waitFor(/\$/);
    term.type(`etcdctl --endpoints=${etcd.endpoints[0]} --command-timeout=4s defrag; echo "done:$?"`);
    term.press('Enter');
    const spinning = await term.waitFor((s) => SPINNER_FRAME.test(s) && s.includes(`Defragmenting ${etcd.endpoints[0]}`));
    assert.match(spinning, new RegExp(`${SPINNER_FRAME.source} Defragmenting ${etcd.endpoints[0]}`));
    const finished = await term.waitFor(/^done:\d+/m, { timeoutMs: 15000 });
    assert.match(finished, /Failed to defragment etcd member\[127\.0\.0\.1:\d+\] \(context deadline exceeded\)/);
    assert.match(finished, /^done:1$/m);
    assert.ok(!finished.includes('Defragmenting'), `the spinner line was left on screen:\n${finished}`);
    assert.ok(!SPINNER_FRAME.test(finished), 'a spinner frame was left on screen');
  } finally {
    etcd.resume(0);
    term.close();
  }
});

test('without a terminal the same wait prints nothing but the outcome', async () => {
  etcd.pause(0);
  try {
    const r = await ours(['--endpoints', etcd.endpoints[0], '--command-timeout=1s', 'defrag']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(withoutZapLines(r.stderr), `Failed to defragment etcd member[${etcd.endpoints[0]}] (context deadline exceeded)\n`);
  } finally {
    etcd.resume(0);
  }
});
