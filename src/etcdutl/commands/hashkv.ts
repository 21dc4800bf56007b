// etcdutl hashkv (etcdutl 3.6): the KV hash of a backend file, printed as etcdutl/etcdutl/printer*.go@v3.6.14 do.
import { renderTable } from '../../cli/table.js';
import { outputFormat } from '../../v3/globals.js';
import { choosePrinter, type Printer } from '../../v3/printers/format.js';
import type { HashKV } from '../../offline/hashkv.js';
import { commandHelp, usageError } from '../help.js';
import { waitForLock } from '../lock.js';
import type { HASHKV_FLAGS, UtlContext } from '../registry.js';

const row = (h: HashKV) => [String(h.hash), String(h.hashRevision), String(h.compactRevision)];

export const hashkvPrinter: Printer<HashKV> = {
  simple: (h) => row(h).join(', ') + '\n',
  json: (h) => `{"hash":${h.hash},"hashRevision":${h.hashRevision},"compactRevision":${h.compactRevision}}\n`,
  fields: (h) => `"Hash" : ${h.hash}\n"Hash revision" : ${h.hashRevision}\n"Compact revision" : ${h.compactRevision}\n`,
  table: (h) => renderTable(['hash', 'hash revision', 'compact revision'], [row(h)]),
};

export async function hashkv(ctx: UtlContext<typeof HASHKV_FLAGS>): Promise<void> {
  // cobra.ExactArgs(1)
  if (ctx.args.length !== 1) throw usageError(commandHelp(ctx.spec), `accepts 1 arg(s), received ${ctx.args.length}`);
  const print = choosePrinter(hashkvPrinter, outputFormat(ctx.flag('write-out')), { hex: false }, ctx.io.stdout);
  const { hashKV } = await import('../../offline/hashkv.js');
  await waitForLock(ctx.args[0], ctx.flag('timeout'), 'read');
  print(hashKV(ctx.args[0], ctx.flag('rev')));
}
