// `rm` and `rmdir` (= rm --dir): one-shot deletes; a deleted directory prints nothing in simple mode.
import { deleteKey, type DeleteOptions } from '../client/keys.js';
import type { CommandContext } from '../context.js';
import { keyArg, keyRequest, printResponse } from './common.js';

async function remove(ctx: CommandContext, opts: DeleteOptions): Promise<number> {
  const client = await ctx.syncedClient();
  const key = keyArg(ctx);
  const resp = await keyRequest(ctx, (d) => deleteKey(client, key, opts, d));
  if (!resp.node?.dir || ctx.output !== 'simple') printResponse(ctx, resp);
  return 0;
}

export const runRm = (ctx: CommandContext) => remove(ctx, {
  dir: ctx.flags.bool('dir'),
  recursive: ctx.flags.bool('recursive'),
  prevValue: ctx.flags.string('with-value'),
  prevIndex: ctx.flags.int('with-index'),
});

export const runRmdir = (ctx: CommandContext) => remove(ctx, { dir: true });
