// `etcdctl snapshot status FILE`: bbolt's integrity check, then hash / revision / key count / size exactly as
// etcdctl 3.4 computes them (clientv3/snapshot Status).
import { statSync } from 'node:fs';
import { BoltReader, type CheckHooks } from './bbolt/reader.js';
import { BUCKET_LEAF_FLAG } from './bbolt/format.js';
import { crc32cUpdate } from './crc32c.js';
import { OfflineError, ioError } from './errors.js';
import { assertNotLocked } from './lock.js';
import { SHA256_SIZE, hasChecksum, verifyTrailer } from './snapshotfile.js';
import { fastStatus } from './statusfast.js';

export interface SnapshotStatus {
  /** CRC-32C over every bucket name and every key and value, in key order. */
  hash: number;
  /** Main revision of the last key of bucket `key` (int64; 0 without that bucket). */
  revision: bigint;
  /** Key/value pairs in all buckets. */
  totalKey: number;
  /** bbolt's Tx.Size(): pgid × page size (not the file size). */
  totalSize: number;
}

export interface SnapshotStatusOptions {
  /**
   * Verify a trailing SHA-256 when the file has one (default true). etcdctl does not: it reports a
   * snapshot whose bytes were damaged as long as bbolt can read it; we refuse such a file instead.
   */
  verifyHash?: boolean;
}

export const INTEGRITY_PREFIX = 'snapshot file integrity check failed.';

export async function snapshotStatus(file: string, opts: SnapshotStatusOptions = {}): Promise<SnapshotStatus> {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (err) {
    throw ioError('stat', file, err);
  }
  assertNotLocked(file, 'read', (h) => `${file} is locked by a running process (pid ${h.pid}): stop etcd before reading its database`);

  const withTrailer = hasChecksum(size);
  const imageSize = withTrailer ? size - SHA256_SIZE : size;
  const trailerCheck = withTrailer && opts.verifyHash !== false ? verifyTrailer(file, size, imageSize) : null;
  let result: SnapshotStatus | null = null;
  let failure: unknown = null;
  try {
    // Big files take the streaming path first; anything unusual is left to the precise one.
    if (size >= FAST_PATH_MIN_BYTES) result = fastStatus(file, imageSize);
    if (!result) result = preciseStatus(file, imageSize);
  } catch (err) {
    failure = err;
  }
  // A damaged file is best explained by its checksum, so that verdict comes first.
  if (trailerCheck) await trailerCheck;
  if (failure) throw failure;
  return result!;
}

/** Files from this size on are read in two streaming passes instead of page by page. */
const FAST_PATH_MIN_BYTES = 8 << 20;

/** The page-by-page computation (bbolt's check, then the hash), which words every problem as etcdctl does. */
export function preciseStatus(file: string, imageSize: number): SnapshotStatus {
  const db = BoltReader.open(file, { limit: imageSize });
  try {
    return computeStatus(db, imageSize);
  } finally {
    db.close();
  }
}

function computeStatus(db: BoltReader, imageSize: number): SnapshotStatus {
  assertWhole(db, imageSize);
  // The check walks every page anyway; the hash is computed on the same walk.
  const hasher = new StatusHasher();
  const problems = db.check(hasher);
  if (problems.length > 0) {
    throw new OfflineError(`${INTEGRITY_PREFIX} ${problems.length} errors found.\n${problems.join('\n')}`, 'INTEGRITY');
  }
  db.buckets((plain) => {
    throw new OfflineError(`cannot get hash of bucket ${Buffer.from(plain).toString('latin1')}`, 'CORRUPT');
  });
  return { hash: hasher.hash, revision: hasher.revision(), totalKey: hasher.totalKey, totalSize: Number(db.txSize) };
}

/** A file shorter than the pages its meta declares was cut short (bbolt would fault reading it). */
function assertWhole(db: BoltReader, imageSize: number): void {
  if (db.meta.pgid > BigInt(db.filePages)) {
    throw new OfflineError(
      `the file is truncated: its metadata declares ${db.meta.pgid} pages of ${db.pageSize} bytes, but it holds only ${imageSize} bytes`,
      'TRUNCATED',
    );
  }
}

/**
 * etcdctl's status hash: one running CRC-32C over each top-level bucket's name followed by its keys and
 * values in order (a nested bucket contributes its name only); every pair counts as a key; the revision is
 * the main revision of the last key of bucket "key".
 */
class StatusHasher implements CheckHooks {
  hash = 0;
  totalKey = 0;
  private inKeyBucket = false;
  private lastKey: Uint8Array | null = null;
  private lastKeyOff = 0;

  bucket(name: Uint8Array): void {
    this.hash = crc32cUpdate(this.hash, name);
    this.inKeyBucket = name.length === 3 && name[0] === 0x6b && name[1] === 0x65 && name[2] === 0x79;
  }

  element = (page: Uint8Array, ko: number, kl: number, vo: number, vl: number, flags: number): void => {
    let h = crc32cUpdate(this.hash, page, ko, ko + kl);
    if (!(flags & BUCKET_LEAF_FLAG)) h = crc32cUpdate(h, page, vo, vo + vl);
    this.hash = h;
    this.totalKey++;
    if (this.inKeyBucket) {
      if (kl < 17) throw new OfflineError(`bucket "key" holds a ${kl}-byte key that is not a revision`, 'CORRUPT');
      this.lastKey = page;
      this.lastKeyOff = ko;
    }
  };

  revision(): bigint {
    const k = this.lastKey;
    return k ? new DataView(k.buffer, k.byteOffset + this.lastKeyOff, 8).getBigInt64(0, false) : 0n;
  }
}
