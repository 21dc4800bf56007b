// `etcdctl migrate` (etcdctl/ctlv3/command/migrate_command.go @ v3.4.23): rebuilds a stopped member's v2 store
// from its newest .snap and WAL, and writes every v2 key under /1 into the v3 backend as a KeyValue at
// revision (modifiedIndex, 0). The backend is rewritten under a temporary name and renamed over the old one.
import { spawn } from 'node:child_process';
import { copyFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BoltReader } from './bbolt/reader.js';
import { bucketKey, mergeInto, rewriteBuckets, type BucketEdit } from './bbolt/rewrite.js';
import { writeNewDb } from './bbolt/writer.js';
import { ExitCode } from '../cli/exit.js';
import { ETCDCTL_VERSION } from '../version.js';
import { OfflineError, ioError } from './errors.js';
import { exitErrorText, startErrorText } from '../go/exec.js';
import { clusterVersion, compareSemver, parseSemver, type Semver } from '../go/version.js';
import { byteStringToText, bytesToByteString, toByteString } from './gojson.js';
import { JsonNumber, JsonObject, parseJson } from '../go/json.js';
import { fsyncDir, pathExists, removeQuietly } from './fsutil.js';
import { assertNotLocked } from './lock.js';
import { attributesJson, idString, raftAttributesJson } from './membership.js';
import { ProtoError, decode, encode } from '../v3/proto/codec.js';
import { ConfChangeType, EntryType, type ConfChange, type KeyValue, type V2Request } from '../v3/proto/schema.js';
import { classifyEntryData } from './entrydata.js';
import { Buckets, MetaKeys, readMeta, readU64be, revisionKey, u64be } from './schema.js';
import { loadNewestSnap } from './snap.js';
import { V2ErrorCode, V2Store, V2StoreError, nodeExternJson, type NodeExtern, type TtlOptions } from './v2store.js';
import { joinPath, splitPath } from '../go/path.js';
import { WalErrors, readWal } from './wal.js';

export interface MigrateOptions {
  dataDir: string;
  /** Default `<dataDir>/member/wal`. */
  walDir?: string;
  /** Leave out v2 keys that have a TTL. */
  noTTL?: boolean;
  /**
   * An external transformer program: it reads the v2 nodes as concatenated JSON objects on stdin and writes
   * v3 KeyValues on stdout, each as a little-endian u64 length and the protobuf bytes. Its stderr is ours.
   */
  transformer?: string;
}

export interface MigrateResult {
  /** The lines etcdctl prints on stdout. */
  stdout: string[];
  /** False when there was no /1 directory ("no v2 keys to migrate"); the backend is then left as it was. */
  migrated: boolean;
  keys: number;
  /** meta/consistent_index after the migration. */
  consistentIndex: bigint;
}

const USING_DEFAULT = 'using default transformer';
const NO_KEYS = 'no v2 keys to migrate';
const FINISHED = 'finished transforming keys';
const FAILED = 'failed to transform keys';

