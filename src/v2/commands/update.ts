// `update <key> <value>`: only an existing key (prevExist=true); without --ttl an existing TTL is cleared.
import { setKey } from '../client/keys.js';
import type { UPDATE_FLAGS, V2Context } from '../registry.js';
import { keyArg, keyRequest, printResponse, valueArg } from './common.js';

export async function run(ctx: V2Context<typeof UPDATE_FLAGS>): Promise<number> {
  const client = await ctx.syncedClient();
  const key = keyArg(ctx);
  const value = await valueArg(ctx, 1);
  const opts = { ttl: ctx.flag('ttl'), prevExist: 'true' as const };
  printResponse(ctx, await keyRequest(ctx, (d) => setKey(client, key, value, opts, d)));
  return 0;
}
