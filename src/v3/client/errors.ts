// How a failed call reads to the user. clientv3 (3.4) turns a gRPC status whose message is one of the
// server's own error strings into just that string, a context expiry into "context deadline exceeded",
// and anything else into grpc-go's "rpc error: code = <Code> desc = <desc>". etcdctl prints the result
// after "Error: ". Nothing here loads grpc-js, so commands may import it freely.

/** gRPC status codes (numbers are fixed by the gRPC protocol). */
export const Code = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

// grpc-go's codes.Code String() names, which appear in "rpc error: code = …".
const GO_CODE_NAMES = [
  'OK', 'Canceled', 'Unknown', 'InvalidArgument', 'DeadlineExceeded', 'NotFound', 'AlreadyExists',
  'PermissionDenied', 'ResourceExhausted', 'FailedPrecondition', 'Aborted', 'OutOfRange', 'Unimplemented',
  'Internal', 'Unavailable', 'DataLoss', 'Unauthenticated',
];

export function goCodeName(code: number): string {
  return GO_CODE_NAMES[code] ?? `Code(${code})`;
}

/**
 * The server error strings clientv3 3.4's rpctypes recognises; only these are shown bare. Others (including
 * "etcdserver: watch canceled" and other 3.5-only strings) keep the "rpc error: …" form, as in etcdctl 3.4.23.
 */
export const ETCD_ERRORS: ReadonlySet<string> = new Set([
  'etcdserver: key is not provided',
  'etcdserver: key not found',
  'etcdserver: value is provided',
  'etcdserver: lease is provided',
  'etcdserver: too many operations in txn request',
  'etcdserver: duplicate key given in txn request',
  'etcdserver: mvcc: required revision has been compacted',
  'etcdserver: mvcc: required revision is a future revision',
  'etcdserver: mvcc: database space exceeded',
  'etcdserver: requested lease not found',
  'etcdserver: lease already exists',
  'etcdserver: too large lease TTL',
  'etcdserver: member ID already exist',
  'etcdserver: Peer URLs already exists',
  'etcdserver: re-configuration failed due to not enough started members',
  'etcdserver: given member URLs are invalid',
  'etcdserver: member not found',
  'etcdserver: can only promote a learner member',
  'etcdserver: can only promote a learner member which is in sync with leader',
  'etcdserver: too many learner members in cluster',
  'etcdserver: request is too large',
  'etcdserver: too many requests',
  'etcdserver: root user does not exist',
  'etcdserver: root user does not have root role',
  'etcdserver: user name already exists',
  'etcdserver: user name is empty',
  'etcdserver: user name not found',
  'etcdserver: role name already exists',
  'etcdserver: role name not found',
  'etcdserver: role name is empty',
  'etcdserver: authentication failed, invalid user ID or password',
  'etcdserver: permission denied',
  'etcdserver: role is not granted to the user',
  'etcdserver: permission is not granted to the role',
  'etcdserver: authentication is not enabled',
  'etcdserver: invalid auth token',
  'etcdserver: invalid auth management',
  'etcdserver: revision of auth store is old',
  'etcdserver: no leader',
  'etcdserver: not leader',
  'etcdserver: leader changed',
  'etcdserver: not capable',
  'etcdserver: server stopped',
  'etcdserver: request timed out',
  'etcdserver: request timed out, possibly due to previous leader failure',
  'etcdserver: request timed out, possibly due to connection lost',
  'etcdserver: request timed out, waiting for the applied index took too long',
  'etcdserver: unhealthy cluster',
  'etcdserver: corrupt cluster',
  'etcdserver: rpc not supported for learner',
  'etcdserver: bad leader transferee',
  // Added by 3.5's rpctypes (api/v3rpc/rpctypes/error.go@v3.6.16); only the Downgrade method (etcdctl 3.6's
  // `downgrade`, which needs a 3.5+ server) answers with them, so no 3.4 command prints them otherwise.
  'etcdserver: cluster version not found during downgrade',
  'etcdserver: wrong downgrade target version format',
  'etcdserver: invalid downgrade target version',
  'etcdserver: cluster has a downgrade job in progress',
  'etcdserver: no inflight downgrade job',
]);