export async function migrate(opts: MigrateOptions): Promise<MigrateResult> {
  const stdout: string[] = opts.transformer ? [] : [USING_DEFAULT];
  try {
    const { store, index } = rebuildStoreV2(opts);
    const dbPath = join(opts.dataDir, 'member', 'snap', 'db');
    assertNotLocked(dbPath, 'write', (h) => `etcd (pid ${h.pid}) holds the lock on ${JSON.stringify(dbPath)}: stop it before migrating`);
    let root: NodeExtern;
    try {
      root = store.get('/1', true, true);
    } catch (e) {
      if (e instanceof V2StoreError && e.errorCode === V2ErrorCode.KeyNotFound) {
        stdout.push(NO_KEYS);
        return { stdout, migrated: false, keys: 0, consistentIndex: currentConsistentIndex(dbPath) };
      }
      throw e;
    }
    const nodes = flattenForExport(root, !!opts.noTTL);
    let kvs: KeyValue[];
    try {
      kvs = opts.transformer ? await runTransformer(opts.transformer, nodes) : nodes.flatMap(defaultTransform);
    } catch (err) {
      stdout.push(FAILED);
      throw err;
    }
    const consistentIndex = writeBackend(dbPath, kvs, index);
    stdout.push(FINISHED);
    return { stdout, migrated: true, keys: kvs.length, consistentIndex };
  } catch (err) {
    const e = err instanceof OfflineError ? err : new OfflineError(err instanceof Error ? err.message : String(err), 'CORRUPT');
    e.messages = [...stdout, ...e.messages];
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Rebuilding the v2 store

function rebuildStoreV2(opts: MigrateOptions): { store: V2Store; index: bigint } {
  const walDir = opts.walDir || joinPath(opts.dataDir, 'member', 'wal');
  const snapDir = joinPath(opts.dataDir, 'member', 'snap');
  const snap = loadNewestSnap(snapDir);
  const walsnap = snap ? { index: snap.snapshot.metadata.index, term: snap.snapshot.metadata.term } : { index: 0n, term: 0n };
  let index = walsnap.index;
  const wal = readWal(walDir, walsnap);
  if (!wal.snapshotFound) throw WalErrors.snapshotNotFound();

  const store = new V2Store();
  if (snap?.snapshot.data) {
    try {
      store.recover(snap.snapshot.data);
    } catch (err) {
      throw new OfflineError(`cannot recover the v2 store from ${snap.name}: ${(err as Error).message}`, 'SNAP');
    }
  }
  const cluster = new MigrateCluster(store);
  cluster.recoverVersion();
  for (const e of wal.entries) {
    if (e.type === EntryType.EntryConfChange) {
      cluster.applyConfChange(decodeOrFail(() => decode('raftpb.ConfChange', e.data ?? NO_DATA), e.index));
      continue;
    }
    const req = decodeOrFail(() => classifyEntryData(e.data), e.index);
    if (req.kind === 'v2') applyRequest(store, cluster, req.request);
    if (e.index > index) index = e.index;
  }
  return { store, index };
}

function decodeOrFail<T>(fn: () => T, index: bigint): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ProtoError) throw new OfflineError(`cannot decode raft entry ${index}: ${err.message}`, 'WAL');
    throw err;
  }
}

const NO_DATA = Buffer.alloc(0);

function ttlOptions(r: V2Request): TtlOptions {
  return { refresh: r.refresh === true, expireTime: r.expiration !== 0n ? r.expiration : null };
}

const MEMBER_ATTRIBUTES = /\/0\/members\/[0-9A-Fa-f]{1,16}\/attributes/;
const CLUSTER_VERSION_KEY = '/0/version';

/** The text fields of a v2 request as byte strings (Go's strings are bytes), the form V2Store takes. */
function textsOf(r: V2Request) {
  return {
    method: bytesToByteString(r.method),
    path: bytesToByteString(r.path),
    val: bytesToByteString(r.val),
    prevValue: bytesToByteString(r.prev_value),
  };
}
type V2Texts = ReturnType<typeof textsOf>;

/** etcd's applierV2store, as migrate drives it: results and store errors are ignored. */
function applyRequest(st: V2Store, cluster: MigrateCluster, r: V2Request): void {
  const ttl = ttlOptions(r);
  const t = textsOf(r);
  try {
    switch (t.method) {
      case 'POST':
        st.create(t.path, r.dir, t.val, true, ttl);
        return;
      case 'PUT':
        return applyPut(st, cluster, r, t, ttl);
      case 'DELETE':
        if (r.prev_index > 0n || t.prevValue !== '') st.compareAndDelete(t.path, t.prevValue, r.prev_index);
        else st.delete(t.path, r.dir, r.recursive);
        return;
      case 'QGET':
        st.get(t.path, r.recursive, r.sorted);
        return;
      case 'SYNC':
        st.deleteExpiredKeys(r.time);
        return;
      default:
        throw new OfflineError(`unknown v2 request method ${JSON.stringify(byteStringToText(t.method))} in the WAL`, 'WAL');
    }
  } catch (err) {
    if (!(err instanceof V2StoreError)) throw err;
  }
}

