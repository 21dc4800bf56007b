import { API_VERSION, ETCDCTL_VERSION } from '../../version.js';
import type { V3Context } from '../registry.js';

// Scripts parse these two lines; the version is the etcdctl release we are compatible with.
export async function version(ctx: V3Context): Promise<void> {
  ctx.io.stdout.write(`etcdctl version: ${ETCDCTL_VERSION}\nAPI version: ${API_VERSION}\n`);
}
