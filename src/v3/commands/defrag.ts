// etcdctl defrag (etcdctl/ctlv3/command/defrag_command.go@v3.4.23). --data-dir is the offline tool in
// src/offline; online, each endpoint is defragmented in turn and failures are reported one by one.
import { ExitCode, SilentExit } from '../../cli/exit.js';
import { endpointsFor } from './endpoint.js';
import { withSpinner } from '../../cli/tty.js';
import type { DEFRAG_FLAGS, V3Context } from '../registry.js';

/** Offline: success prints nothing; a failure is one line on stderr from the offline module, exit 1. */
async function defragOffline(dataDir: string): Promise<number> {
  const { defragDataDir } = await import('../../offline/defrag.js');
  await defragDataDir(dataDir);
  return ExitCode.Success;
}

export async function defrag(ctx: V3Context<typeof DEFRAG_FLAGS>): Promise<number> {
  const dataDir = ctx.flag('data-dir');
  // etcdctl never builds a client (nor reads ETCDCTL_* or -w) for the offline form.
  if (dataDir !== '') return defragOffline(dataDir);
  const client = await ctx.client();
  const endpoints = await endpointsFor(ctx);
  let failures = 0;
  for (const ep of endpoints) {
    try {
      await withSpinner(ctx.io, `Defragmenting ${ep}`, () =>
        client.endpointClient(ep).unary('Maintenance.Defragment', {}, { timeoutMs: ctx.commandTimeoutMs() }),
      );
      ctx.io.stdout.write(`Finished defragmenting etcd member[${ep}]\n`);
    } catch (err) {
      failures++;
      ctx.io.stderr.write(`Failed to defragment etcd member[${ep}] (${(err as Error).message})\n`);
    }
  }
  if (failures !== 0) throw new SilentExit(ExitCode.Error);
  return ExitCode.Success;
}