function applyPut(st: V2Store, cluster: MigrateCluster, r: V2Request, t: V2Texts, ttl: TtlOptions): void {
  if (r.prev_exist !== undefined) {
    if (!r.prev_exist) st.create(t.path, r.dir, t.val, false, ttl);
    else if (r.prev_index === 0n && t.prevValue === '') st.update(t.path, t.val, ttl);
    else st.compareAndSwap(t.path, t.prevValue, r.prev_index, t.val, ttl);
    return;
  }
  if (r.prev_index > 0n || t.prevValue !== '') {
    st.compareAndSwap(t.path, t.prevValue, r.prev_index, t.val, ttl);
    return;
  }
  if (MEMBER_ATTRIBUTES.test(t.path)) {
    cluster.updateAttributes(t.path, t.val);
    return;
  }
  if (t.path === CLUSTER_VERSION_KEY) {
    cluster.setVersion(t.val);
    return;
  }
  st.set(t.path, r.dir, t.val, ttl);
}

interface StoredMember {
  id: bigint;
  peerURLs: string[];
  isLearner: boolean;
  name: string;
  clientURLs: string[];
}

const MEMBERS_PREFIX = '/0/members';
const REMOVED_PREFIX = '/0/removed_members';

/** The part of membership.RaftCluster that replaying a WAL touches: it keeps the /0 tree up to date. */
class MigrateCluster {
  private readonly members = new Map<bigint, StoredMember>();
  private readonly removed = new Set<bigint>();

  constructor(private readonly st: V2Store) {
    const { members, removed } = this.fromStore();
    for (const m of members.values()) this.members.set(m.id, m);
    for (const id of removed) this.removed.add(id);
  }

  /** membersFromStore: /0/members/<id>/{raftAttributes,attributes} and /0/removed_members/<id>. */
  private fromStore(): { members: Map<bigint, StoredMember>; removed: Set<bigint> } {
    const members = new Map<bigint, StoredMember>();
    const removed = new Set<bigint>();
    const list = (p: string): NodeExtern[] => {
      try {
        return this.st.get(p, true, true).nodes ?? [];
      } catch (e) {
        if (e instanceof V2StoreError && e.errorCode === V2ErrorCode.KeyNotFound) return [];
        throw e;
      }
    };
    for (const n of list(MEMBERS_PREFIX)) {
      const m = memberFromNode(n);
      members.set(m.id, m);
    }
    for (const n of list(REMOVED_PREFIX)) removed.add(parseMemberId(splitPath(n.key)[1]));
    return { members, removed };
  }

  applyConfChange(cc: ConfChange): void {
    if (!this.isValid(cc)) return;
    const ctx = () => parseMemberJson(cc.context);
    switch (cc.type) {
      case ConfChangeType.ConfChangeAddNode: {
        const m = ctx();
        this.mustSucceed(() =>
          this.st.create(joinPath(MEMBERS_PREFIX, idString(m.id), 'raftAttributes'), false, raftAttrs(m), false),
        );
        this.members.set(m.id, m);
        return;
      }
      case ConfChangeType.ConfChangeRemoveNode:
        this.mustSucceed(() => this.st.delete(joinPath(MEMBERS_PREFIX, idString(cc.node_id)), true, true));
        this.mustSucceed(() => this.st.create(joinPath(REMOVED_PREFIX, idString(cc.node_id)), false, '', false));
        this.members.delete(cc.node_id);
        this.removed.add(cc.node_id);
        return;
      case ConfChangeType.ConfChangeUpdateNode: {
        const m = ctx();
        const cur = this.members.get(m.id);
        if (!cur) return;
        cur.peerURLs = m.peerURLs;
        cur.isLearner = m.isLearner;
        this.mustSucceed(() => this.st.update(joinPath(MEMBERS_PREFIX, idString(m.id), 'raftAttributes'), raftAttrs(cur)));
        return;
      }
      // etcdctl's migrate does not apply learner additions.
    }
  }

