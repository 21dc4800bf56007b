import { API_VERSION, ETCDCTL_VERSION } from '../help.js';
import type { CommandContext } from '../context.js';

// Scripts parse these two lines; the version is the etcdctl release we are compatible with.
export async function version(ctx: CommandContext): Promise<void> {
  ctx.io.stdout.write(`etcdctl version: ${ETCDCTL_VERSION}\nAPI version: ${API_VERSION}\n`);
}
