// `mkdir`, `setdir` and `updatedir`: one directory request differing only in prevExist
// (false: create only, one-shot; unset: create or replace a file; true: existing only).
import { setKey, type PrevExist } from '../client/keys.js';
import type { DIR_FLAGS, V2Context } from '../registry.js';
import { keyArg, keyRequest, printUnlessSimple } from './common.js';

async function dirCommand(ctx: V2Context<typeof DIR_FLAGS>, prevExist: PrevExist): Promise<number> {
  const client = await ctx.syncedClient();
  const key = keyArg(ctx);
  const opts = { ttl: ctx.flag('ttl'), dir: true, prevExist };
  printUnlessSimple(ctx, await keyRequest(ctx, (d) => setKey(client, key, '', opts, d)));
  return 0;
}

export const runMkdir = (ctx: V2Context<typeof DIR_FLAGS>) => dirCommand(ctx, 'false');
export const runSetdir = (ctx: V2Context<typeof DIR_FLAGS>) => dirCommand(ctx, '');
export const runUpdatedir = (ctx: V2Context<typeof DIR_FLAGS>) => dirCommand(ctx, 'true');
