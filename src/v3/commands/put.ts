// etcdctl put (etcdctl/ctlv3/command/put_command.go@v3.4.23): the value may come from stdin, bytes kept exactly.
import { badArgs } from '../../cli/exit.js';
import { readAllStdin } from '../../cli/io.js';
import { parseGoInt } from '../../go/strconv.js';
import { putPrinter } from '../printers/kv.js';
import { toBytes } from '../keys.js';
import type { ArgSource } from './get.js';
import type { PutRequest } from '../proto/schema.js';
import type { PUT_FLAGS, V3Context } from '../registry.js';

/** --lease is hex, parsed as a signed 64-bit number like etcdctl's strconv.ParseInt(s, 16, 64). */
export function parseLeaseId(s: string): bigint {
  try {
    return parseGoInt(s, 16, 64);
  } catch (err) {
    throw badArgs(`bad lease ID (${(err as Error).message}), expecting ID in Hex`);
  }
}

async function putArguments(ctx: V3Context<typeof PUT_FLAGS>): Promise<{ key: Buffer; value: Buffer }> {
  const args = ctx.args;
  const ignoreValue = ctx.flag('ignore-value');
  if (args.length === 0) throw badArgs('put command needs 1 argument and input from stdin or 2 arguments');
  const key = toBytes(args[0]);
  if (ignoreValue && args.length > 1) throw badArgs('put command needs only 1 argument when \'ignore-value\' is set');
  if (args.length > 1) return { key, value: toBytes(args[1]) };
  if (ignoreValue) return { key, value: Buffer.alloc(0) };
  const value = await readAllStdin(ctx.io);
  if (value.length === 0) throw badArgs('put command needs 1 argument and input from stdin or 2 arguments');
  return { key, value };
}

/** The PutRequest for a key and value and the line's flags (a txn op line uses it too). */
export function putRequest(ctx: ArgSource<typeof PUT_FLAGS>, key: Buffer, value: Buffer): PutRequest {
  return {
    key,
    value,
    lease: parseLeaseId(ctx.flag('lease')),
    prev_kv: ctx.flag('prev-kv'),
    ignore_value: ctx.flag('ignore-value'),
    ignore_lease: ctx.flag('ignore-lease'),
  };
}

export async function put(ctx: V3Context<typeof PUT_FLAGS>): Promise<void> {
  const { key, value } = await putArguments(ctx);
  const req = putRequest(ctx, key, value);
  const print = ctx.printer(putPrinter);
  const client = await ctx.client();
  const resp = await client.unary('KV.Put', req, { timeoutMs: ctx.commandTimeoutMs() });
  print(resp);
}