export const ERR_INVALID_AUTH_TOKEN = 'etcdserver: invalid auth token';
export const ERR_AUTH_NOT_ENABLED = 'etcdserver: authentication is not enabled';
export const ERR_AUTH_OLD_REVISION = 'etcdserver: revision of auth store is old';
export const ERR_USER_EMPTY = 'etcdserver: user name is empty';
export const CONTEXT_DEADLINE_EXCEEDED = 'context deadline exceeded';
export const CONTEXT_CANCELED = 'context canceled';

/** A failed call. `message` is exactly what etcdctl prints after "Error: ". */
export class RpcError extends Error {
  override name = 'RpcError';
  /** Go's name of the code, e.g. "InvalidArgument". */
  readonly codeName: string;

  constructor(readonly code: number, readonly desc: string, message?: string) {
    super(message ?? rpcErrorText(code, desc));
    this.codeName = goCodeName(code);
  }
}

export function rpcErrorText(code: number, desc: string): string {
  if (ETCD_ERRORS.has(desc)) return desc;
  return statusText(code, desc);
}

/** grpc-go's status error text, which clientv3's retry warnings log whatever etcdctl then prints. */
export function statusText(code: number, desc: string): string {
  return `rpc error: code = ${goCodeName(code)} desc = ${desc}`;
}

/**
 * The context ran out. `desc` is what grpc-go's status says (e.g. the balancer's last error when no member
 * could be picked); etcdctl prints only "context deadline exceeded".
 */
/** clientv3 goes on without a token when the cluster has auth disabled: the one login error it passes over. */
export function isAuthNotEnabled(err: unknown): boolean {
  return err instanceof RpcError && err.desc === ERR_AUTH_NOT_ENABLED;
}

export function deadlineExceeded(desc = CONTEXT_DEADLINE_EXCEEDED): RpcError {
  return new RpcError(Code.DEADLINE_EXCEEDED, desc, CONTEXT_DEADLINE_EXCEEDED);
}

export function canceled(): RpcError {
  return new RpcError(Code.CANCELLED, CONTEXT_CANCELED, CONTEXT_CANCELED);
}

interface StatusLike {
  code?: unknown;
  details?: unknown;
  message?: unknown;
}

const RECEIVED_TOO_LARGE = /^Received message larger than max \((\d+) vs\.? (\d+)\)$/;

/**
 * A grpc-js failure as etcdctl would word it. `ownDeadline` says whether the caller set a deadline:
 * only then is DEADLINE_EXCEEDED the context's doing rather than the server's.
 */
export function fromStatus(err: unknown, ownDeadline: boolean): RpcError {
  if (err instanceof RpcError) return err;
  const s = (err ?? {}) as StatusLike;
  const code = typeof s.code === 'number' ? s.code : Code.UNKNOWN;
  let desc = typeof s.details === 'string' ? s.details : typeof s.message === 'string' ? s.message : String(err);
  if (code === Code.DEADLINE_EXCEEDED && ownDeadline && !ETCD_ERRORS.has(desc)) return deadlineExceeded();
  // grpc-go words the receive limit this way; grpc-js capitalises, drops the "grpc: " prefix and the period of "vs.".
  const tooLarge = code === Code.RESOURCE_EXHAUSTED ? RECEIVED_TOO_LARGE.exec(desc) : null;
  if (tooLarge) desc = `grpc: received message larger than max (${tooLarge[1]} vs. ${tooLarge[2]})`;
  return new RpcError(code, desc);
}

/** The client-side send limit, worded as grpc-go does. */
export function sendTooLarge(size: number, max: number): RpcError {
  return new RpcError(Code.RESOURCE_EXHAUSTED, `trying to send message larger than max (${size} vs. ${max})`);
}

/** A TLS setting that cannot be used (bad PEM data, key not matching the certificate). */
export class TlsConfigError extends Error {
  override name = 'TlsConfigError';
}
