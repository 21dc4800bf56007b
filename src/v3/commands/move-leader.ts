// etcdctl move-leader (etcdctl/ctlv3/command/move_leader_command.go@v3.4.23).
import { badArgs, CliError, ExitCode } from '../../cli/exit.js';
import { parseHexUint64, StrconvError } from '../../go/strconv.js';
import type { Etcd } from '../client/index.js';
import type { CommandContext } from '../context.js';
import { moveLeaderPrinter } from '../printers/cluster.js';
import type { V3Context } from '../registry.js';

function targetArg(ctx: CommandContext): bigint {
  if (ctx.args.length !== 1) throw badArgs('move-leader command needs 1 argument');
  try {
    return parseHexUint64(ctx.args[0]);
  } catch (err) {
    if (err instanceof StrconvError) throw badArgs(err.message);
    throw err;
  }
}

/** The first endpoint, in the order given, whose member is the leader; only the leader can hand over. */
async function findLeader(client: Etcd, endpoints: string[], left: () => number): Promise<{ endpoint: string; id: bigint } | undefined> {
  for (const ep of endpoints) {
    const c = client.endpointClient(ep);
    const status = await c.unary('Maintenance.Status', {}, { timeoutMs: left() });
    if (status.header && status.header.member_id === status.leader) return { endpoint: ep, id: status.leader };
  }
  return undefined;
}

export async function moveLeader(ctx: V3Context): Promise<void> {
  const target = targetArg(ctx);
  const print = ctx.printer(moveLeaderPrinter);
  const client = await ctx.client();
  const endpoints = ctx.globals().endpoints.map((e) => e.trim());
  // One deadline for the whole search and the transfer, as etcdctl shares one context.
  const deadline = Date.now() + ctx.commandTimeoutMs();
  const left = () => Math.max(1, deadline - Date.now());
  const found = await findLeader(client, endpoints, left);
  if (!found) throw new CliError(`no leader endpoint given at [${endpoints.join(' ')}]`, ExitCode.BadArgs);
  // etcdctl asks the leader through a client made for its endpoint alone, not a direct dial.
  const leader = client.endpointClient(found.endpoint, false);
  const resp = await leader.unary('Maintenance.MoveLeader', { targetID: target }, { timeoutMs: left() });
  print({ from: found.id, to: target, resp });
}
