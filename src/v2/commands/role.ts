// `role add|get|list|remove|grant|revoke`: flag and argument checks come before any network; errors
// are printed bare with exit 1.
import { addRole, changeRolePermissions, getRole, listRoles, removeRole, sameRole, type PermissionType } from '../client/auth.js';
import { canonicalURLPath } from '../../go/url.js';
import type { CommandContext } from '../context.js';
import type { ROLE_GRANT_FLAGS, ROLE_REVOKE_FLAGS, V2Context } from '../registry.js';
import { plainError } from '../errors.js';
import { authClient, bare } from './user.js';

function roleName(ctx: CommandContext): string {
  if (ctx.args.length !== 1) throw plainError('Please provide a role name');
  return ctx.args[0];
}

export async function runList(ctx: V2Context): Promise<number> {
  if (ctx.args.length !== 0) throw plainError('No arguments accepted');
  const client = await authClient(ctx);
  const roles = await bare(ctx.withTotalTimeout((d) => listRoles(client, d)));
  ctx.out(roles.map((r) => r + '\n').join(''));
  return 0;
}

export async function runAdd(ctx: V2Context): Promise<number> {
  const name = roleName(ctx);
  const client = await authClient(ctx);
  await ctx.withTotalTimeout(async (d) => {
    // Any failure to read the role (404, network) means "go ahead and create it".
    const existing = await getRole(client, name, d).catch(() => undefined);
    if (existing) throw plainError(`Role ${name} already exists`);
    await bare(addRole(client, name, d));
  });
  ctx.out(`Role ${name} created\n`);
  return 0;
}

export async function runRemove(ctx: V2Context): Promise<number> {
  const name = roleName(ctx);
  const client = await authClient(ctx);
  await bare(ctx.withTotalTimeout((d) => removeRole(client, name, d)));
  ctx.out(`Role ${name} removed\n`);
  return 0;
}

export async function runGet(ctx: V2Context): Promise<number> {
  const name = roleName(ctx);
  const client = await authClient(ctx);
  const role = await bare(ctx.withTotalTimeout((d) => getRole(client, name, d)));
  const lines = (paths: string[] | undefined) => (paths ?? []).map((p) => `\t${p}\n`).join('');
  ctx.out(`Role: ${role.role}\nKV Read:\n${lines(role.permissions.read)}KV Write:\n${lines(role.permissions.write)}`);
  return 0;
}

function permissionType(ctx: V2Context<typeof ROLE_GRANT_FLAGS>): PermissionType {
  const chosen = (['read', 'write', 'readwrite'] as const).filter((f) => ctx.flag(f));
  if (chosen.length !== 1) throw plainError('Please specify exactly one of --read, --write or --readwrite');
  return chosen[0];
}

async function grantOrRevoke(ctx: V2Context<typeof ROLE_GRANT_FLAGS>, grant: boolean): Promise<number> {
  const path = ctx.flag('path');
  if (path === '') throw plainError('No path specified; please use `--path`');
  const canonical = canonicalURLPath(path);
  if (canonical !== path) throw plainError(`Not canonical path; please use \`--path=${canonical}\``);
  const type = permissionType(ctx);
  const name = roleName(ctx);
  const client = await authClient(ctx);
  await ctx.withTotalTimeout(async (d) => {
    const current = await bare(getRole(client, name, d));
    const updated = await bare(changeRolePermissions(client, name, [path], type, grant, d));
    if (sameRole(updated, current)) ctx.out(grant ? 'Role unchanged; already granted' : 'Role unchanged; already revoked');
  });
  ctx.out(`Role ${name} updated\n`);
  return 0;
}

export const runGrant = (ctx: V2Context<typeof ROLE_GRANT_FLAGS>) => grantOrRevoke(ctx, true);
export const runRevoke = (ctx: V2Context<typeof ROLE_REVOKE_FLAGS>) => grantOrRevoke(ctx, false);
