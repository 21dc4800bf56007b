// Password prompts on a real terminal (tmux): nothing typed is echoed, Backspace edits, Ctrl-C leaves the
// terminal as it was, and the screen looks as the reference etcdctl's does for the same keys.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startEtcd, hasReference, REF_ETCDCTL } from '../helpers/etcd.mjs';
import { reference } from '../helpers/run.mjs';
import { HAVE_TMUX, ourEtcdctlOnPath, Terminal } from '../helpers/tmux.mjs';

const skip = !HAVE_TMUX ? 'tmux is not installed' : false;
const SECRETS = /rootpw|carolpw|rootpx/;

describe('password prompts on a terminal', { skip }, () => {
  let etcd;
  let bin;
  before(async () => {
    etcd = await startEtcd({ members: 1 });
    bin = ourEtcdctlOnPath();
    const env = { ETCDCTL_ENDPOINTS: etcd.endpoints[0] };
    for (const args of [['user', 'add', 'root:rootpw'], ['auth', 'enable']]) {
      const r = await reference(args, { env });
      assert.equal(r.code, 0, r.stderr);
    }
  });
  after(async () => {
    await etcd?.stop();
    if (bin) try { rmSync(bin, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }); } catch { /* the shell, HOME there, may still be writing its history: a leftover temp dir is harmless */ }
  });

  /** A shell on a fresh terminal where `$E` is the etcdctl under test and ETCDCTL_ENDPOINTS is set. */
  async function shell(etcdctl) {
    const term = new Terminal(['sh'], {
      env: { PATH: `${bin}:${process.env.PATH}`, HOME: bin, LANG: 'C.UTF-8', PS1: '$ ', E: etcdctl, ETCDCTL_ENDPOINTS: etcd.endpoints[0] },
      width: 100,
    });
    await term.waitFor(/^\$/m);
    return term;
  }

  /** Types a line and presses Enter. */
  const line = (term, text) => {
    term.type(text);
    term.press('Enter');
  };

  /** The screen with trailing blank lines dropped (tmux drops each line's trailing spaces itself). */
  const trimmed = (s) => s.replace(/\s+$/, '');

  async function addUserAsRoot(etcdctl, user) {
    const term = await shell(etcdctl);
    try {
      line(term, `$E --user root user add ${user}; echo "rc=$?"`);
      await term.waitFor(new RegExp(`Password of ${user}:$`, 'm'));
      line(term, 'carolpw');
      await term.waitFor(new RegExp(`Type password of ${user} again for confirmation:$`, 'm'));
      line(term, 'carolpw');
      await term.waitFor(/^Password:$/m);
      line(term, 'rootpw');
      return trimmed(await term.waitFor(/^rc=\d+$/m));
    } finally {
      term.close();
    }
  }

  test('user add: two hidden prompts, then the hidden --user prompt', async () => {
    const screen = await addUserAsRoot('etcdctl', 'carol');
    assert.equal(screen, [
      '$ $E --user root user add carol; echo "rc=$?"',
      'Password of carol:',
      'Type password of carol again for confirmation:',
      'Password:',
      'User carol created',
      'rc=0',
      '$',
    ].join('\n'));
    assert.doesNotMatch(screen, SECRETS);
    if (hasReference()) {
      const r = await reference(['--user=root:rootpw', 'user', 'delete', 'carol'], { env: { ETCDCTL_ENDPOINTS: etcd.endpoints[0] } });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(await addUserAsRoot(REF_ETCDCTL, 'carol'), screen, 'the reference shows the same screen');
    }
  });

  test('--user root without a password: one hidden prompt; Backspace edits what was typed', async () => {
    let term = await shell('etcdctl');
    try {
      line(term, '$E --user root user get root; echo "rc=$?"');
      await term.waitFor(/^Password:$/m);
      term.type('rootpx');
      term.press('BSpace');
      line(term, 'w');
      const screen = trimmed(await term.waitFor(/^rc=\d+$/m));
      assert.equal(screen, ['$ $E --user root user get root; echo "rc=$?"', 'Password:', 'User: root', 'Roles: root', 'rc=0', '$'].join('\n'));
      // The new user's password works too, asked for the same way (on a fresh screen).
      term.close();
      term = await shell('etcdctl');
      line(term, '$E --user carol user get carol; echo "rc=$?"');
      await term.waitFor(/^Password:$/m);
      line(term, 'carolpw');
      const second = trimmed(await term.waitFor(/^rc=\d+$/m));
      assert.equal(second, ['$ $E --user carol user get carol; echo "rc=$?"', 'Password:', 'User: carol', 'Roles:', 'rc=0', '$'].join('\n'));
      assert.doesNotMatch(screen + second, SECRETS);
    } finally {
      term.close();
    }
  });

  test('different answers: etcdctl\'s error and exit code 128', async () => {
    const term = await shell('etcdctl');
    try {
      line(term, '$E user add dave; echo "rc=$?"');
      await term.waitFor(/Password of dave:$/m);
      line(term, 'one');
      await term.waitFor(/confirmation:$/m);
      line(term, 'two');
      const screen = trimmed(await term.waitFor(/^rc=\d+$/m));
      assert.match(screen, /^Error: given passwords are different\nrc=128\n\$$/m);
      assert.doesNotMatch(screen, /one|two/);
    } finally {
      term.close();
    }
  });

  test('Ctrl-C at the prompt ends the command like a SIGINT and leaves echo on', async () => {
    const term = await shell('etcdctl');
    try {
      line(term, '$E --user root user list; echo "rc=$?"');
      await term.waitFor(/^Password:$/m);
      term.type('half');
      term.press('C-c');
      await term.waitFor(/^rc=130$/m);
      line(term, 'echo typed-$((40+2))');
      const screen = await term.waitFor(/^typed-42$/m);
      assert.match(screen, /^\$ echo typed-\$\(\(40\+2\)\)$/m, 'what is typed is echoed again');
      assert.doesNotMatch(screen, /half/);
    } finally {
      term.close();
    }
  });
});
