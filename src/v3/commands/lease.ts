// etcdctl lease grant|revoke|timetolive|list|keep-alive (etcdctl/ctlv3/command/lease_command.go@v3.4.23).
// etcdctl 3.4 gives timetolive, list and keep-alive no deadline at all; we bound them (see the README).
import { badArgs, CliError, ExitCode } from '../../cli/exit.js';
import { parseGoInt, StrconvError } from '../../go/strconv.js';
import {
  leaseGrantPrinter,
  leaseKeepAlivePrinter,
  leaseLeasesPrinter,
  leaseRevokePrinter,
  leaseTimeToLivePrinter,
} from '../printers/lease.js';
import type { LeaseGrantResponse, LeaseLeasesResponse, LeaseRevokeResponse, LeaseTimeToLiveResponse } from '../proto/schema.js';
import { leaseHex } from '../printers/common.js';
import { keepAlive, keepAliveOnce } from '../ops/keepalive.js';
import { firstKeepAliveAnswerMs } from '../ops/timeouts.js';
import type { LEASE_KEEP_ALIVE_FLAGS, LEASE_TIMETOLIVE_FLAGS, V3Context } from '../registry.js';

/** A lease ID argument: hex, signed 64-bit (strconv.ParseInt(s, 16, 64)). */
export function leaseIdArg(arg: string): bigint {
  try {
    return parseGoInt(arg, 16, 64);
  } catch (err) {
    if (err instanceof StrconvError) throw badArgs(`bad lease ID arg (${err.message}), expecting ID in Hex`);
    throw err;
  }
}

/** RPC failures of these commands exit with ExitBadConnection in etcdctl, the message unchanged. */
function asBadConnection(err: unknown): never {
  if (err instanceof CliError) throw err;
  throw new CliError((err as Error).message, ExitCode.BadConnection);
}

export async function leaseGrant(ctx: V3Context): Promise<void> {
  if (ctx.args.length !== 1) throw badArgs('lease grant command needs TTL argument');
  let ttl: bigint;
  try {
    ttl = parseGoInt(ctx.args[0], 10, 64);
  } catch (err) {
    if (err instanceof StrconvError) throw badArgs(`bad TTL (${err.message})`);
    throw err;
  }
  const print = ctx.printer(leaseGrantPrinter);
  const client = await ctx.client();
  let resp: LeaseGrantResponse;
  try {
    resp = await client.unary('Lease.LeaseGrant', { TTL: ttl }, { timeoutMs: ctx.commandTimeoutMs() });
  } catch (err) {
    throw new CliError(`failed to grant lease (${(err as Error).message})`, ExitCode.Error);
  }
  print(resp);
}

export async function leaseRevoke(ctx: V3Context): Promise<void> {
  if (ctx.args.length !== 1) throw badArgs('lease revoke command needs 1 argument');
  const id = leaseIdArg(ctx.args[0]);
  const print = ctx.printer(leaseRevokePrinter);
  const client = await ctx.client();
  let resp: LeaseRevokeResponse;
  try {
    resp = await client.unary('Lease.LeaseRevoke', { ID: id }, { timeoutMs: ctx.commandTimeoutMs() });
  } catch (err) {
    throw new CliError(`failed to revoke lease (${(err as Error).message})`, ExitCode.Error);
  }
  print({ id, resp });
}

export async function leaseTimetolive(ctx: V3Context<typeof LEASE_TIMETOLIVE_FLAGS>): Promise<void> {
  if (ctx.args.length !== 1) throw badArgs('lease timetolive command needs lease ID as argument');
  const id = leaseIdArg(ctx.args[0]);
  const withKeys = ctx.flag('keys');
  const print = ctx.printer(leaseTimeToLivePrinter);
  const client = await ctx.client();
  let resp: LeaseTimeToLiveResponse;
  try {
    resp = await client.unary(
      'Lease.LeaseTimeToLive',
      { ID: id, keys: withKeys },
      { timeoutMs: ctx.commandTimeoutMs() },
    );
  } catch (err) {
    asBadConnection(err);
  }
  print({ resp, withKeys });
}

export async function leaseList(ctx: V3Context): Promise<void> {
  const print = ctx.printer(leaseLeasesPrinter);
  const client = await ctx.client();
  let resp: LeaseLeasesResponse;
  try {
    resp = await client.unary('Lease.LeaseLeases', {}, { timeoutMs: ctx.commandTimeoutMs() });
  } catch (err) {
    asBadConnection(err);
  }
  print(resp);
}

export async function leaseKeepAlive(ctx: V3Context<typeof LEASE_KEEP_ALIVE_FLAGS>): Promise<void> {
  if (ctx.args.length !== 1) throw badArgs('lease keep-alive command needs lease ID as argument');
  const id = leaseIdArg(ctx.args[0]);
  const print = ctx.printer(leaseKeepAlivePrinter);
  const client = await ctx.client();
  if (ctx.flag('once')) {
    let resp;
    try {
      resp = await keepAliveOnce(client, id);
    } catch (err) {
      asBadConnection(err);
    }
    print(resp);
    return;
  }
  await keepAlive(client, id, {
    firstAnswerMs: firstKeepAliveAnswerMs(ctx.globals()),
    onAnswer: print,
  });
  if (print.format === 'simple') ctx.io.stdout.write(`lease ${leaseHex(id)} expired or revoked.\n`);
}
