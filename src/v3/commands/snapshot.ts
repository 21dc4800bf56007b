// etcdctl snapshot save (etcdctl/ctlv3/command/snapshot_command.go and clientv3/snapshot/v3_snapshot.go @ v3.4.23).
// snapshot status and restore are offline tools and live next to it in this file.
import { badArgs, CliError, ExitCode, SilentExit } from '../../cli/exit.js';
import { humanizeBytes } from '../../go/humanize.js';
import { stderrLines, withSpinner } from '../../cli/tty.js';
import { zapEntry, zapLine, type ZapField } from '../../cli/zap.js';
import type { CommandContext } from '../context.js';
import { SnapshotFile } from '../ops/snapshot-file.js';
import { trapInterrupts, whenAborted } from '../ops/signals.js';
import type { V3Context } from '../registry.js';

/** Every failure of snapshot save exits with ExitInterrupted (5), whatever its cause. */
const interrupted = (err: unknown) =>
  err instanceof CliError && err.exitCode === ExitCode.Interrupted ? err : new CliError((err as Error).message, ExitCode.Interrupted);

/**
 * The log lines snapshot save prints on stderr: etcdctl's own (zap.NewProduction, in
 * clientv3/snapshot/v3_snapshot.go@v3.4.23) and the client's (clientv3/maintenance.go@v3.4.23).
 */
function saveLog(io: CommandContext['io']) {
  return {
    etcdctl: (caller: string, msg: string, fields: ZapField[]) => stderrLines(io, zapLine(zapEntry('production', 'info', caller, msg, fields))),
    clientv3: (level: 'info' | 'warn', caller: string, msg: string, fields: ZapField[] = []) =>
      stderrLines(io, zapLine(zapEntry('clientv3', level, caller, msg, fields))),
  };
}

export async function snapshotSave(ctx: V3Context): Promise<void> {
  if (ctx.args.length !== 1) throw badArgs('snapshot save expects one argument');
  const log = saveLog(ctx.io);
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
  creating.then(() => log.etcdctl('snapshot/v3_snapshot.go:119', 'created temporary db file', [['path', `${path}.part`]]), () => {});
  try {
    const client = await ctx.client(endpoints);
    file = await creating;
    const started = process.hrtime.bigint();
    const stream = client.serverStream('Maintenance.Snapshot', {}, { timeoutMs });
    // grpc-go opens a stream only on a ready connection, so etcdctl's "opened" and "fetching" lines mean the server
    // answered: ours wait for the first message, and a stream that fails before it logs neither (nor the warning).
    let opened = false;
    const open = () => {
      if (opened) return;
      opened = true;
      log.clientv3('info', 'clientv3/maintenance.go:200', 'opened snapshot stream; downloading');
      log.etcdctl('snapshot/v3_snapshot.go:127', 'fetching snapshot', [['endpoint', endpoints[0]]]);
    };
    interrupts.signal.addEventListener('abort', () => stream.cancel(), { once: true });
    const target = file;
    const download = async () => {
      try {
        for await (const r of stream) {
          open();
          // Most chunks only fill a buffer: an await for each would cost a promise and a microtask hop per 32 KiB.
          const diskBehind = target.append(r.blob);
          if (diskBehind) await diskBehind;
        }
      } catch (err) {
        if (opened && !interrupts.received) {
          log.clientv3('warn', 'clientv3/maintenance.go:210', 'failed to receive from snapshot stream; closing', [['error', (err as Error).message]]);
        }
        throw err;
      }
      open();
      log.clientv3('info', 'clientv3/maintenance.go:208', 'completed snapshot read; closing');
    };
    // A signal must not wait for a connection attempt to give up: stop listening at once.
    await withSpinner(ctx.io, `Saving snapshot to ${path}`, () => Promise.race([download(), whenAborted(interrupts.signal)]));
    if (interrupts.received) throw new SilentExit(interrupts.exitCode());
    await file.commit(() =>
      log.etcdctl('snapshot/v3_snapshot.go:142', 'fetched snapshot', [
        ['endpoint', endpoints[0]],
        ['size', humanizeBytes(target.size)],
        ['took', { durationNs: process.hrtime.bigint() - started }],
      ]),
    );
    log.etcdctl('snapshot/v3_snapshot.go:152', 'saved', [['path', path]]);
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
