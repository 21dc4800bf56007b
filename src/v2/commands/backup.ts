// `backup`: copies a v2 data directory for `etcd --force-new-cluster`. The work is done offline by
// src/offline/backup.ts; this hands over the flags and prints what etcdctl logs, in Go's standard
// logger format as capnslog re-emits it (`2006-01-02 15:04:05.000000 I | message`), fatal errors
// included (exit 1).
import type { BACKUP_FLAGS, V2Context } from '../registry.js';
import { rawError, V2Exit } from '../errors.js';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** One log line stamped with local time to the microsecond. */
export function logLine(message: string, epochMs = performance.timeOrigin + performance.now()): string {
  const now = new Date(Math.floor(epochMs));
  const micros = Math.floor((epochMs % 1000) * 1000);
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}.${pad(micros, 6)}`;
  return `${date} ${time} I | ${message}\n`;
}

export async function run(ctx: V2Context<typeof BACKUP_FLAGS>): Promise<number> {
  const { backupV2 } = await import('../../offline/backup.js');
  const opts = {
    dataDir: ctx.flag('data-dir'),
    walDir: ctx.flag('wal-dir'),
    backupDir: ctx.flag('backup-dir'),
    backupWalDir: ctx.flag('backup-wal-dir'),
    withV3: ctx.flag('with-v3'),
  };
  try {
    const result = await backupV2(opts);
    for (const m of result.messages) ctx.err(logLine(m));
    return V2Exit.Success;
  } catch (err) {
    const messages = (err as { messages?: unknown }).messages;
    if (!(err instanceof Error) || !Array.isArray(messages)) throw err;
    for (const m of messages) ctx.err(logLine(String(m)));
    throw rawError(logLine(err.message), V2Exit.BadArgs);
  }
}
