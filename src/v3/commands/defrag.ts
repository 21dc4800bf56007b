// etcdctl defrag (spec v3-cluster.md §8.8, defrag_command.go @ v3.4.23). --data-dir is the offline tool in
// src/offline; online, each endpoint is defragmented in turn and failures are reported one by one.
import { CliError, ExitCode, SilentExit } from '../../cli/exit.js';
import type { IO } from '../../cli/io.js';
import type { CommandContext } from '../context.js';
import { endpointsFor } from './endpoint.js';
import { withSpinner } from '../../cli/tty.js';

/** The offline module's entry: defragments <dir>/member/snap/db of a stopped member. */
type OfflineDefrag = (dataDir: string, io: IO) => Promise<number | void>;

async function loadOfflineDefrag(): Promise<OfflineDefrag | undefined> {
  try {
    const mod = (await import('../../offline/defrag.js' as string)) as Record<string, unknown>;
    const fn = mod.defragDataDir ?? mod.defrag;
    return typeof fn === 'function' ? (fn as OfflineDefrag) : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw err;
  }
}

async function defragOffline(ctx: CommandContext, dataDir: string): Promise<number> {
  const run = await loadOfflineDefrag();
  if (!run) throw new CliError('defrag --data-dir is not available in this build of etcdctl-ts', ExitCode.Error);
  return (await run(dataDir, ctx.io)) ?? ExitCode.Success;
}

export async function defrag(ctx: CommandContext): Promise<number> {
  const dataDir = ctx.flag<string>('data-dir');
  // etcdctl never builds a client (nor reads ETCDCTL_* or -w) for the offline form.
  if (dataDir !== '') return defragOffline(ctx, dataDir);
  ctx.globals();
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
