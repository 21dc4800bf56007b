// etcd's concurrency recipes as etcdctl uses them (clientv3/concurrency @ v3.4.23): a session is a lease kept
// alive; a mutex or an election under prefix P is the key "P/<lease in hex>", ordered by creation revision.
// Key names and revisions are exactly those of etcdctl, so our lock and elect interoperate with etcdctl's.
import type { Etcd } from '../client/index.js';
import {
  Compare_CompareResult,
  Compare_CompareTarget,
  RangeRequest_SortOrder,
  RangeRequest_SortTarget,
  type KeyValue,
  type RangeResponse,
  type ResponseHeader,
} from '../proto/schema.js';
import { argBytes } from '../../cli/argv.js';
import { prefixRangeEnd } from '../keys.js';
import { keepAlive, type KeepAliveEnd } from './keepalive.js';
import { Canceled, DELETE, PUT, watch } from './watch.js';

const DEFAULT_SESSION_TTL = 60n;

export interface RecipeOptions {
  /** Deadline of each unary call (our --command-timeout; etcdctl has none here). */
  timeoutMs: number;
}

export class Session {
  private constructor(
    readonly client: Etcd,
    readonly lease: bigint,
    /** Settles when the lease is no longer kept alive: revoked, expired, or the session was orphaned. */
    readonly done: Promise<KeepAliveEnd>,
    private readonly abort: AbortController,
  ) {}

  /** Grants a lease (TTL <= 0 means the library default of 60 s) and keeps it alive in the background. */
  static async open(client: Etcd, ttl: bigint, firstAnswerMs: number, opts: RecipeOptions): Promise<Session> {
    const resp = await client.unary('Lease.LeaseGrant', { TTL: ttl > 0n ? ttl : DEFAULT_SESSION_TTL }, { timeoutMs: opts.timeoutMs });
    const abort = new AbortController();
    const done = keepAlive(client, resp.ID, { firstAnswerMs, signal: abort.signal });
    return new Session(client, resp.ID, done, abort);
  }

  /** Stops refreshing the lease without revoking it, as etcdctl leaves it: it expires after its TTL. */
  orphan(): void {
    this.abort.abort();
  }
}

const hexLease = (lease: bigint) => BigInt.asUintN(64, lease).toString(16);

const createdAt = (key: Buffer, rev: bigint) => ({ result: Compare_CompareResult.EQUAL, target: Compare_CompareTarget.CREATE, key, create_revision: rev });
const putOp = (key: Buffer, value: Buffer, lease: bigint) => ({ request_put: { key, value, lease } });
const getOp = (key: Buffer) => ({ request_range: { key } });
const deleteOp = (key: Buffer) => ({ request_delete_range: { key } });

/** clientv3 WithFirstCreate / WithLastCreate on a prefix: the oldest (or newest) key by creation. */
function byCreation(prefix: Buffer, order: number, maxCreateRev = 0n) {
  return {
    key: prefix,
    range_end: prefixRangeEnd(prefix),
    sort_order: order,
    sort_target: RangeRequest_SortTarget.CREATE,
    limit: 1n,
    max_create_revision: maxCreateRev,
  };
}

async function waitDelete(client: Etcd, key: Buffer, rev: bigint, signal: AbortSignal): Promise<void> {
  for await (const r of watch(client, { key, start_revision: rev }, signal)) {
    if (r.events.some((e) => e.type === DELETE)) return;
  }
  throw new Error('lost watcher waiting for delete');
}

/** Waits until every key under the prefix created at or before maxCreateRev is gone; answers the last header. */
async function waitDeletes(client: Etcd, prefix: Buffer, maxCreateRev: bigint, signal: AbortSignal, opts: RecipeOptions): Promise<ResponseHeader | undefined> {
  for (;;) {
    if (signal.aborted) throw new Canceled();
    const resp = await client.unary('KV.Range', byCreation(prefix, RangeRequest_SortOrder.DESCEND, maxCreateRev), { timeoutMs: opts.timeoutMs });
    if (resp.kvs.length === 0) return resp.header;
    await waitDelete(client, resp.kvs[0].key, resp.header?.revision ?? 0n, signal);
  }
}

export class Mutex {
  private readonly prefix: Buffer;
  key: Buffer = Buffer.alloc(0);
  private rev = -1n;
  /** The header of the acquisition: its revision is what etcdctl exports as ETCD_LOCK_REV. */
  header: ResponseHeader | undefined;

  constructor(private readonly session: Session, name: string, private readonly opts: RecipeOptions) {
    this.prefix = argBytes(name + '/');
  }

