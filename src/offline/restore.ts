// `etcdctl snapshot restore FILE`: a new member data directory from a snapshot — the backend (old
// membership removed, consistent index = number of members), a WAL with the new cluster's ConfChange
// entries, and a .snap with the v2 store listing the members. WAL and .snap come out byte-identical to
// etcdctl 3.4.23's. The backend follows etcd 3.5: the old cluster's members really are removed (3.4's
// restore instead deletes user keys named like member IDs; that bug is not copied).
import { lookup } from 'node:dns/promises';
import { statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { BoltReader } from './bbolt/reader.js';
import { bucketKey, mergeInto, rewriteBuckets, type BucketEdit } from './bbolt/rewrite.js';
import { OfflineError, ioError, type ZapLogEntry } from './errors.js';
import { zapEntry } from '../cli/zap.js';

export type { ZapLogEntry } from './errors.js';
import { goQuote, goQuoteList, toByteString } from './gojson.js';
import { copyImage, fsyncDir, mkdirAll, pathExists, removeQuietly, renameSynced, siblingTempPath, writeFileSynced } from './fsutil.js';
import { joinPath } from '../go/path.js';
import {
  computeClusterId,
  computeMemberId,
  idString,
  memberGoString,
  memberJson,
  raftAttributesJson,
  type Member,
} from './membership.js';
import { encode } from '../v3/proto/codec.js';
import { ConfChangeType, EntryType, type Entry } from '../v3/proto/schema.js';
import { Buckets, MetaKeys, parseRevisionKey, readMeta, revisionKey, u64be, type Revision } from './schema.js';
import { SHA256_SIZE, hasChecksum, verifyTrailer } from './snapshotfile.js';
import { fastCheck } from './statusfast.js';
import { encodeSnapFile, snapFileName } from './snap.js';
import { byteCompare, newURLStrings, newURLsMap, URLsError, urlsMapString } from '../go/types.js';
import { goURLString, parseGoURL } from '../go/url.js';
import { splitHostPort } from '../go/net.js';
import { V2Store } from './v2store.js';
import { WalWriter } from './wal.js';

export const RESTORE_DEFAULTS = {
  name: 'default',
  initialCluster: 'default=http://localhost:2380',
  initialClusterToken: 'etcd-cluster',
  initialAdvertisePeerUrls: 'http://localhost:2380',
} as const;

export interface SnapshotRestoreOptions {
  /** The snapshot (or a copied `member/snap/db` with skipHashCheck). */
  file: string;
  /** Default `<name>.etcd`. */
  dataDir?: string;
  /** Default `<dataDir>/member/wal`. */
  walDir?: string;
  name?: string;
  initialCluster?: string;
  initialClusterToken?: string;
  /** A list, or etcdctl's comma-separated flag value. */
  initialAdvertisePeerUrls?: string | string[];
  skipHashCheck?: boolean;
  /**
   * etcdctl 3.5's --bump-revision with --mark-compacted (the command checks that they come together): the
   * latest revision in the backend is raised by this much and marked as the scheduled compaction, so that
   * clients watching or reading at old revisions are told "compacted" instead of seeing revisions go back.
   * Ignored when 0 or without markCompacted (etcdutl/snapshot/v3_snapshot.go@v3.5.30).
   */
  revisionBump?: bigint;
  markCompacted?: boolean;
  /** Called with each log line as it happens (etcdctl prints them to stderr then, not at the end). */
  onLog?: (entry: ZapLogEntry) => void;
}

export interface SnapshotRestoreResult {
  dataDir: string;
  walDir: string;
  snapDir: string;
  /** The restored member (the one named `name`). */
  member: Member;
  members: Member[];
  clusterId: bigint;
  /** Files written. */
  dbPath: string;
  walPath: string;
  snapPath: string;
  /** What etcdctl logs while restoring, in order. */
  logs: ZapLogEntry[];
}

interface ClusterPlan {
  members: Member[];
  local: Member;
  clusterId: bigint;
}

export async function snapshotRestore(opts: SnapshotRestoreOptions): Promise<SnapshotRestoreResult> {
  const name = opts.name ?? RESTORE_DEFAULTS.name;
  const plan = await planCluster({
    name,
    initialCluster: opts.initialCluster ?? RESTORE_DEFAULTS.initialCluster,
    token: opts.initialClusterToken ?? RESTORE_DEFAULTS.initialClusterToken,
    advertise: splitFlag(opts.initialAdvertisePeerUrls ?? RESTORE_DEFAULTS.initialAdvertisePeerUrls),
  });

  const dataDir = opts.dataDir || `${name}.etcd`;
  if (pathExists(dataDir)) throw new OfflineError(`data-dir ${goQuote(toByteString(dataDir))} exists`, 'EXISTS');
  const explicitWal = !!opts.walDir;
  const walDir = opts.walDir || joinPath(dataDir, 'member', 'wal');
  if (explicitWal && pathExists(walDir)) throw new OfflineError(`wal-dir ${goQuote(toByteString(walDir))} exists`, 'EXISTS');
  const snapDir = joinPath(dataDir, 'member', 'snap');

  const logs: ZapLogEntry[] = [];
  const log = (entry: ZapLogEntry) => {
    logs.push(entry);
    opts.onLog?.(entry);
  };
  const dirsField = (): Array<[string, string]> => [
    ['path', opts.file],
    ['wal-dir', walDir],
    ['data-dir', dataDir],
    ['snap-dir', snapDir],
  ];
  log(zap('snapshot/v3_snapshot.go:296', 'restoring snapshot', dirsField()));

  // Everything is built under temporary names beside the final ones and renamed at the very end.
  const tmpData = siblingTempPath(dataDir, 'restore');
  const walRel = relative(resolve(dataDir), resolve(walDir));
  const walInsideData = walRel !== '' && !walRel.startsWith('..') && !isAbsolute(walRel);
  const tmpWal = walInsideData ? null : siblingTempPath(walDir, 'restore');
  try {
    const image = verifySnapshotFile(opts.file, !!opts.skipHashCheck);
    const tmpSnapDir = joinPath(tmpData, 'member', 'snap');
    mkdirAll(dirname(dataDir));
    mkdirAll(tmpSnapDir);
    const tmpDb = joinPath(tmpSnapDir, 'db');
    const bump = opts.markCompacted && opts.revisionBump ? opts.revisionBump : null;
    let backend: BackendResult;
    try {
      backend = writeBackend(opts.file, tmpDb, image.size, plan.members, bump);
    } finally {
      // A wrong checksum explains any other failure, so it is reported first.
      await image.verified;
    }
    if (backend.compacted !== null) {
      // etcdctl's restore opens an mvcc store on the db, which logs the compaction it finds.
      log(
        zap('mvcc/kvstore.go:388', 'restored last compact revision', [
          ['meta-bucket-name', 'meta'],
          ['meta-bucket-name-key', 'finishedCompactRev'],
          ['restored-compact-revision', backend.compacted],
        ]),
      );
    }
    if (backend.bumped) {
      // 3.4.23 has no such step: these two lines are etcdctl 3.5.30's, in 3.4's JSON encoding.
      const { latest, amount, next } = backend.bumped;
      log(
        zap('snapshot/v3_snapshot.go:356', 'bumping latest revision', [
          ['latest-revision', latest],
          ['bump-amount', amount],
          ['new-latest-revision', next],
        ]),
      );
      log(zap('snapshot/v3_snapshot.go:373', 'marking revision compacted', [['revision', next]]));
    }

    const builtWal = tmpWal ?? join(tmpData, walRel);
    if (tmpWal) mkdirAll(dirname(walDir));
    mkdirAll(builtWal);
    const walFile = writeWal(builtWal, plan);
    for (const m of plan.members) {
      log(
        zap('membership/cluster.go:392', 'added member', [
          ['cluster-id', idString(plan.clusterId)],
          ['local-member-id', '0'],
          ['added-peer-id', idString(m.id)],
          ['added-peer-peer-urls', m.peerURLs],
        ]),
      );
    }
    const snapName = snapFileName(1n, BigInt(plan.members.length));
    writeFileSynced(joinPath(tmpSnapDir, snapName), encodeSnapFile(buildRaftSnapshot(plan)), 0o666);
    for (const d of [tmpSnapDir, builtWal, dirname(tmpSnapDir), tmpData]) fsyncDir(d);

    if (tmpWal) renameSynced(tmpWal, walDir);
    renameSynced(tmpData, dataDir);
    log(zap('snapshot/v3_snapshot.go:309', 'restored snapshot', dirsField()));
    return {
      dataDir,
      walDir,
      snapDir,
      member: plan.local,
      members: plan.members,
      clusterId: plan.clusterId,
      dbPath: joinPath(snapDir, 'db'),
      walPath: joinPath(walDir, walFile),
      snapPath: joinPath(snapDir, snapName),
      logs,
    };
  } catch (err) {
    removeQuietly(tmpData);
    removeQuietly(tmpWal);
    if (err instanceof OfflineError) err.logs = logs;
    throw err;
  }
}

const splitFlag = (v: string | string[]): string[] => (Array.isArray(v) ? v : v.split(','));

// etcdctl's restore logs through zap.NewProduction() (etcdctl/ctlv3/command/snapshot_command.go@v3.4.23).
const zap = (caller: string, msg: string, fields: ZapLogEntry['fields']): ZapLogEntry => zapEntry('production', 'info', caller, msg, fields);

// ---------------------------------------------------------------------------------------------------------
// Flags → members (etcdserver.ServerConfig.VerifyBootstrap, membership.NewClusterFromURLsMap)

export interface ClusterFlags {
  name: string;
  initialCluster: string;
  token: string;
  advertise: string[];
}

/** types.NewURLs' refusals are restore's configuration errors. */
function urlsConfig<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof URLsError) throw new OfflineError(err.message, 'BAD_CONFIG');
    throw err;
  }
}

