// etcdctl downgrade validate|enable|cancel (etcdctl 3.6: etcdctl/ctlv3/command/downgrade_command.go@v3.6.16).
// A server before 3.5 has no Downgrade method and answers Unimplemented, which is printed as etcdctl 3.6 prints it.
import { badArgs } from '../../cli/exit.js';
import { DowngradeRequest_DowngradeAction as Action } from '../proto/schema.js';
import { downgradePrinter } from '../printers/downgrade.js';
import { commandLineTimeoutMs } from '../ops/timeouts.js';
import type { V3Context } from '../registry.js';

/** The one TARGET_VERSION argument; what it may be is the server's to say. */
function targetVersionArg(args: string[]): string {
  if (args.length < 1) throw badArgs('TARGET_VERSION not provided');
  if (args.length > 1) throw badArgs('too many arguments');
  if (args[0] === '') throw badArgs('target version not provided');
  return args[0];
}

async function downgrade(ctx: V3Context, action: Action, word: string, version: string): Promise<void> {
  // As etcdctl: the command's context comes before the environment is read (ETCDCTL_COMMAND_TIMEOUT does not apply).
  const timeoutMs = commandLineTimeoutMs(ctx);
  const print = ctx.printer(downgradePrinter);
  const client = await ctx.client();
  const resp = await client.unary('Maintenance.Downgrade', { action, version }, { timeoutMs });
  print({ action: word, resp });
}

export async function downgradeValidate(ctx: V3Context): Promise<void> {
  await downgrade(ctx, Action.VALIDATE, 'validate', targetVersionArg(ctx.args));
}

export async function downgradeEnable(ctx: V3Context): Promise<void> {
  await downgrade(ctx, Action.ENABLE, 'enable', targetVersionArg(ctx.args));
}

/** Arguments are ignored, as etcdctl 3.6 ignores them. */
export async function downgradeCancel(ctx: V3Context): Promise<void> {
  await downgrade(ctx, Action.CANCEL, 'cancel', '');
}
