// How failures of v3 calls become etcdctl's error lines and exit codes.
import { CliError, ExitCode } from '../cli/exit.js';

/**
 * A failed RPC is ExitError with the client's message unless a command decided otherwise.
 * The client module is imported only when something failed, so help and version never load gRPC.
 */
export async function asCliError(err: unknown, code: number = ExitCode.Error): Promise<unknown> {
  if (err instanceof CliError || !(err instanceof Error)) return err;
  const { RpcError } = await import('./client/index.js');
  if (err instanceof RpcError) return new CliError(err.message, code);
  return err;
}
