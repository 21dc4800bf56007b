// `auth enable|disable`.
import { setAuthEnabled } from '../client/auth.js';
import type { CommandContext } from '../context.js';
import type { V2Context } from '../registry.js';
import { plainError, V2Error, V2Exit } from '../errors.js';
import { authClient } from './user.js';

async function toggle(ctx: CommandContext, enable: boolean): Promise<number> {
  if (ctx.args.length !== 0) throw plainError('No arguments accepted');
  const client = await authClient(ctx);
  try {
    await ctx.withTotalTimeout((d) => setAuthEnabled(client, enable, d));
  } catch (err) {
    if (err instanceof V2Error) throw plainError(err.message, V2Exit.BadArgs);
    throw err;
  }
  ctx.out(enable ? 'Authentication Enabled\n' : 'Authentication Disabled\n');
  return 0;
}

export const runEnable = (ctx: V2Context) => toggle(ctx, true);
export const runDisable = (ctx: V2Context) => toggle(ctx, false);