  /** RaftCluster.ValidateConfigurationChange, against the membership in the store. */
  private isValid(cc: ConfChange): boolean {
    const { members, removed } = this.fromStore();
    const id = cc.node_id;
    if (removed.has(id)) return false;
    const urlsOfOthers = (except?: bigint) => {
      const s = new Set<string>();
      for (const m of members.values()) if (m.id !== except) m.peerURLs.forEach((u) => s.add(u));
      return s;
    };
    switch (cc.type) {
      case ConfChangeType.ConfChangeAddNode:
      case ConfChangeType.ConfChangeAddLearnerNode: {
        const { member, isPromote } = parseConfigChangeContext(cc.context);
        if (isPromote) return members.get(id)?.isLearner === true;
        if (members.has(id)) return false;
        const used = urlsOfOthers();
        if (member.peerURLs.some((u) => used.has(u))) return false;
        if (member.isLearner && [...members.values()].filter((m) => m.isLearner).length + 1 > 1) return false;
        return true;
      }
      case ConfChangeType.ConfChangeRemoveNode:
        return members.has(id);
      case ConfChangeType.ConfChangeUpdateNode: {
        if (!members.has(id)) return false;
        const used = urlsOfOthers(id);
        return !parseMemberJson(cc.context).peerURLs.some((u) => used.has(u));
      }
      default:
        throw new OfflineError(`unknown ConfChange type ${cc.type} in the WAL`, 'WAL');
    }
  }

  /** A PUT of /0/members/<id>/attributes: stored re-encoded, for known members only. */
  updateAttributes(path: string, value: string): void {
    const id = parseMemberId(splitPath(splitPath(path)[0].replace(/\/$/, ''))[1]);
    const m = this.members.get(id);
    if (!m) return;
    const attrs = parseJsonObject(value, 'member attributes');
    m.name = stringField(attrs, 'name');
    m.clientURLs = stringList(attrs, 'clientURLs');
    this.mustSucceed(() => this.st.set(joinPath(MEMBERS_PREFIX, idString(id), 'attributes'), false, toByteString(attributesJson(byteStringToText(m.name), m.clientURLs.map(byteStringToText)))));
  }

  /** A PUT of /0/version: the cluster version, stored in its canonical semver form. */
  setVersion(value: string): void {
    const v = parseSemver(value);
    if (!v) return;
    this.mustSucceed(() => this.st.set(CLUSTER_VERSION_KEY, false, `${v.major}.${v.minor}.${v.patch}${v.rest}`));
    refuseNewerCluster(v);
  }

  /** RaftCluster.Recover: the cluster version a .snap's store holds is checked as a replayed one is. */
  recoverVersion(): void {
    let value: string | undefined;
    try {
      value = this.st.get(CLUSTER_VERSION_KEY, false, false).value;
    } catch (e) {
      if (e instanceof V2StoreError && e.errorCode === V2ErrorCode.KeyNotFound) return;
      throw e;
    }
    const v = parseSemver(byteStringToText(value ?? ''));
    if (v) refuseNewerCluster(v);
  }

  /** etcd panics when these store writes fail; a replay that hits that is refused. */
  private mustSucceed(fn: () => unknown): void {
    try {
      fn();
    } catch (e) {
      if (e instanceof V2StoreError) throw new OfflineError(`cannot replay a membership change: ${e.message}`, 'WAL');
      throw e;
    }
  }
}

const raftAttrs = (m: StoredMember): string => toByteString(raftAttributesJson(m.peerURLs.map(byteStringToText), m.isLearner));

function parseMemberId(hex: string): bigint {
  if (!/^[0-9a-fA-F]{1,16}$/.test(hex)) throw new OfflineError(`bad member ID ${JSON.stringify(hex)} in the v2 store`, 'CORRUPT');
  return BigInt('0x' + hex);
}

function parseJsonObject(text: string | Uint8Array | undefined, what: string): JsonObject {
  const bytes = text === undefined ? new Uint8Array(0) : typeof text === 'string' ? Buffer.from(text, 'latin1') : text;
  try {
    const v = parseJson(bytes);
    if (v instanceof JsonObject) return v;
  } catch {
    // reported below
  }
  const s = typeof text === 'string' ? byteStringToText(text) : Buffer.from(bytes).toString('utf8');
  throw new OfflineError(`cannot parse ${what}: ${JSON.stringify(s.slice(0, 200))}`, 'CORRUPT');
}

// Strings as byte strings, as the v2 store holds them.
const stringField = (o: JsonObject, name: string): string => {
  const v = o.field(name);
  return typeof v === 'string' ? toByteString(v) : '';
};
const stringList = (o: JsonObject, name: string): string[] => {
  const v = o.field(name);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').map(toByteString) : [];
};

