// etcd's write-ahead log (wal/*.go @ v3.4.23): 8-byte-aligned frames of walpb.Record with a CRC-32C chain,
// 64 MB segments named %016x-%016x.wal, and ReadAll's rules for reading a log from a snapshot on.
import { closeSync, fsyncSync, ftruncateSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32cUpdate } from './crc32c.js';
import { OfflineError } from './errors.js';
import { errnoText } from '../go/os.js';
import { ProtoError, decode, encode } from '../v3/proto/codec.js';
import type { Entry, HardState, WalRecord, WalSnapshot } from '../v3/proto/schema.js';

/** What a record's data is (walpb.Record's type, an int64). */
export const RecordType = { Metadata: 1n, Entry: 2n, State: 3n, Crc: 4n, Snapshot: 5n } as const;

/** etcd's SegmentSizeBytes: new segments are preallocated to this size and cut once the tail passes it. */
export const SEGMENT_SIZE = 64 * 1000 * 1000;
/** Records at least this long are refused (maxWALEntrySizeLimit). */
export const MAX_RECORD_SIZE = 10 * 1024 * 1024;
const MIN_SECTOR_SIZE = 512;

export const walName = (seq: bigint, index: bigint): string =>
  `${seq.toString(16).padStart(16, '0')}-${index.toString(16).padStart(16, '0')}.wal`;

const WAL_NAME = /^([0-9a-fA-F]{16})-([0-9a-fA-F]{16})\.wal$/;

export function parseWalName(name: string): { seq: bigint; index: bigint } | null {
  const m = WAL_NAME.exec(name);
  return m ? { seq: BigInt('0x' + m[1]), index: BigInt('0x' + m[2]) } : null;
}

const isEmptyHardState = (s: HardState): boolean => s.term === 0n && s.vote === 0n && s.commit === 0n;

/** One frame: LE length (top byte 0x80|pad when padded), the record, zero padding to 8 bytes. */
export function encodeFrame(record: Uint8Array): Uint8Array {
  const pad = (8 - (record.length % 8)) % 8;
  const frame = new Uint8Array(8 + record.length + pad);
  const v = new DataView(frame.buffer);
  v.setUint32(0, record.length % 0x100000000, true);
  v.setUint32(4, Math.floor(record.length / 0x100000000) | (pad ? (0x80 | pad) << 24 : 0), true);
  frame.set(record, 8);
  return frame;
}

export class WalError extends OfflineError {
  constructor(message: string) {
    super(message, 'WAL');
  }
}

export const WalErrors = {
  fileNotFound: () => new WalError('wal: file not found'),
  crcMismatch: () => new WalError('wal: crc mismatch'),
  recordCrcMismatch: () => new WalError('walpb: crc mismatch'),
  snapshotMismatch: () => new WalError('wal: snapshot mismatch'),
  snapshotNotFound: () => new WalError('wal: snapshot not found'),
  metadataConflict: () => new WalError('wal: conflicting metadata found'),
  sliceOutOfRange: () => new WalError('wal: slice bounds out of range'),
  entryTooLarge: () => new WalError('wal: max entry size limit exceeded'),
};

// ---------------------------------------------------------------------------------------------------------
// Writing

/**
 * A WAL being written into an existing, empty directory (wal.Create + Save + SaveSnapshot + cut).
 * The caller builds it in a temporary place and renames it when everything is on disk.
 */
export class WalWriter {
  private fd = -1;
  private path = '';
  private seq = 0n;
  private offset = 0;
  private crc = 0;
  private enti = 0n;
  private state: HardState = { term: 0n, vote: 0n, commit: 0n };
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** Every segment written, in order. */
  readonly files: string[] = [];

  private constructor(
    readonly dir: string,
    private readonly metadata: Uint8Array,
    private readonly segmentSize: number,
  ) {}

  /**
   * Starts segment 0 with a crc record (0), the metadata and an empty snapshot record, as wal.Create does.
   * `segmentSize` is etcd's 64 MB unless a test wants segments cut sooner.
   */
  static create(dir: string, metadata: Uint8Array, segmentSize = SEGMENT_SIZE): WalWriter {
    const w = new WalWriter(dir, metadata, segmentSize);
    w.openSegment(0n, 0n);
    w.encode(RecordType.Crc, undefined);
    w.encode(RecordType.Metadata, metadata);
    w.saveSnapshot({ index: 0n, term: 0n });
    return w;
  }

  /** wal.Save: entries, then the state; cuts a new segment once this one passed SEGMENT_SIZE. */
  save(state: HardState, entries: Entry[]): void {
    if (isEmptyHardState(state) && entries.length === 0) return;
    for (const e of entries) {
      this.encode(RecordType.Entry, encode('raftpb.Entry', e));
      this.enti = e.index;
    }
    this.saveState(state);
    this.flush();
    if (this.offset >= this.segmentSize) this.cut();
  }

  saveSnapshot(snap: WalSnapshot): void {
    this.encode(RecordType.Snapshot, encode('walpb.WalSnapshot', snap));
    if (this.enti < snap.index) this.enti = snap.index;
    this.flush();
  }

