// Colour where a person looks at a terminal, none anywhere else: on a tmux terminal the Error: prefix,
// table headers and health verdicts carry escape sequences; NO_COLOR removes them; piped, the bytes are
// exactly the reference etcdctl's even while stderr is a terminal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEtcd, REF_ETCDCTL } from '../helpers/etcd.mjs';
import { both } from '../helpers/run.mjs';
import { HAVE_TMUX, ourEtcdctlOnPath, Terminal } from '../helpers/tmux.mjs';

const ESC = '\x1b[';
let etcd;
let bin;
let work;

before(async () => {
  etcd = await startEtcd({ members: 1 });
  bin = ourEtcdctlOnPath();
  work = mkdtempSync(join(tmpdir(), 'etcdctl-ts-colour-'));
});

after(async () => {
  await etcd?.stop();
  try { rmSync(bin, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }); } catch { /* the shell, HOME there, may still be writing its history: a leftover temp dir is harmless */ }
  rmSync(work, { recursive: true, force: true });
});

function terminal(extraEnv = {}) {
  return new Terminal(['bash', '--norc', '--noprofile'], {
    env: { PATH: `${bin}:${process.env.PATH}`, HOME: work, LANG: 'C.UTF-8', PS1: '$ ', ETCDCTL_ENDPOINTS: etcd.endpoints[0], ...extraEnv },
    width: 160,
    height: 40,
    cwd: work,
  });
}

let runs = 0;

/** Runs one command line in the terminal and returns the screen, escapes included, once it is done. */
async function runIn(term, line) {
  const marker = `done-${++runs}`;
  term.press('C-l');
  term.type(`${line}; echo "${marker}:$?"`);
  term.press('Enter');
  return term.waitFor(new RegExp(`^${marker}:\\d+`, 'm'), { escapes: true });
}

const lineWith = (screen, text) => screen.split('\n').find((l) => l.includes(text) && !l.includes('; echo "done-')) ?? '';