/** Validates the flags as etcdctl does, in its order, and computes member and cluster IDs. */
export async function planCluster(f: ClusterFlags): Promise<ClusterPlan> {
  const peerURLs = urlsConfig(() => newURLStrings(f.advertise));
  const cluster = urlsConfig(() => newURLsMap(f.initialCluster));
  const localURLs = cluster.get(f.name);
  if (!localURLs) {
    throw new OfflineError(`couldn't find local name ${goQuote(toByteString(f.name))} in the initial cluster configuration`, 'BAD_CONFIG');
  }
  await checkAdvertiseMatches(f.name, peerURLs, localURLs);
  if (hasDuplicateUrl(cluster)) throw new OfflineError(`initial cluster ${urlsMapString(cluster)} has duplicate url`, 'BAD_CONFIG');

  const byId = new Map<bigint, Member>();
  for (const [name, urls] of cluster) {
    const m: Member = { id: computeMemberId(urls, f.token), name, peerURLs: urls, clientURLs: [], isLearner: false };
    if (byId.has(m.id)) throw new OfflineError(`member exists with identical ID ${memberGoString(m)}`, 'BAD_CONFIG');
    if (m.id === 0n) throw new OfflineError('cannot use 0 as member id', 'BAD_CONFIG');
    byId.set(m.id, m);
  }
  const members = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const local = members.find((m) => m.name === f.name)!;
  return { members, local, clusterId: computeClusterId(members.map((m) => m.id)) };
}