function memberFromObject(o: JsonObject): StoredMember {
  const id = o.field('id');
  return {
    id: id instanceof JsonNumber ? id.toBigInt() : 0n,
    peerURLs: stringList(o, 'peerURLs'),
    isLearner: o.field('isLearner') === true,
    name: stringField(o, 'name'),
    clientURLs: stringList(o, 'clientURLs'),
  };
}

const parseMemberJson = (ctx: Uint8Array | undefined): StoredMember => memberFromObject(parseJsonObject(ctx, 'a ConfChange context'));

function parseConfigChangeContext(ctx: Uint8Array | undefined): { member: StoredMember; isPromote: boolean } {
  const o = parseJsonObject(ctx, 'a ConfChange context');
  return { member: memberFromObject(o), isPromote: o.field('isPromote') === true };
}

/** nodeToMember: a /0/members/<id> directory. */
function memberFromNode(n: NodeExtern): StoredMember {
  const id = parseMemberId(splitPath(n.key)[1]);
  let raft: JsonObject | null = null;
  let attrs: JsonObject | null = null;
  for (const c of n.nodes ?? []) {
    if (c.key === joinPath(n.key, 'raftAttributes')) raft = parseJsonObject(c.value, 'raftAttributes');
    else if (c.key === joinPath(n.key, 'attributes')) attrs = parseJsonObject(c.value, 'attributes');
    else throw new OfflineError(`unknown key ${JSON.stringify(byteStringToText(c.key))} in the v2 membership`, 'CORRUPT');
  }
  if (!raft) throw new OfflineError("raftAttributes key doesn't exist", 'CORRUPT');
  return {
    id,
    peerURLs: stringList(raft, 'peerURLs'),
    isLearner: raft.field('isLearner') === true,
    name: attrs ? stringField(attrs, 'name') : '',
    clientURLs: attrs ? stringList(attrs, 'clientURLs') : [],
  };
}

// ---------------------------------------------------------------------------------------------------------
// Export and transformation

/** writeKeys: nodes depth-first, "/1" stripped from keys, directories without children, TTL keys skipped on request. */
function flattenForExport(root: NodeExtern, noTTL: boolean): NodeExtern[] {
  const out: NodeExtern[] = [];
  const visit = (n: NodeExtern) => {
    const children = n.nodes ?? [];
    const key = n.key.slice(2) || '/';
    if (!noTTL || n.ttl === 0n) out.push({ ...n, key, nodes: undefined });
    for (const c of children) visit(c);
  };
  visit(root);
  return out;
}

/** Text that went through Go's JSON encoder: invalid UTF-8 became U+FFFD. */
const throughJson = (s: string): Buffer => Buffer.from(byteStringToText(s), 'utf8');

/**
 * A member of a newer cluster (etcd 3.5 and later write their cluster version into the v2 store) is refused as
 * etcd 3.4.23's membership code refuses it while etcdctl replays the WAL: mustDetectDowngrade
 * (etcdserver/api/membership/cluster.go@v3.4.23) compares the cluster version with 3.4.0 and logs a fatal line
 * through migrate's zap.NewExample logger (stdout, no time or caller), then exits 1 with nothing on stderr.
 */
function refuseNewerCluster(v: Semver): void {
  const local = clusterVersion(parseSemver(ETCDCTL_VERSION)!);
  if (compareSemver(local, v) >= 0) return;
  const line = JSON.stringify({
    level: 'fatal',
    msg: 'invalid downgrade; server version is lower than determined cluster version',
    'current-server-version': ETCDCTL_VERSION,
    'determined-cluster-version': `${v.major}.${v.minor}`,
  });
  const err = new OfflineError(`cluster version ${v.major}.${v.minor} is newer than ${ETCDCTL_VERSION}`, 'CORRUPT', ExitCode.Error, { stderr: '' });
  err.messages = [line];
  throw err;
}

