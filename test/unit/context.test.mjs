// The v3 command context: parsed flags never change, ETCDCTL_* is a view of its own (globals()), and the printer
// is chosen (and -w checked) before anything is sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommandContext } from '../../dist/v3/context.js';
import { FlagSet } from '../../dist/cli/pflag.js';
import { V3_GLOBAL_FLAGS } from '../../dist/v3/registry.js';
import { putPrinter } from '../../dist/v3/printers/kv.js';

function context(argv, env = {}) {
  const out = [];
  const err = [];
  const sink = (into) => ({ write: (d) => void into.push(Buffer.from(d).toString()), isTTY: false });
  const io = { stdout: sink(out), stderr: sink(err), stdin: process.stdin, env, flush: () => Promise.resolve() };
  const parsed = new FlagSet(V3_GLOBAL_FLAGS).parse(argv);
  return { ctx: new CommandContext({ path: 'put', flags: [] }, parsed, io), out, err };
}

const SECOND_NS = 1_000_000_000n;

test('a flag reads the same before and after the environment is applied; the globals see both', () => {
  const { ctx } = context(['--hex'], { ETCDCTL_COMMAND_TIMEOUT: '7s', ETCDCTL_ENDPOINTS: 'a:1,b:2' });
  const before = [ctx.flag('command-timeout'), ctx.flag('endpoints'), ctx.changed('command-timeout')];
  const g = ctx.globals();
  assert.deepEqual([ctx.flag('command-timeout'), ctx.flag('endpoints'), ctx.changed('command-timeout')], before);
  assert.deepEqual(before, [5n * SECOND_NS, ['127.0.0.1:2379'], false]);
  assert.equal(g.commandTimeoutNs, 7n * SECOND_NS);
  assert.deepEqual(g.endpoints, ['a:1', 'b:2']);
  assert.equal(g.hex, true);
  assert.ok(g.changed.has('command-timeout') && g.changed.has('hex'));
  assert.equal(ctx.globals(), g, 'resolved once');
  assert.ok(Object.isFrozen(g));
  assert.ok(Object.isFrozen(ctx.flag('endpoints')));
});

test('the environment is read once: unknown variables are warned about in order, a shadowed one is fatal', () => {
  const { ctx, err } = context([], { ETCDCTL_NOPE: '1', ETCDCTL_ALSO_NOPE: '2' });
  ctx.globals();
  ctx.globals();
  assert.equal(err.length, 2);
  assert.match(err[0], / W \| pkg\/flags: unrecognized environment variable ETCDCTL_NOPE=1\n$/);
  assert.match(err[1], /ETCDCTL_ALSO_NOPE=2\n$/);

  const shadowed = context(['--hex'], { ETCDCTL_NOPE: '1', ETCDCTL_HEX: 'true' });
  assert.throws(() => shadowed.ctx.globals(), /conflicting environment variable "ETCDCTL_HEX" is shadowed/);
  assert.equal(shadowed.err.length, 1, 'the warning before it is still written');
});

test('an unparsable variable is ignored and the default stays', () => {
  const { ctx } = context([], { ETCDCTL_DIAL_TIMEOUT: 'soon' });
  assert.equal(ctx.globals().dialTimeoutNs, 2n * SECOND_NS);
  assert.equal(ctx.globals().changed.has('dial-timeout'), false);
});

test('printer(): globals first (a bad -w from the environment), then the format this printer supports', () => {
  const bad = context([], { ETCDCTL_NOPE: '1', ETCDCTL_WRITE_OUT: 'yaml' });
  assert.throws(() => bad.ctx.printer(putPrinter), { message: 'unsupported output format' });
  assert.equal(bad.err.length, 1);
  const table = context(['-w', 'table']);
  assert.throws(() => table.ctx.printer(putPrinter), { message: 'table not supported as output format' });
});

test('a printer writes to stdout with the globals options', () => {
  const { ctx, out } = context([], { ETCDCTL_HEX: 'true' });
  const print = ctx.printer(putPrinter);
  assert.equal(print.format, 'simple');
  assert.deepEqual(print.options, { hex: true });
  print({ prev_kv: { key: Buffer.from('k'), value: Buffer.from('v') } });
  assert.equal(out.join(''), 'OK\n\\x6b\n\\x76\n');
});
