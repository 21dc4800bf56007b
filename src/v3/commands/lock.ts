// etcdctl lock (etcdctl/ctlv3/command/lock_command.go@v3.4.23): the concurrency mutex under the lock name,
// held until Ctrl-C/SIGTERM or, with a command, while the command runs.
import { badArgs, CliError, ExitCode } from '../../cli/exit.js';
import { getPrinter } from '../printers/kv.js';
import { Mutex, Session } from '../ops/concurrency.js';
import { trapInterrupts, whenAborted } from '../ops/signals.js';
import { firstKeepAliveAnswerMs } from '../ops/timeouts.js';
import { runLocked } from '../ops/exec.js';
import type { LOCK_FLAGS, V3Context } from '../registry.js';

export async function lock(ctx: V3Context<typeof LOCK_FLAGS>): Promise<number> {
  if (ctx.args.length === 0) throw badArgs('lock takes a lock name argument and an optional command to execute');
  const [name, ...command] = ctx.args;
  const g = ctx.globals();
  // Only the form without a command prints; etcdctl 3.4 would take the lock before refusing the format.
  const print = command.length === 0 ? ctx.printer(getPrinter) : undefined;
  const client = await ctx.client();
  const interrupts = trapInterrupts();
  ctx.onExit(() => interrupts.dispose());
  const opts = { timeoutMs: ctx.commandTimeoutMs() };
  const session = await Session.open(client, ctx.flag('ttl'), firstKeepAliveAnswerMs(g), opts);
  ctx.onExit(() => session.orphan());
  const mutex = new Mutex(session, name, opts);
  await mutex.lock(interrupts.signal);

  if (print === undefined) {
    const failure = await runLocked(command, {
      ETCD_LOCK_KEY: mutex.key.toString(),
      ETCD_LOCK_REV: String(mutex.header?.revision ?? 0n),
    }, ctx.io.env);
    await mutex.unlock();
    if (failure) throw new CliError(failure, ExitCode.Error);
    return ExitCode.Success;
  }

  const held = await client.unary('KV.Range', { key: mutex.key }, opts);
  if (held.kvs.length === 0) throw new CliError('lock lost on init', ExitCode.Error);
  print(held);
  const expired = session.done.then(() => 'expired' as const);
  const outcome = await Promise.race([whenAborted(interrupts.signal).then(() => 'interrupted' as const), expired]);
  if (outcome === 'expired') throw new CliError('session expired', ExitCode.Error);
  await mutex.unlock();
  return ExitCode.Success;
}
