// The SHA-256 of a snapshot's image, computed on a second thread while this one reads the database for
// `snapshot status`: on a large snapshot the two hashes (SHA-256 for the trailer, CRC-32C for the status)
// are most of the work, and etcdctl, which only computes the second, sets the time to beat.
import { Worker } from 'node:worker_threads';
import { OfflineError, ioError } from './errors.js';

/** Below this size hashing here is cheaper than starting a thread. */
export const BACKGROUND_HASH_MIN_BYTES = 64 << 20;
const READ_STEP = 4 << 20;

// The second thread's program (CommonJS, evaluated): reads [0, end) through one buffer and hashes it.
// Kept inline so that the module also works when bundled.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const crypto = require('node:crypto');
const { path, end } = workerData;
try {
  const hash = crypto.createHash('sha256');
  const buf = Buffer.allocUnsafe(${READ_STEP});
  const fd = fs.openSync(path, 'r');
  try {
    for (let off = 0; off < end; ) {
      const n = fs.readSync(fd, buf, 0, Math.min(buf.length, end - off), off);
      if (n === 0) throw Object.assign(new Error('unexpected end of file'), { code: 'EOF' });
      hash.update(buf.subarray(0, n));
      off += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  parentPort.postMessage({ digest: hash.digest() });
} catch (err) {
  parentPort.postMessage({ code: err.code, errno: err.errno, message: err.message });
}
`;

interface WorkerReply {
  digest?: Uint8Array;
  code?: string;
  errno?: number;
  message?: string;
}

/** SHA-256 of `path`'s bytes [0, end), computed on a worker thread. */
export function sha256InBackground(path: string, end: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, end } });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.once('message', (m: WorkerReply) => {
      finish(() => (m.digest ? resolve(m.digest) : reject(replyError(path, m))));
    });
    worker.once('error', (err) => finish(() => reject(new OfflineError(`read ${path}: ${err.message}`, 'IO'))));
    worker.once('exit', () => finish(() => reject(new OfflineError(`read ${path}: the hashing thread stopped`, 'IO'))));
  });
}

function replyError(path: string, m: WorkerReply): OfflineError {
  if (m.code === 'EOF') return new OfflineError(`read ${path}: unexpected end of file`, 'TRUNCATED');
  if (m.code) return ioError('read', path, Object.assign(new Error(m.message), { code: m.code, errno: m.errno }));
  return new OfflineError(`read ${path}: ${m.message ?? 'the hashing thread failed'}`, 'IO');
}
