// Reading a large file into memory on two threads, with the SHA-256 of its first bytes computed on the second
// thread while the caller works on the data. `snapshot status` of a big snapshot is dominated by getting the
// bytes into memory, hashing them (SHA-256 for the trailer, CRC-32C for the status hash) and walking pages;
// splitting that over two cores keeps it close to etcdctl, which memory-maps the file.
import { closeSync, openSync, readSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { OfflineError, ioError } from './errors.js';

/** Below this size one thread is faster than starting a second. */
export const PARALLEL_MIN_BYTES = 32 << 20;
/** Above this size the file is not held in memory at once. */
export const PARALLEL_MAX_BYTES = 1 << 30;
const READ_STEP = 16 << 20;

// The second thread's program (CommonJS, evaluated): reads its half into the shared buffer, reports, then on
// request hashes the image. Kept inline so that the module also works when bundled.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const crypto = require('node:crypto');
const { path, sab, from, to, hashEnd } = workerData;
const bytes = new Uint8Array(sab);
try {
  const fd = fs.openSync(path, 'r');
  try {
    for (let off = from; off < to; ) {
      const n = fs.readSync(fd, bytes, off, Math.min(${READ_STEP}, to - off), off);
      if (n === 0) throw Object.assign(new Error('unexpected end of file'), { code: 'EOF' });
      off += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  parentPort.postMessage({ type: 'read' });
} catch (err) {
  parentPort.postMessage({ type: 'error', code: err.code, errno: err.errno, message: err.message });
}
parentPort.once('message', () => {
  const digest = crypto.createHash('sha256').update(bytes.subarray(0, hashEnd)).digest();
  parentPort.postMessage({ type: 'sha', digest });
});
`;

export interface ParallelLoad {
  bytes: Uint8Array;
  /** SHA-256 of bytes [0, hashEnd), computed meanwhile (null when no hash was asked for). */
  digest: Promise<Uint8Array> | null;
  /** Stops the helper thread (call when done, also on failure). */
  close(): Promise<void>;
}

interface WorkerMessage {
  type: 'read' | 'sha' | 'error';
  digest?: Uint8Array;
  code?: string;
  errno?: number;
  message?: string;
}

/** Reads `path` (of `size` bytes) on two threads; hashes [0, hashEnd) on the second if hashEnd > 0. */
export async function loadInParallel(path: string, size: number, hashEnd: number): Promise<ParallelLoad> {
  const sab = new SharedArrayBuffer(size);
  const bytes = new Uint8Array(sab);
  // This thread starts reading at once, the helper only after it has started: give this one more.
  const split = Math.floor((size * 0.56) / 4096) * 4096;
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, sab, from: split, to: size, hashEnd } });
  const messages: WorkerMessage[] = [];
  const waiters: Array<(m: WorkerMessage) => void> = [];
  let failure: Error | null = null;
  const deliver = (m: WorkerMessage) => {
    const w = waiters.shift();
    if (w) w(m);
    else messages.push(m);
  };
  worker.on('message', deliver);
  worker.on('error', (err) => {
    failure = err;
    deliver({ type: 'error', message: err.message });
  });
  const next = (): Promise<WorkerMessage> =>
    messages.length > 0 ? Promise.resolve(messages.shift()!) : new Promise((resolve) => waiters.push(resolve));
  const close = async () => {
    await worker.terminate();
  };

  try {
    readRange(path, bytes, 0, split);
    const read = await next();
    if (read.type !== 'read') throw workerFailure(path, read, failure);
    let digest: Promise<Uint8Array> | null = null;
    if (hashEnd > 0) {
      worker.postMessage('hash');
      digest = next().then((m) => {
        if (m.type !== 'sha' || !m.digest) throw workerFailure(path, m, failure);
        return m.digest;
      });
      // A failure is reported to whoever awaits the digest; keep it from counting as unhandled meanwhile.
      digest.catch(() => {});
    }
    return { bytes, digest, close };
  } catch (err) {
    await close();
    throw err;
  }
}

function readRange(path: string, into: Uint8Array, from: number, to: number): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw ioError('open', path, err);
  }
  try {
    for (let off = from; off < to; ) {
      const n = readSync(fd, into, off, Math.min(READ_STEP, to - off), off);
      if (n === 0) throw new OfflineError(`read ${path}: unexpected end of file`, 'TRUNCATED');
      off += n;
    }
  } catch (err) {
    throw ioError('read', path, err);
  } finally {
    closeSync(fd);
  }
}

function workerFailure(path: string, m: WorkerMessage, failure: Error | null): OfflineError {
  if (m.code === 'EOF') return new OfflineError(`read ${path}: unexpected end of file`, 'TRUNCATED');
  if (m.code) return ioError('read', path, Object.assign(new Error(m.message), { code: m.code, errno: m.errno }));
  return new OfflineError(`read ${path}: ${failure?.message ?? m.message ?? 'reader thread failed'}`, 'IO');
}