test('on a terminal: a red Error:, bold table headers, green healthy', { skip: !HAVE_TMUX && 'tmux is not installed' }, async () => {
  const term = terminal();
  try {
    await term.waitFor(/\$/);
    let s = await runIn(term, 'etcdctl get -w yaml foo');
    assert.ok(lineWith(s, 'unsupported output format').includes(ESC), `no colour on the Error: line:\n${s}`);
    assert.match(lineWith(s, 'unsupported output format'), /\x1b\[[0-9;]*m\s*Error:/);
    s = await runIn(term, 'etcdctl member list -w table');
    assert.ok(lineWith(s, 'PEER ADDRS').includes(ESC), `no colour in the table header:\n${s}`);
    assert.ok(!lineWith(s, 'started').includes(ESC), 'table rows stay plain');
    s = await runIn(term, 'etcdctl endpoint health');
    assert.match(lineWith(s, 'successfully committed proposal'), /is \x1b\[[0-9;]*m\s*healthy/);
  } finally {
    term.close();
  }
});

test('on a terminal with NO_COLOR: no escape sequences at all', { skip: !HAVE_TMUX && 'tmux is not installed' }, async () => {
  const term = terminal({ NO_COLOR: '1' });
  try {
    await term.waitFor(/\$/);
    for (const line of ['etcdctl get -w yaml foo', 'etcdctl member list -w table', 'etcdctl endpoint health']) {
      const s = await runIn(term, line);
      assert.ok(!s.includes(ESC), `${line} coloured despite NO_COLOR:\n${s}`);
    }
  } finally {
    term.close();
  }
});

test('piped from a terminal session, output is byte-identical to the reference etcdctl', { skip: !HAVE_TMUX && 'tmux is not installed' }, async () => {
  const term = terminal();
  const commands = [
    ['unsupported', 'get -w yaml foo'],
    ['table', 'member list -w table'],
    ['json', 'member list -w json'],
    ['missing', 'get nosuchkey'],
  ];
  try {
    await term.waitFor(/\$/);
    for (const [name, args] of commands) {
      // stdout piped, stderr to a file: stderr is no terminal either, as in a script.
      await runIn(term, `etcdctl ${args} | cat > ${name}.ours 2> ${name}.ours.err; ${REF_ETCDCTL} ${args} | cat > ${name}.ref 2> ${name}.ref.err`);
      // stdout piped while stderr stays on the terminal: stdout must still be plain.
      await runIn(term, `etcdctl ${args} 2>/dev/null | cat > ${name}.ours.tty`);
    }
  } finally {
    term.close();
  }
  for (const [name] of commands) {
    const read = (suffix) => readFileSync(join(work, `${name}.${suffix}`));
    assert.deepEqual(read('ours'), read('ref'), `${name}: stdout differs`);
    assert.deepEqual(read('ours.err'), read('ref.err'), `${name}: stderr differs`);
    assert.deepEqual(read('ours.tty'), read('ref'), `${name}: stdout differs when stderr is a terminal`);
  }
});

test('without a terminal: the same bytes and exit codes as the reference, FORCE_COLOR aside', async () => {
  for (const args of [['get', '-w', 'yaml', 'foo'], ['member', 'list', '-w', 'table'], ['put', 'colour', 'x'], ['get', 'colour', '-w', 'json']]) {
    const r = await both(['--endpoints', etcd.endpoints[0], ...args]);
    assert.equal(r.ours.stdout, r.ref.stdout, args.join(' '));
    assert.equal(r.ours.stderr, r.ref.stderr, args.join(' '));
    assert.equal(r.ours.code, r.ref.code, args.join(' '));
  }
  const forced = await both(['get', '-w', 'yaml', 'foo'], { env: { FORCE_COLOR: '1' } });
  assert.ok(forced.ours.stderr.includes(ESC), 'FORCE_COLOR colours even a pipe');
  assert.equal(forced.ours.stderr.replace(/\x1b\[[0-9;]*m/g, ''), forced.ref.stderr);
});

/** Streams that record what is written, claiming to be a terminal or not. */
function fakeIO({ stdoutTTY = false, stderrTTY = false, env = {} } = {}) {
  const out = { stdout: '', stderr: '' };
  const stream = (name, isTTY) => ({ write: (d) => { out[name] += d; }, isTTY });
  return { io: { stdout: stream('stdout', stdoutTTY), stderr: stream('stderr', stderrTTY), env, stdin: null, flush: async () => {} }, out };
}

test('the colour decision: terminals only, NO_COLOR, FORCE_COLOR, TERM=dumb and CI', async () => {
  const { colourIO } = await import('../../dist/cli/colour.js');
  const cases = [
    [{}, false],
    [{ stderrTTY: true }, true],
    [{ stderrTTY: true, env: { NO_COLOR: '1' } }, false],
    [{ stderrTTY: true, env: { NO_COLOR: '' } }, true],
    [{ stderrTTY: true, env: { TERM: 'dumb' } }, false],
    [{ stderrTTY: true, env: { CI: 'true' } }, false],
    [{ stderrTTY: true, env: { FORCE_COLOR: '0' } }, false],
    [{ env: { FORCE_COLOR: '1' } }, true],
    [{ env: { FORCE_COLOR: '1', NO_COLOR: '1' } }, true],
  ];
  for (const [opts, coloured] of cases) {
    const { io, out } = fakeIO(opts);
    const wrapped = await colourIO(io);
    if (!coloured) assert.equal(wrapped, io, `${JSON.stringify(opts)}: the streams must be left untouched`);
    wrapped.stderr.write('Error: x\n');
    assert.equal(out.stderr.includes(ESC), coloured, JSON.stringify(opts));
    assert.equal(out.stderr.replace(/\x1b\[[0-9;]*m/g, ''), 'Error: x\n');
  }
});

test('only stdout on a terminal: tables are painted there, stderr stays plain', async () => {
  const { colourIO } = await import('../../dist/cli/colour.js');
  const { io, out } = fakeIO({ stdoutTTY: true });
  const wrapped = await colourIO(io);
  const table = '+----+-------+\n| ID | NAME  |\n+----+-------+\n|  1 | Error: a |\n+----+-------+\n';
  wrapped.stdout.write(table);
  wrapped.stderr.write('Error: x\n');
  assert.equal(out.stderr, 'Error: x\n');
  assert.equal(out.stdout.replace(/\x1b\[[0-9;]*m/g, ''), table);
  assert.ok(out.stdout.split('\n')[1].includes(ESC));
  assert.ok(!out.stdout.split('\n')[3].includes(ESC), 'rows are never painted');
});
