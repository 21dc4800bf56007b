// etcdctl member add|remove|update|list|promote (etcdctl/ctlv3/command/member_command.go@v3.4.23; list's
// --consistency from @v3.6.16).
import { badArgs, badFeature, CliError, ExitCode } from '../../cli/exit.js';
import { parseHexUint64, StrconvError } from '../../go/strconv.js';
import type { CommandContext } from '../context.js';
import {
  memberAddPrinter,
  memberListPrinter,
  memberPromotePrinter,
  memberRemovePrinter,
  memberUpdatePrinter,
} from '../printers/cluster.js';
import { peerUrlsProblem } from '../../go/types.js';
import { commandLineTimeoutMs } from '../ops/timeouts.js';
import type { MEMBER_ADD_FLAGS, MEMBER_LIST_FLAGS, MEMBER_UPDATE_FLAGS, V3Context } from '../registry.js';

/** The member ID argument: exactly one, hex, 64-bit (strconv.ParseUint(s, 16, 64)). */
function memberIdArg(ctx: CommandContext): bigint {
  if (ctx.args.length !== 1) throw badArgs('member ID is not provided');
  try {
    return parseHexUint64(ctx.args[0]);
  } catch (err) {
    if (err instanceof StrconvError) throw badArgs(`bad member ID arg (${err.message}), expecting ID in Hex`);
    throw err;
  }
}

function peerUrlsFlag(ctx: V3Context<typeof MEMBER_UPDATE_FLAGS>): string {
  const raw = ctx.flag('peer-urls');
  if (raw === '') throw badArgs('member peer urls not provided');
  return raw;
}

/**
 * The request --consistency (etcdctl 3.6) makes. Unset, it is etcdctl 3.4.23's request, which has no such field: a
 * 3.5+ server answers from the member's own view, so the list still comes when quorum is lost. Given, it is 3.6's:
 * `l` asks for a linearizable list, `s` for the member's own. A value other than those fails as 3.6's does, quoting
 * get's --consistency (which is "l" here): IsSerializable in etcdctl/ctlv3/command/util.go@v3.6.16 prints that one.
 */
function memberListRequest(ctx: V3Context<typeof MEMBER_LIST_FLAGS>): { linearizable?: boolean } {
  if (!ctx.changed('consistency')) return {};
  const consistency = ctx.flag('consistency');
  if (consistency !== 'l' && consistency !== 's') throw badFeature('unknown consistency flag "l"');
  return { linearizable: consistency === 'l' };
}

export async function memberList(ctx: V3Context<typeof MEMBER_LIST_FLAGS>): Promise<void> {
  const request = memberListRequest(ctx);
  // etcdctl makes the member commands' timeout before ETCDCTL_* are read, so ETCDCTL_COMMAND_TIMEOUT does not apply.
  const timeoutMs = commandLineTimeoutMs(ctx);
  const print = ctx.printer(memberListPrinter);
  const client = await ctx.client();
  const resp = await client.unary('Cluster.MemberList', request, { timeoutMs });
  print(resp);
}

function tooManyArguments(args: string[]): CliError {
  let msg = 'too many arguments';
  for (const a of args) if (a.toLowerCase().startsWith('http')) msg += `, did you mean --peer-urls=${a}`;
  return badArgs(msg);
}

export async function memberAdd(ctx: V3Context<typeof MEMBER_ADD_FLAGS>): Promise<void> {
  if (ctx.args.length < 1) throw badArgs('member name not provided');
  if (ctx.args.length > 1) throw tooManyArguments(ctx.args);
  const name = ctx.args[0];
  const peerUrls = peerUrlsFlag(ctx);
  const urls = peerUrls.split(',');
  const timeoutMs = commandLineTimeoutMs(ctx);
  const print = ctx.printer(memberAddPrinter);
  const client = await ctx.client();
  const problem = peerUrlsProblem(urls);
  if (problem !== undefined) throw new CliError(problem, ExitCode.Error);
  const resp = await client.unary(
    'Cluster.MemberAdd',
    { peerURLs: urls, isLearner: ctx.flag('learner') },
    { timeoutMs },
  );
  print({ resp, name, peerUrls });
}

async function changeMember(
  ctx: V3Context,
  method: 'Cluster.MemberRemove' | 'Cluster.MemberUpdate' | 'Cluster.MemberPromote',
  printer: typeof memberRemovePrinter,
  request: (id: bigint) => { ID: bigint; peerURLs?: string[] },
): Promise<void> {
  const id = memberIdArg(ctx);
  const req = request(id);
  const timeoutMs = commandLineTimeoutMs(ctx);
  const print = ctx.printer(printer);
  const client = await ctx.client();
  const problem = req.peerURLs && peerUrlsProblem(req.peerURLs);
  if (problem) throw new CliError(problem, ExitCode.Error);
  const resp = await client.unary(method, req, { timeoutMs });
  print({ id, resp });
}

export function memberRemove(ctx: V3Context): Promise<void> {
  return changeMember(ctx, 'Cluster.MemberRemove', memberRemovePrinter, (ID) => ({ ID }));
}

export function memberUpdate(ctx: V3Context<typeof MEMBER_UPDATE_FLAGS>): Promise<void> {
  return changeMember(ctx, 'Cluster.MemberUpdate', memberUpdatePrinter, (ID) => ({
    ID,
    peerURLs: peerUrlsFlag(ctx).split(','),
  }));
}

export function memberPromote(ctx: V3Context): Promise<void> {
  return changeMember(ctx, 'Cluster.MemberPromote', memberPromotePrinter, (ID) => ({ ID }));
}
