import { ETCDUTL_API_VERSION, ETCDUTL_VERSION } from '../../version.js';
import type { UtlContext } from '../registry.js';

// etcdutl/etcdutl/version_command.go@v3.5.30: two lines, whatever the arguments and -w.
export async function version(ctx: UtlContext): Promise<void> {
  ctx.io.stdout.write(`etcdutl version: ${ETCDUTL_VERSION}\nAPI version: ${ETCDUTL_API_VERSION}\n`);
}
