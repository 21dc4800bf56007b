// `mkdir`, `setdir` and `updatedir`: one directory request differing only in prevExist
// (false: create only, one-shot; unset: create or replace a file; true: existing only).
import { setKey, type PrevExist } from '../client/keys.js';
import type { CommandContext } from '../context.js';
import { keyArg, keyRequest, printUnlessSimple } from './common.js';

async function dirCommand(ctx: CommandContext, prevExist: PrevExist): Promise<number> {
  const client = await ctx.syncedClient();
  const key = keyArg(ctx);
  const opts = { ttl: ctx.flags.int('ttl'), dir: true, prevExist };
  printUnlessSimple(ctx, await keyRequest(ctx, (d) => setKey(client, key, '', opts, d)));
  return 0;
}

export const runMkdir = (ctx: CommandContext) => dirCommand(ctx, 'false');
export const runSetdir = (ctx: CommandContext) => dirCommand(ctx, '');
export const runUpdatedir = (ctx: CommandContext) => dirCommand(ctx, 'true');