/** The default transformer: each key/value node becomes a KeyValue of version 1 without lease. */
function defaultTransform(n: NodeExtern): KeyValue[] {
  if (n.dir) return [];
  return [
    {
      key: throughJson(n.key),
      value: throughJson(n.value ?? ''),
      create_revision: BigInt.asIntN(64, n.createdIndex),
      mod_revision: BigInt.asIntN(64, n.modifiedIndex),
      version: 1n,
      lease: 0n,
    },
  ];
}

/** Runs an external transformer with etcdctl's protocol. */
async function runTransformer(program: string, nodes: NodeExtern[]): Promise<KeyValue[]> {
  const input = Buffer.from(nodes.map(nodeExternJson).join(''), 'utf8');
  const child = spawn(program, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => chunks.push(d));
  child.stdin.on('error', () => {
    // The program may exit without reading everything; its exit status tells what happened.
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  child.stdin.end(input);
  let status: { code: number | null; signal: NodeJS.Signals | null };
  try {
    status = await exit;
  } catch (err) {
    throw new OfflineError(startErrorText(program, err), 'TRANSFORM');
  }
  const failure = exitErrorText(status.code, status.signal);
  if (failure !== undefined) throw new OfflineError(failure, 'TRANSFORM');
  return readKeyValueFrames(Buffer.concat(chunks));
}

function readKeyValueFrames(out: Buffer): KeyValue[] {
  const kvs: KeyValue[] = [];
  for (let pos = 0; pos < out.length; ) {
    if (pos + 8 > out.length) throw new OfflineError('transformer output ends inside a length field', 'TRANSFORM');
    const len = out.readBigUInt64LE(pos);
    pos += 8;
    if (len > BigInt(out.length - pos)) throw new OfflineError('transformer output ends inside a KeyValue', 'TRANSFORM');
    try {
      kvs.push(decode('mvccpb.KeyValue', out.subarray(pos, pos + Number(len))));
    } catch (err) {
      if (err instanceof ProtoError) throw new OfflineError(`transformer wrote a bad KeyValue: ${err.message}`, 'TRANSFORM');
      throw err;
    }
    pos += Number(len);
  }
  return kvs;
}

// ---------------------------------------------------------------------------------------------------------
// The backend

function currentConsistentIndex(dbPath: string): bigint {
  try {
    statSync(dbPath);
  } catch {
    return 0n;
  }
  const r = BoltReader.open(dbPath);
  try {
    const ci = readMeta(r, MetaKeys.consistentIndex);
    return ci && ci.length >= 8 ? readU64be(ci) : 0n;
  } finally {
    r.close();
  }
}

/**
 * Writes the KeyValues at revision (mod_revision, 0), overwriting whatever v3 revision has that number
 * (a later one wins), and raises meta/consistent_index to `index` (never lowers it).
 */
function writeBackend(dbPath: string, kvs: KeyValue[], index: bigint): bigint {
  const puts = new Map<string, Uint8Array | null>();
  for (const kv of kvs) puts.set(bucketKey(revisionKey({ main: kv.mod_revision, sub: 0n })), encode('mvccpb.KeyValue', kv));
  const current = currentConsistentIndex(dbPath);
  const ci = index > current ? index : current;

  const tmp = join(join(dbPath, '..'), `db.tmp.migrate-${process.pid}-${Date.now()}`);
  try {
    if (pathExists(dbPath)) {
      try {
        copyFileSync(dbPath, tmp);
      } catch (err) {
        throw ioError('copy', dbPath, err);
      }
    } else {
      writeNewDb(tmp, 0o600);
    }
    const edits = new Map<string, BucketEdit>([
      [bucketKey(Buckets.key), { kind: 'rewrite', fill: (b, old, r) => mergeInto(b, old, r, puts) }],
      [bucketKey(Buckets.meta), { kind: 'rewrite', fill: (b, old, r) => mergeInto(b, old, r, new Map([[bucketKey(MetaKeys.consistentIndex), u64be(ci)]])) }],
    ]);
    rewriteBuckets(tmp, edits);
    try {
      renameSync(tmp, dbPath);
    } catch (err) {
      throw ioError('rename', tmp, err);
    }
    fsyncDir(join(dbPath, '..'));
  } catch (err) {
    removeQuietly(tmp);
    throw err;
  }
  return ci;
}
