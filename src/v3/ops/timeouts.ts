// Deadlines the way etcdctl computes them, including where it reads a flag before ETCDCTL_* are applied.
import type { CommandContext } from '../context.js';

import { durationMs } from '../../go/duration.js';
import type { GlobalOptions } from '../globals.js';

/**
 * --command-timeout as given on the command line only (ctx.flag never sees the environment). member and alarm
 * commands create their context before the environment is read, so ETCDCTL_COMMAND_TIMEOUT does not reach them
 * (etcdctl/ctlv3/command/global.go@v3.4.23).
 */
export function commandLineTimeoutMs(ctx: CommandContext<{ 'command-timeout': bigint }>): number {
  return durationMs(ctx.flag('command-timeout')) || 1;
}

/**
 * How long clientv3 waits for a lease's first keep-alive answer before it calls the lease lost: the dial
 * timeout plus a second (clientv3/lease.go@v3.4.23, firstKeepAliveTimeout); sessions (lock, elect) and
 * `lease keep-alive` wait so.
 */
export function firstKeepAliveAnswerMs(g: Pick<GlobalOptions, 'dialTimeoutNs'>): number {
  return durationMs(g.dialTimeoutNs) + 1000;
}
