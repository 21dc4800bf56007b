// etcdctl snapshot save (spec v3-cluster.md §9.1, snapshot_command.go and clientv3/snapshot @ v3.4.23).
// snapshot status and restore are offline tools and live next to it in this file.
import { badArgs, CliError, ExitCode, SilentExit } from '../../cli/exit.js';
import { withSpinner } from '../../cli/tty.js';
import type { CommandContext } from '../context.js';
import { SnapshotFile } from '../ops/snapshot-file.js';
import { trapInterrupts, whenAborted } from '../ops/signals.js';

interface SnapshotResponse {
  remaining_bytes: bigint;
  blob: Buffer;
}

/** Every failure of snapshot save exits with ExitInterrupted (5), whatever its cause. */
const interrupted = (err: unknown) =>
  err instanceof CliError && err.exitCode === ExitCode.Interrupted ? err : new CliError((err as Error).message, ExitCode.Interrupted);

export async function snapshotSave(ctx: CommandContext): Promise<void> {
  if (ctx.args.length !== 1) throw badArgs('snapshot save expects one argument');
  const path = ctx.args[0];
  const g = ctx.globals();
  const { resolveEndpoints } = await import('../connect.js');
  const { endpoints } = await resolveEndpoints(g, ctx.io);
  if (endpoints.length !== 1) {
    throw new CliError(`snapshot must be requested to one selected node, not multiple [${endpoints.join(' ')}]`, ExitCode.Interrupted);
  }
  // No deadline unless --command-timeout was given (flag or ETCDCTL_COMMAND_TIMEOUT); connecting is still
  // bounded by the dial timeout, so a dead endpoint cannot hang us.
  const timeoutMs = g.changed.has('command-timeout') ? ctx.commandTimeoutMs() : undefined;
  const interrupts = trapInterrupts();
  let file: SnapshotFile | undefined;
  // FILE.part is opened while the client loads; a client failure is still the one reported, as before.
  const creating = SnapshotFile.create(path);
  creating.catch(() => {});
  try {
    const client = await ctx.client(endpoints);
    file = await creating;
    const stream = client.serverStream<SnapshotResponse>('Maintenance.Snapshot', {}, { timeoutMs });
    interrupts.signal.addEventListener('abort', () => stream.cancel(), { once: true });
    const target = file;
    const download = async () => {
      for await (const r of stream) {
        // Most chunks only fill a buffer: an await for each would cost a promise and a microtask hop per 32 KiB.
        const diskBehind = target.append(r.blob);
        if (diskBehind) await diskBehind;
      }
    };
    // A signal must not wait for a connection attempt to give up: stop listening at once.
    await withSpinner(ctx.io, `Saving snapshot to ${path}`, () => Promise.race([download(), whenAborted(interrupts.signal)]));
    if (interrupts.received) throw new SilentExit(interrupts.exitCode());
    await file.commit();
  } catch (err) {
    await (file ?? (await creating.catch(() => undefined)))?.discard();
    if (err instanceof SilentExit) throw err;
    if (interrupts.received) throw new SilentExit(interrupts.exitCode());
    throw interrupted(err);
  } finally {
    interrupts.dispose();
  }
  ctx.io.stdout.write(`Snapshot saved at ${path}\n`);
}
