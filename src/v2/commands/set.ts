// `set <key> <value>`: unconditional, or compare-and-swap with --swap-with-value/--swap-with-index.
import { setKey } from '../client/keys.js';
import type { CommandContext } from '../context.js';
import { keyArg, keyRequest, printResponse, valueArg } from './common.js';

export async function run(ctx: CommandContext): Promise<number> {
  const client = await ctx.syncedClient();
  const key = keyArg(ctx);
  const value = await valueArg(ctx, 1);
  const opts = {
    ttl: ctx.flags.int('ttl'),
    prevValue: ctx.flags.string('swap-with-value'),
    prevIndex: ctx.flags.int('swap-with-index'),
  };
  printResponse(ctx, await keyRequest(ctx, (d) => setKey(client, key, value, opts, d)));
  return 0;
}
