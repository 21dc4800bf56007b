// `user add|get|list|remove|grant|revoke|passwd`: arguments are checked before the client is built;
// errors are printed bare with exit 1.
import { promptPassword } from '../../cli/prompt.js';
import type { ClusterClient } from '../client/client.js';
import { addUser, changePassword, getUser, grantUser, listUsers, removeUser, revokeUser } from '../client/auth.js';
import type { Deadline } from '../client/deadline.js';
import { splitCredentials } from '../client/setup.js';
import type { CommandContext } from '../context.js';
import type { USER_GRANT_FLAGS, USER_REVOKE_FLAGS, V2Context } from '../registry.js';
import { plainError, V2Error, V2Exit } from '../errors.js';

/** The synced client; the auth commands print the Cluster-Endpoints debug line a second time. */
export async function authClient(ctx: CommandContext): Promise<ClusterClient> {
  const client = await ctx.syncedClient();
  if (ctx.debug) ctx.err(`Cluster-Endpoints: ${client.endpointStrings().join(', ')}\n`);
  return client;
}

export async function bare<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof V2Error) throw plainError(err.message, V2Exit.BadArgs);
    throw err;
  }
}

function userName(ctx: CommandContext): string {
  if (ctx.args.length !== 1) throw plainError('Please provide a username');
  return ctx.args[0];
}

async function askPassword(ctx: CommandContext, prompt: string): Promise<string> {
  try {
    return await promptPassword(ctx.io, prompt);
  } catch (err) {
    throw plainError(`Error reading password: ${(err as Error).message}`);
  }
}

async function call<T>(ctx: CommandContext, client: ClusterClient, body: (c: ClusterClient, d: Deadline) => Promise<T>): Promise<T> {
  return bare(ctx.withTotalTimeout((d) => body(client, d)));
}

export async function runList(ctx: V2Context): Promise<number> {
  if (ctx.args.length !== 0) throw plainError('No arguments accepted');
  const client = await authClient(ctx);
  const users = await call(ctx, client, listUsers);
  ctx.out(users.map((u) => u + '\n').join(''));
  return 0;
}

export async function runAdd(ctx: V2Context): Promise<number> {
  const arg = userName(ctx);
  const client = await authClient(ctx);
  const { username, password } = splitCredentials(arg);
  const pass = password ?? (await askPassword(ctx, 'New password: '));
  await call(ctx, client, (c, d) => addUser(c, username, pass, d));
  ctx.out(`User ${username} created\n`);
  return 0;
}

export async function runRemove(ctx: V2Context): Promise<number> {
  const name = userName(ctx);
  const client = await authClient(ctx);
  await call(ctx, client, (c, d) => removeUser(c, name, d));
  ctx.out(`User ${name} removed\n`);
  return 0;
}

export async function runPasswd(ctx: V2Context): Promise<number> {
  const name = userName(ctx);
  const client = await authClient(ctx);
  const pass = await askPassword(ctx, 'New password: ');
  await call(ctx, client, (c, d) => changePassword(c, name, pass, d));
  ctx.out('Password updated\n');
  return 0;
}

async function grantOrRevoke(ctx: V2Context<typeof USER_GRANT_FLAGS>, grant: boolean): Promise<number> {
  const roles = ctx.flag('roles');
  if (roles.length === 0) throw plainError('No roles specified; please use `--roles`');
  const name = userName(ctx);
  const client = await authClient(ctx);
  await call(ctx, client, (c, d) => (grant ? grantUser(c, name, roles, d) : revokeUser(c, name, roles, d)));
  ctx.out(`User ${name} updated\n`);
  return 0;
}

export const runGrant = (ctx: V2Context<typeof USER_GRANT_FLAGS>) => grantOrRevoke(ctx, true);
export const runRevoke = (ctx: V2Context<typeof USER_REVOKE_FLAGS>) => grantOrRevoke(ctx, false);

export async function runGet(ctx: V2Context): Promise<number> {
  const name = userName(ctx);
  const client = await authClient(ctx);
  const user = await call(ctx, client, (c, d) => getUser(c, name, d));
  ctx.out(`User: ${user.user}\nRoles: ${user.roles.join(' ')}\n`);
  return 0;
}
