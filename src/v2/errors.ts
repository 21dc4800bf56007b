// Errors of the v2 client, carrying the texts Go's etcd client gives them, and the two ways etcdctl's
// v2 commands print them (command/error.go handleError, and the bare `fmt.Fprintln(os.Stderr, err)`).
import { CliError } from '../cli/exit.js';

/** etcdctl v2's exit codes (command/error.go). */
export const V2Exit = {
  Success: 0,
  BadArgs: 1,
  BadConnection: 2,
  BadAuth: 3,
  ServerError: 4,
  ClusterNotHealthy: 5,
} as const;

/** Any error of the v2 client; `message` is the Go error's Error() text. */
export class V2Error extends Error {}

/**
 * A transport error. `connection` marks what etcdctl's isConnectionError accepts (dial and read
 * errors, refused connections, timeouts): a sync that fails only with these ends the command.
 */
export class NetError extends V2Error {
  constructor(message: string, readonly connection: boolean) {
    super(message);
  }
}

/** context.DeadlineExceeded: Go's value satisfies net.Error with Timeout() true, so it counts as a connection error. */
export class DeadlineError extends NetError {
  constructor() {
    super('context deadline exceeded', true);
  }
}

/** Every endpoint failed; the errors in the order they were tried. */
export class ClusterError extends V2Error {
  constructor(readonly errors: Error[]) {
    super('client: etcd cluster is unavailable or misconfigured' + errors.map((e, i) => `; error #${i}: ${e.message}\n`).join(''));
  }

  detail(): string {
    return this.errors.map((e, i) => `error #${i}: ${e.message}\n`).join('');
  }
}

/** An etcd v2 keys error body: `{"errorCode":100,"message":"Key not found","cause":"/foo","index":5}`. */
export class EtcdError extends V2Error {
  constructor(readonly code: bigint, readonly text: string, readonly etcdCause: string, readonly index: bigint) {
    super(`${code}: ${text} (${etcdCause}) [${index}]`);
  }
}

export const ERR_NO_ENDPOINTS = 'client: no endpoints available';
export const ERR_INVALID_JSON = 'client: response is invalid json. The endpoint is probably not valid etcd cluster endpoint';
export const ERR_EMPTY_BODY = 'client: response body is empty';

export function isConnectionError(err: unknown): boolean {
  if (err instanceof ClusterError) return err.errors.every(isConnectionError);
  return err instanceof NetError && err.connection;
}

/** Text of anything thrown: our errors carry Go's text; anything else is reduced to its message. */
export const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** etcdctl's handleError: `Error:  <err>` (Println's space after "Error: "), plus a ClusterError's detail block. */
export function handleError(err: unknown, code: number): CliError {
  let text = `Error:  ${errorText(err)}\n`;
  if (err instanceof ClusterError) text += err.detail() + '\n';
  return new CliError(errorText(err), code, { stderr: text });
}

/** A message printed as is with a newline, as the member/user/role/auth commands print errors. */
export function plainError(text: string, code: number = V2Exit.BadArgs): CliError {
  return new CliError(text, code, { stderr: text + '\n' });
}

/** Exactly `text` on stderr, no newline added. */
export function rawError(text: string, code: number): CliError {
  return new CliError(text, code, { stderr: text });
}
