// One change by `user` or `role` (etcdctl/ctlv3/command/{user,role}_command.go@v3.4.23): the output format
// is checked first, then the request is made (after any password prompt), sent with --command-timeout as
// its deadline (etcdctl gives none), and the response printed.
import type { CommandContext } from '../context.js';
import { mutationPrinter } from '../printers/auth.js';
import { METHODS, type Init, type MethodTypes } from '../proto/schema.js';

export type AuthChange =
  | 'Auth.UserAdd'
  | 'Auth.UserDelete'
  | 'Auth.UserChangePassword'
  | 'Auth.UserGrantRole'
  | 'Auth.UserRevokeRole'
  | 'Auth.RoleAdd'
  | 'Auth.RoleDelete'
  | 'Auth.RoleGrantPermission'
  | 'Auth.RoleRevokePermission';

export interface Change<M extends AuthChange> {
  req: Init<MethodTypes[M]['request']>;
  /** What the simple format prints. */
  line: string | Buffer;
}

export async function applyAuthChange<M extends AuthChange>(
  ctx: CommandContext,
  rpc: M,
  prepare: () => Change<M> | Promise<Change<M>>,
): Promise<void> {
  const print = ctx.printer(mutationPrinter(METHODS[rpc].responseType));
  const { req, line } = await prepare();
  const client = await ctx.client();
  const resp = await client.unary(rpc, req, { timeoutMs: ctx.commandTimeoutMs() });
  print({ resp, line });
}
