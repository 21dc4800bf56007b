// File-system steps shared by the offline tools: outputs are built under temporary names next to their
// final place, synced, and renamed into place only when complete.
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ioError } from './errors.js';

/** A fresh name beside `target` for building it (same directory, so the final rename is atomic). */
export function siblingTempPath(target: string, purpose: string): string {
  const dir = dirname(target);
  return join(dir, `.${basename(target)}.${purpose}-${randomBytes(6).toString('hex')}`);
}

export function mkdirAll(path: string, mode = 0o700): void {
  try {
    mkdirSync(path, { recursive: true, mode });
  } catch (err) {
    throw ioError('mkdir', path, err);
  }
}

/** Opens `path` with Node's `flags`; a failure reads as Go's os.OpenFile error, "open PATH: …". */
export function openFile(path: string, flags: string, mode?: number): number {
  try {
    return openSync(path, flags, mode);
  } catch (err) {
    throw ioError('open', path, err);
  }
}

/** Runs `use` on `path` opened with `flags`, and closes it whatever `use` does. */
export function withOpenFile<T>(path: string, flags: string, use: (fd: number) => T, mode?: number): T {
  const fd = openFile(path, flags, mode);
  try {
    return use(fd);
  } finally {
    closeSync(fd);
  }
}

/** `dst` as the first `size` bytes of `src`, with `mode`; a failure reads as "copy SRC: …". */
export function copyImage(src: string, dst: string, mode: number, size: number): void {
  try {
    copyFileSync(src, dst);
    chmodSync(dst, mode);
    truncateSync(dst, size);
  } catch (err) {
    throw ioError('copy', src, err);
  }
}

export function fsyncDir(path: string): void {
  withOpenFile(path, 'r', (fd) => {
    try {
      fsyncSync(fd);
    } catch (err) {
      // Some file systems refuse fsync on directories; nothing more can be done there.
      if ((err as NodeJS.ErrnoException).code !== 'EINVAL') throw ioError('sync', path, err);
    }
  });
}

/** Writes a whole file (created exclusively) and syncs it. */
export function writeFileSynced(path: string, data: Uint8Array, mode: number): void {
  withOpenFile(
    path,
    'wx',
    (fd) => {
      try {
        for (let done = 0; done < data.length; ) done += writeSync(fd, data, done, data.length - done);
        fsyncSync(fd);
      } catch (err) {
        throw ioError('write', path, err);
      }
    },
    mode,
  );
}

/** Renames `from` to `to` and syncs the directory that now holds it. */
export function renameSynced(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (err) {
    throw ioError('rename', from, err);
  }
  fsyncDir(dirname(to));
}

/** Best-effort removal of something we created; errors are ignored (we are already failing). */
export function removeQuietly(path: string | null | undefined): void {
  if (!path) return;
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // nothing more to do
  }
}

export const pathExists = (path: string): boolean => existsSync(path);

/** A directory that is absent or empty (what etcd's CreateDirAll accepts). */
export function dirEntries(path: string): string[] | null {
  try {
    return readdirSync(path).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw ioError('open', path, err);
  }
}
