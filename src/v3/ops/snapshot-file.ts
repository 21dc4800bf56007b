// Writing a backend snapshot as it streams in: to FILE.part, checked against the SHA-256 that etcd appends to
// the database bytes, fsynced, then renamed over FILE. Nothing is held in memory beyond a small write batch.
import { spawn } from 'node:child_process';
import { createHash, type Hash } from 'node:crypto';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';

const SHA256_SIZE = 32;
const SECTOR = 512;
/** Chunks arrive in 32 KiB messages; writing them in larger batches saves system calls. */
const BATCH_BYTES = 1 << 20;
/** Writes run behind the download; past this much unwritten data the download waits for the disk. */
const MAX_UNWRITTEN_BYTES = 4 << 20;

export class SnapshotFileError extends Error {}

/** Node's errno codes in the words Go's os package uses ("open x: no such file or directory"). */
const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EEXIST: 'file exists',
};

export function goErrnoText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return (e.code && ERRNO_TEXT[e.code]) ?? e.message;
}

/**
 * A process killed outright (SIGKILL, the OOM killer) cannot remove its FILE.part: a tiny watcher process does.
 * It holds the reading end of a pipe from us and, once that closes (we ended, however), removes FILE.part if it is
 * still there; after a rename or a discard there is nothing left to remove. Detached, so the Ctrl-C that stops
 * us does not stop it first. A shell where there is one: a second Node would cost as much CPU as the first
 * second of the download.
 */
const REMOVE_WHEN_ORPHANED_SH = 'while read -r line; do :; done; rm -f -- "$1"';
const REMOVE_WHEN_ORPHANED_NODE =
  "process.stdin.on('end',()=>{try{require('fs').unlinkSync(process.argv[1])}catch{}process.exit(0)});process.stdin.resume()";

function removeWhenWeDie(partPath: string): void {
  const [cmd, args] =
    process.platform === 'win32'
      ? [process.execPath, ['-e', REMOVE_WHEN_ORPHANED_NODE, partPath]]
      : ['/bin/sh', ['-c', REMOVE_WHEN_ORPHANED_SH, 'sh', partPath]];
  try {
    const watcher = spawn(cmd, args, { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
    watcher.on('error', () => {});
    watcher.stdin.on('error', () => {});
    watcher.unref();
    (watcher.stdin as unknown as { unref(): void }).unref();
  } catch {
    // Without a watcher only an outright kill can leave FILE.part behind, as with etcdctl.
  }
}

export class SnapshotFile {
  readonly partPath: string;
  private fh: FileHandle | undefined;
  private readonly hash: Hash = createHash('sha256');
  /** The newest bytes, which may turn out to be the trailing checksum rather than data. */
  private tail: Buffer = Buffer.alloc(0);
  private batch: Buffer[] = [];
  private batchBytes = 0;
  /** The writes under way, one after another; the first failure is kept and reported. */
  private writing: Promise<void> = Promise.resolve();
  private unwrittenBytes = 0;
  size = 0;

  private constructor(readonly path: string) {
    this.partPath = path + '.part';
  }

  static async create(path: string): Promise<SnapshotFile> {
    const f = new SnapshotFile(path);
    removeWhenWeDie(f.partPath);
    try {
      f.fh = await open(f.partPath, 'w', 0o600);
    } catch (err) {
      throw new SnapshotFileError(`could not open ${f.partPath} (open ${f.partPath}: ${goErrnoText(err)})`);
    }
    return f;
  }

  async append(chunk: Buffer): Promise<void> {
    if (chunk.length === 0) return;
    this.size += chunk.length;
    this.hashAllButLast32(chunk);
    this.batch.push(chunk);
    this.batchBytes += chunk.length;
    if (this.batchBytes >= BATCH_BYTES) this.flushBatch();
    if (this.unwrittenBytes > MAX_UNWRITTEN_BYTES) await this.writing;
  }

  private hashAllButLast32(chunk: Buffer): void {
    if (chunk.length >= SHA256_SIZE) {
      this.hash.update(this.tail);
      this.hash.update(chunk.subarray(0, chunk.length - SHA256_SIZE));
      this.tail = chunk.subarray(chunk.length - SHA256_SIZE);
      return;
    }
    const joined = Buffer.concat([this.tail, chunk]);
    const keep = Math.min(SHA256_SIZE, joined.length);
    this.hash.update(joined.subarray(0, joined.length - keep));
    this.tail = joined.subarray(joined.length - keep);
  }

  /** Queues the batch behind the writes already under way. */
  private flushBatch(): Promise<void> {
    const chunks = this.batch;
    const bytes = this.batchBytes;
    this.batch = [];
    this.batchBytes = 0;
    this.unwrittenBytes += bytes;
    const fh = this.fh!;
    this.writing = this.writing.then(async () => {
      let pending: Buffer[] = chunks;
      while (pending.length > 0) {
        const { bytesWritten } = await fh.writev(pending);
        pending = remainingAfter(pending, bytesWritten);
      }
      this.unwrittenBytes -= bytes;
    });
    // A failed write is reported by the next await on `writing`; until then it is not "unhandled".
    this.writing.catch(() => {});
    return this.writing;
  }

  /** Checks size and checksum, fsyncs, closes and renames into place. */
  async commit(): Promise<void> {
    await this.flushBatch();
    // etcd pads its database to whole pages and appends 32 bytes of SHA-256 (clientv3/snapshot hasChecksum).
    if (this.size % SECTOR !== SHA256_SIZE) throw new SnapshotFileError(`sha256 checksum not found [bytes: ${this.size}]`);
    const actual = this.hash.digest();
    if (!actual.equals(this.tail)) {
      throw new SnapshotFileError(`sha256 checksum mismatch [expected: ${this.tail.toString('hex')}, got: ${actual.toString('hex')}]`);
    }
    const fh = this.fh!;
    await fh.sync();
    this.fh = undefined;
    await fh.close();
    try {
      await rename(this.partPath, this.path);
    } catch (err) {
      throw new SnapshotFileError(`could not rename ${this.partPath} to ${this.path} (${goErrnoText(err)})`);
    }
  }

  /** Leaves nothing behind: closes and removes the .part file. */
  async discard(): Promise<void> {
    const fh = this.fh;
    this.fh = undefined;
    await this.writing.catch(() => {});
    await fh?.close().catch(() => {});
    await unlink(this.partPath).catch(() => {});
  }
}

function remainingAfter(chunks: Buffer[], written: number): Buffer[] {
  let i = 0;
  let left = written;
  while (i < chunks.length && left >= chunks[i].length) left -= chunks[i++].length;
  const rest = chunks.slice(i);
  if (left > 0 && rest.length > 0) rest[0] = rest[0].subarray(left);
  return rest;
}
