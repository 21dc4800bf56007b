import { CliError, ExitCode } from '../../cli/exit.js';
import type { BACKUP_FLAGS, UtlContext } from '../registry.js';

export async function backup(_ctx: UtlContext<typeof BACKUP_FLAGS>): Promise<number> {
  throw new CliError('not implemented yet', ExitCode.Error);
}
