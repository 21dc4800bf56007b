// `etcdutl check v2store` (etcdutl/etcdutl/check_command.go@v3.5.30): whether the v2 store of a stopped member's
// newest valid snapshot holds anything but membership (the check before an upgrade to 3.6, which drops the v2
// store). Only the snapshot is read, as etcdutl does; the WAL names which snapshots are valid.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { OfflineError } from './errors.js';
import { readSnapFile, snapFileName } from './snap.js';
import { V2Store, type NodeExtern } from './v2store.js';
import { listWalNames, parseWalName, WalDecoder } from './wal.js';
import { decode } from '../v3/proto/codec.js';
import type { Snapshot, WalSnapshot } from '../v3/proto/schema.js';
import { RecordType } from './wal.js';

/** wal.ValidSnapshotEntries: the snapshot records up to the last committed index; null without a WAL. */
function validSnapshots(walDir: string, onIgnoredFile?: (name: string) => void): WalSnapshot[] | null {
  // A missing directory is an error; one without WAL files has nothing to check (wal.ErrFileNotFound).
  const names = listWalNames(walDir);
  for (const n of readdirSync(walDir).sort()) if (parseWalName(n) === null) onIgnoredFile?.(n);
  if (names.length === 0) return null;
  const dec = new WalDecoder(names.map((n) => join(walDir, n)));
  const snaps: WalSnapshot[] = [];
  let commit = 0n;
  for (let rec = dec.next(); rec; rec = dec.next()) {
    if (rec.type === RecordType.Snapshot) snaps.push(decode('walpb.WalSnapshot', rec.data ?? new Uint8Array(0)));
    else if (rec.type === RecordType.State) commit = decode('raftpb.HardState', rec.data ?? new Uint8Array(0)).commit;
    else if (rec.type === RecordType.Crc) dec.crc = rec.crc;
  }
  return snaps.filter((s) => s.index <= commit);
}

/** membership.IsMetaStoreOnly: only /0 (membership), and /2 (v2 auth) with nothing under its children. */
function metaOnly(root: NodeExtern): boolean {
  for (const n of root.nodes ?? []) {
    if (n.key === '/0') continue;
    if (n.key === '/2') {
      if ((n.nodes ?? []).some((child) => (child.nodes ?? []).length > 0)) return false;
      continue;
    }
    if ((n.nodes ?? []).length > 0) return false;
  }
  return true;
}

/**
 * snap.LoadNewestAvailable over wal.ValidSnapshotEntries: the newest snapshot the WAL vouches for that has its
 * .snap file, or null (no WAL files, or none of its snapshots on disk).
 */
export function newestValidSnapshot(dataDir: string, walDir?: string, onIgnoredFile?: (name: string) => void): Snapshot | null {
  const snaps = validSnapshots(walDir || join(dataDir, 'member', 'wal'), onIgnoredFile);
  if (!snaps) return null;
  const snapDir = join(dataDir, 'member', 'snap');
  for (const s of [...snaps].reverse()) {
    try {
      return readSnapFile(join(snapDir, snapFileName(s.term, s.index)));
    } catch {
      continue;
    }
  }
  return null;
}

/**
 * Throws etcdutl's error when the newest valid snapshot's v2 store holds custom content; `onIgnoredFile` hears
 * of each file in the WAL directory that is not a WAL segment (etcd logs them).
 */
export function checkV2Store(dataDir: string, walDir?: string, onIgnoredFile?: (name: string) => void): void {
  const snapshot = newestValidSnapshot(dataDir, walDir, onIgnoredFile);
  if (!snapshot) return;
  const st = new V2Store(['/0', '/1']);
  try {
    st.recover(snapshot.data ?? new Uint8Array(0));
  } catch (err) {
    throw new OfflineError(`failed to recover v2store from snapshot: ${(err as Error).message}`, 'SNAP');
  }
  if (!metaOnly(st.get('/', true, false))) throw new OfflineError('detected custom content in v2store', 'CORRUPT');
}
