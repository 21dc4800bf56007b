// A single watch on one key or range, for the recipes that wait on changes (lock, elect, make-mirror).
import type { Etcd } from '../client/index.js';
import { Event_EventType, type WatchResponse } from '../proto/schema.js';

export const { PUT, DELETE } = Event_EventType;

export interface WatchSpec {
  key: Buffer;
  range_end?: Buffer;
  start_revision?: bigint;
}

/** What clientv3 reports for a watch that starts below the compaction revision. */
export const ERR_COMPACTED = 'etcdserver: mvcc: required revision has been compacted';

export class WatchEnded extends Error {}

/** ctx.Err() of a canceled context, which is what the recipes return when the user interrupts them. */
export class Canceled extends Error {
  constructor() {
    super('context canceled');
  }
}

/**
 * Yields the watch's responses that carry events (or a compaction notice, for make-mirror to act on). Every
 * event has its kv: proto3 makes it optional, but etcd always sets it (mvcc/watchable_store.go@v3.4.23).
 * Ends by throwing Canceled when `signal` aborts, WatchEnded when the server ends or cancels it.
 */
export async function* watch(client: Etcd, spec: WatchSpec, signal?: AbortSignal): AsyncGenerator<WatchResponse> {
  if (signal?.aborted) throw new Canceled();
  // clientv3's Watch asks for no leader unless told to, and neither do etcdctl's recipes.
  const stream = client.duplex('Watch.Watch', { requireLeader: false });
  const onAbort = () => stream.cancel();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    stream.write({ create_request: { key: spec.key, range_end: spec.range_end ?? Buffer.alloc(0), start_revision: spec.start_revision ?? 0n } });
    for await (const r of stream) {
      if (r.compact_revision !== 0n) {
        yield r;
        return;
      }
      if (r.canceled) throw new WatchEnded(r.cancel_reason || 'watch canceled');
      if (r.events.length > 0) yield r;
    }
    if (signal?.aborted) throw new Canceled();
    throw new WatchEnded('lost watcher');
  } finally {
    signal?.removeEventListener('abort', onAbort);
    stream.cancel();
  }
}
