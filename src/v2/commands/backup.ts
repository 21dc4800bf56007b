// `backup`: copies a v2 data directory for `etcd --force-new-cluster`. The work is done offline by
// src/offline/backup.ts; this only hands over the flags.
import type { CommandContext } from '../context.js';
import { plainError } from '../errors.js';

export interface BackupOptions {
  dataDir: string;
  walDir: string;
  backupDir: string;
  backupWalDir: string;
  withV3: boolean;
}

type BackupModule = { backupV2(opts: BackupOptions, io: CommandContext['io']): Promise<number> };

async function loadBackup(): Promise<BackupModule | undefined> {
  // A variable specifier keeps the compiler from requiring a module that may not be built yet.
  const specifier = '../../offline/backup.js';
  try {
    return (await import(specifier)) as BackupModule;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw err;
  }
}

export async function run(ctx: CommandContext): Promise<number> {
  const mod = await loadBackup();
  if (!mod || typeof mod.backupV2 !== 'function') throw plainError('backup: not available yet in this build of etcdctl');
  return mod.backupV2({
    dataDir: ctx.flags.string('data-dir'),
    walDir: ctx.flags.string('wal-dir'),
    backupDir: ctx.flags.string('backup-dir'),
    backupWalDir: ctx.flags.string('backup-wal-dir'),
    withV3: ctx.flags.bool('with-v3'),
  }, ctx.io);
}