  async lock(signal: AbortSignal): Promise<void> {
    const client = this.session.client;
    this.key = Buffer.concat([this.prefix, Buffer.from(hexLease(this.session.lease))]);
    const owner = { request_range: byCreation(this.prefix, RangeRequest_SortOrder.ASCEND) };
    const resp = await client.unary(
      'KV.Txn',
      {
        compare: [createdAt(this.key, 0n)],
        success: [putOp(this.key, Buffer.alloc(0), this.session.lease), owner],
        failure: [getOp(this.key), owner],
      },
      { timeoutMs: this.opts.timeoutMs },
    );
    this.rev = resp.succeeded ? (resp.header?.revision ?? 0n) : resp.responses[0].response_range!.kvs[0].create_revision;
    const holder = resp.responses[1].response_range?.kvs ?? [];
    if (holder.length === 0 || holder[0].create_revision === this.rev) {
      this.header = resp.header;
      return;
    }
    try {
      this.header = await waitDeletes(client, this.prefix, this.rev - 1n, signal, this.opts);
    } catch (err) {
      // Leave no stale waiter behind.
      await this.unlock().catch(() => {});
      throw err;
    }
  }

  async unlock(): Promise<void> {
    await this.session.client.unary('KV.DeleteRange', { key: this.key }, { timeoutMs: this.opts.timeoutMs });
  }
}

export class Election {
  private readonly prefix: Buffer;
  leaderKey: Buffer | undefined;
  private leaderRev = 0n;

  constructor(private readonly session: Session, name: string, private readonly opts: RecipeOptions) {
    this.prefix = argBytes(name + '/');
  }

  /** Blocks until this session leads the election with `value`. */
  async campaign(value: Buffer, signal: AbortSignal): Promise<void> {
    const client = this.session.client;
    const key = Buffer.concat([this.prefix, Buffer.from(hexLease(this.session.lease))]);
    const resp = await client.unary(
      'KV.Txn',
      { compare: [createdAt(key, 0n)], success: [putOp(key, value, this.session.lease)], failure: [getOp(key)] },
      { timeoutMs: this.opts.timeoutMs },
    );
    this.leaderKey = key;
    this.leaderRev = resp.header?.revision ?? 0n;
    if (!resp.succeeded) {
      const kv = resp.responses[0].response_range!.kvs[0];
      this.leaderRev = kv.create_revision;
      if (!kv.value.equals(value)) await this.proclaim(value);
    }
    try {
      await waitDeletes(client, this.prefix, this.leaderRev - 1n, signal, this.opts);
    } catch (err) {
      if (signal.aborted) await this.resign().catch(() => {});
      else this.leaderKey = undefined;
      throw err;
    }
  }

  private async proclaim(value: Buffer): Promise<void> {
    const resp = await this.session.client.unary(
      'KV.Txn',
      { compare: [createdAt(this.leaderKey!, this.leaderRev)], success: [putOp(this.leaderKey!, value, this.session.lease)] },
      { timeoutMs: this.opts.timeoutMs },
    );
    if (!resp.succeeded) {
      await this.resign().catch(() => {});
      throw new Error('election: not leader');
    }
  }

  /** Gives up leadership (deletes our key if it is still the one we created). */
  async resign(): Promise<void> {
    if (!this.leaderKey) return;
    const key = this.leaderKey;
    this.leaderKey = undefined;
    await this.session.client.unary(
      'KV.Txn',
      { compare: [createdAt(key, this.leaderRev)], success: [deleteOp(key)] },
      { timeoutMs: this.opts.timeoutMs },
    );
  }

  /**
   * Reports the current leader, then each proclamation and each new leader, as get responses (clientv3
   * Election.Observe). Returns when `signal` aborts; throws when the observation is lost.
   */
  async observe(signal: AbortSignal, report: (r: RangeResponse) => void): Promise<void> {
    const client = this.session.client;
    for (;;) {
      const resp = await client.unary('KV.Range', byCreation(this.prefix, RangeRequest_SortOrder.ASCEND), { timeoutMs: this.opts.timeoutMs });
      let header = resp.header;
      let leader: KeyValue | undefined = resp.kvs[0];
      if (!leader) ({ header, leader } = await this.firstLeader(resp.header?.revision ?? 0n, signal));
      report({ header, kvs: [leader], more: false, count: 0n });
      await this.followLeader(leader, header?.revision ?? 0n, resp, signal, report);
    }
  }

  /** No leader yet: the first key put under the prefix, its header revision set to that key's. */
  private async firstLeader(fromRev: bigint, signal: AbortSignal): Promise<{ header?: ResponseHeader; leader: KeyValue }> {
    const spec = { key: this.prefix, range_end: prefixRangeEnd(this.prefix), start_revision: fromRev };
    for await (const r of watch(this.session.client, spec, signal)) {
      const put = r.events.find((e) => e.type === PUT);
      if (put) return { header: r.header && { ...r.header, revision: put.kv!.mod_revision }, leader: put.kv! };
    }
    throw new Error('lost watcher');
  }

  /** Reports updates of the leader key until it is deleted; updates reuse the lookup's count and more. */
  private async followLeader(leader: KeyValue, rev: bigint, lookup: RangeResponse, signal: AbortSignal, report: (r: RangeResponse) => void): Promise<void> {
    for await (const r of watch(this.session.client, { key: leader.key, start_revision: rev + 1n }, signal)) {
      for (const e of r.events) {
        if (e.type === DELETE) return;
        report({ header: r.header, kvs: [e.kv!], more: lookup.more, count: lookup.count });
      }
    }
  }
}
