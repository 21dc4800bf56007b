import { CliError, ExitCode } from '../../cli/exit.js';
import type { MIGRATE_FLAGS, UtlContext } from '../registry.js';

export async function migrate(_ctx: UtlContext<typeof MIGRATE_FLAGS>): Promise<number> {
  throw new CliError('not implemented yet', ExitCode.Error);
}
