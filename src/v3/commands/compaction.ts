// etcdctl compaction (etcdctl/ctlv3/command/compaction_command.go@v3.4.23): prints one fixed line whatever -w says (a bad -w still fails).
import { CliError, ExitCode, badArgs } from '../../cli/exit.js';
import { parseGoInt } from '../../go/strconv.js';
import type { COMPACTION_FLAGS, V3Context } from '../registry.js';

export async function compaction(ctx: V3Context<typeof COMPACTION_FLAGS>): Promise<void> {
  if (ctx.args.length !== 1) throw badArgs('compaction command needs 1 argument');
  let rev: bigint;
  try {
    rev = parseGoInt(ctx.args[0], 10, 64);
  } catch (err) {
    throw new CliError((err as Error).message, ExitCode.Error);
  }
  const client = await ctx.client();
  await client.unary('KV.Compact', { revision: rev, physical: ctx.flag('physical') }, { timeoutMs: ctx.commandTimeoutMs() });
  ctx.io.stdout.write(`compacted revision ${rev}\n`);
}
