import { CliError, ExitCode } from '../../cli/exit.js';
import type { CHECK_V2STORE_FLAGS, UtlContext } from '../registry.js';

export async function checkV2store(_ctx: UtlContext<typeof CHECK_V2STORE_FLAGS>): Promise<number> {
  throw new CliError('not implemented yet', ExitCode.Error);
}
