// clientv3's unary retry policy as etcdctl 3.4.23 runs it (clientv3/retry_interceptor.go, retry.go, client.go and
// options.go@v3.4.23), and the warning it logs for every failed attempt. The loop that applies it is
// Etcd.invokeUnary; the rules are here so that they read as clientv3's do.
import { zapEntry, type ZapLogEntry } from '../../cli/zap.js';
import {
  Code,
  ERR_AUTH_OLD_REVISION,
  ERR_INVALID_AUTH_TOKEN,
  ERR_USER_EMPTY,
  statusText,
  type RpcError,
} from './errors.js';

/** Attempts per unary call (defaultUnaryMaxRetries, clientv3/options.go@v3.4.23). */
export const MAX_UNARY_ATTEMPTS = 100;

/** Pause after each round over a quorum of endpoints (defaultBackoffWaitBetween and its jitter fraction). */
const BACKOFF_WAIT_MS = 25;
const BACKOFF_JITTER = 0.1;

/**
 * Calls clientv3 marks repeatable: sent again when the member answered Unavailable. Every other call is sent once
 * (a write that reached a member may have been applied). Two differences, both on the safe side: LeaseGrant is
 * not repeated here (a grant retried after "leader changed" can leave a second lease behind), and the read-only
 * calls clientv3 3.4 does not know or mark (Auth.AuthStatus of 3.5, Election.Leader) are.
 */
const REPEATABLE: ReadonlySet<string> = new Set([
  'KV.Range', 'Lease.LeaseTimeToLive', 'Lease.LeaseLeases', 'Lease.LeaseRevoke', 'Cluster.MemberList',
  'Maintenance.Alarm', 'Maintenance.Status', 'Maintenance.Hash', 'Maintenance.HashKV', 'Maintenance.MoveLeader',
  'Auth.UserList', 'Auth.UserGet', 'Auth.RoleGet', 'Auth.RoleList', 'Auth.AuthStatus', 'Election.Leader',
]);

/** How long to wait before attempt `attempt` (from 1): after every round over a quorum of the endpoints. */
export function backoffMs(attempt: number, endpointCount: number): number {
  const quorum = Math.floor(endpointCount / 2) + 1;
  if (attempt === 0 || attempt % quorum !== 0) return 0;
  return BACKOFF_WAIT_MS * (1 + BACKOFF_JITTER * (Math.random() * 2 - 1));
}

/** A deadline or cancellation: retried only while the caller's own context still runs. */
export function isContextError(e: RpcError): boolean {
  return e.code === Code.DEADLINE_EXCEEDED || e.code === Code.CANCELLED;
}

/**
 * Whether the call is sent again after a new token (shouldRefreshToken): on a stale auth revision or a rejected
 * token always (without credentials nothing is renewed, the call is just sent again: a certificate's user is
 * read afresh), on "user name is empty" only when credentials were given.
 */
export function refreshesToken(e: RpcError, hasCredentials: boolean): boolean {
  if (e.desc === ERR_USER_EMPTY) return hasCredentials;
  return e.desc === ERR_INVALID_AUTH_TOKEN || e.desc === ERR_AUTH_OLD_REVISION;
}

/**
 * isSafeRetry: a repeatable call after Unavailable (etcd's "no leader", "leader changed", "request timed out", a
 * member going away); a mutation never (clientv3 would only for "no address available", which grpc-go no longer
 * reports: a call that never left waits for a connection instead, as ours does).
 */
export function safeToRetry(method: string, e: RpcError): boolean {
  return REPEATABLE.has(method) && e.code === Code.UNAVAILABLE;
}

/** The warning clientv3 logs for each failed attempt (retry_interceptor.go:62@v3.4.23). */
export function retryWarning(target: string, attempt: number, e: RpcError): ZapLogEntry {
  return zapEntry('clientv3', 'warn', 'clientv3/retry_interceptor.go:62', 'retrying of unary invoker failed', [
    ['target', target],
    ['attempt', BigInt(attempt)],
    ['error', statusText(e.code, e.desc)],
  ]);
}

/** The warning when a new token cannot be had (retry_interceptor.go:79): the error as etcdctl would print it. */
export function tokenWarning(target: string, e: Error): ZapLogEntry {
  return zapEntry('clientv3', 'warn', 'clientv3/retry_interceptor.go:79', 'retrying of unary invoker failed to fetch new auth token', [
    ['target', target],
    ['error', e.message],
  ]);
}
