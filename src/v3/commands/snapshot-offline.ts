// etcdctl snapshot status / restore: offline tools over the file formats in src/offline (no server, no Go).
// Like etcdctl they build no client, so ETCDCTL_* variables are not read; -w is still validated for status.
import { badArgs } from '../../cli/exit.js';
import { humanizeBytes } from '../../go/humanize.js';
import { renderTable } from '../../cli/table.js';
import { zapLine } from '../../cli/zap.js';
import { outputFormat } from '../globals.js';
import { choosePrinter, type Printer } from '../printers/format.js';
import type { SNAPSHOT_RESTORE_FLAGS, V3Context } from '../registry.js';

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

export async function snapshotStatus(ctx: V3Context): Promise<void> {
  if (ctx.args.length !== 1) throw badArgs('snapshot status requires exactly one argument');
  // -w as typed on the command line: these commands never look at ETCDCTL_WRITE_OUT (nor --hex).
  const print = choosePrinter(snapshotStatusPrinter, outputFormat(ctx.flag('write-out')), { hex: false }, ctx.io.stdout);
  const { snapshotStatus: status } = await import('../../offline/status.js');
  const s = await status(ctx.args[0]);
  print(s);
}

export async function snapshotRestore(ctx: V3Context<typeof SNAPSHOT_RESTORE_FLAGS>): Promise<void> {
  if (ctx.args.length !== 1) throw badArgs('snapshot restore requires exactly one argument');
  const revisionBump = ctx.flag('bump-revision');
  const markCompacted = ctx.flag('mark-compacted');
  // One message for both mistakes, naming the flag by another name, as etcdutl/etcdutl/snapshot_command.go@v3.5.30 does.
  if ((revisionBump === 0n) === markCompacted) throw badArgs('--mark-compacted required if --revision-bump > 0');
  const { snapshotRestore: restore } = await import('../../offline/restore.js');
  await restore({
    file: ctx.args[0],
    dataDir: ctx.flag('data-dir') || undefined,
    walDir: ctx.flag('wal-dir') || undefined,
    name: ctx.flag('name'),
    initialCluster: ctx.flag('initial-cluster'),
    initialClusterToken: ctx.flag('initial-cluster-token'),
    initialAdvertisePeerUrls: ctx.flag('initial-advertise-peer-urls'),
    skipHashCheck: ctx.flag('skip-hash-check'),
    revisionBump,
    markCompacted,
    onLog: (entry) => ctx.io.stderr.write(zapLine(entry)),
  });
}
