// etcdutl snapshot status / restore (etcdutl/etcdutl/snapshot_command.go@v3.5.30): etcdctl's offline code,
// with etcdutl's output: its table layout is tablewriter's as upstream etcdutl prints it, its log lines zap's
// console encoding.
import { statSync } from 'node:fs';
import { badArgs, failure } from '../../cli/exit.js';
import { outputFormat } from '../../v3/globals.js';
import { choosePrinter } from '../../v3/printers/format.js';
import { snapshotStatusPrinter } from '../../v3/commands/snapshot-offline.js';
import { waitForLock } from '../lock.js';
import type { UtlContext } from '../registry.js';

export async function snapshotStatus(ctx: UtlContext): Promise<void> {
  if (ctx.args.length !== 1) throw badArgs('snapshot status requires exactly one argument');
  const print = choosePrinter(snapshotStatusPrinter, outputFormat(ctx.flag('write-out')), { hex: false }, ctx.io.stdout);
  // etcdutl's bbolt opens a directory and finds no database in it (etcdctl 3.4 fails reading it).
  if (statSync(ctx.args[0], { throwIfNoEntry: false })?.isDirectory()) throw failure('invalid database');
  await waitForLock(ctx.args[0], ctx.flag('timeout'));
  const { snapshotStatus: status } = await import('../../offline/status.js');
  print(await status(ctx.args[0]));
}

export { snapshotRestore } from './restore.js';
