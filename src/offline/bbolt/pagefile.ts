// Positional reads of a database file through a chunk cache. bbolt memory-maps the file; Node has no mmap,
// so pages are read in 1 MiB chunks and kept (up to a budget) while a walk needs them. Returned views are
// never reused for other data, so a caller may hold them as long as it likes.
import { closeSync, fstatSync, readSync } from 'node:fs';
import { OfflineError, ioError } from '../errors.js';
import { openFile } from '../fsutil.js';

const CHUNK_SIZE = 1 << 20;
/** Files up to this size are cached whole (memory stays ≈ 1× the file); larger ones through an LRU of this size. */
const CACHE_BUDGET = 512 * CHUNK_SIZE;

export class PageFile {
  readonly size: number;
  private readonly chunks = new Map<number, Buffer>();
  private readonly maxChunks: number;
  private constructor(
    readonly path: string,
    private fd: number,
  ) {
    this.size = fstatSync(fd).size;
    this.maxChunks = Math.max(4, Math.floor(CACHE_BUDGET / CHUNK_SIZE));
  }

  static open(path: string): PageFile {
    const fd = openFile(path, 'r');
    try {
      return new PageFile(path, fd);
    } catch (err) {
      closeSync(fd);
      throw ioError('stat', path, err);
    }
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    this.chunks.clear();
  }

  /** Where the last `locate` found its bytes inside the buffer it returned. */
  located = 0;

  /**
   * The buffer holding bytes [offset, offset+length), which start at `this.located` in it. Unlike `bytes`,
   * this makes no view per call (a page walk calls it for every page).
   */
  locate(offset: number, length: number, what: string | (() => string)): Uint8Array {
    if (offset + length <= this.size) {
      const idx = Math.floor(offset / CHUNK_SIZE);
      if (idx === Math.floor((offset + length - 1) / CHUNK_SIZE)) {
        this.located = offset - idx * CHUNK_SIZE;
        return this.chunk(idx);
      }
    }
    this.located = 0;
    return this.bytes(offset, length, what);
  }

  /** Bytes [offset, offset+length); throws TRUNCATED when they lie past the end of the file. */
  bytes(offset: number, length: number, what: string | (() => string)): Uint8Array {
    if (offset + length > this.size) {
      throw new OfflineError(
        `${typeof what === 'string' ? what : what()} lies past the end of the file (${offset + length} > ${this.size} bytes): the file is truncated`,
        'TRUNCATED',
      );
    }
    const first = Math.floor(offset / CHUNK_SIZE);
    const last = Math.floor((offset + length - 1) / CHUNK_SIZE);
    if (first === last) {
      const chunk = this.chunk(first);
      const start = offset - first * CHUNK_SIZE;
      return chunk.subarray(start, start + length);
    }
    return this.readDirect(offset, length);
  }

  private chunk(idx: number): Buffer {
    const hit = this.chunks.get(idx);
    if (hit) {
      if (this.chunks.size >= this.maxChunks) {
        // Refresh its place in the LRU order only when eviction can happen.
        this.chunks.delete(idx);
        this.chunks.set(idx, hit);
      }
      return hit;
    }
    const start = idx * CHUNK_SIZE;
    const buf = this.readDirect(start, Math.min(CHUNK_SIZE, this.size - start));
    if (this.chunks.size >= this.maxChunks) {
      const oldest = this.chunks.keys().next().value as number;
      this.chunks.delete(oldest);
    }
    this.chunks.set(idx, buf);
    return buf;
  }

  private readDirect(offset: number, length: number): Buffer {
    const buf = Buffer.allocUnsafe(length);
    let done = 0;
    try {
      while (done < length) {
        const n = readSync(this.fd, buf, done, length - done, offset + done);
        if (n === 0) break;
        done += n;
      }
    } catch (err) {
      throw ioError('read', this.path, err);
    }
    if (done < length) {
      throw new OfflineError(`read ${this.path}: unexpected end of file at byte ${offset + done}`, 'TRUNCATED');
    }
    return buf;
  }
}
