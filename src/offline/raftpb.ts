// The raft, WAL and snapshot messages etcd 3.4 writes to disk (gogo-generated proto2 marshalers):
// fields in ascending number order, non-nullable scalars always written, optional bytes written iff present,
// repeated scalars unpacked.
import { DecodeError } from './errors.js';
import {
  ProtoWriter,
  WIRE_BYTES,
  WIRE_VARINT,
  expectWireType,
  readFields,
  readVarint,
  toInt64,
  type ProtoField,
} from './proto.js';

export const EntryType = { Normal: 0, ConfChange: 1, ConfChangeV2: 2 } as const;
export const ConfChangeType = { AddNode: 0, RemoveNode: 1, UpdateNode: 2, AddLearnerNode: 3 } as const;

export interface Entry {
  type: number;
  term: bigint;
  index: bigint;
  /** Absent (undefined) and empty are different on the wire. */
  data?: Uint8Array;
}

export interface HardState {
  term: bigint;
  vote: bigint;
  commit: bigint;
}

export interface ConfChange {
  id: bigint;
  type: number;
  nodeId: bigint;
  context?: Uint8Array;
}

export interface ConfState {
  voters: bigint[];
  learners: bigint[];
  votersOutgoing: bigint[];
  learnersNext: bigint[];
  autoLeave: boolean;
}

export interface SnapshotMetadata {
  confState: ConfState;
  index: bigint;
  term: bigint;
}

/** raftpb.Snapshot. */
export interface RaftSnapshot {
  data?: Uint8Array;
  metadata: SnapshotMetadata;
}

/** walpb.Snapshot: the (index, term) a WAL snapshot record points at; 3.5 adds the conf state. */
export interface WalSnapshot {
  index: bigint;
  term: bigint;
  confState?: ConfState;
}

/** etcdserverpb.Metadata, the WAL's metadata record. */
export interface WalMetadata {
  nodeId: bigint;
  clusterId: bigint;
}

const uintField = (f: ProtoField, name: string): bigint => {
  expectWireType(f, WIRE_VARINT, name);
  return f.varint;
};
const bytesField = (f: ProtoField, name: string): Uint8Array => {
  expectWireType(f, WIRE_BYTES, name);
  return f.bytes;
};

/** A repeated uint64, accepting the packed form too (gogo's unmarshalers do). */
function pushRepeated(into: bigint[], f: ProtoField, name: string): void {
  if (f.wireType === WIRE_VARINT) {
    into.push(f.varint);
    return;
  }
  const b = bytesField(f, name);
  for (let pos = 0; pos < b.length; ) {
    let v: bigint;
    [v, pos] = readVarint(b, pos);
    into.push(v);
  }
}

export function encodeEntry(e: Entry): Uint8Array {
  const w = new ProtoWriter().uint(1, e.type).uint(2, e.term).uint(3, e.index);
  if (e.data) w.bytes(4, e.data);
  return w.finish();
}

export function decodeEntry(buf: Uint8Array): Entry {
  const e: Entry = { type: 0, term: 0n, index: 0n };
  for (const f of readFields(buf)) {
    if (f.field === 1) e.type = Number(toInt64(uintField(f, 'Type')));
    else if (f.field === 2) e.term = uintField(f, 'Term');
    else if (f.field === 3) e.index = uintField(f, 'Index');
    else if (f.field === 4) e.data = bytesField(f, 'Data');
  }
  return e;
}

export const encodeHardState = (s: HardState): Uint8Array =>
  new ProtoWriter().uint(1, s.term).uint(2, s.vote).uint(3, s.commit).finish();

export function decodeHardState(buf: Uint8Array): HardState {
  const s: HardState = { term: 0n, vote: 0n, commit: 0n };
  for (const f of readFields(buf)) {
    if (f.field === 1) s.term = uintField(f, 'Term');
    else if (f.field === 2) s.vote = uintField(f, 'Vote');
    else if (f.field === 3) s.commit = uintField(f, 'Commit');
  }
  return s;
}

export const isEmptyHardState = (s: HardState): boolean => s.term === 0n && s.vote === 0n && s.commit === 0n;

