// File-system steps shared by the offline tools: outputs are built under temporary names next to their
// final place, synced, and renamed into place only when complete.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ioError } from './errors.js';
import { cleanPath } from './v2store.js';

/** Go's filepath.Join: the non-empty parts joined by "/" and cleaned. */
export function goJoin(...parts: string[]): string {
  const nonEmpty = parts.filter((p) => p !== '');
  return nonEmpty.length === 0 ? '' : cleanPath(nonEmpty.join('/'));
}

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

export function fsyncDir(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw ioError('open', path, err);
  }
  try {
    fsyncSync(fd);
  } catch (err) {
    // Some file systems refuse fsync on directories; nothing more can be done there.
    if ((err as NodeJS.ErrnoException).code !== 'EINVAL') throw ioError('sync', path, err);
  } finally {
    closeSync(fd);
  }
}

/** Writes a whole file (created exclusively) and syncs it. */
export function writeFileSynced(path: string, data: Uint8Array, mode: number): void {
  let fd: number;
  try {
    fd = openSync(path, 'wx', mode);
  } catch (err) {
    throw ioError('open', path, err);
  }
  try {
    for (let done = 0; done < data.length; ) done += writeSync(fd, data, done, data.length - done);
    fsyncSync(fd);
  } catch (err) {
    throw ioError('write', path, err);
  } finally {
    closeSync(fd);
  }
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
