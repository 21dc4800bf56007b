// `set <key> <value>`: unconditional, or compare-and-swap with --swap-with-value/--swap-with-index.
import { setKey } from '../client/keys.js';
import type { SET_FLAGS, V2Context } from '../registry.js';
import { keyArg, keyRequest, printResponse, valueArg } from './common.js';

export async function run(ctx: V2Context<typeof SET_FLAGS>): Promise<number> {
  const client = await ctx.syncedClient();
  const key = keyArg(ctx);
  const value = await valueArg(ctx, 1);
  const opts = {
    ttl: ctx.flag('ttl'),
    prevValue: ctx.flag('swap-with-value'),
    prevIndex: ctx.flag('swap-with-index'),
  };
  printResponse(ctx, await keyRequest(ctx, (d) => setKey(client, key, value, opts, d)));
  return 0;
}
