// etcdctl del (etcdctl/ctlv3/command/del_command.go@v3.4.23): range rules as get's; 0 or more than 2 arguments is an error.
import { badArgs } from '../../cli/exit.js';
import { delPrinter } from '../printers/kv.js';
import { keyRange } from '../keys.js';
import type { ArgSource } from './get.js';
import type { DeleteRangeRequest } from '../proto/schema.js';
import type { DEL_FLAGS, V3Context } from '../registry.js';

export function deleteRangeRequest(ctx: ArgSource<typeof DEL_FLAGS>): DeleteRangeRequest {
  const args = ctx.args;
  if (args.length === 0 || args.length > 2) throw badArgs('del command needs one argument as key and an optional argument as range_end');
  const prefix = ctx.flag('prefix');
  const fromKey = ctx.flag('from-key');
  if (prefix && fromKey) throw badArgs('`--prefix` and `--from-key` cannot be set at the same time, choose one');
  if ((prefix || fromKey) && args.length > 1) {
    throw badArgs('too many arguments, only accept one argument when `--prefix` or `--from-key` is set');
  }
  const { key, rangeEnd } = keyRange(args[0], args[1], prefix, fromKey, ctx.argBytes);
  return { key, range_end: rangeEnd, prev_kv: ctx.flag('prev-kv') };
}

export async function del(ctx: V3Context<typeof DEL_FLAGS>): Promise<void> {
  const req = deleteRangeRequest(ctx);
  const print = ctx.printer(delPrinter);
  const client = await ctx.client();
  const resp = await client.unary('KV.DeleteRange', req, { timeoutMs: ctx.commandTimeoutMs() });
  print(resp);
}
