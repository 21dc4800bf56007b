// Ours against the reference etcdctl: the same arguments on the same server (or on twin servers), then the same
// stdout, stderr and exit code. One comparison core for v3 (sameAsReference here) and v2 (v2-compare.mjs).
import assert from 'node:assert/strict';
import { ours, reference } from './run.mjs';
import { normalizeZap } from './zap.mjs';

/** Output compared exactly as printed (as text, for stdout). */
export const asPrinted = (s) => s;

/** The reference runs `stty -echo` around its password prompts; without a terminal, stty complains on stderr. */
export const withoutStty = (s) => s.split('\n').filter((l) => !l.startsWith("stty: 'standard input'")).join('\n');

/** stderr where the reference may have prompted for a password: normalizeZap, and the reference's stty lines dropped. */
export const promptStderr = { ours: (s) => normalizeZap(s), ref: (s) => withoutStty(normalizeZap(s)) };

/** A normaliser for one side: `norm` is a function of the text for both sides, or { ours, ref } (either may be left out). */
const sided = (norm, side) => (typeof norm === 'function' ? (s) => norm(s) : norm[side] ?? asPrinted);

/**
 * Asserts that two runs printed the same: stdout byte for byte, or as text through `stdout` when given; stderr as
 * text through `stderr` (normalizeZap unless given); the same exit code. A normaliser is a function of the text, or
 * { ours, ref } for the few tests that allow one side a known difference.
 */
export function assertSameRun(o, r, what, { stdout, stderr = normalizeZap } = {}) {
  const out = stdout && ((side, run) => sided(stdout, side)(run.stdout));
  const err = (side, run) => sided(stderr, side)(run.stderr);
  if (out) assert.equal(out('ours', o), out('ref', r), `stdout of ${what} (our stderr: ${JSON.stringify(o.stderr)})`);
  else if (!o.stdoutBytes.equals(r.stdoutBytes)) {
    assert.equal(o.stdout, r.stdout, `stdout of ${what}`);
    assert.fail(`stdout of ${what}: the same text in other bytes (${o.stdoutBytes.length} vs ${r.stdoutBytes.length})`);
  }
  assert.equal(err('ours', o), err('ref', r), `stderr of ${what}`);
  assert.equal(o.code, r.code, `exit code of ${what}`);
}

/**
 * Runs the reference, then ours, with the same `args` and run options (env, input, timeoutMs, cwd), and asserts the
 * same output (assertSameRun, whose `stdout` and `stderr` options it passes on). `setup()` runs before each of the
 * two, `between(ref)` after the reference's run (to undo its change, say). With `twins` ({ ref, ours } endpoints,
 * helpers/etcd.mjs startTwins) the reference talks to one twin and ours to the other. `label` names the command in
 * messages. Returns our run.
 */
export async function sameAsReference(args, { setup, between, twins, label, stdout, stderr, ...runOptions } = {}) {
  const at = (side) => (twins ? ['--endpoints', twins[side], ...args] : args);
  if (setup) await setup();
  const r = await reference(at('ref'), runOptions);
  if (between) await between(r);
  if (setup) await setup();
  const o = await ours(at('ours'), runOptions);
  assertSameRun(o, r, label ?? args.join(' '), { stdout, stderr });
  return o;
}

/**
 * sameAsReference for a command that changes the server: the reference makes the change, `undo` (run by the
 * reference in the same env) takes it back when it was made, then ours makes it, so both see the same state.
 */
export function sameChange(args, undo, opts = {}) {
  const between = async (r) => {
    if (r.code === 0) assert.equal((await reference(undo, { env: opts.env })).code, 0, `undo ${undo.join(' ')}`);
  };
  return sameAsReference(args, { ...opts, between });
}
