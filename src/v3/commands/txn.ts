// etcdctl txn (etcdctl/ctlv3/command/txn_command.go@v3.4.23): compares, success ops and failure ops from stdin, each section ended by an
// empty line; with -i a prompt precedes each section. The commit has no timeout, as in etcdctl.
import { CliError, ExitCode, badArgs } from '../../cli/exit.js';
import { LineReader } from '../../cli/lines.js';
import { txnPrinter } from '../printers/kv.js';
import { parseCompare, parseOp } from '../kv/txn.js';
import type { TXN_FLAGS, V3Context } from '../registry.js';

const PROMPTS = ['compares:\n', 'success requests (get, put, del):\n', 'failure requests (get, put, del):\n'];

/** Lines up to the next empty one; a section cut short by the end of input is etcdctl's "EOF" error. */
async function readSection(lines: LineReader): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const line = await lines.next();
    if (line === undefined) throw new CliError('EOF', ExitCode.InvalidInput);
    if (line.trim() === '') return out;
    out.push(line);
  }
}

export async function txn(ctx: V3Context<typeof TXN_FLAGS>): Promise<void> {
  if (ctx.args.length > 0) throw badArgs('txn command does not accept argument');
  const print = ctx.printer(txnPrinter);
  const client = await ctx.client();
  const interactive = ctx.flag('interactive');
  const lines = new LineReader(ctx.io);
  const sections: string[][] = [];
  for (const prompt of PROMPTS) {
    if (interactive) ctx.io.stdout.write(prompt);
    sections.push(await readSection(lines));
  }
  ctx.io.stdin.pause();
  const compare = sections[0].map(parseCompare);
  const success = sections[1].map(parseOp);
  const failure = sections[2].map(parseOp);
  const resp = await client.unary('KV.Txn', { compare, success, failure });
  print(resp);
}
