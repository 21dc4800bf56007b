// `ls [key]`: keys below a directory (all levels with -r); other formats print the whole response.
import { getKey } from '../client/keys.js';
import type { LS_FLAGS, V2Context } from '../registry.js';
import { lsSimple } from '../printers/keys.js';
import { keyRequest, printResponse } from './common.js';

export async function run(ctx: V2Context<typeof LS_FLAGS>): Promise<number> {
  const client = await ctx.syncedClient();
  const key = ctx.args.length > 0 ? ctx.args[0] : '/';
  const opts = { sort: ctx.flag('sort'), recursive: ctx.flag('recursive'), quorum: ctx.flag('quorum') };
  const resp = await keyRequest(ctx, (d) => getKey(client, key, opts, d));
  if (ctx.output === 'simple') ctx.out(lsSimple(resp, ctx.flag('p')));
  else printResponse(ctx, resp);
  return 0;
}