function hasDuplicateUrl(cluster: Map<string, string[]>): boolean {
  const seen = new Set<string>();
  for (const urls of cluster.values()) {
    for (const u of urls) {
      if (seen.has(u)) return true;
      seen.add(u);
    }
  }
  return false;
}

/** advertiseMatchesCluster: the advertised peer URLs must be the member's URLs (after DNS resolution). */
async function checkAdvertiseMatches(name: string, advertised: string[], local: string[]): Promise<void> {
  const ap = [...advertised].sort(byteCompare);
  const cl = [...local].sort(byteCompare);
  const err = await urlsEqualError(ap, cl);
  if (err === null) return;

  const apSet = new Set(ap);
  const clSet = new Set(cl);
  const missingFromAp = cl.filter((u) => !apSet.has(u));
  if (missingFromAp.length > 0) {
    throw new OfflineError(
      `--initial-cluster has ${missingFromAp.map((u) => `${name}=${u}`).join(',')} but missing from --initial-advertise-peer-urls=${ap.join(',')} (${err})`,
      'BAD_CONFIG',
    );
  }
  const umap = urlsMapString(new Map([[name, advertised]]));
  const missingFromCl = ap.filter((u) => !clSet.has(u));
  if (missingFromCl.length > 0) {
    throw new OfflineError(`--initial-advertise-peer-urls has ${missingFromCl.join(',')} but missing from --initial-cluster=${umap}`, 'BAD_CONFIG');
  }
  throw new OfflineError(`failed to resolve ${ap.join(',')} to match --initial-cluster=${umap} (${err})`, 'BAD_CONFIG');
}

