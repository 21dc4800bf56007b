// etcd's v2 store (etcdserver/api/v2store @ v3.4.23), rebuilt for the offline tools: the node tree with
// indexes and TTLs, the mutating operations with etcd's index bookkeeping, the event history and stats,
// its JSON form (what .snap files carry) and the recovery from it.
// Keys, values and paths are Go strings, held as byte strings (one char per byte; see gojson.ts).
import { goJsonQuote, toByteString } from './gojson.js';
import { cleanPath, joinPath, splitPath } from '../go/path.js';
import { JsonNumber, JsonObject, parseJson, type JsonValue } from '../go/json.js';

/** Unix nanoseconds; `null` is Go's zero time, i.e. a permanent node. */
export type ExpireTime = bigint | null;

/** minExpireTime: expirations before 2000-01-01T00:00:00Z mean "permanent". */
const MIN_EXPIRE_TIME = 946684800n * 1000000000n;
const NS_PER_S = 1000000000n;
const ZERO_TIME_JSON = '"0001-01-01T00:00:00Z"';
/** 0001-01-01T00:00:00Z in unix nanoseconds. */
const GO_ZERO_TIME_NS = -62135596800n * 1000000000n;

export const V2ErrorCode = {
  KeyNotFound: 100,
  TestFailed: 101,
  NotFile: 102,
  NotDir: 104,
  NodeExist: 105,
  RootROnly: 107,
  DirNotEmpty: 108,
} as const;

export class V2StoreError extends Error {
  constructor(
    readonly errorCode: number,
    readonly detail: string,
    readonly index: bigint,
  ) {
    super(`v2 store error ${errorCode}: ${detail}`);
  }
}

// ---------------------------------------------------------------------------------------------------------

/** path.Clean(path.Join("/", p)): the store's keys are paths on byte strings. */
export const rootedPath = (p: string): string => cleanPath('/' + p);

// ---------------------------------------------------------------------------------------------------------
// Nodes

export class V2Node {
  parent: V2Node | null = null;
  /** The position in the TTL heap, or -1. */
  heapIndex = -1;

  constructor(
    public path: string,
    public createdIndex: bigint,
    public modifiedIndex: bigint,
    public expireTime: ExpireTime,
    public value: string,
    /** Directories have children (possibly none); key/value nodes have null. */
    public children: Map<string, V2Node> | null,
  ) {}

  get isDir(): boolean {
    return this.children !== null;
  }

  get isPermanent(): boolean {
    return this.expireTime === null;
  }

  get isHidden(): boolean {
    return splitPath(this.path)[1].startsWith('_');
  }

  /** expirationAndTTL: the TTL is ceil((expire − now) / 1 s), which can be 0 or negative for expired nodes. */
  ttl(now: bigint): bigint {
    if (this.expireTime === null) return 0n;
    const d = this.expireTime - now;
    let ttl = d / NS_PER_S;
    if (d % NS_PER_S > 0n) ttl++;
    return ttl;
  }
}

/** NodeExtern: a node as the v2 API shows it. */
export interface NodeExtern {
  key: string;
  value?: string;
  dir: boolean;
  expiration?: bigint;
  ttl: bigint;
  nodes?: NodeExtern[];
  modifiedIndex: bigint;
  createdIndex: bigint;
}

export interface V2Event {
  action: string;
  node: NodeExtern;
  prevNode?: NodeExtern;
  refresh: boolean;
}

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// ---------------------------------------------------------------------------------------------------------
// TTL heap: the same binary-heap moves as Go's container/heap, so equal expirations pop in the same order.

class TtlHeap {
  readonly items: V2Node[] = [];

  private less(i: number, j: number): boolean {
    return this.items[i].expireTime! < this.items[j].expireTime!;
  }

  private swap(i: number, j: number): void {
    const a = this.items[i];
    const b = this.items[j];
    this.items[i] = b;
    this.items[j] = a;
    b.heapIndex = i;
    a.heapIndex = j;
  }

