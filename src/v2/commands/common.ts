// Steps every v2 key command shares: argument checks with etcdctl's texts, a value from the argument
// or stdin, one request under `--total-timeout` whose failure exits 4, and the response printer.
import { readAllStdin } from '../../cli/io.js';
import type { Deadline } from '../client/deadline.js';
import type { KeysResponse } from '../client/keys.js';
import type { CommandContext } from '../context.js';
import { handleError, V2Error, V2Exit } from '../errors.js';
import { printKeysResponse } from '../printers/keys.js';

/** `Error:  <text>` with exit 1, for missing arguments. */
export const badArgs = (text: string) => handleError(new V2Error(text), V2Exit.BadArgs);

export function keyArg(ctx: CommandContext): string {
  if (ctx.args.length === 0) throw badArgs('key required');
  return ctx.args[0];
}

/** argOrStdin: the argument at `i`, else all of stdin (kept byte for byte); nothing at all is an error. */
export async function valueArg(ctx: CommandContext, i: number): Promise<string | Uint8Array> {
  if (i < ctx.args.length) return ctx.args[i];
  let data: Buffer;
  try {
    data = await readAllStdin(ctx.io);
  } catch {
    throw badArgs('value required');
  }
  if (data.length === 0) throw badArgs('value required');
  return data;
}

/** One keys request under the total timeout (or the given deadline); its error ends the command with exit 4. */
export async function keyRequest<T>(ctx: CommandContext, call: (deadline: Deadline) => Promise<T>, deadline?: Deadline): Promise<T> {
  try {
    return await (deadline ? call(deadline) : ctx.withTotalTimeout(call));
  } catch (err) {
    if (err instanceof V2Error) throw handleError(err, V2Exit.ServerError);
    throw err;
  }
}

export function printResponse(ctx: CommandContext, resp: KeysResponse): void {
  const printed = printKeysResponse(resp, ctx.output);
  if (printed.stdout) ctx.out(printed.stdout);
  if (printed.stderr) ctx.err(printed.stderr);
}

/** Directory operations print nothing in simple mode but still go through the printer otherwise. */
export function printUnlessSimple(ctx: CommandContext, resp: KeysResponse): void {
  if (ctx.output !== 'simple') printResponse(ctx, resp);
}