const quoteList = (urls: string[]) => goQuoteList(urls.map(toByteString));

/** netutil.URLStringsEqual: null when equal, else the reason as Go words it. */
async function urlsEqualError(a: string[], b: string[]): Promise<string | null> {
  if (a.length !== b.length) return `len(${quoteList(a)}) != len(${quoteList(b)})`;
  if (a.every((u, i) => u === b[i])) return null;
  let ra: string[];
  let rb: string[];
  try {
    ra = (await Promise.all(a.map(resolveUrl))).sort(byteCompare);
    rb = (await Promise.all(b.map(resolveUrl))).sort(byteCompare);
  } catch (e) {
    return (e as Error).message;
  }
  for (let i = 0; i < ra.length; i++) {
    if (ra[i] !== rb[i]) return `resolved urls: ${goQuote(toByteString(ra[i]))} != ${goQuote(toByteString(rb[i]))}`;
  }
  return null;
}

/** From this size on the image is checked in two streaming passes rather than page by page. */
const FAST_CHECK_MIN_BYTES = 8 << 20;

const RESOLVE_TIMEOUT_MS = 30_000;
const RESOLVE_RETRY_MS = 1_000;
const isIp = (h: string) => /^[\d.]+$/.test(h) || h.includes(':');

/** Replaces a URL's host name by the address it resolves to (localhost and IP literals stay as they are). */
async function resolveUrl(url: string): Promise<string> {
  const u = parseGoURL(url);
  if (u.scheme === 'unix' || u.scheme === 'unixs') return url;
  const hp = splitHostPort(u.host);
  if (!hp) throw new Error(`failed to resolve ${goQuote(toByteString(url))} (address ${u.host}: missing port in address)`);
  if (hp.host === 'localhost' || isIp(hp.host)) return url;
  const deadline = Date.now() + RESOLVE_TIMEOUT_MS;
  for (;;) {
    try {
      const { address, family } = await lookup(hp.host);
      const port = /^\d+$/.test(hp.port) ? String(Number(hp.port)) : hp.port;
      return goURLString({ ...u, host: family === 6 ? `[${address}]:${port}` : `${address}:${port}` });
    } catch (e) {
      if (Date.now() + RESOLVE_RETRY_MS >= deadline) {
        throw new Error(`failed to resolve ${goQuote(toByteString(url))} (lookup ${hp.host}: ${(e as NodeJS.ErrnoException).code ?? 'failed'})`);
      }
      await new Promise((r) => setTimeout(r, RESOLVE_RETRY_MS));
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// The snapshot file and the backend

interface SnapshotImage {
  /** Bytes of the bbolt image (the file less its SHA-256 trailer). */
  size: number;
  /** Settles once the trailer has been checked (at once when there is nothing to check). */
  verified: Promise<void>;
}

/**
 * Checks the snapshot's trailer as etcdctl does. Large files are hashed on a second thread while the
 * caller copies and checks the database; the caller must await `verified` before using the result.
 */
function verifySnapshotFile(file: string, skipHashCheck: boolean): SnapshotImage {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (err) {
    throw ioError('open', file, err);
  }
  // etcdctl seeks 32 bytes back from the end first.
  if (size < SHA256_SIZE) throw new OfflineError(`seek ${file}: invalid argument`, 'INVALID_DB');
  const withHash = hasChecksum(size);
  if (!withHash && !skipHashCheck) throw new OfflineError('snapshot missing hash but --skip-hash-check=false', 'MISSING_HASH');
  const image = withHash ? size - SHA256_SIZE : size;
  if (!withHash || skipHashCheck) return { size: image, verified: Promise.resolve() };
  return { size: image, verified: verifyTrailer(file, size, image) };
}

interface BackendResult {
  /** The last finished compaction's revision, if the backend records one. */
  compacted: bigint | null;
  /** What --bump-revision did: the latest main revision found, the amount as Go's int64, the new revision. */
  bumped: { latest: bigint; amount: bigint; next: bigint } | null;
}

/**
 * Copies the image, checks it as `snapshot status` does, and rewrites membership and meta buckets; with
 * `bump`, also adds the bumped revision to the key bucket and schedules a compaction at it.
 */
function writeBackend(src: string, dbPath: string, image: number, members: Member[], bump: bigint | null): BackendResult {
  copyImage(src, dbPath, 0o600, image);
  assertIntact(dbPath, image);
  const membersPuts = new Map<string, Uint8Array | null>();
  for (const m of members) membersPuts.set(idString(m.id), Buffer.from(toByteString(memberJson(m)), 'latin1'));
  const metaPuts = new Map<string, Uint8Array | null>([
    [bucketKey(MetaKeys.consistentIndex), u64be(BigInt(members.length))],
    [bucketKey(MetaKeys.term), u64be(1n)],
  ]);
  const empty = (): BucketEdit => ({ kind: 'rewrite', fill: () => {} });
  const keepOrCreate = (): BucketEdit => ({ kind: 'rewrite', fill: (b, old, r) => mergeInto(b, old, r, new Map()) });
  const edits = new Map<string, BucketEdit>([
    // Created when missing, as etcd's mvcc store and lessor do on open.
    [bucketKey(Buckets.key), keepOrCreate()],
    [bucketKey(Buckets.lease), keepOrCreate()],
    [bucketKey(Buckets.cluster), keepOrCreate()],
    [bucketKey(Buckets.meta), { kind: 'rewrite', fill: (b, old, r) => mergeInto(b, old, r, metaPuts) }],
    // The old cluster's membership is replaced by the new one (etcd 3.5's TrimMembershipFromBackend + AddMember).
    [bucketKey(Buckets.members), { kind: 'rewrite', fill: (b, _old, r) => mergeInto(b, null, r, membersPuts) }],
    [bucketKey(Buckets.membersRemoved), empty()],
  ]);
  const found = inspectExisting(dbPath, image, edits, bump !== null);
  let bumped: BackendResult['bumped'] = null;
  if (bump !== null) {
    bumped = bumpRevision(found.latest, bump);
    const marker = revisionKey({ main: bumped.next, sub: 0n });
    // Usually after every revision there: only the tree's rightmost pages are copied, not the whole bucket.
    edits.set(bucketKey(Buckets.key), { kind: 'append', key: marker, value: new Uint8Array(0) });
    metaPuts.set(bucketKey(MetaKeys.scheduledCompactRev), marker);
  }
  rewriteBuckets(dbPath, edits);
  return { compacted: found.compacted, bumped };
}

/**
 * etcd adds the uint64 flag to the int64 main revision in Go's int64 arithmetic (sub becomes 0): an amount
 * of 2^63 or more counts as negative, and a sum past the int64 range wraps, as there.
 */
function bumpRevision(latest: Revision, bump: bigint): NonNullable<BackendResult['bumped']> {
  const amount = BigInt.asIntN(64, bump);
  return { latest: latest.main, amount, next: BigInt.asIntN(64, latest.main + amount) };
}

const revisionGreater = (a: Revision, b: Revision) => a.main > b.main || (a.main === b.main && a.sub > b.sub);

/**
 * Buckets that only need to exist are left alone when they do, so their pages are not rewritten.
 * Returns meta/finishedCompactRev's main revision, if present, and with `wantLatest` the greatest revision
 * in the key bucket (mvcc's signed order, from {0, 0}), which takes a pass over the whole bucket.
 */
function inspectExisting(
  dbPath: string,
  image: number,
  edits: Map<string, BucketEdit>,
  wantLatest: boolean,
): { compacted: bigint | null; latest: Revision } {
  const r = BoltReader.open(dbPath, { limit: image });
  try {
    for (const name of [Buckets.key, Buckets.lease, Buckets.cluster]) if (r.bucket(name)) edits.delete(bucketKey(name));
    const finished = readMeta(r, MetaKeys.finishedCompactRev);
    const compacted = finished && finished.length >= 17 ? parseRevisionKey(finished).main : null;
    let latest: Revision = { main: 0n, sub: 0n };
    const keys = wantLatest ? r.bucket(Buckets.key) : null;
    if (keys) {
      r.forEach(keys, (k) => {
        const rev = parseRevisionKey(k);
        if (revisionGreater(rev, latest)) latest = { main: rev.main, sub: rev.sub };
      });
    }
    return { compacted, latest };
  } finally {
    r.close();
  }
}

/** Refuses an image that bbolt's consistency check rejects. */
function assertIntact(dbPath: string, image: number): void {
  // Large well-formed files are checked streaming; anything unusual gets the page-by-page check and its words.
  if (image >= FAST_CHECK_MIN_BYTES && fastCheck(dbPath, image)) return;
  const r = BoltReader.open(dbPath, { limit: image });
  try {
    if (r.meta.pgid > BigInt(r.filePages)) {
      throw new OfflineError(
        `the snapshot is truncated: its metadata declares ${r.meta.pgid} pages of ${r.pageSize} bytes, but it holds only ${image} bytes`,
        'TRUNCATED',
      );
    }
    const problems = r.check();
    if (problems.length > 0) {
      throw new OfflineError(`snapshot file integrity check failed. ${problems.length} errors found.\n${problems.join('\n')}`, 'INTEGRITY');
    }
  } finally {
    r.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// WAL and .snap

/** The WAL of a fresh cluster: one ConfChange AddNode entry per member, committed at term 1. */
function writeWal(dir: string, plan: ClusterPlan): string {
  const w = WalWriter.create(dir, encode('etcdserverpb.Metadata', { node_id: plan.local.id, cluster_id: plan.clusterId }));
  const entries: Entry[] = plan.members.map((m, i) => ({
    type: EntryType.EntryConfChange,
    term: 1n,
    index: BigInt(i + 1),
    data: encode('raftpb.ConfChange', {
      id: 0n,
      type: ConfChangeType.ConfChangeAddNode,
      node_id: m.id,
      context: Buffer.from(toByteString(memberJson(m)), 'latin1'),
    }),
  }));
  const n = BigInt(plan.members.length);
  w.save({ term: 1n, vote: plan.members[0].id, commit: n }, entries);
  w.saveSnapshot({ index: n, term: 1n });
  w.close();
  return basename(w.files[0]);
}

/** The raft snapshot at index N: the v2 store holding each member's raftAttributes. */
function buildRaftSnapshot(plan: ClusterPlan) {
  const st = new V2Store(['/0', '/1']);
  for (const m of plan.members) {
    st.create(`/0/members/${idString(m.id)}/raftAttributes`, false, toByteString(raftAttributesJson(m.peerURLs, false)), false);
  }
  return {
    data: Buffer.from(st.save(), 'utf8'),
    metadata: { conf_state: { voters: plan.members.map((m) => m.id) }, index: BigInt(plan.members.length), term: 1n },
  };
}
