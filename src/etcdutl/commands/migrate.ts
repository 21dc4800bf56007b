// etcdutl migrate (etcdutl 3.6): the storage version of a stopped member's backend (src/offline/storageversion.ts),
// with etcdutl 3.6.16's log lines: bbolt's two on opening the db, then the migration's. etcdutl also prints a Go
// stack trace after its error-level line; ours is the line alone.
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { nowMs } from '../../cli/zap.js';
import type { MigrateLog } from '../../offline/storageversion.js';
import { utlLogLine, type UtlLogEntry } from '../log.js';
import { waitForLock } from '../lock.js';
import type { MIGRATE_FLAGS, UtlContext } from '../registry.js';

/** Where etcdutl 3.6.16 logs each message. */
const CALLERS: Record<string, string> = {
  'failed to detect storage version. Please make sure you are using data dir from etcd v3.5 and older': 'etcdutl/migrate_command.go:135',
  'storage version up-to-date': 'etcdutl/migrate_command.go:139',
  'normal migrate failed, trying with force': 'etcdutl/migrate_command.go:153',
  'forcefully cleared storage version': 'etcdutl/migrate_command.go:166',
  'forcefully set storage version': 'etcdutl/migrate_command.go:169',
  'updated storage version': 'schema/migration.go:65',
  'Changing major storage version is not supported': 'schema/migration.go:33',
};

/** Go's FileMode.String() of a regular file's permission bits. */
function modeString(mode: number): string {
  const rwx = 'rwxrwxrwx';
  return '-' + [...rwx].map((c, i) => (mode & (1 << (8 - i)) ? c : '-')).join('');
}

/** bbolt's lines on opening the backend (the options etcd's backend passes; the logger's address is ours). */
function bboltOpenLines(dbPath: string): string {
  const mode = modeString(statSync(dbPath).mode);
  const logger = `0x${randomBytes(6).toString('hex').replace(/^0+/, '')}`;
  const options = `{Timeout: 0s, NoGrowSync: false, NoFreelistSync: true, PreLoadFreelist: false, FreelistType: , ReadOnly: false, MmapFlags: 8000, InitialMmapSize: 10737418240, PageSize: 0, NoSync: false, OpenFile: 0x0, Mlock: false, Logger: ${logger}}`;
  const line = (caller: string, msg: string) => utlLogLine({ level: 'info', logger: 'bbolt', timeMs: nowMs(), caller, msg, fields: [] });
  return (
    line('backend/backend.go:203', `Opening db file (${dbPath}) with mode ${mode} and with options: ${options}`) +
    line('bbolt@v1.4.3/db.go:322', `Opening bbolt db (${dbPath}) successfully`)
  );
}

const logLine = (l: MigrateLog) => utlLogLine({ level: l.level, timeMs: nowMs(), caller: CALLERS[l.msg] ?? 'etcdutl/migrate_command.go', msg: l.msg, fields: l.fields as UtlLogEntry['fields'] });

export async function migrate(ctx: UtlContext<typeof MIGRATE_FLAGS>): Promise<void> {
  const { migrateStorage, parseTargetVersion } = await import('../../offline/storageversion.js');
  const target = parseTargetVersion(ctx.flag('target-version'));
  const dataDir = ctx.flag('data-dir');
  const dbPath = join(dataDir, 'member', 'snap', 'db');
  await waitForLock(dbPath, ctx.flag('timeout'), 'write');
  let opened = false;
  try {
    statSync(dbPath);
    ctx.io.stderr.write(bboltOpenLines(dbPath));
    opened = true;
  } catch {
    // migrateStorage reports the missing db as etcdutl does
  }
  try {
    for (const l of migrateStorage(dataDir, target, ctx.flag('force')).logs) ctx.io.stderr.write(logLine(l));
  } catch (err) {
    const logs = (err as { migrateLogs?: MigrateLog[] }).migrateLogs;
    if (opened && logs) for (const l of logs) ctx.io.stderr.write(logLine(l));
    throw err;
  }
}
