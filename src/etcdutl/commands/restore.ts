// etcdutl snapshot restore: etcdctl's handler (one flag list, one handler: what etcdctl's restore passes to
// src/offline, etcdutl passes too), with etcdutl 3.5's own rules around it: an existing empty --data-dir is
// taken, and the log lines are those of etcdutl/snapshot/v3_snapshot.go@v3.5.30 in zap's console encoding.
import { rmdirSync } from 'node:fs';
import { CliError, ExitCode } from '../../cli/exit.js';
import type { IO, Output } from '../../cli/io.js';
import { goQuote } from '../../go/quote.js';
import { dirEntries } from '../../offline/fsutil.js';
import { snapshotRestore as etcdctlRestore } from '../../v3/commands/snapshot-offline.js';
import type { ZapField } from '../../cli/zap.js';
import { utlLogLine, type UtlLogEntry } from '../log.js';
import type { SNAPSHOT_RESTORE_FLAGS_UTL, UtlContext } from '../registry.js';

/** Where etcdutl 3.5.30 logs what etcdctl's restore logs, by message. */
const CALLERS: Record<string, string> = {
  'restoring snapshot': 'snapshot/v3_snapshot.go:265',
  'added member': 'membership/cluster.go:421',
  'restored snapshot': 'snapshot/v3_snapshot.go:293',
};
const TRIMMING: Omit<UtlLogEntry, 'timeMs'> = { level: 'info', caller: 'membership/store.go:138', msg: 'Trimming membership information from the backend...', fields: [] };

/**
 * A stderr that takes the JSON lines etcdctl's handler writes (src/cli/zap.ts, all ours) and writes etcdutl's:
 * 3.5 trims the old membership before adding members (a line of its own), gives each added member its learner
 * flag and the restore lines the memory map size, and opens no mvcc store (no compaction line).
 */
function etcdutlLog(stderr: Output, mmapSize: bigint): Output {
  let trimmed = false;
  const translate = (line: string): string => {
    if (!line.startsWith('{')) return line;
    const { level, ts, caller, msg, ...rest } = JSON.parse(line) as Record<string, unknown> & { level: 'info'; ts: number; caller: string; msg: string };
    const fields = Object.entries(rest).map(([k, v]) => [k, typeof v === 'number' ? BigInt(v) : v]) as ZapField[];
    const timeMs = ts * 1000;
    let out = '';
    if (!trimmed && (msg === 'added member' || msg === 'restored last compact revision')) {
      trimmed = true;
      out += utlLogLine({ ...TRIMMING, timeMs });
    }
    if (msg === 'restored last compact revision') return out;
    const entry: UtlLogEntry = { level, timeMs, caller: CALLERS[msg] ?? caller, msg, fields };
    if (msg === 'added member') entry.fields.push(['added-peer-is-learner', false]);
    if ((msg === 'restoring snapshot' || msg === 'restored snapshot') && !(('initial-memory-map-size') in rest)) {
      entry.fields.push(['initial-memory-map-size', mmapSize]);
    }
    return out + utlLogLine(entry);
  };
  return {
    isTTY: stderr.isTTY,
    write(data) {
      const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
      stderr.write(text.split(/(?<=\n)/).map(translate).join(''));
    },
  };
}

/** etcdutl 3.5 restores into an existing directory that is empty; anything in it is refused. */
function takeEmptyDataDir(dataDir: string): void {
  const entries = dirEntries(dataDir);
  if (entries === null) return;
  if (entries.length > 0) throw new CliError(`data-dir ${goQuote(dataDir)} not empty or could not be read`, ExitCode.Error);
  // src/offline builds the directory beside it and renames it into place.
  rmdirSync(dataDir);
}

export async function snapshotRestore(ctx: UtlContext<typeof SNAPSHOT_RESTORE_FLAGS_UTL>): Promise<void> {
  if (ctx.args.length !== 1) throw new CliError('snapshot restore requires exactly one argument', ExitCode.BadArgs);
  takeEmptyDataDir(ctx.flag('data-dir'));
  const io: IO = Object.create(ctx.io, { stderr: { value: etcdutlLog(ctx.io.stderr, ctx.flag('initial-memory-map-size')) } });
  await etcdctlRestore(Object.create(ctx, { io: { value: io } }));
}