  /** Flushes, syncs and closes the tail segment. */
  close(): void {
    this.flush();
    this.syncClose();
  }

  private saveState(state: HardState): void {
    if (isEmptyHardState(state)) return;
    this.state = state;
    this.encode(RecordType.State, encode('raftpb.HardState', state));
  }

  private encode(type: bigint, data: Uint8Array | undefined): void {
    if (data) this.crc = crc32cUpdate(this.crc, data);
    const frame = encodeFrame(encode('walpb.WalRecord', { type, crc: this.crc, data }));
    this.pending.push(frame);
    this.pendingBytes += frame.length;
    this.offset += frame.length;
    if (this.pendingBytes >= 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    const buf = Buffer.concat(this.pending);
    let pos = this.offset - this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    try {
      for (let done = 0; done < buf.length; ) {
        const n = writeSync(this.fd, buf, done, buf.length - done, pos);
        done += n;
        pos += n;
      }
    } catch (err) {
      throw new OfflineError(`write ${this.path}: ${errnoText(err)}`, 'IO');
    }
  }

  /** Ends the tail at its last record and continues in segment seq+1, named after the next index. */
  private cut(): void {
    this.flush();
    try {
      ftruncateSync(this.fd, this.offset);
    } catch (err) {
      throw new OfflineError(`truncate ${this.path}: ${errnoText(err)}`, 'IO');
    }
    this.syncClose();
    const prevCrc = this.crc;
    this.openSegment(this.seq + 1n, this.enti + 1n);
    this.crc = prevCrc;
    this.encode(RecordType.Crc, undefined);
    this.encode(RecordType.Metadata, this.metadata);
    this.saveState(this.state);
    this.flush();
  }

  private openSegment(seq: bigint, index: bigint): void {
    this.seq = seq;
    this.path = join(this.dir, walName(seq, index));
    try {
      this.fd = openSync(this.path, 'wx', 0o600);
      // etcd preallocates each segment (fallocate, or ftruncate where the file system has no fallocate).
      ftruncateSync(this.fd, this.segmentSize);
    } catch (err) {
      throw new OfflineError(`open ${this.path}: ${errnoText(err)}`, 'IO');
    }
    this.offset = 0;
    this.files.push(this.path);
  }

  private syncClose(): void {
    if (this.fd < 0) return;
    try {
      fsyncSync(this.fd);
    } catch (err) {
      throw new OfflineError(`sync ${this.path}: ${errnoText(err)}`, 'IO');
    } finally {
      closeSync(this.fd);
      this.fd = -1;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Reading

export interface WalContents {
  /** The metadata record's data (the same in every segment). */
  metadata: Uint8Array | null;
  /** The last state record. */
  state: HardState;
  /** Entries after the start snapshot, later ones replacing conflicting earlier ones. */
  entries: Entry[];
  /** Whether a snapshot record for the start snapshot was found (wal.ErrSnapshotNotFound otherwise). */
  snapshotFound: boolean;
}

/** The .wal file names of a directory, sorted, as etcd's readWALNames returns them. */
export function listWalNames(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (err) {
    throw new OfflineError(`open ${dir}: ${errnoText(err)}`, (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'NOT_FOUND' : 'IO');
  }
  return names.filter((n) => parseWalName(n) !== null);
}

/** The segments to read for a start snapshot: from the last one whose first index ≤ snap.index on. */
export function selectWalFiles(dir: string, snapIndex: bigint): string[] {
  const names = listWalNames(dir);
  if (names.length === 0) throw WalErrors.fileNotFound();
  let start = -1;
  for (let i = names.length - 1; i >= 0; i--) {
    if (snapIndex >= parseWalName(names[i])!.index) {
      start = i;
      break;
    }
  }
  if (start < 0) throw WalErrors.fileNotFound();
  const chosen = names.slice(start);
  let last = 0n;
  for (const n of chosen) {
    const seq = parseWalName(n)!.seq;
    if (last !== 0n && last !== seq - 1n) throw WalErrors.fileNotFound();
    last = seq;
  }
  return chosen.map((n) => join(dir, n));
}

/** Decodes the frames of a sequence of segment files, keeping the CRC chain as etcd's decoder does. */
export class WalDecoder {
  private fileIdx = 0;
  private buf: Uint8Array | null = null;
  private off = 0;
  crc = 0;

  constructor(private readonly files: string[]) {}

  /** The next record, or null at the end of the log (a torn last record counts as the end, as in etcd). */
  next(): WalRecord | null {
    for (;;) {
      if (!this.buf) {
        if (this.fileIdx >= this.files.length) return null;
        this.buf = this.load(this.files[this.fileIdx]);
        this.off = 0;
      }
      const buf = this.buf;
      const isLast = this.fileIdx === this.files.length - 1;
      if (this.off + 8 > buf.length) {
        // A partial length field is io.ErrUnexpectedEOF, which a read-only ReadAll takes as the end of the log.
        if (this.off < buf.length) return null;
        this.nextFile();
        continue;
      }
      const v = new DataView(buf.buffer, buf.byteOffset + this.off, 8);
      const lo = v.getUint32(0, true);
      const hi = v.getUint32(4, true);
      if (lo === 0 && hi === 0) {
        this.nextFile();
        continue;
      }
      const recBytes = (hi & 0x00ffffff) * 0x100000000 + lo;
      const padBytes = hi & 0x80000000 ? (hi >>> 24) & 0x7 : 0;
      if (recBytes >= MAX_RECORD_SIZE - padBytes) throw WalErrors.entryTooLarge();
      const start = this.off + 8;
      const end = start + recBytes + padBytes;
      if (end > buf.length) return null;
      const frameData = buf.subarray(start, end);
      let rec: WalRecord;
      try {
        rec = decode('walpb.WalRecord', buf.subarray(start, start + recBytes));
      } catch (err) {
        if (isLast && isTorn(frameData, start)) return null;
        if (err instanceof ProtoError) throw new WalError(`wal: ${this.files[this.fileIdx]}: bad record at offset ${this.off}: ${err.message}`);
        throw err;
      }
      if (rec.type !== RecordType.Crc) {
        const next = rec.data ? crc32cUpdate(this.crc, rec.data) : this.crc;
        if (next !== rec.crc) {
          if (isLast && isTorn(frameData, start)) return null;
          throw WalErrors.recordCrcMismatch();
        }
        this.crc = next;
      }
      this.off = end;
      return rec;
    }
  }

  private nextFile(): void {
    this.buf = null;
    this.fileIdx++;
  }

  private load(path: string): Uint8Array {
    try {
      return readFileSync(path);
    } catch (err) {
      throw new OfflineError(`open ${path}: ${errnoText(err)}`, 'IO');
    }
  }
}

/** etcd's isTornEntry: some 512-byte sector of the frame's payload is all zeros. */
function isTorn(data: Uint8Array, fileOff: number): boolean {
  let cur = 0;
  let off = fileOff;
  while (cur < data.length) {
    const len = Math.min(MIN_SECTOR_SIZE - (off % MIN_SECTOR_SIZE), data.length - cur);
    let zero = true;
    for (let i = cur; i < cur + len; i++) {
      if (data[i] !== 0) {
        zero = false;
        break;
      }
    }
    if (zero) return true;
    cur += len;
    off += len;
  }
  return false;
}

/** The metadata record of the first segment of a WAL directory (the member and cluster IDs live there). */
export function readWalMetadata(dir: string): Uint8Array | null {
  const names = listWalNames(dir);
  if (names.length === 0) throw WalErrors.fileNotFound();
  const dec = new WalDecoder([join(dir, names[0])]);
  for (let rec = dec.next(); rec; rec = dec.next()) if (rec.type === RecordType.Metadata) return rec.data ?? new Uint8Array(0);
  return null;
}

/** wal.OpenForRead(dir, snap) + ReadAll, read-only (a torn tail is the end of the log). */
export function readWal(dir: string, snap: WalSnapshot): WalContents {
  const files = selectWalFiles(dir, snap.index);
  const dec = new WalDecoder(files);
  const out: WalContents = { metadata: null, state: { term: 0n, vote: 0n, commit: 0n }, entries: [], snapshotFound: false };
  const decodeFailed = (what: string, err: unknown): never => {
    if (err instanceof ProtoError) throw new WalError(`wal: cannot decode ${what}: ${err.message}`);
    throw err;
  };
  for (let rec = dec.next(); rec; rec = dec.next()) {
    const data = rec.data ?? new Uint8Array(0);
    switch (rec.type) {
      case RecordType.Entry: {
        let e: Entry;
        try {
          e = decode('raftpb.Entry', data);
        } catch (err) {
          return decodeFailed('entry', err);
        }
        if (e.index > snap.index) {
          const up = e.index - snap.index - 1n;
          if (up > BigInt(out.entries.length)) throw WalErrors.sliceOutOfRange();
          out.entries.length = Number(up);
          out.entries.push(e);
        }
        break;
      }
      case RecordType.State:
        try {
          out.state = decode('raftpb.HardState', data);
        } catch (err) {
          return decodeFailed('state', err);
        }
        break;
      case RecordType.Metadata:
        if (out.metadata && !Buffer.from(out.metadata).equals(data)) throw WalErrors.metadataConflict();
        out.metadata = data;
        break;
      case RecordType.Crc:
        if (dec.crc !== 0 && dec.crc !== rec.crc) throw WalErrors.crcMismatch();
        dec.crc = rec.crc;
        break;
      case RecordType.Snapshot: {
        let s: WalSnapshot;
        try {
          s = decode('walpb.WalSnapshot', data);
        } catch (err) {
          return decodeFailed('snapshot record', err);
        }
        if (s.index === snap.index) {
          if (s.term !== snap.term) throw WalErrors.snapshotMismatch();
          out.snapshotFound = true;
        }
        break;
      }
      default:
        throw new WalError(`unexpected block type ${rec.type}`);
    }
  }
  return out;
}
