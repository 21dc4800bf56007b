// etcdctl elect (etcdctl/ctlv3/command/elect_command.go@v3.4.23): campaign with a proposal and hold leadership
// until Ctrl-C/SIGTERM, or (-l) print the leader and every change of it.
import { badArgs, CliError, ExitCode } from '../../cli/exit.js';
import { argBytes } from '../../cli/argv.js';
import { getPrinter } from '../printers/kv.js';
import { Election, Session } from '../ops/concurrency.js';
import { trapInterrupts, whenAborted } from '../ops/signals.js';
import { firstKeepAliveAnswerMs } from '../ops/timeouts.js';
import type { ELECT_FLAGS, V3Context } from '../registry.js';

/** Library default: elect has no --ttl. */
const SESSION_TTL = 60n;

export async function elect(ctx: V3Context<typeof ELECT_FLAGS>): Promise<number> {
  if (ctx.args.length !== 1 && ctx.args.length !== 2) {
    throw badArgs('elect takes one election name argument and an optional proposal argument');
  }
  const g = ctx.globals();
  const listen = ctx.flag('listen');
  if (ctx.args.length === 1 && !listen) throw badArgs('no proposal argument but -l not set');
  if (ctx.args.length === 2 && listen) throw badArgs('proposal given but -l is set');
  // etcdctl 3.4 would campaign (and win) before refusing the format.
  const print = ctx.printer(getPrinter);
  const client = await ctx.client();
  const interrupts = trapInterrupts();
  ctx.onExit(() => interrupts.dispose());
  const opts = { timeoutMs: ctx.commandTimeoutMs() };
  const session = await Session.open(client, SESSION_TTL, firstKeepAliveAnswerMs(g), opts);
  ctx.onExit(() => session.orphan());
  const election = new Election(session, ctx.args[0], opts);

  if (listen) {
    try {
      await election.observe(interrupts.signal, print);
    } catch (err) {
      if (interrupts.signal.aborted) return ExitCode.Success;
      throw new CliError('elect: observer lost', ExitCode.Error);
    }
    return ExitCode.Success;
  }

  await election.campaign(argBytes(ctx.args[1]), interrupts.signal);
  print(await client.unary('KV.Range', { key: election.leaderKey }, opts));
  const expired = session.done.then(() => 'expired' as const);
  const outcome = await Promise.race([whenAborted(interrupts.signal).then(() => 'interrupted' as const), expired]);
  if (outcome === 'expired') throw new CliError('elect: session expired', ExitCode.Error);
  await election.resign();
  return ExitCode.Success;
}
