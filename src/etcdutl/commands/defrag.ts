// etcdutl defrag --data-dir (etcdutl/etcdutl/defrag_command.go@v3.5.30): src/offline's defragmentation (its
// failure worded as etcdutl words it, the same text as etcdctl's offline defrag), with the two log lines etcd's
// backend writes around it (server/mvcc/backend/backend.go@v3.5.30, Defrag). The sizes are those of our files:
// the copy is laid out by our bbolt writer, not bbolt's, so they can differ from etcdutl's by a few pages.
import { join } from 'node:path';
import { ExitCode } from '../../cli/exit.js';
import { humanizeBytes } from '../../go/humanize.js';
import { nowMs } from '../../cli/zap.js';
import { utlLogLine, type UtlLogEntry } from '../log.js';
import { waitForLock } from '../lock.js';
import type { DEFRAG_FLAGS, UtlContext } from '../registry.js';

interface Sizes {
  size: bigint;
  inUse: bigint;
}

/** The backend's Size() and SizeInUse(): pgid pages, less the free ones. */
async function sizesOf(dbPath: string): Promise<Sizes | undefined> {
  const { BoltReader } = await import('../../offline/bbolt/reader.js');
  let r;
  try {
    r = BoltReader.open(dbPath);
  } catch {
    return undefined; // defragDataDir reports why
  }
  try {
    return { size: r.txSize, inUse: r.txSize - BigInt(r.freePageCount() * r.pageSize) };
  } catch {
    return undefined;
  } finally {
    r.close();
  }
}

const sizeFields = (s: Sizes): UtlLogEntry['fields'] => [
  ['current-db-size-bytes', s.size],
  ['current-db-size', humanizeBytes(s.size)],
  ['current-db-size-in-use-bytes', s.inUse],
  ['current-db-size-in-use', humanizeBytes(s.inUse)],
];

const logLine = (caller: string, msg: string, fields: UtlLogEntry['fields']) => utlLogLine({ level: 'info', timeMs: nowMs(), caller, msg, fields });

export async function defrag(ctx: UtlContext<typeof DEFRAG_FLAGS>): Promise<number> {
  const dataDir = ctx.flag('data-dir');
  const dbPath = join(dataDir, 'member', 'snap', 'db');
  const { defragDataDir } = await import('../../offline/defrag.js');
  await waitForLock(dbPath, ctx.flag('timeout'));
  const before = await sizesOf(dbPath);
  const started = nowMs();
  if (before) ctx.io.stderr.write(logLine('backend/backend.go:527', 'defragmenting', [['path', dbPath], ...sizeFields(before)]));
  await defragDataDir(dataDir);
  const after = await sizesOf(dbPath);
  if (before && after) {
    const took = BigInt(Math.round((nowMs() - started) * 1e6));
    ctx.io.stderr.write(
      logLine('backend/backend.go:589', 'finished defragmenting directory', [
        ['path', dbPath],
        ['current-db-size-bytes-diff', after.size - before.size],
        ['current-db-size-bytes', after.size],
        ['current-db-size', humanizeBytes(after.size)],
        ['current-db-size-in-use-bytes-diff', after.inUse - before.inUse],
        ['current-db-size-in-use-bytes', after.inUse],
        ['current-db-size-in-use', humanizeBytes(after.inUse)],
        ['took', { durationNs: took }],
      ]),
    );
  }
  return ExitCode.Success;
}
