// `watch <key>`: waits for the next change (every change with --forever) and prints it; events on
// directories are skipped.
import { Deadline } from '../client/deadline.js';
import { Watcher } from '../client/keys.js';
import type { WATCH_FLAGS, V2Context } from '../registry.js';
import { untilInterrupted } from '../interrupt.js';
import { keyArg, keyRequest, printResponse } from './common.js';

export async function run(ctx: V2Context<typeof WATCH_FLAGS>): Promise<number> {
  const client = await ctx.syncedClient();
  const key = keyArg(ctx);
  const recursive = ctx.flag('recursive');
  const forever = ctx.flag('forever');
  const watcher = new Watcher(client, key, ctx.flag('after-index'), recursive);
  // A watch has no total timeout: it waits as long as it takes.
  const deadline = Deadline.none();
  const loop = async (): Promise<number> => {
    for (;;) {
      const resp = await keyRequest(ctx, () => watcher.next(deadline), deadline);
      if (!resp.node || resp.node.dir) continue;
      if (recursive) ctx.out(`[${resp.action}] ${resp.node.key}\n`);
      printResponse(ctx, resp);
      if (!forever) return 0;
    }
  };
  return untilInterrupted(ctx, loop(), deadline);
}
