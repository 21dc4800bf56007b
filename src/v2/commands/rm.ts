// `rm` and `rmdir` (= rm --dir): one-shot deletes; a deleted directory prints nothing in simple mode.
import { deleteKey, type DeleteOptions } from '../client/keys.js';
import type { CommandContext } from '../context.js';
import type { RM_FLAGS, V2Context } from '../registry.js';
import { keyArg, keyRequest, printResponse } from './common.js';

async function remove(ctx: CommandContext, opts: DeleteOptions): Promise<number> {
  const client = await ctx.syncedClient();
  const key = keyArg(ctx);
  const resp = await keyRequest(ctx, (d) => deleteKey(client, key, opts, d));
  if (!resp.node?.dir || ctx.output !== 'simple') printResponse(ctx, resp);
  return 0;
}

export const runRm = (ctx: V2Context<typeof RM_FLAGS>) => remove(ctx, {
  dir: ctx.flag('dir'),
  recursive: ctx.flag('recursive'),
  prevValue: ctx.flag('with-value'),
  prevIndex: ctx.flag('with-index'),
});

export const runRmdir = (ctx: V2Context) => remove(ctx, { dir: true });
