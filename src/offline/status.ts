// `etcdctl snapshot status FILE`: bbolt's integrity check, then hash / revision / key count / size exactly as
// etcdctl 3.4 computes them (clientv3/snapshot Status).
import { statSync } from 'node:fs';
import { BoltReader } from './bbolt/reader.js';
import { BUCKET_LEAF_FLAG } from './bbolt/format.js';
import { crc32cUpdate } from './crc32c.js';
import { OfflineError, ioError } from './errors.js';
import { assertNotLocked } from './lock.js';
import { SHA256_SIZE, TrailerCheck, hasChecksum, readTrailer } from './snapshotfile.js';

export interface SnapshotStatus {
  /** CRC-32C over every bucket name and every key and value, in file order. */
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

  const trailer = hasChecksum(size) ? new TrailerCheck(readTrailer(file, size)) : null;
  const imageSize = trailer ? size - SHA256_SIZE : size;
  const db = BoltReader.open(file, { limit: imageSize });
  try {
    if (trailer && opts.verifyHash !== false) {
      db.file.scan(imageSize, (chunk) => trailer.update(chunk));
      trailer.verify();
    }
    assertWhole(db, imageSize);
    const problems = db.check();
    if (problems.length > 0) {
      throw new OfflineError(`${INTEGRITY_PREFIX} ${problems.length} errors found.\n${problems.join('\n')}`, 'INTEGRITY');
    }
    return { ...hashBuckets(db), totalSize: Number(db.txSize) };
  } finally {
    db.close();
  }
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

function hashBuckets(db: BoltReader): Omit<SnapshotStatus, 'totalSize'> {
  let hash = 0;
  let totalKey = 0;
  let revision = 0n;
  const buckets = db.buckets((plain) => {
    throw new OfflineError(`cannot get hash of bucket ${Buffer.from(plain).toString('latin1')}`, 'CORRUPT');
  });
  for (const b of buckets) {
    hash = crc32cUpdate(hash, b.name);
    const isKeyBucket = b.name.length === 3 && b.name[0] === 0x6b && b.name[1] === 0x65 && b.name[2] === 0x79;
    let lastKey: Uint8Array | null = null;
    let lastKeyOff = 0;
    let lastKeyLen = 0;
    db.forEachRaw(b.ref, (page, ko, kl, vo, vl, flags) => {
      hash = crc32cUpdate(hash, page, ko, ko + kl);
      // A nested bucket is listed with a nil value.
      if (!(flags & BUCKET_LEAF_FLAG)) hash = crc32cUpdate(hash, page, vo, vo + vl);
      totalKey++;
      if (isKeyBucket) {
        if (kl < 17) throw new OfflineError(`bucket "key" holds a ${kl}-byte key that is not a revision`, 'CORRUPT');
        lastKey = page;
        lastKeyOff = ko;
        lastKeyLen = kl;
      }
    });
    if (lastKey) {
      const k = lastKey as Uint8Array;
      revision = new DataView(k.buffer, k.byteOffset + lastKeyOff, lastKeyLen).getBigInt64(0, false);
    }
  }
  return { hash, revision, totalKey };
}
