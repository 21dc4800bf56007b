// `mk <key> <value>`: create only (a one-shot request), or with --in-order a new numbered key under <key>.
import { createInOrder, setKey } from '../client/keys.js';
import type { CommandContext } from '../context.js';
import { keyArg, keyRequest, printResponse, valueArg } from './common.js';

export async function run(ctx: CommandContext): Promise<number> {
  const client = await ctx.syncedClient();
  const key = keyArg(ctx);
  const value = await valueArg(ctx, 1);
  const ttl = ctx.flags.int('ttl');
  const resp = await keyRequest(ctx, (d) => ctx.flags.bool('in-order')
    ? createInOrder(client, key, value, ttl, d)
    : setKey(client, key, value, { ttl, prevExist: 'false' }, d));
  printResponse(ctx, resp);
  return 0;
}
