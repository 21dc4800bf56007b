// etcdutl backup (etcdutl/etcdutl/backup_command.go@v3.5.30): src/offline's backup of a stopped member for
// `etcd --force-new-cluster`, with the v3 data by default, and etcdutl's log lines. Entries left out become empty
// ones, as in etcdutl 3.5; the membership is left out as etcdctl's backup leaves it (README, "etcdutl").
import { join } from 'node:path';
import { nowMs } from '../../cli/zap.js';
import { waitForLock } from '../lock.js';
import { protoTextBytes } from '../../go/prototext.js';
import type { Entry } from '../../v3/proto/schema.js';
import { failure } from '../../cli/exit.js';
import { utlLogLine, type UtlLogEntry } from '../log.js';
import type { BACKUP_FLAGS, UtlContext } from '../registry.js';

const ATTRIBUTE_UPDATE = 'ignoring member attribute update on ';

/** raftpb.Entry as its String() prints it (zap.Stringer): the fields that are set, each followed by a space. */
function entryText(e: Entry): string {
  let s = '';
  if (e.term !== 0n) s += `Term:${e.term} `;
  if (e.index !== 0n) s += `Index:${e.index} `;
  if (e.data && e.data.length > 0) s += `Data:${protoTextBytes(e.data)} `;
  return s;
}

/** etcdctl's message for a left-out entry (`dropped`, as read) as etcdutl 3.5.30 logs it. */
function logEntry(message: string, dropped?: Entry): UtlLogEntry {
  const at = (line: number, msg: string, fields: UtlLogEntry['fields'] = []): UtlLogEntry => ({
    level: 'info', timeMs: nowMs(), caller: `etcdutl/backup_command.go:${line}`, msg, fields,
  });
  if (message.startsWith(ATTRIBUTE_UPDATE)) {
    const path: UtlLogEntry['fields'][number] = ['v2Req.Path', message.slice(ATTRIBUTE_UPDATE.length)];
    return at(231, ATTRIBUTE_UPDATE.trimEnd(), dropped ? [['entry', entryText(dropped)], path] : [path]);
  }
  if (message === 'ignoring EntryConfChange raft entry') return at(216, message);
  if (message === 'ignoring v3 raft entry') return at(252, message);
  return { ...at(198, message), level: 'warn' };
}

const TRIMMING: UtlLogEntry = { level: 'info', timeMs: 0, caller: 'membership/store.go:138', msg: 'Trimming membership information from the backend...', fields: [] };

export async function backup(ctx: UtlContext<typeof BACKUP_FLAGS>): Promise<void> {
  const { backupV2 } = await import('../../offline/backup.js');
  // The entries left out, in the order of their messages.
  const dropped = new Map<string, Entry[]>();
  const onDrop = (e: Entry, message: string) => dropped.set(message, [...(dropped.get(message) ?? []), e]);
  const log = (messages: unknown) => {
    if (!Array.isArray(messages)) return;
    for (const m of messages) ctx.io.stderr.write(utlLogLine(logEntry(String(m), dropped.get(String(m))?.shift())));
  };
  await waitForLock(join(ctx.flag('data-dir'), 'member', 'snap', 'db'), ctx.flag('timeout'));
  let result;
  try {
    result = await backupV2({
      dataDir: ctx.flag('data-dir'),
      walDir: ctx.flag('wal-dir'),
      backupDir: ctx.flag('backup-dir'),
      backupWalDir: ctx.flag('backup-wal-dir'),
      withV3: ctx.flag('with-v3'),
      keepIndexes: true,
      onDrop,
    });
  } catch (err) {
    log((err as { messages?: unknown }).messages);
    throw failure(err instanceof Error ? err.message : String(err));
  }
  log(result.messages);
  // The backend's membership goes after the WAL is read (saveDB).
  ctx.io.stderr.write(utlLogLine({ ...TRIMMING, timeMs: nowMs() }));
}
