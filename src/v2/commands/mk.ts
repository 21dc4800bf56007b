// `mk <key> <value>`: create only (a one-shot request), or with --in-order a new numbered key under <key>.
import { createInOrder, setKey } from '../client/keys.js';
import type { MK_FLAGS, V2Context } from '../registry.js';
import { keyArg, keyRequest, printResponse, valueArg } from './common.js';

export async function run(ctx: V2Context<typeof MK_FLAGS>): Promise<number> {
  const client = await ctx.syncedClient();
  const key = keyArg(ctx);
  const value = await valueArg(ctx, 1);
  const ttl = ctx.flag('ttl');
  const resp = await keyRequest(ctx, (d) => ctx.flag('in-order')
    ? createInOrder(client, key, value, ttl, d)
    : setKey(client, key, value, { ttl, prevExist: 'false' }, d));
  printResponse(ctx, resp);
  return 0;
}
