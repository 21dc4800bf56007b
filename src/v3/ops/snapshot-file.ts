// Writing a backend snapshot as it streams in: to FILE.part, checked against the SHA-256 that etcd appends to
// the database bytes, fsynced, then renamed over FILE. Nothing is held in memory beyond a small write batch.
import { spawn } from 'node:child_process';
import { createHash, type Hash } from 'node:crypto';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { errnoText } from '../../go/os.js';

const SHA256_SIZE = 32;
const SECTOR = 512;
/**
 * Chunks arrive in 32 KiB messages; they are copied into 1 MiB buffers that are written whole and then reused.
 * Holding the messages themselves until their write completed let many outlive a minor GC and wait for full
 * ones: the copy measured less CPU in all (and a write per MiB saves system calls).
 */
const BATCH_BYTES = 1 << 20;
/** Writes run behind the download; past this many batches waiting for the disk the download waits. */
const MAX_QUEUED_BATCHES = 4;

export class SnapshotFileError extends Error {}

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
  /** The newest 32 bytes, held back from the hash: they may turn out to be the trailing checksum rather than data. */
  private tail: Buffer = Buffer.alloc(0);
  private batch: Buffer = Buffer.allocUnsafeSlow(BATCH_BYTES);
  private filled = 0;
  /** Written batches, ready for reuse. */
  private readonly spare: Buffer[] = [];
  /** One promise per batch being written, oldest first; each write starts after the one before it. */
  private readonly queued: Promise<void>[] = [];
  /** The newest write: settles after every write before it; rejects with the first failure. */
  private writing: Promise<void> = Promise.resolve();
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
      throw new SnapshotFileError(`could not open ${f.partPath} (open ${f.partPath}: ${errnoText(err)})`);
    }
    return f;
  }

  /**
   * Takes a chunk (copied: the caller may reuse or drop it). Answers a promise only when the disk is behind and
   * the download should wait for it (it rejects if a write failed); otherwise undefined, costing no await.
   */
  append(chunk: Uint8Array): Promise<void> | undefined {
    this.size += chunk.length;
    let from = 0;
    while (from < chunk.length) {
      const n = Math.min(chunk.length - from, BATCH_BYTES - this.filled);
      this.batch.set(n === chunk.length ? chunk : chunk.subarray(from, from + n), this.filled);
      this.filled += n;
      from += n;
      if (this.filled === BATCH_BYTES) this.flushBatch();
    }
    return this.queued.length > MAX_QUEUED_BATCHES ? this.queued[0] : undefined;
  }

  /** Hashes the batch and queues its write behind those under way; the next batch fills a spare buffer. */
  private flushBatch(): void {
    const buf = this.batch;
    const len = this.filled;
    if (len === 0) return;
    this.hashAllButLast32(buf.subarray(0, len));
    this.batch = this.spare.pop() ?? Buffer.allocUnsafeSlow(BATCH_BYTES);
    this.filled = 0;
    const fh = this.fh!;
    const written = this.writing
      .then(() => writeFully(fh, buf, len))
      .then(() => {
        this.queued.shift();
        this.spare.push(buf);
      });
    // A failed write is reported by the next await on it; until then it is not "unhandled".
    written.catch(() => {});
    this.queued.push(written);
    this.writing = written;
  }

  /** Hashes all but the newest 32 bytes seen; those are kept (copied: batch buffers are reused) in `tail`. */
  private hashAllButLast32(bytes: Buffer): void {
    if (bytes.length >= SHA256_SIZE) {
      this.hash.update(this.tail);
      this.hash.update(bytes.subarray(0, bytes.length - SHA256_SIZE));
      this.tail = Buffer.from(bytes.subarray(bytes.length - SHA256_SIZE));
      return;
    }
    const joined = Buffer.concat([this.tail, bytes]);
    const keep = Math.min(SHA256_SIZE, joined.length);
    this.hash.update(joined.subarray(0, joined.length - keep));
    this.tail = joined.subarray(joined.length - keep);
  }

  /** Checks size and checksum, fsyncs, closes and renames into place; `synced` runs just before the rename. */
  async commit(synced?: () => void): Promise<void> {
    this.flushBatch();
    await this.writing;
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
    synced?.();
    try {
      await rename(this.partPath, this.path);
    } catch (err) {
      throw new SnapshotFileError(`could not rename ${this.partPath} to ${this.path} (${errnoText(err)})`);
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

async function writeFully(fh: FileHandle, buf: Buffer, len: number): Promise<void> {
  let at = 0;
  while (at < len) at += (await fh.write(buf, at, len - at)).bytesWritten;
}
