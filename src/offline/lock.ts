// Is a database file flock()ed by another process? bbolt locks its file with flock (LOCK_EX read-write,
// LOCK_SH read-only) and Node cannot take such a lock, so we look the holders up in /proc/locks (Linux).
// Where that file does not exist the check is skipped: the caller proceeds as if unlocked.
import { readFileSync, statSync } from 'node:fs';
import { OfflineError } from './errors.js';

export interface LockHolder {
  pid: number;
  mode: 'READ' | 'WRITE';
}

/** Linux dev_t → "major:minor" as /proc/locks prints it (two-digit lower-case hex each). */
function deviceText(dev: bigint): string {
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn);
  const minor = (dev & 0xffn) | ((dev >> 12n) & ~0xffn);
  const hex = (n: bigint) => n.toString(16).padStart(2, '0');
  return `${hex(major)}:${hex(minor)}`;
}

/** The flock() holders of `path` (an empty list if there are none or the system cannot tell). */
export function flockHolders(path: string): LockHolder[] {
  let table: string;
  try {
    table = readFileSync('/proc/locks', 'latin1');
  } catch {
    return [];
  }
  let st;
  try {
    st = statSync(path, { bigint: true });
  } catch {
    return [];
  }
  const want = `${deviceText(st.dev)}:${st.ino}`;
  const holders: LockHolder[] = [];
  for (const line of table.split('\n')) {
    // "3: FLOCK  ADVISORY  WRITE 8150 fe:00:2148274 0 EOF"; blocked waiters carry "->" and hold nothing.
    const f = line.trim().split(/\s+/);
    if (f.length < 6 || f[1] !== 'FLOCK') continue;
    if (f[5] !== want) continue;
    holders.push({ pid: Number(f[4]), mode: f[3] === 'WRITE' ? 'WRITE' : 'READ' });
  }
  return holders;
}

/**
 * Refuses to go on while another process holds a conflicting flock on `path`: any lock when we need the
 * file exclusively (bbolt read-write), a write lock when we only read (bbolt read-only). etcdctl would wait
 * for the lock instead — forever, if the member keeps running.
 */
export function assertNotLocked(path: string, access: 'read' | 'write', describe: (holder: LockHolder) => string): void {
  const holders = flockHolders(path).filter((h) => access === 'write' || h.mode === 'WRITE');
  if (holders.length > 0) throw new OfflineError(describe(holders[0]), 'LOCKED');
}
