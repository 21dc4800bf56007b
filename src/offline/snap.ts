// .snap files (etcdserver/api/snap @ v3.4.23): snappb.snapshot {crc, data = raftpb.Snapshot}, named
// %016x-%016x.snap after (term, index).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32c } from './crc32c.js';
import { OfflineError } from './errors.js';
import { errnoText } from '../go/os.js';
import { ProtoError, decode, encode } from '../v3/proto/codec.js';
import type { Init, SnapFile, Snapshot } from '../v3/proto/schema.js';

export const SNAP_SUFFIX = '.snap';

export const snapFileName = (term: bigint, index: bigint): string =>
  `${term.toString(16).padStart(16, '0')}-${index.toString(16).padStart(16, '0')}${SNAP_SUFFIX}`;

/** The bytes of a .snap file holding `snap`. */
export function encodeSnapFile(snap: Init<Snapshot>): Uint8Array {
  const data = encode('raftpb.Snapshot', snap);
  return encode('snappb.SnapFile', { crc: crc32c(data), data });
}

export class SnapError extends OfflineError {
  constructor(message: string) {
    super(message, 'SNAP');
  }
}

/** Decodes a .snap file's bytes, refusing what etcd refuses (empty, zero CRC, CRC mismatch). */
export function decodeSnapFile(bytes: Uint8Array): Snapshot {
  if (bytes.length === 0) throw new SnapError('snap: empty snapshot');
  let file: SnapFile;
  try {
    file = decode('snappb.SnapFile', bytes);
  } catch (err) {
    if (err instanceof ProtoError) throw new SnapError(`snap: corrupt snapshot file: ${err.message}`);
    throw err;
  }
  const { crc, data } = file;
  if (!data || data.length === 0 || crc === 0) throw new SnapError('snap: empty snapshot');
  if (crc32c(data) !== crc) throw new SnapError('snap: crc mismatch');
  try {
    return decode('raftpb.Snapshot', data);
  } catch (err) {
    if (err instanceof ProtoError) throw new SnapError(`snap: corrupt snapshot data: ${err.message}`);
    throw err;
  }
}

export function readSnapFile(path: string): Snapshot {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new OfflineError(`open ${path}: ${errnoText(err)}`, 'IO');
  }
  return decodeSnapFile(bytes);
}

export interface LoadedSnap {
  name: string;
  snapshot: Snapshot;
}

/**
 * snap.Snapshotter.Load: the newest .snap (by name) that reads cleanly, or null when there is none.
 * `onBroken` hears about each file that was skipped. Unlike etcd, nothing in the directory is renamed or
 * deleted (etcd renames broken files to *.broken and deletes stray db.tmp* files).
 */
export function loadNewestSnap(dir: string, onBroken?: (name: string, err: OfflineError) => void): LoadedSnap | null {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    throw new OfflineError(`open ${dir}: ${errnoText(err)}`, (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'NOT_FOUND' : 'IO');
  }
  const snaps = names.filter((n) => n.endsWith(SNAP_SUFFIX) && !n.startsWith('db.tmp')).sort().reverse();
  for (const name of snaps) {
    try {
      return { name, snapshot: readSnapFile(join(dir, name)) };
    } catch (err) {
      if (!(err instanceof OfflineError)) throw err;
      onBroken?.(name, err);
    }
  }
  return null;
}
