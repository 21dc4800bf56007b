// etcdctl snapshot status / restore: offline tools over the file formats in src/offline (no server, no Go).
// Like etcdctl they build no client, so ETCDCTL_* variables are not read; -w is still validated for status.
import { badArgs } from '../../cli/exit.js';
import { humanizeBytes } from '../../go/humanize.js';
import { renderTable } from '../../cli/table.js';
import { zapLine } from '../../cli/zap.js';
import type { CommandContext } from '../context.js';
import { outputFormat } from '../globals.js';
import { choosePrinter, type Printer } from '../printers/format.js';

interface Status {
  hash: number;
  revision: bigint;
  totalKey: number;
  totalSize: number;
}

const statusRow = (s: Status) => [s.hash.toString(16), String(s.revision), String(s.totalKey), humanizeBytes(s.totalSize)];

export const snapshotStatusPrinter: Printer<Status> = {
  simple: (s) => statusRow(s).join(', ') + '\n',
  json: (s) => `{"hash":${s.hash},"revision":${s.revision},"totalKey":${s.totalKey},"totalSize":${s.totalSize}}\n`,
  fields: (s) => `"Hash" : ${s.hash}\n"Revision" : ${s.revision}\n"Keys" : ${s.totalKey}\n"Size" : ${s.totalSize}\n`,
  table: (s) => renderTable(['hash', 'revision', 'total keys', 'total size'], [statusRow(s)]),
};

export async function snapshotStatus(ctx: CommandContext): Promise<void> {
  if (ctx.args.length !== 1) throw badArgs('snapshot status requires exactly one argument');
  // -w as typed on the command line: these commands never look at ETCDCTL_WRITE_OUT (nor --hex).
  const print = choosePrinter(snapshotStatusPrinter, outputFormat(ctx.flag<string>('write-out')), { hex: false }, ctx.io.stdout);
  const { snapshotStatus: status } = await import('../../offline/status.js');
  const s = await status(ctx.args[0]);
  print(s);
}

export async function snapshotRestore(ctx: CommandContext): Promise<void> {
  if (ctx.args.length !== 1) throw badArgs('snapshot restore requires exactly one argument');
  const { snapshotRestore: restore } = await import('../../offline/restore.js');
  const opt = (name: string) => ctx.flag<string>(name);
  await restore({
    file: ctx.args[0],
    dataDir: opt('data-dir') || undefined,
    walDir: opt('wal-dir') || undefined,
    name: opt('name'),
    initialCluster: opt('initial-cluster'),
    initialClusterToken: opt('initial-cluster-token'),
    initialAdvertisePeerUrls: opt('initial-advertise-peer-urls'),
    skipHashCheck: ctx.flag<boolean>('skip-hash-check'),
    onLog: (entry) => ctx.io.stderr.write(zapLine(entry)),
  });
}
