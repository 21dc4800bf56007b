// `etcdctl defrag --data-dir DIR`: offline compaction of a stopped member's backend. Every bucket is copied
// in key order into a fresh, compact file beside the database (db.tmp.<digits>, which etcd itself removes
// if it finds one at startup), which then replaces it.
import { randomInt } from 'node:crypto';
import { renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BUCKET_LEAF_FLAG } from './bbolt/format.js';
import { BoltReader, parseBucketHeader, type BucketRef } from './bbolt/reader.js';
import { writeNewDb, type BucketBuilder } from './bbolt/writer.js';
import { OfflineError, ioError } from './errors.js';
import { pathErrorText } from '../go/os.js';
import { fsyncDir, pathExists, removeQuietly } from './fsutil.js';
import { assertNotLocked } from './lock.js';
import { fastCheck } from './statusfast.js';

const FAST_CHECK_MIN_BYTES = 8 << 20;

export interface DefragResult {
  dbPath: string;
  sizeBefore: number;
  sizeAfter: number;
}

export async function defragDataDir(dataDir: string): Promise<DefragResult> {
  const dbPath = join(dataDir, 'member', 'snap', 'db');
  try {
    return defrag(dataDir, dbPath);
  } catch (err) {
    // etcdctl reports a failed offline defrag as this one line, without "Error:".
    if (err instanceof OfflineError) {
      throw new OfflineError(err.message, err.code, err.exitCode, {
        stderr: `Failed to defragment etcd data[${dataDir}] (${err.message})\n`,
      });
    }
    throw err;
  }
}

function defrag(dataDir: string, dbPath: string): DefragResult {
  const snapDir = join(dataDir, 'member', 'snap');
  try {
    statSync(snapDir);
  } catch (err) {
    // etcd's backend cannot create the file when its directory is missing (etcdctl panics here).
    throw new OfflineError(`cannot open database at ${dbPath} (${pathErrorText('open', dbPath, err)})`, 'NOT_FOUND');
  }
  const existed = pathExists(dbPath);
  if (existed) {
    assertNotLocked(
      dbPath,
      'write',
      (h) => `etcd (pid ${h.pid}) holds the lock on ${JSON.stringify(dbPath)}: stop it first, or omit --data-dir to defragment a running etcd instance`,
    );
  }
  const sizeBefore = existed ? statSync(dbPath).size : 0;
  const tmp = join(snapDir, `db.tmp.${randomInt(0, 2 ** 31)}`);
  try {
    if (existed) copyCompact(dbPath, tmp);
    else writeEmpty(tmp);
    try {
      renameSync(tmp, dbPath);
    } catch (err) {
      throw ioError('rename', tmp, err);
    }
    fsyncDir(snapDir);
  } catch (err) {
    removeQuietly(tmp);
    throw err;
  }
  return { dbPath, sizeBefore, sizeAfter: statSync(dbPath).size };
}

/** Opening a missing db makes bbolt create an empty one; defragmenting that gives an empty file. */
function writeEmpty(path: string): void {
  writeNewDb(path, 0o600);
}

function copyCompact(src: string, dst: string): void {
  const r = BoltReader.open(src);
  try {
    // Large well-formed files are checked streaming; anything unusual gets the page-by-page check.
    const wellFormed = r.file.size >= FAST_CHECK_MIN_BYTES && fastCheck(src, r.file.size);
    const problems = wellFormed ? [] : r.check();
    if (problems.length > 0) {
      throw new OfflineError(`database integrity check failed. ${problems.length} errors found.\n${problems.join('\n')}`, 'INTEGRITY');
    }
    const top = r.buckets((plain) => {
      throw new OfflineError(`backend: cannot defrag bucket ${Buffer.from(plain).toString('latin1')}`, 'CORRUPT');
    });
    writeNewDb(dst, 0o600, (w) => {
      for (const b of top) w.bucket(b.name, (bb) => copyBucket(r, b.ref, bb));
    });
  } finally {
    r.close();
  }
}

/** Copies a bucket's entries; nested buckets (not used by etcd) are copied as buckets. */
function copyBucket(r: BoltReader, ref: BucketRef, into: BucketBuilder): void {
  r.forEach(ref, (key, value, flags) => {
    if (flags & BUCKET_LEAF_FLAG) into.addBucket(key, (child) => copyBucket(r, parseBucketHeader(value), child));
    else into.add(key, value);
  });
}
