// `get <key>`: a file's value; a directory is refused with exit 1.
import { getKey } from '../client/keys.js';
import type { GET_FLAGS, V2Context } from '../registry.js';
import { plainError } from '../errors.js';
import { keyArg, keyRequest, printResponse } from './common.js';

export async function run(ctx: V2Context<typeof GET_FLAGS>): Promise<number> {
  const client = await ctx.syncedClient();
  const key = keyArg(ctx);
  const opts = { sort: ctx.flag('sort'), quorum: ctx.flag('quorum') };
  const resp = await keyRequest(ctx, (d) => getKey(client, key, opts, d));
  if (resp.node?.dir) throw plainError(`${resp.node.key}: is a directory`);
  printResponse(ctx, resp);
  return 0;
}
