import { CliError, ExitCode } from '../../cli/exit.js';
import type { HASHKV_FLAGS, UtlContext } from '../registry.js';

export async function hashkv(_ctx: UtlContext<typeof HASHKV_FLAGS>): Promise<number> {
  throw new CliError('not implemented yet', ExitCode.Error);
}
