// Snapshot files as `snapshot save` writes them: the bbolt image followed by the SHA-256 of that image.
import { createHash } from 'node:crypto';
import { readSync } from 'node:fs';
import { OfflineError, ioError } from './errors.js';
import { withOpenFile } from './fsutil.js';
import { BACKGROUND_HASH_MIN_BYTES, sha256InBackground } from './parallelread.js';

export const SHA256_SIZE = 32;

/** etcd's hasChecksum: a db image is a whole number of 512-byte sectors, so 32 extra bytes mean a trailer. */
export const hasChecksum = (size: number): boolean => size % 512 === SHA256_SIZE;

/** Go's `%v` of a byte slice: `[1 2 3]`. */
const goBytes = (b: Uint8Array): string => '[' + Array.from(b).join(' ') + ']';

/** etcdctl's wording for a trailer that does not match: `expected sha256 [..], got [..]`. */
export function hashMismatch(expected: Uint8Array, got: Uint8Array): OfflineError {
  return new OfflineError(`expected sha256 ${goBytes(expected)}, got ${goBytes(got)}`, 'HASH_MISMATCH');
}

const READ_CHUNK = 4 << 20;

/** Streams `path`'s bytes [0, end) through `fn`, in order. */
export function scanFile(path: string, end: number, fn: (chunk: Uint8Array) => void): void {
  withOpenFile(path, 'r', (fd) => {
    try {
      const buf = Buffer.allocUnsafe(Math.min(READ_CHUNK, Math.max(end, 1)));
      for (let off = 0; off < end; ) {
        const n = readSync(fd, buf, 0, Math.min(buf.length, end - off), off);
        if (n === 0) throw new OfflineError(`read ${path}: unexpected end of file`, 'TRUNCATED');
        fn(buf.subarray(0, n));
        off += n;
      }
    } catch (err) {
      throw ioError('read', path, err);
    }
  });
}

/** Reads the trailing 32 bytes of a file of `size` bytes. */
export function readTrailer(path: string, size: number): Uint8Array {
  const trailer = Buffer.alloc(SHA256_SIZE);
  withOpenFile(path, 'r', (fd) => {
    try {
      readSync(fd, trailer, 0, SHA256_SIZE, size - SHA256_SIZE);
    } catch (err) {
      throw ioError('read', path, err);
    }
  });
  return trailer;
}

/** An incremental SHA-256 check of the image against the trailer. */
export class TrailerCheck {
  private readonly hash = createHash('sha256');
  constructor(readonly expected: Uint8Array) {}
  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
  }
  /** Throws the etcdctl mismatch error unless the image hashed so far matches. */
  verify(): void {
    const got = this.hash.digest();
    if (!got.equals(this.expected)) throw hashMismatch(this.expected, got);
  }
}

/**
 * Checks the SHA-256 trailer of a snapshot of `size` bytes against its image [0, imageSize). The work starts
 * at once: small files are hashed before this returns, large ones on a second thread meanwhile. Rejects
 * with etcdctl's mismatch error.
 */
export function verifyTrailer(path: string, size: number, imageSize: number): Promise<void> {
  const expected = readTrailer(path, size);
  if (size < BACKGROUND_HASH_MIN_BYTES) {
    const check = new TrailerCheck(expected);
    scanFile(path, imageSize, (chunk) => check.update(chunk));
    check.verify();
    return Promise.resolve();
  }
  const verified = sha256InBackground(path, imageSize).then((got) => {
    if (!Buffer.from(got).equals(expected)) throw hashMismatch(expected, got);
  });
  // Whoever awaits it hears of a failure; until then it must not count as unhandled.
  verified.catch(() => {});
  return verified;
}