export function encodeConfChange(c: ConfChange): Uint8Array {
  const w = new ProtoWriter().uint(1, c.id).uint(2, c.type).uint(3, c.nodeId);
  if (c.context) w.bytes(4, c.context);
  return w.finish();
}

export function decodeConfChange(buf: Uint8Array): ConfChange {
  const c: ConfChange = { id: 0n, type: 0, nodeId: 0n };
  for (const f of readFields(buf)) {
    if (f.field === 1) c.id = uintField(f, 'ID');
    else if (f.field === 2) c.type = Number(toInt64(uintField(f, 'Type')));
    else if (f.field === 3) c.nodeId = uintField(f, 'NodeID');
    else if (f.field === 4) c.context = bytesField(f, 'Context');
  }
  return c;
}

export const emptyConfState = (): ConfState => ({ voters: [], learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false });

export function encodeConfState(c: ConfState): Uint8Array {
  const w = new ProtoWriter();
  for (const v of c.voters) w.uint(1, v);
  for (const v of c.learners) w.uint(2, v);
  for (const v of c.votersOutgoing) w.uint(3, v);
  for (const v of c.learnersNext) w.uint(4, v);
  return w.bool(5, c.autoLeave).finish();
}

export function decodeConfState(buf: Uint8Array): ConfState {
  const c = emptyConfState();
  for (const f of readFields(buf)) {
    if (f.field === 1) pushRepeated(c.voters, f, 'Voters');
    else if (f.field === 2) pushRepeated(c.learners, f, 'Learners');
    else if (f.field === 3) pushRepeated(c.votersOutgoing, f, 'VotersOutgoing');
    else if (f.field === 4) pushRepeated(c.learnersNext, f, 'LearnersNext');
    else if (f.field === 5) c.autoLeave = uintField(f, 'AutoLeave') !== 0n;
  }
  return c;
}

export function encodeRaftSnapshot(s: RaftSnapshot): Uint8Array {
  const w = new ProtoWriter();
  if (s.data) w.bytes(1, s.data);
  const md = new ProtoWriter()
    .bytes(1, encodeConfState(s.metadata.confState))
    .uint(2, s.metadata.index)
    .uint(3, s.metadata.term)
    .finish();
  return w.bytes(2, md).finish();
}

export function decodeRaftSnapshot(buf: Uint8Array): RaftSnapshot {
  const s: RaftSnapshot = { metadata: { confState: emptyConfState(), index: 0n, term: 0n } };
  for (const f of readFields(buf)) {
    if (f.field === 1) s.data = bytesField(f, 'Data');
    else if (f.field === 2) {
      for (const m of readFields(bytesField(f, 'Metadata'))) {
        if (m.field === 1) s.metadata.confState = decodeConfState(bytesField(m, 'ConfState'));
        else if (m.field === 2) s.metadata.index = uintField(m, 'Index');
        else if (m.field === 3) s.metadata.term = uintField(m, 'Term');
      }
    }
  }
  return s;
}

export function encodeWalSnapshot(s: WalSnapshot): Uint8Array {
  const w = new ProtoWriter().uint(1, s.index).uint(2, s.term);
  if (s.confState) w.bytes(3, encodeConfState(s.confState));
  return w.finish();
}

export function decodeWalSnapshot(buf: Uint8Array): WalSnapshot {
  const s: WalSnapshot = { index: 0n, term: 0n };
  for (const f of readFields(buf)) {
    if (f.field === 1) s.index = uintField(f, 'Index');
    else if (f.field === 2) s.term = uintField(f, 'Term');
    else if (f.field === 3) s.confState = decodeConfState(bytesField(f, 'ConfState'));
  }
  return s;
}

export const encodeWalMetadata = (m: WalMetadata): Uint8Array =>
  new ProtoWriter().uint(1, m.nodeId).uint(2, m.clusterId).finish();

export function decodeWalMetadata(buf: Uint8Array): WalMetadata {
  const m: WalMetadata = { nodeId: 0n, clusterId: 0n };
  for (const f of readFields(buf)) {
    if (f.field === 1) m.nodeId = uintField(f, 'NodeID');
    else if (f.field === 2) m.clusterId = uintField(f, 'ClusterID');
  }
  return m;
}