  private up(j: number): void {
    for (;;) {
      const i = Math.trunc((j - 1) / 2);
      if (i === j || !this.less(j, i)) break;
      this.swap(i, j);
      j = i;
    }
  }

  private down(i0: number, n: number): boolean {
    let i = i0;
    for (;;) {
      const j1 = 2 * i + 1;
      if (j1 >= n) break;
      let j = j1;
      const j2 = j1 + 1;
      if (j2 < n && this.less(j2, j1)) j = j2;
      if (!this.less(j, i)) break;
      this.swap(i, j);
      i = j;
    }
    return i > i0;
  }

  private popLast(): V2Node {
    const x = this.items.pop()!;
    x.heapIndex = -1;
    return x;
  }

  top(): V2Node | undefined {
    return this.items[0];
  }

  push(n: V2Node): void {
    n.heapIndex = this.items.length;
    this.items.push(n);
    this.up(this.items.length - 1);
  }

  pop(): V2Node {
    const n = this.items.length - 1;
    this.swap(0, n);
    this.down(0, n);
    return this.popLast();
  }

  remove(node: V2Node): void {
    const i = node.heapIndex;
    if (i < 0 || this.items[i] !== node) return;
    const n = this.items.length - 1;
    if (n !== i) {
      this.swap(i, n);
      if (!this.down(i, n)) this.up(i);
    }
    this.popLast();
  }

