// Helpers for the fault tests: who leads, long-running CLI processes, timing, and the switch for slow tests.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { OUR_ETCDCTL, start } from './run.mjs';
import { startEtcd } from './etcd.mjs';

/** Slow tests run by default (CI included); SKIP_SLOW_TESTS=1 skips them for a quick local round. */
export const SLOW = process.env.SKIP_SLOW_TESTS === '1' ? 'slow: SKIP_SLOW_TESTS=1' : false;

/**
 * startEtcd, tried again when a member exits at start: the helper picks free ports by closing a probe socket,
 * and a test running alongside may take such a port before etcd binds it.
 */
export async function startCluster(options) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startEtcd(options);
    } catch (err) {
      if (attempt >= 3 || !/exited early/.test(err.message)) throw err;
    }
  }
}

/** Why a test cannot run yet: the command's handler is not in dist/ (its owner has not landed it). */
export function needsCommand(file) {
  const built = fileURLToPath(new URL(`../../dist/v3/commands/${file}.js`, import.meta.url));
  return existsSync(built) ? false : `dist/v3/commands/${file}.js is not built yet`;
}

async function client(endpoints, dialTimeoutMs = 1000) {
  const { Etcd } = await import('../../dist/v3/client/index.js');
  return Etcd.open({ endpoints, dialTimeoutMs, keepaliveTimeMs: 0, keepaliveTimeoutMs: 0 });
}

/** Each member's own view: its ID and the leader it follows (undefined when it does not answer). */
export async function memberViews(endpoints) {
  return Promise.all(
    endpoints.map(async (ep) => {
      const c = await client([ep]);
      try {
        const s = await c.unary('Maintenance.Status', {}, { timeoutMs: 1000 });
        return { endpoint: ep, id: s.header.member_id, leader: s.leader };
      } catch {
        return undefined;
      } finally {
        c.close();
      }
    }),
  );
}

/**
 * Waits until the members at `among` (indexes into etcd.members) agree on a leader that is one of them, and
 * returns the leader's index.
 */
export async function waitForLeader(etcd, among = etcd.members.map((_, i) => i), timeoutMs = 15000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const views = await memberViews(among.map((i) => etcd.endpoints[i]));
    const ids = views.map((v) => v?.id);
    const leaders = new Set(views.map((v) => v?.leader).filter((l) => l !== undefined && l !== 0n));
    if (views.every((v) => v) && leaders.size === 1) {
      const at = ids.indexOf([...leaders][0]);
      if (at >= 0) return among[at];
    }
    if (Date.now() > until) throw new Error(`no leader among members ${among.join(',')}`);
    await sleep(100);
  }
}

/** Polls `predicate` until it holds; throws after `ms` so a test fails instead of hanging. */
export async function until(predicate, ms = 10000, what = 'condition') {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Milliseconds an async function took, with its result. */
export async function timed(fn) {
  const start = Date.now();
  const result = await fn();
  return { ms: Date.now() - start, result };
}

/**
 * Starts our etcdctl as a long-running process (watch, lock, snapshot save) with stdin left open unless `input` is
 * given, and no time limit: run.mjs start's handle ({ proc, stdout(), stderr(), waitFor(), exited, kill(), … }).
 */
export const startOurs = (args, { env, input } = {}) => start(OUR_ETCDCTL, args, { env, input, openStdin: true, timeoutMs: 0 });

/** Puts `count` keys `${prefix}${i}` through an in-process client, `concurrency` at a time; returns the revisions of the successful ones. */
export async function writeKeys(endpoints, prefix, count, { concurrency = 8, timeoutMs = 3000, onProgress } = {}) {
  const c = await client(endpoints, 2000);
  const revisions = new Map();
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      try {
        const r = await c.unary('KV.Put', { key: Buffer.from(`${prefix}${i}`), value: Buffer.from(`v${i}`) }, { timeoutMs });
        revisions.set(`${prefix}${i}`, r.header.revision);
      } catch {
        failed++;
      }
      onProgress?.(i);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    c.close();
  }
  return { revisions, failed };
}

/** An in-process client for test scaffolding (compaction, reading back), closed by the caller. */
export async function scaffoldClient(endpoints) {
  return client(endpoints, 2000);
}