/** etcdserverpb.Request: a v2 store operation as the v2 API proposes it. Strings are byte strings. */
export interface V2Request {
  id: bigint;
  method: string;
  path: string;
  val: string;
  dir: boolean;
  prevValue: string;
  prevIndex: bigint;
  prevExist?: boolean;
  expiration: bigint;
  wait: boolean;
  since: bigint;
  recursive: boolean;
  sorted: boolean;
  quorum: boolean;
  time: bigint;
  stream: boolean;
  refresh?: boolean;
}

const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

const REQUEST_VARINT_FIELDS = new Set([1, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
const REQUEST_BYTES_FIELDS = new Set([2, 3, 4, 6]);

/** Decodes a Request strictly: a known field with the wrong wire type fails, as gogo's Unmarshal does. */
export function decodeV2Request(buf: Uint8Array): V2Request {
  const r: V2Request = {
    id: 0n, method: '', path: '', val: '', dir: false, prevValue: '', prevIndex: 0n, expiration: 0n,
    wait: false, since: 0n, recursive: false, sorted: false, quorum: false, time: 0n, stream: false,
  };
  for (const f of readFields(buf)) {
    if (REQUEST_VARINT_FIELDS.has(f.field)) expectWireType(f, WIRE_VARINT, `Request field ${f.field}`);
    else if (REQUEST_BYTES_FIELDS.has(f.field)) expectWireType(f, WIRE_BYTES, `Request field ${f.field}`);
    const flag = f.varint !== 0n;
    switch (f.field) {
      case 1: r.id = f.varint; break;
      case 2: r.method = latin1(f.bytes); break;
      case 3: r.path = latin1(f.bytes); break;
      case 4: r.val = latin1(f.bytes); break;
      case 5: r.dir = flag; break;
      case 6: r.prevValue = latin1(f.bytes); break;
      case 7: r.prevIndex = f.varint; break;
      case 8: r.prevExist = flag; break;
      case 9: r.expiration = toInt64(f.varint); break;
      case 10: r.wait = flag; break;
      case 11: r.since = f.varint; break;
      case 12: r.recursive = flag; break;
      case 13: r.sorted = flag; break;
      case 14: r.quorum = flag; break;
      case 15: r.time = toInt64(f.varint); break;
      case 16: r.stream = flag; break;
      case 17: r.refresh = flag; break;
    }
  }
  return r;
}

/** What a raft entry's data is, decided the way etcd 3.4 decides it (pbutil.MaybeUnmarshal of InternalRaftRequest). */
export type EntryRequest =
  | { kind: 'v2'; request: V2Request }
  | { kind: 'v3'; hasHeader: boolean };

/** InternalRaftRequest's field numbers, all messages except ID (1, varint). */
const IRR_MESSAGE_FIELDS = new Set([
  100, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 1000, 1011, 1012, 1100, 1101, 1102, 1103, 1104, 1105, 1106, 1107, 1200, 1201,
  1202, 1203, 1204,
]);

/**
 * Tries the data as an InternalRaftRequest (v3 proposals; field 2 carries a v2 Request), and falls back to
 * a bare v2 Request, which is how 3.4 servers propose v2 writes. A v2 Request never parses as an
 * InternalRaftRequest because its Method text is not a valid nested Request.
 */
export function classifyEntryData(data: Uint8Array | undefined): EntryRequest {
  const bytes = data ?? new Uint8Array(0);
  try {
    let v2: V2Request | undefined;
    let hasHeader = false;
    for (const f of readFields(bytes)) {
      if (f.field === 1) expectWireType(f, WIRE_VARINT, 'ID');
      else if (IRR_MESSAGE_FIELDS.has(f.field)) expectWireType(f, WIRE_BYTES, `InternalRaftRequest field ${f.field}`);
      if (f.field === 2) v2 = decodeV2Request(f.bytes);
      if (f.field === 100) hasHeader = true;
    }
    return v2 ? { kind: 'v2', request: v2 } : { kind: 'v3', hasHeader };
  } catch (err) {
    if (!(err instanceof DecodeError)) throw err;
  }
  return { kind: 'v2', request: decodeV2Request(bytes) };
}
