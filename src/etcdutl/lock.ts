// etcdutl 3.7's --timeout: how long to wait for another process (a running etcd) to release its lock on the db
// file before giving up; 0 waits as long as it takes. etcdutl 3.7 panics when the time is up; ours ends with
// the offline tool's own refusal, one Error line (README, "etcdutl").
import { setTimeout as sleep } from 'node:timers/promises';
import { assertNotLocked, flockHolders } from '../offline/lock.js';

const POLL_MS = 100;

/**
 * Resolves when `dbPath` is not locked, or when the --timeout has passed: then a tool that refuses a locked file
 * itself goes on to say so (defrag, backup); with `access`, this refuses it for the tool.
 */
export async function waitForLock(dbPath: string, timeoutNs: bigint, access?: 'read' | 'write'): Promise<void> {
  const deadline = timeoutNs === 0n ? Infinity : Date.now() + Number(timeoutNs / 1_000_000n);
  while (flockHolders(dbPath).length > 0 && Date.now() < deadline) await sleep(POLL_MS);
  if (access) assertNotLocked(dbPath, access, (h) => `${dbPath} is locked by a running etcd (pid ${h.pid}): stop it first`);
}
