// etcdctl member list (spec v3-cluster.md §8.4). add/remove/update/promote live here too.
import type { CommandContext } from '../context.js';
import { assertSupported } from '../printers/format.js';
import { memberListPrinter } from '../printers/cluster.js';

export async function memberList(ctx: CommandContext): Promise<void> {
  const g = ctx.globals();
  const render = assertSupported(memberListPrinter, g.writeOut);
  const client = await ctx.client();
  const resp = await client.unary('Cluster.MemberList', {}, { timeoutMs: ctx.commandTimeoutMs() });
  ctx.io.stdout.write(render(resp as never, { hex: g.hex }));
}
