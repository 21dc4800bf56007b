import { CliError, ExitCode } from '../../cli/exit.js';
import type { COMPLETION_FLAGS, UtlContext } from '../registry.js';

export async function completion(ctx: UtlContext<typeof COMPLETION_FLAGS>): Promise<number> {
  throw new CliError(`completion for ${ctx.spec.path} is not available yet`, ExitCode.BadFeature);
}
