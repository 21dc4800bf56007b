// `ETCDCTL_API=2 etcdctl backup` (etcdctl/ctlv2/command/backup_command.go @ v3.4.23): a copy of a stopped
// member's data meant to be started with `etcd --force-new-cluster` — the newest .snap, a new WAL under fresh
// member/cluster IDs without membership changes (and without v3 entries unless withV3), entries renumbered,
// and a backend that is either the source's minus membership (withV3) or just a consistent index.
import { realpathSync, rmdirSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { BoltReader } from './bbolt/reader.js';
import { bucketKey, rewriteBuckets, type BucketEdit } from './bbolt/rewrite.js';
import { writeNewDb } from './bbolt/writer.js';
import { OfflineError, ioError } from './errors.js';
import { byteStringToText, bytesToByteString, goQuote, goQuoteList, toByteString } from './gojson.js';
import { copyImage, dirEntries, fsyncDir, mkdirAll, removeQuietly, renameSynced, siblingTempPath, writeFileSynced } from './fsutil.js';
import { joinPath } from '../go/path.js';
import { assertNotLocked } from './lock.js';
import { decode, encode } from '../v3/proto/codec.js';
import { EntryType, type Entry, type HardState, type WalSnapshot } from '../v3/proto/schema.js';
import { classifyEntryData } from './entrydata.js';
import { Buckets, MetaKeys, u64be } from './schema.js';
import { encodeSnapFile, loadNewestSnap } from './snap.js';
import { WalWriter, listWalNames, readWal } from './wal.js';

export interface BackupOptions {
  dataDir: string;
  backupDir: string;
  /** Source WAL directory; default `<dataDir>/member/wal`. */
  walDir?: string;
  /** Destination WAL directory; default `<backupDir>/member/wal`. */
  backupWalDir?: string;
  /** Keep v3 data: copy the backend and keep v3 raft entries (default false, as in etcdctl 3.4). */
  withV3?: boolean;
  /**
   * Replace each entry left out by an empty one of the same index and term, as etcdutl 3.5 does, rather than
   * renumbering the rest (the backend's consistent index stays true to the WAL).
   */
  keepIndexes?: boolean;
  /** Called for each entry left out, as read (etcdutl logs the entry itself). */
  onDrop?: (entry: Entry, message: string) => void;
  /** The new member and cluster IDs; by default derived from the clock as etcd's idutil does. */
  ids?: { nodeId: bigint; clusterId: bigint };
}

export interface BackupResult {
  snapDir: string;
  walDir: string;
  /** The .snap copied, if the source had one. */
  snapshot: { name: string; index: bigint; term: bigint } | null;
  nodeId: bigint;
  clusterId: bigint;
  /** Entries written to the new WAL, and how many were dropped. */
  entries: number;
  removed: number;
  /** What etcdctl logs on the way (its lines read `<date> <time> I | <message>`). */
  messages: string[];
}

const MEMBER_ATTRIBUTES = /\/0\/members\/[0-9A-Fa-f]{1,16}\/attributes/;
const NO_DATA = Buffer.alloc(0);

export async function backupV2(opts: BackupOptions): Promise<BackupResult> {
  const messages: string[] = [];
  const srcSnap = joinPath(opts.dataDir, 'member', 'snap');
  const destSnap = joinPath(opts.backupDir, 'member', 'snap');
  const srcWal = opts.walDir || joinPath(opts.dataDir, 'member', 'wal');
  const destWal = opts.backupWalDir || joinPath(opts.backupDir, 'member', 'wal');
  const tmpSnap = siblingTempPath(destSnap, 'backup');
  const tmpWal = siblingTempPath(destWal, 'backup');
  try {
    assertEmptyDir(destSnap);
    mkdirAll(tmpSnap);

    // etcdctl creates the (empty) destination snap directory before it reads the source one: when they are
    // the same directory, as with no flags at all, it finds no snapshot there rather than no directory.
    const snap = sameDirectory(srcSnap, destSnap) ? null : copyNewestSnap(srcSnap, tmpSnap, messages);
    const walsnap: WalSnapshot = snap ? { index: snap.index, term: snap.term } : { index: 0n, term: 0n };
    const wal = loadFilteredWal(srcWal, walsnap, !!opts.withV3, messages, opts);
    const tmpDb = join(tmpSnap, 'db');
    if (opts.withV3) copyBackendWithoutMembership(join(srcSnap, 'db'), tmpDb);
    else writeIndexOnlyBackend(tmpDb, wal.state.commit);

    if (walExists(destWal)) throw new OfflineError('file already exists', 'EXISTS');
    const ids = opts.ids ?? newIds(new Date());
    mkdirAll(tmpWal);
    const metadata = { ...decode('etcdserverpb.Metadata', wal.metadata ?? NO_DATA), node_id: ids.nodeId, cluster_id: ids.clusterId };
    const w = WalWriter.create(tmpWal, encode('etcdserverpb.Metadata', metadata));
    w.save(wal.state, wal.entries);
    w.saveSnapshot(walsnap);
    w.close();
    fsyncDir(tmpWal);
    fsyncDir(tmpSnap);

    placeDir(tmpWal, destWal);
    placeDir(tmpSnap, destSnap);
    return {
      snapDir: destSnap,
      walDir: destWal,
      snapshot: snap,
      nodeId: ids.nodeId,
      clusterId: ids.clusterId,
      entries: wal.entries.length,
      removed: wal.removed,
      messages,
    };
  } catch (err) {
    removeQuietly(tmpSnap);
    removeQuietly(tmpWal);
    const e = err instanceof OfflineError ? err : ioError('backup', opts.backupDir, err);
    e.messages = messages;
    throw e;
  }
}

/** etcd's idutil generator with member prefix 0: ((unix ms mod 2^40) << 8) + 1, then + 2. */
export function newIds(now: Date): { nodeId: bigint; clusterId: bigint } {
  const base = (BigInt(now.getTime()) & ((1n << 40n) - 1n)) << 8n;
  return { nodeId: base + 1n, clusterId: base + 2n };
}

/** The destination snap directory may exist only if empty (fileutil.CreateDirAll). */
function assertEmptyDir(dir: string): void {
  const blocker = nonDirectoryOnPath(dir);
  if (blocker !== undefined) throw new OfflineError(`failed creating backup snapshot dir ${dir}: mkdir ${blocker}: not a directory`, 'IO');
  const entries = dirEntries(dir);
  if (entries && entries.length > 0) {
    const q = (s: string) => goQuote(toByteString(s));
    throw new OfflineError(
      `failed creating backup snapshot dir ${dir}: expected ${q(dir)} to be empty, got ${goQuoteList(entries.map(toByteString))}`,
      'EXISTS',
    );
  }
}

/** Where os.MkdirAll(path) would stop with ENOTDIR: the deepest existing path or parent that is no directory. */
function nonDirectoryOnPath(path: string): string | undefined {
  for (let p = path; ;) {
    const st = statQuietly(p);
    if (st !== undefined) return st.isDirectory() ? undefined : p;
    let end = p.length;
    while (end > 0 && p[end - 1] === '/') end--;
    const slash = p.lastIndexOf('/', end - 1);
    if (slash <= 0) return undefined;
    p = p.slice(0, slash);
  }
}

function statQuietly(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Whether two paths name one directory once the missing parts exist (symlinks on the way resolved). */
function sameDirectory(a: string, b: string): boolean {
  return a === b || canonicalPath(a) === canonicalPath(b);
}

/** The real path of the longest existing prefix, with the parts that do not exist yet appended. */
function canonicalPath(path: string): string {
  const missing: string[] = [];
  for (let p = resolve(path); ; p = dirname(p)) {
    try {
      return join(realpathSync(p), ...missing.reverse());
    } catch {
      if (p === dirname(p)) return resolve(path);
      missing.push(basename(p));
    }
  }
}

const walExists = (dir: string): boolean => {
  try {
    return listWalNames(dir).length > 0;
  } catch {
    return false;
  }
};

/** Moves a finished temporary directory to its place; an existing empty directory there is replaced. */
function placeDir(tmp: string, dest: string): void {
  mkdirAll(dirname(dest));
  const entries = dirEntries(dest);
  if (entries && entries.length > 0) {
    throw new OfflineError(`${dest} exists and is not empty`, 'EXISTS');
  }
  if (entries) {
    try {
      rmdirSync(dest);
    } catch (err) {
      throw ioError('remove', dest, err);
    }
  }
  renameSynced(tmp, dest);
}

function copyNewestSnap(srcSnap: string, destSnap: string, messages: string[]): BackupResult['snapshot'] {
  const loaded = loadNewestSnap(srcSnap, (name, err) => messages.push(`failed to read a snap file ${join(srcSnap, name)}: ${err.message}`));
  if (!loaded) return null;
  const md = loaded.snapshot.metadata;
  writeFileSynced(join(destSnap, loaded.name), encodeSnapFile(loaded.snapshot), 0o666);
  return { name: loaded.name, index: md.index, term: md.term };
}

interface FilteredWal {
  metadata: Uint8Array | null;
  state: HardState;
  entries: Entry[];
  removed: number;
}

/** Reads the WAL from the snapshot on and drops what a new single-member cluster must not replay. */
function loadFilteredWal(
  dir: string,
  walsnap: WalSnapshot,
  withV3: boolean,
  messages: string[],
  { onDrop, keepIndexes }: Pick<BackupOptions, 'onDrop' | 'keepIndexes'>,
): FilteredWal {
  const wal = readWal(dir, walsnap);
  if (!wal.snapshotFound) {
    messages.push(`Failed to find the match snapshot record {Index:${walsnap.index} Term:${walsnap.term} XXX_unrecognized:[]} in wal ${dir}.`);
    messages.push('etcdctl will add it back. Start auto fixing...');
  }
  const kept: Entry[] = [];
  let removed = 0n;
  for (const original of wal.entries) {
    const e: Entry = { ...original, index: BigInt.asUintN(64, original.index - removed) };
    const drop = dropReason(e, withV3);
    if (drop) {
      messages.push(drop);
      onDrop?.(original, drop);
      if (keepIndexes) {
        kept.push({ term: e.term, index: e.index, type: EntryType.EntryNormal, data: NO_DATA });
        continue;
      }
      removed++;
      continue;
    }
    kept.push(e);
  }
  const state = { ...wal.state, commit: BigInt.asUintN(64, wal.state.commit - removed) };
  return { metadata: wal.metadata, state, entries: kept, removed: Number(removed) };
}

/** The log line for an entry the backup leaves out, or null to keep it. */
function dropReason(e: Entry, withV3: boolean): string | null {
  if (e.type === EntryType.EntryConfChange) return 'ignoring EntryConfChange raft entry';
  let req;
  try {
    req = classifyEntryData(e.data);
  } catch {
    throw new OfflineError(`cannot decode the data of raft entry ${e.index}`, 'WAL');
  }
  if (req.kind === 'v2') {
    const path = bytesToByteString(req.request.path);
    if (bytesToByteString(req.request.method) === 'PUT' && MEMBER_ATTRIBUTES.test(path)) {
      return `ignoring member attribute update on ${byteStringToText(path)}`;
    }
    return null;
  }
  if (withV3 || !req.hasHeader) return null;
  return 'ignoring v3 raft entry';
}

/** withV3: the source backend as of its last commit, without the membership buckets. */
function copyBackendWithoutMembership(srcDb: string, destDb: string): void {
  assertNotLocked(srcDb, 'read', (h) => `${srcDb} is locked by a running etcd (pid ${h.pid}): stop it before taking a backup`);
  const src = BoltReader.open(srcDb);
  let imageSize: number;
  try {
    imageSize = Number(src.txSize);
    if (imageSize > src.file.size) {
      throw new OfflineError(`${srcDb} is truncated: it declares ${imageSize} bytes but holds ${src.file.size}`, 'TRUNCATED');
    }
  } finally {
    src.close();
  }
  // etcdctl creates the copy with os.Create: 0666 less the usual umask.
  copyImage(srcDb, destDb, 0o644, imageSize);
  const drop: BucketEdit = { kind: 'delete' };
  rewriteBuckets(
    destDb,
    new Map([
      [bucketKey(Buckets.members), drop],
      [bucketKey(Buckets.membersRemoved), drop],
      [bucketKey(Buckets.cluster), drop],
    ]),
  );
}

/** Without v3: a new backend holding only meta/consistent_index = the (renumbered) commit index. */
function writeIndexOnlyBackend(destDb: string, commit: bigint): void {
  writeNewDb(destDb, 0o644, (w) => w.bucket(Buckets.meta, (b) => b.add(MetaKeys.consistentIndex, u64be(commit))));
}
