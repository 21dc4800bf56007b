// Keeping a lease alive the way clientv3 does: a keep-alive right away and then a third of the TTL after each
// answer; the lease is given up when the server says it is gone (TTL <= 0) or when no answer came before the
// last granted TTL ran out. A broken stream is reopened meanwhile, so a short outage is survived.
import type { Etcd } from '../client/index.js';
import type { LeaseKeepAliveResponse } from '../proto/schema.js';

export interface KeepAliveOptions {
  /** How long to wait for the very first answer (clientv3: the dial timeout plus one second). */
  firstAnswerMs: number;
  onAnswer?: (r: LeaseKeepAliveResponse) => void;
  /** Ends the keep-alive early, e.g. the command is shutting down. */
  signal?: AbortSignal;
}

/** Why the keep-alive stopped: the lease no longer exists, answers stopped coming, or we were told to stop. */
export type KeepAliveEnd = 'gone' | 'expired' | 'aborted';

const RETRY_DELAY_MS = 500;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function keepAlive(client: Etcd, id: bigint, opts: KeepAliveOptions): Promise<KeepAliveEnd> {
  let deadline = Date.now() + opts.firstAnswerMs;
  for (;;) {
    if (opts.signal?.aborted) return 'aborted';
    if (Date.now() >= deadline) return 'expired';
    const end = await oneStream(client, id, opts, () => deadline, (d) => (deadline = d));
    if (end) return end;
    await sleep(Math.min(RETRY_DELAY_MS, Math.max(0, deadline - Date.now())));
  }
}

/** Runs one keep-alive stream; undefined means it broke and may be reopened. */
async function oneStream(
  client: Etcd,
  id: bigint,
  opts: KeepAliveOptions,
  getDeadline: () => number,
  setDeadline: (d: number) => void,
): Promise<KeepAliveEnd | undefined> {
  const stream = client.duplex('Lease.LeaseKeepAlive');
  let ended: KeepAliveEnd | undefined;
  let nextSend: NodeJS.Timeout | undefined;
  let expiry: NodeJS.Timeout | undefined;
  const stop = (why: KeepAliveEnd) => {
    ended ??= why;
    stream.cancel();
  };
  const armExpiry = () => {
    clearTimeout(expiry);
    expiry = setTimeout(() => stop('expired'), Math.max(0, getDeadline() - Date.now()));
  };
  const onAbort = () => stop('aborted');
  opts.signal?.addEventListener('abort', onAbort);
  armExpiry();
  try {
    stream.write({ ID: id });
    for await (const r of stream) {
      if (r.TTL <= 0n) {
        stop('gone');
        break;
      }
      const ttlMs = Number(r.TTL) * 1000;
      setDeadline(Date.now() + ttlMs);
      armExpiry();
      opts.onAnswer?.(r);
      clearTimeout(nextSend);
      nextSend = setTimeout(() => stream.write({ ID: id }), ttlMs / 3);
    }
  } catch {
    // a broken stream: reopened by the caller while the lease may still be alive
  } finally {
    clearTimeout(nextSend);
    clearTimeout(expiry);
    opts.signal?.removeEventListener('abort', onAbort);
    stream.cancel();
  }
  return ended;
}

/** One keep-alive and its answer (lease keep-alive --once); a lease that is gone is clientv3's ErrLeaseNotFound. */
export async function keepAliveOnce(client: Etcd, id: bigint): Promise<LeaseKeepAliveResponse> {
  const stream = client.duplex('Lease.LeaseKeepAlive');
  try {
    stream.write({ ID: id });
    for await (const r of stream) {
      if (r.TTL <= 0n) throw new LeaseNotFound();
      return r;
    }
    throw new LeaseNotFound();
  } finally {
    stream.cancel();
  }
}

export class LeaseNotFound extends Error {
  constructor() {
    super('etcdserver: requested lease not found');
  }
}
