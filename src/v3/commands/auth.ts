// etcdctl auth enable|disable (etcdctl/ctlv3/command/auth_command.go@v3.4.23) and 3.5's auth status.
import { badArgs } from '../../cli/exit.js';
import { RpcError } from '../client/errors.js';
import type { CommandContext } from '../context.js';
import { authStatusPrinter } from '../printers/auth.js';
import { commandLineTimeoutMs } from '../ops/timeouts.js';
import type { V3Context } from '../registry.js';

const ERR_ROOT_ROLE_NOT_EXIST = 'etcdserver: root user does not have root role';

function noArguments(ctx: CommandContext, command: string): void {
  if (ctx.args.length !== 0) throw badArgs(`${command} command does not accept any arguments`);
}

/** One deadline for every call of the command, as etcdctl's single context. */
function deadlineFrom(timeoutMs: number): () => { timeoutMs: number } {
  const deadline = Date.now() + timeoutMs;
  return () => ({ timeoutMs: Math.max(1, deadline - Date.now()) });
}

/**
 * Enables authentication. A server whose root user lacks the root role refuses; etcdctl then creates the role,
 * grants it to root and tries again, and so do we.
 */
export async function authEnable(ctx: V3Context): Promise<void> {
  noArguments(ctx, 'auth enable');
  // etcdctl makes this command's context before the environment is read: ETCDCTL_COMMAND_TIMEOUT does not apply.
  const remaining = deadlineFrom(commandLineTimeoutMs(ctx));
  const client = await ctx.client();
  for (;;) {
    try {
      await client.unary('Auth.AuthEnable', {}, remaining());
      break;
    } catch (err) {
      if (!(err instanceof RpcError) || err.desc !== ERR_ROOT_ROLE_NOT_EXIST) throw err;
      await client.unary('Auth.RoleAdd', { name: 'root' }, remaining());
      await client.unary('Auth.UserGrantRole', { user: 'root', role: 'root' }, remaining());
    }
  }
  ctx.io.stdout.write('Authentication Enabled\n');
}

export async function authDisable(ctx: V3Context): Promise<void> {
  noArguments(ctx, 'auth disable');
  const timeoutMs = commandLineTimeoutMs(ctx);
  const client = await ctx.client();
  await client.unary('Auth.AuthDisable', {}, { timeoutMs });
  ctx.io.stdout.write('Authentication Disabled\n');
}

/** etcdctl ≥ 3.5: whether authentication is on, and the auth store's revision. */
export async function authStatus(ctx: V3Context): Promise<void> {
  noArguments(ctx, 'auth status');
  const timeoutMs = commandLineTimeoutMs(ctx);
  const print = ctx.printer(authStatusPrinter);
  const client = await ctx.client();
  const resp = await client.unary('Auth.AuthStatus', {}, { timeoutMs });
  print(resp);
}
