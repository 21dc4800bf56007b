// How failures of v3 calls become etcdctl's error lines and exit codes.
import { CliError, ExitCode } from '../cli/exit.js';
import { RpcError } from './client/index.js';

/** A failed RPC is ExitError with the client's message unless a command decided otherwise. */
export function asCliError(err: unknown, code: number = ExitCode.Error): unknown {
  if (err instanceof RpcError) return new CliError(err.message, code);
  return err;
}