  update(node: V2Node): void {
    if (node.heapIndex < 0 || this.items[node.heapIndex] !== node) return;
    this.remove(node);
    this.push(node);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Event history (a 1000-slot ring, serialized with its empty slots as null)

class EventHistory {
  events: (V2Event | null)[];
  size = 0;
  front = 0;
  back = 0;
  startIndex = 0n;
  lastIndex = 0n;

  constructor(readonly capacity: number) {
    this.events = new Array(capacity).fill(null);
  }

  add(e: V2Event): void {
    this.events[this.back] = e;
    this.back = (this.back + 1) % this.capacity;
    if (this.size === this.capacity) this.front = (this.front + 1) % this.capacity;
    else this.size++;
    this.lastIndex = e.node.modifiedIndex;
    this.startIndex = this.events[this.front]!.node.modifiedIndex;
  }
}

const STAT_FIELDS = [
  'getsSuccess', 'getsFail', 'setsSuccess', 'setsFail', 'deleteSuccess', 'deleteFail', 'updateSuccess',
  'updateFail', 'createSuccess', 'createFail', 'compareAndSwapSuccess', 'compareAndSwapFail',
  'compareAndDeleteSuccess', 'compareAndDeleteFail', 'expireCount', 'watchers',
] as const;
type StatName = (typeof STAT_FIELDS)[number];

export interface TtlOptions {
  /** Unix nanoseconds, or null for none. */
  expireTime: ExpireTime;
  refresh: boolean;
}

const PERMANENT: TtlOptions = { expireTime: null, refresh: false };

// ---------------------------------------------------------------------------------------------------------
// The store

export class V2Store {
  root: V2Node;
  currentIndex = 0n;
  currentVersion = 2;
  readonly stats = new Map<StatName, bigint>(STAT_FIELDS.map((f) => [f, 0n]));
  readonly history = new EventHistory(1000);
  private ttlHeap = new TtlHeap();
  private readonly readonly: Set<string>;

  /** `namespaces` are created as permanent read-only directories (etcd uses "/0" and "/1"). */
  constructor(
    namespaces: string[] = [],
    private readonly now: () => bigint = () => BigInt(Date.now()) * 1000000n,
  ) {
    this.root = this.newDir('/', 0n, null, null);
    for (const ns of namespaces) this.addChild(this.root, this.newDir(ns, 0n, this.root, null));
    this.readonly = new Set(['/', ...namespaces]);
  }

  private inc(stat: StatName): void {
    this.stats.set(stat, this.stats.get(stat)! + 1n);
  }

  private newDir(path: string, index: bigint, parent: V2Node | null, expire: ExpireTime): V2Node {
    const n = new V2Node(path, index, index, expire, '', new Map());
    n.parent = parent;
    return n;
  }

  private newKV(path: string, value: string, index: bigint, parent: V2Node, expire: ExpireTime): V2Node {
    const n = new V2Node(path, index, index, expire, value, null);
    n.parent = parent;
    return n;
  }

  private addChild(dir: V2Node, child: V2Node): void {
    dir.children!.set(splitPath(child.path)[1], child);
  }

  private err(code: number, cause: string, index = this.currentIndex): V2StoreError {
    return new V2StoreError(code, cause, index);
  }

  /** Walks the components of a rooted path; stops at the first empty component, as etcd's walk does. */
  private walk(nodePath: string, step: (parent: V2Node, name: string) => V2Node): V2Node {
    const parts = nodePath.split('/');
    let cur = this.root;
    for (let i = 1; i < parts.length; i++) {
      if (parts[i] === '') return cur;
      cur = step(cur, parts[i]);
    }
    return cur;
  }

  internalGet(nodePath: string): V2Node {
    return this.walk(rootedPath(nodePath), (parent, name) => {
      if (!parent.isDir) throw this.err(V2ErrorCode.NotDir, parent.path);
      const child = parent.children!.get(name);
      if (!child) throw this.err(V2ErrorCode.KeyNotFound, joinPath(parent.path, name));
      return child;
    });
  }

  /** A node as NodeExtern (etcd's node.Repr). */
  repr(n: V2Node, recursive: boolean, sorted: boolean): NodeExtern {
    const now = this.now();
    const ext: NodeExtern = { key: n.path, dir: n.isDir, ttl: n.ttl(now), modifiedIndex: n.modifiedIndex, createdIndex: n.createdIndex };
    if (n.expireTime !== null) ext.expiration = n.expireTime;
    if (!n.isDir) {
      ext.value = n.value;
      return ext;
    }
    if (!recursive) return ext;
    const nodes: NodeExtern[] = [];
    for (const child of n.children!.values()) if (!child.isHidden) nodes.push(this.repr(child, true, sorted));
    if (sorted) nodes.sort((a, b) => byteOrder(a.key, b.key));
    ext.nodes = nodes;
    return ext;
  }

  get(nodePath: string, recursive: boolean, sorted: boolean): NodeExtern {
    try {
      const n = this.internalGet(nodePath);
      this.inc('getsSuccess');
      return this.repr(n, recursive, sorted);
    } catch (e) {
      this.inc('getsFail');
      throw e;
    }
  }

  private record(e: V2Event): V2Event {
    this.history.add(e);
    return e;
  }

  private withStats<T>(ok: StatName, fail: StatName, fn: () => T): T {
    try {
      const r = fn();
      this.inc(ok);
      return r;
    } catch (e) {
      this.inc(fail);
      throw e;
    }
  }

  create(nodePath: string, dir: boolean, value: string, unique: boolean, ttl: TtlOptions = PERMANENT): V2Event {
    return this.withStats('createSuccess', 'createFail', () =>
      this.record(this.internalCreate(nodePath, dir, value, unique, false, ttl.expireTime, 'create')),
    );
  }

  set(nodePath: string, dir: boolean, value: string, ttl: TtlOptions = PERMANENT): V2Event {
    return this.withStats('setsSuccess', 'setsFail', () => {
      let prev: V2Node | null = null;
      try {
        prev = this.internalGet(nodePath);
      } catch (e) {
        if (!(e instanceof V2StoreError) || e.errorCode !== V2ErrorCode.KeyNotFound) throw e;
        if (ttl.refresh) throw e;
      }
      if (ttl.refresh) value = prev!.value;
      const prevExtern = prev ? this.repr(prev, false, false) : undefined;
      const e = this.internalCreate(nodePath, dir, value, false, true, ttl.expireTime, 'set');
      if (prevExtern) e.prevNode = prevExtern;
      if (ttl.refresh) e.refresh = true;
      return this.record(e);
    });
  }

  update(nodePath: string, newValue: string, ttl: TtlOptions = PERMANENT): V2Event {
    return this.withStats('updateSuccess', 'updateFail', () => {
      nodePath = rootedPath(nodePath);
      if (this.readonly.has(nodePath)) throw this.err(V2ErrorCode.RootROnly, '/');
      const next = this.currentIndex + 1n;
      const n = this.internalGet(nodePath);
      if (n.isDir && newValue.length !== 0) throw this.err(V2ErrorCode.NotFile, nodePath);
      if (ttl.refresh) newValue = n.value;
      const e: V2Event = {
        action: 'update',
        node: { key: nodePath, dir: n.isDir, ttl: 0n, modifiedIndex: next, createdIndex: n.createdIndex },
        prevNode: this.repr(n, false, false),
        refresh: ttl.refresh,
      };
      if (!n.isDir) {
        n.value = newValue;
        n.modifiedIndex = next;
        e.node.value = newValue;
      }
      this.updateTtl(n, ttl.expireTime);
      this.fillExpiration(e.node, n);
      this.record(e);
      this.currentIndex = next;
      return e;
    });
  }

  compareAndSwap(nodePath: string, prevValue: string, prevIndex: bigint, value: string, ttl: TtlOptions = PERMANENT): V2Event {
    return this.withStats('compareAndSwapSuccess', 'compareAndSwapFail', () => {
      nodePath = rootedPath(nodePath);
      if (this.readonly.has(nodePath)) throw this.err(V2ErrorCode.RootROnly, '/');
      const n = this.internalGet(nodePath);
      if (n.isDir) throw this.err(V2ErrorCode.NotFile, nodePath);
      if (!compareMatches(n, prevValue, prevIndex)) throw this.err(V2ErrorCode.TestFailed, nodePath);
      if (ttl.refresh) value = n.value;
      this.currentIndex++;
      const e: V2Event = {
        action: 'compareAndSwap',
        node: { key: nodePath, dir: false, ttl: 0n, modifiedIndex: this.currentIndex, createdIndex: n.createdIndex },
        prevNode: this.repr(n, false, false),
        refresh: ttl.refresh,
      };
      n.value = value;
      n.modifiedIndex = this.currentIndex;
      this.updateTtl(n, ttl.expireTime);
      e.node.value = value;
      this.fillExpiration(e.node, n);
      return this.record(e);
    });
  }

  delete(nodePath: string, dir: boolean, recursive: boolean): V2Event {
    return this.withStats('deleteSuccess', 'deleteFail', () => {
      nodePath = rootedPath(nodePath);
      if (this.readonly.has(nodePath)) throw this.err(V2ErrorCode.RootROnly, '/');
      if (recursive) dir = true;
      const n = this.internalGet(nodePath);
      const next = this.currentIndex + 1n;
      const e: V2Event = {
        action: 'delete',
        node: { key: nodePath, dir: n.isDir, ttl: 0n, modifiedIndex: next, createdIndex: n.createdIndex },
        prevNode: this.repr(n, false, false),
        refresh: false,
      };
      this.removeNode(n, dir, recursive);
      this.currentIndex++;
      return this.record(e);
    });
  }

  compareAndDelete(nodePath: string, prevValue: string, prevIndex: bigint): V2Event {
    return this.withStats('compareAndDeleteSuccess', 'compareAndDeleteFail', () => {
      nodePath = rootedPath(nodePath);
      const n = this.internalGet(nodePath);
      if (n.isDir) throw this.err(V2ErrorCode.NotFile, nodePath);
      if (!compareMatches(n, prevValue, prevIndex)) throw this.err(V2ErrorCode.TestFailed, nodePath);
      this.currentIndex++;
      const e: V2Event = {
        action: 'compareAndDelete',
        node: { key: nodePath, dir: false, ttl: 0n, modifiedIndex: this.currentIndex, createdIndex: n.createdIndex },
        prevNode: this.repr(n, false, false),
        refresh: false,
      };
      this.removeNode(n, false, false);
      return this.record(e);
    });
  }

  /** Removes every node whose expiration is not after `cutoff` (unix ns), one expire event each. */
  deleteExpiredKeys(cutoff: bigint): void {
    for (;;) {
      const n = this.ttlHeap.top();
      if (!n || n.expireTime! > cutoff) break;
      this.currentIndex++;
      const e: V2Event = {
        action: 'expire',
        node: { key: n.path, dir: n.isDir, ttl: 0n, modifiedIndex: this.currentIndex, createdIndex: n.createdIndex },
        prevNode: this.repr(n, false, false),
        refresh: false,
      };
      this.ttlHeap.pop();
      this.removeNode(n, true, true);
      this.inc('expireCount');
      this.record(e);
    }
  }

  private fillExpiration(ext: NodeExtern, n: V2Node): void {
    if (n.expireTime !== null) {
      ext.expiration = n.expireTime;
      ext.ttl = n.ttl(this.now());
    }
  }

  private internalCreate(
    nodePath: string,
    dir: boolean,
    value: string,
    unique: boolean,
    replace: boolean,
    expire: ExpireTime,
    action: string,
  ): V2Event {
    const curr = this.currentIndex;
    const next = curr + 1n;
    if (unique) nodePath += '/' + next.toString().padStart(20, '0');
    nodePath = rootedPath(nodePath);
    if (this.readonly.has(nodePath)) throw this.err(V2ErrorCode.RootROnly, '/', curr);
    if (expire !== null && expire < MIN_EXPIRE_TIME) expire = null;
    const [dirName, nodeName] = splitPath(nodePath);
    let d: V2Node;
    try {
      d = this.walk(dirName, (parent, name) => this.checkDir(parent, name));
    } catch (e) {
      this.inc('setsFail');
      if (e instanceof V2StoreError) throw this.err(e.errorCode, e.detail, curr);
      throw e;
    }
    const e: V2Event = { action, node: { key: nodePath, dir, ttl: 0n, modifiedIndex: next, createdIndex: next }, refresh: false };
    if (!d.isDir) throw this.err(V2ErrorCode.NotDir, d.path, curr);
    const existing = d.children!.get(nodeName);
    if (existing) {
      if (!replace) throw this.err(V2ErrorCode.NodeExist, nodePath, curr);
      if (existing.isDir) throw this.err(V2ErrorCode.NotFile, nodePath, curr);
      e.prevNode = this.repr(existing, false, false);
      this.removeNode(existing, false, false);
    }
    let n: V2Node;
    if (!dir) {
      e.node.value = value;
      n = this.newKV(nodePath, value, next, d, expire);
    } else {
      n = this.newDir(nodePath, next, d, expire);
    }
    this.addChild(d, n);
    if (!n.isPermanent) {
      this.ttlHeap.push(n);
      this.fillExpiration(e.node, n);
    }
    this.currentIndex = next;
    return e;
  }

  /** Intermediate directories are created on the way (with the next index), as etcd's checkDir does. */
  private checkDir(parent: V2Node, name: string): V2Node {
    const existing = parent.children!.get(name);
    if (existing) {
      if (existing.isDir) return existing;
      throw this.err(V2ErrorCode.NotDir, existing.path);
    }
    const n = this.newDir(joinPath(parent.path, name), this.currentIndex + 1n, parent, null);
    parent.children!.set(name, n);
    return n;
  }

  private removeNode(n: V2Node, dir: boolean, recursive: boolean): void {
    if (!n.isDir) {
      this.detach(n);
      if (!n.isPermanent) this.ttlHeap.remove(n);
      return;
    }
    if (!dir) throw this.err(V2ErrorCode.NotFile, n.path);
    if (n.children!.size !== 0 && !recursive) throw this.err(V2ErrorCode.DirNotEmpty, n.path);
    for (const child of [...n.children!.values()]) this.removeNode(child, true, true);
    if (this.detach(n) && !n.isPermanent) this.ttlHeap.remove(n);
  }

  private detach(n: V2Node): boolean {
    const name = splitPath(n.path)[1];
    if (n.parent && n.parent.children!.get(name) === n) {
      n.parent.children!.delete(name);
      return true;
    }
    return false;
  }

  private updateTtl(n: V2Node, expire: ExpireTime): void {
    if (!n.isPermanent) {
      n.expireTime = expire;
      if (expire === null) this.ttlHeap.remove(n);
      else this.ttlHeap.update(n);
      return;
    }
    if (expire === null) return;
    n.expireTime = expire;
    this.ttlHeap.push(n);
  }

  // -------------------------------------------------------------------------------------------------------
  // JSON (store.Save / store.Recovery)

  /** json.Marshal of the store: what a .snap file's data holds. */
  save(): string {
    const stats = STAT_FIELDS.map((f) => `"${f}":${this.stats.get(f)}`).join(',');
    const h = this.history;
    const events = h.events.map((e) => (e ? eventJson(e) : 'null')).join(',');
    return (
      `{"Root":${nodeJson(this.root)},` +
      `"WatcherHub":{"EventHistory":{"Queue":{"Events":[${events}],"Size":${h.size},"Front":${h.front},"Back":${h.back},"Capacity":${h.capacity}},` +
      `"StartIndex":${h.startIndex},"LastIndex":${h.lastIndex}}},` +
      `"CurrentIndex":${this.currentIndex},"Stats":{${stats}},"CurrentVersion":${this.currentVersion}}`
    );
  }

  /** store.Recovery: the tree, index and version from a saved store (the event history is not needed offline). */
  recover(json: Uint8Array): void {
    const doc = parseJson(json);
    if (!(doc instanceof JsonObject)) throw new SyntaxError('v2 store: not a JSON object');
    const root = doc.field('Root');
    if (root instanceof JsonObject) this.root = nodeFromJson(root, null);
    const idx = doc.field('CurrentIndex');
    if (idx instanceof JsonNumber) this.currentIndex = idx.toBigInt();
    const ver = doc.field('CurrentVersion');
    if (ver instanceof JsonNumber) this.currentVersion = ver.toNumber();
    this.ttlHeap = new TtlHeap();
    this.rebuildHeap(this.root);
  }

  private rebuildHeap(n: V2Node): void {
    if (n.children) for (const c of n.children.values()) this.rebuildHeap(c);
    if (n.expireTime !== null) this.ttlHeap.push(n);
  }
}

function compareMatches(n: V2Node, prevValue: string, prevIndex: bigint): boolean {
  return (prevIndex === 0n || n.modifiedIndex === prevIndex) && (prevValue === '' || n.value === prevValue);
}

// ---------------------------------------------------------------------------------------------------------
// JSON helpers

/** Go's time.Time JSON (RFC 3339 with trailing-zero-trimmed nanoseconds), in UTC. */
export function timeJson(ns: ExpireTime): string {
  if (ns === null) return ZERO_TIME_JSON;
  return `"${formatRfc3339Nano(ns)}"`;
}

export function formatRfc3339Nano(ns: bigint): string {
  let secs = ns / NS_PER_S;
  let frac = ns % NS_PER_S;
  if (frac < 0n) {
    frac += NS_PER_S;
    secs -= 1n;
  }
  const iso = new Date(Number(secs) * 1000).toISOString().slice(0, 19);
  const fracText = frac === 0n ? '' : '.' + frac.toString().padStart(9, '0').replace(/0+$/, '');
  return `${iso}${fracText}Z`;
}

/** Parses Go's RFC 3339 time text into unix ns; the zero time gives null. */
export function parseRfc3339(text: string): ExpireTime {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) throw new SyntaxError(`bad time ${text}`);
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, takes years below 100 literally (Go's zero time is year 1).
  date.setUTCFullYear(+m[1], +m[2] - 1, +m[3]);
  date.setUTCHours(+m[4], +m[5], +m[6], 0);
  let ns = BigInt(date.getTime()) * 1000000n + BigInt((m[7] ?? '').padEnd(9, '0') || '0');
  if (m[8] !== 'Z') {
    const sign = m[8][0] === '-' ? -1n : 1n;
    const offMin = BigInt(+m[8].slice(1, 3) * 60 + +m[8].slice(4, 6));
    ns -= sign * offMin * 60n * NS_PER_S;
  }
  // Go's zero time (year 1, in any zone) means "permanent".
  if (ns === GO_ZERO_TIME_NS) return null;
  return ns;
}

function nodeJson(n: V2Node): string {
  let children = 'null';
  if (n.children) {
    const names = [...n.children.keys()].sort(byteOrder);
    children = '{' + names.map((k) => `${goJsonQuote(k)}:${nodeJson(n.children!.get(k)!)}`).join(',') + '}';
  }
  return (
    `{"Path":${goJsonQuote(n.path)},"CreatedIndex":${n.createdIndex},"ModifiedIndex":${n.modifiedIndex},` +
    `"ExpireTime":${timeJson(n.expireTime)},"Value":${goJsonQuote(n.value)},"Children":${children}}`
  );
}

/** json.Marshal(NodeExtern) with its omitempty fields. */
export function nodeExternJson(n: NodeExtern): string {
  const parts: string[] = [];
  if (n.key !== '') parts.push(`"key":${goJsonQuote(n.key)}`);
  if (n.value !== undefined) parts.push(`"value":${goJsonQuote(n.value)}`);
  if (n.dir) parts.push('"dir":true');
  if (n.expiration !== undefined) parts.push(`"expiration":${timeJson(n.expiration)}`);
  if (n.ttl !== 0n) parts.push(`"ttl":${n.ttl}`);
  if (n.nodes && n.nodes.length > 0) parts.push(`"nodes":[${n.nodes.map(nodeExternJson).join(',')}]`);
  if (n.modifiedIndex !== 0n) parts.push(`"modifiedIndex":${n.modifiedIndex}`);
  if (n.createdIndex !== 0n) parts.push(`"createdIndex":${n.createdIndex}`);
  return '{' + parts.join(',') + '}';
}

function eventJson(e: V2Event): string {
  let out = `{"action":${goJsonQuote(e.action)},"node":${nodeExternJson(e.node)}`;
  if (e.prevNode) out += `,"prevNode":${nodeExternJson(e.prevNode)}`;
  if (e.refresh) out += ',"refresh":true';
  return out + '}';
}

const num = (v: JsonValue | undefined): bigint => (v instanceof JsonNumber ? v.toBigInt() : 0n);
const str = (v: JsonValue | undefined): string => (typeof v === 'string' ? toByteString(v) : '');

function nodeFromJson(o: JsonObject, parent: V2Node | null): V2Node {
  const expireText = o.field('ExpireTime');
  const expire = typeof expireText === 'string' ? parseRfc3339(expireText) : null;
  const childrenJson = o.field('Children');
  const n = new V2Node(
    str(o.field('Path')),
    num(o.field('CreatedIndex')),
    num(o.field('ModifiedIndex')),
    expire,
    str(o.field('Value')),
    childrenJson instanceof JsonObject ? new Map() : null,
  );
  n.parent = parent;
  if (childrenJson instanceof JsonObject) {
    // A Go map: a repeated name keeps its first place and its last value, as a Map does.
    for (const [name, c] of new Map(childrenJson.entries)) if (c instanceof JsonObject) n.children!.set(toByteString(name), nodeFromJson(c, n));
  }
  return n;
}
