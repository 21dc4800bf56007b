// etcdctl 3.7's `options`: the global flags, in pflag's own usage layout (etcdctl 3.7 hides them from every
// other help and lists them here; etcdctl/ctlv3/command/options_command.go@v3.7.1). No client, no environment.
import { pflagUsages } from '../../cli/pflag.js';
import { V3_GLOBAL_FLAGS, type V3Context } from '../registry.js';

export async function options(ctx: V3Context): Promise<void> {
  ctx.io.stdout.write('The following options can be passed to any command:\n\n' + pflagUsages(V3_GLOBAL_FLAGS));
}
