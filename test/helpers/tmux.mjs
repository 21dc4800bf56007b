// A real terminal for tests that must see what a person sees: tmux runs a shell, keys are typed with
// send-keys and the screen is read with capture-pane. Each terminal has its own tmux server (its own
// socket), so closing it never touches any other tmux session on the machine.
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OUR_ETCDCTL, hasProgram, runSync } from './run.mjs';

export { hasProgram };
export const HAVE_TMUX = hasProgram('tmux');

let serial = 0;

/** A directory holding only an `etcdctl` that is ours, to put first on a test shell's PATH. */
export function ourEtcdctlOnPath() {
  // A fresh name every time: a leftover directory (cleanup is best effort) must never be reused.
  const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-bin-'));
  symlinkSync(OUR_ETCDCTL, join(dir, 'etcdctl'));
  return dir;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Terminal {
  /**
   * Starts `argv` (a shell, usually) in a terminal of the given size with exactly `env`, plus the TERM
   * that tmux emulates unless `env` names another.
   */
  constructor(argv, { env = {}, width = 120, height = 30, cwd } = {}) {
    this.socket = `etcdctl-ts-test-${process.pid}-${serial++}`;
    const vars = Object.entries({ TERM: 'screen', ...env }).map(([k, v]) => `${k}=${v}`);
    this.tmux(['-f', '/dev/null', 'new-session', '-d', '-x', String(width), '-y', String(height), '-c', cwd ?? tmpdir(), 'env', '-i', ...vars, ...argv]);
  }

  tmux(args) {
    const r = runSync('tmux', ['-L', this.socket, ...args], { inheritEnv: true });
    if (r.code !== 0) throw new Error(`tmux ${args[0]} failed: ${r.stderr}`);
    return r.stdout;
  }

  /** Types text literally (no key names interpreted). */
  type(text) {
    this.tmux(['send-keys', '-l', text]);
  }

  /** Presses keys by tmux name: Tab, Enter, C-u, … */
  press(...keys) {
    for (const k of keys) this.tmux(['send-keys', k]);
  }

  /** The visible screen; with `escapes`, colours and attributes as escape sequences. */
  screen({ escapes = false } = {}) {
    return this.tmux(['capture-pane', '-p', ...(escapes ? ['-e'] : [])]);
  }

  /** Waits until the screen satisfies `test` (a RegExp or a function of the screen text); returns the screen. */
  async waitFor(test, { timeoutMs = 10000, escapes = false } = {}) {
    const ok = typeof test === 'function' ? test : (s) => test.test(s);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = this.screen({ escapes });
      if (ok(s)) return s;
      if (Date.now() > deadline) throw new Error(`screen never matched ${test}:\n${s}`);
      await sleep(50);
    }
  }

  close() {
    runSync('tmux', ['-L', this.socket, 'kill-server'], { inheritEnv: true });
  }
}

/**
 * A shell (`argv`) in a terminal with our etcdctl first on PATH (HOME in the same directory) and the completion
 * loaded by typing `setup`; resolves on a cleared screen that matches `ready`. capture-pane drops trailing blanks,
 * so tests type a marker after Tab to see the space a completion adds. → { term, done() }
 */
export async function shellWithCompletion(argv, setup, ready) {
  const bin = ourEtcdctlOnPath();
  const term = new Terminal(argv, { env: { PATH: `${bin}:${process.env.PATH}`, HOME: bin, LANG: 'C.UTF-8' } });
  try {
    await term.waitFor(/\S/);
    term.type(setup);
    term.press('Enter');
    term.type('clear');
    term.press('Enter');
    await term.waitFor((s) => !s.includes('clear') && ready.test(s));
  } catch (err) {
    term.close();
    throw err;
  }
  const done = () => {
    term.close();
    try {
      rmSync(bin, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    } catch {
      // the shell, HOME there, may still be writing its history: a leftover temp dir is harmless
    }
  };
  return { term, done };
}
