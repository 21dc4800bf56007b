// `ls [key]`: keys below a directory (all levels with -r); other formats print the whole response.
import { getKey } from '../client/keys.js';
import type { CommandContext } from '../context.js';
import { lsSimple } from '../printers/keys.js';
import { keyRequest, printResponse } from './common.js';

export async function run(ctx: CommandContext): Promise<number> {
  const client = await ctx.syncedClient();
  const key = ctx.args.length > 0 ? ctx.args[0] : '/';
  const opts = { sort: ctx.flags.bool('sort'), recursive: ctx.flags.bool('recursive'), quorum: ctx.flags.bool('quorum') };
  const resp = await keyRequest(ctx, (d) => getKey(client, key, opts, d));
  if (ctx.output === 'simple') ctx.out(lsSimple(resp, ctx.flags.bool('p')));
  else printResponse(ctx, resp);
  return 0;
}
