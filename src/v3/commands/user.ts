// etcdctl user add|delete|get|list|passwd|grant-role|revoke-role (etcdctl/ctlv3/command/user_command.go@v3.4.23).
// etcdctl gives these calls no deadline, so a dead endpoint hangs it forever; ours are bounded by
// --command-timeout.
import { badArgs, SilentExit } from '../../cli/exit.js';
import { promptPassword, readStdinWord } from '../../cli/prompt.js';
import type { CommandContext } from '../context.js';
import { applyAuthChange } from '../ops/auth-change.js';
import { roleGetPrinter, userGetPrinter, userListPrinter } from '../printers/auth.js';
import type { USER_ADD_FLAGS, USER_GET_FLAGS, USER_PASSWD_FLAGS, V3Context } from '../registry.js';

const EXIT_SIGINT = 130;

async function ask(ctx: CommandContext, prompt: string): Promise<string> {
  try {
    return await promptPassword(ctx.io, prompt);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'SIGINT') throw new SilentExit(EXIT_SIGINT);
    throw badArgs(`failed to ask password: ${(err as Error).message}`);
  }
}

/** Two hidden prompts that must agree, as etcdctl's readPasswordInteractive. */
async function readPasswordInteractive(ctx: CommandContext, name: string): Promise<string> {
  const first = await ask(ctx, `Password of ${name}: `);
  if (first.length === 0) throw badArgs('empty password');
  const second = await ask(ctx, `Type password of ${name} again for confirmation: `);
  if (first !== second) throw badArgs('given passwords are different');
  return first;
}

/** --interactive (default) prompts twice; --interactive=false reads one word from stdin, without a prompt. */
function readNewPassword(ctx: V3Context<typeof USER_PASSWD_FLAGS>, name: string): Promise<string> {
  return ctx.flag('interactive') ? readPasswordInteractive(ctx, name) : Promise.resolve(readStdinWord());
}

interface NewUser {
  name: string;
  password: string;
  noPassword: boolean;
}

/**
 * Where the new user's password comes from, in etcdctl's order: --no-password, then --new-user-password (the
 * argument is then the name, colons and all), then "name:password", then stdin or the prompts.
 */
async function newUser(ctx: V3Context<typeof USER_ADD_FLAGS>, arg: string): Promise<NewUser> {
  if (ctx.flag('no-password')) return { name: arg, password: '', noPassword: true };
  const fromFlag = ctx.flag('new-user-password');
  if (fromFlag !== '') return { name: arg, password: fromFlag, noPassword: false };
  const colon = arg.indexOf(':');
  if (colon >= 0) {
    if (colon === 0) throw badArgs('empty user name is not allowed');
    return { name: arg.slice(0, colon), password: arg.slice(colon + 1), noPassword: false };
  }
  return { name: arg, password: await readNewPassword(ctx, arg), noPassword: false };
}

export async function userAdd(ctx: V3Context<typeof USER_ADD_FLAGS>): Promise<void> {
  if (ctx.args.length !== 1) throw badArgs('user add command requires user name as its argument');
  const arg = ctx.args[0];
  await applyAuthChange(ctx, 'Auth.UserAdd', async () => {
    const u = await newUser(ctx, arg);
    return { req: { name: u.name, password: u.password, options: { no_password: u.noPassword } }, line: `User ${u.name} created` };
  });
}

export async function userDelete(ctx: V3Context): Promise<void> {
  if (ctx.args.length !== 1) throw badArgs('user delete command requires user name as its argument');
  const name = ctx.args[0];
  await applyAuthChange(ctx, 'Auth.UserDelete', () => ({ req: { name }, line: `User ${name} deleted` }));
}

export async function userPasswd(ctx: V3Context<typeof USER_PASSWD_FLAGS>): Promise<void> {
  if (ctx.args.length !== 1) throw badArgs('user passwd command requires user name as its argument');
  const name = ctx.args[0];
  await applyAuthChange(ctx, 'Auth.UserChangePassword', async () => ({
    req: { name, password: await readNewPassword(ctx, name) },
    line: 'Password updated',
  }));
}

export async function userGrantRole(ctx: V3Context): Promise<void> {
  if (ctx.args.length !== 2) throw badArgs('user grant command requires user name and role name as its argument');
  const [user, role] = ctx.args;
  await applyAuthChange(ctx, 'Auth.UserGrantRole', () => ({
    req: { user, role },
    line: `Role ${role} is granted to user ${user}`,
  }));
}

export async function userRevokeRole(ctx: V3Context): Promise<void> {
  if (ctx.args.length !== 2) throw badArgs('user revoke-role requires user name and role name as its argument');
  const [name, role] = ctx.args;
  await applyAuthChange(ctx, 'Auth.UserRevokeRole', () => ({
    req: { name, role },
    line: `Role ${role} is revoked from user ${name}`,
  }));
}

/** `user get`, or with --detail the user's name and then each of its roles as `role get` prints it. */
export async function userGet(ctx: V3Context<typeof USER_GET_FLAGS>): Promise<void> {
  if (ctx.args.length !== 1) throw badArgs('user get command requires user name as its argument');
  const name = ctx.args[0];
  const detail = ctx.flag('detail');
  // With --detail etcdctl prints through its role printer only, so the formats are role get's.
  const printRole = detail ? ctx.printer(roleGetPrinter) : undefined;
  const printUser = detail ? undefined : ctx.printer(userGetPrinter);
  const client = await ctx.client();
  const timeoutMs = ctx.commandTimeoutMs();
  const resp = await client.unary('Auth.UserGet', { name }, { timeoutMs });
  if (printUser) {
    printUser({ name, resp });
    return;
  }
  ctx.io.stdout.write(`User: ${name}\n`);
  for (const role of resp.roles) {
    ctx.io.stdout.write('\n');
    const roleResp = await client.unary('Auth.RoleGet', { role }, { timeoutMs });
    printRole!({ name: role, resp: roleResp });
  }
}

export async function userList(ctx: V3Context): Promise<void> {
  if (ctx.args.length !== 0) throw badArgs('user list command requires no arguments');
  const print = ctx.printer(userListPrinter);
  const client = await ctx.client();
  const resp = await client.unary('Auth.UserList', {}, { timeoutMs: ctx.commandTimeoutMs() });
  print(resp);
}
