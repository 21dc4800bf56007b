// etcdctl role add|delete|get|list|grant-permission|revoke-permission
// (etcdctl/ctlv3/command/role_command.go@v3.4.23). As with the user commands, our calls are bounded by
// --command-timeout where etcdctl's have no deadline at all.
import { badArgs } from '../../cli/exit.js';
import type { CommandContext } from '../context.js';
import { applyAuthChange } from '../ops/auth-change.js';
import { roleGetPrinter, roleListPrinter } from '../printers/auth.js';
import { Permission_Type } from '../proto/schema.js';
import { FROM_KEY_END, prefixRangeEnd, toBytes } from '../keys.js';
import type { ROLE_GRANT_PERMISSION_FLAGS, ROLE_REVOKE_PERMISSION_FLAGS, V3Context } from '../registry.js';

const PERMISSION_TYPES: Readonly<Record<string, number>> = Permission_Type;

/** clientv3.StrToPermissionType: any letter case; the error repeats the word as typed. */
export function permissionType(word: string): number {
  const t = PERMISSION_TYPES[word.toUpperCase()];
  if (t === undefined) throw badArgs(`invalid permission type: ${word}`);
  return t;
}

export interface PermRange {
  key: Buffer;
  rangeEnd: Buffer;
}

/**
 * The range a permission covers, from [key, endkey] and --prefix/--from-key, as etcdctl's permRange. An empty
 * key stands for the whole key space: it becomes "\x00" (the server's lowest key), and with --prefix or
 * --from-key the range is open ended; an endkey after an empty key is ignored, as etcdctl ignores it.
 */
export function permRange(args: string[], prefix: boolean, fromKey: boolean): PermRange {
  const key = args[0];
  if (key === '') {
    if (prefix && fromKey) throw badArgs('--from-key and --prefix flags are mutually exclusive');
    return { key: Buffer.from(FROM_KEY_END), rangeEnd: prefix || fromKey ? Buffer.from(FROM_KEY_END) : Buffer.alloc(0) };
  }
  const k = toBytes(key);
  if (args.length === 1) {
    if (prefix && fromKey) throw badArgs('--from-key and --prefix flags are mutually exclusive');
    if (prefix) return { key: k, rangeEnd: prefixRangeEnd(k) };
    if (fromKey) return { key: k, rangeEnd: Buffer.from(FROM_KEY_END) };
    return { key: k, rangeEnd: Buffer.alloc(0) };
  }
  if (prefix) throw badArgs('unexpected endkey argument with --prefix flag');
  if (fromKey) throw badArgs('unexpected endkey argument with --from-key flag');
  return { key: k, rangeEnd: toBytes(args[1]) };
}

/** The line revoke-permission prints; it names the key as the user typed it, not the "\x00" it may have become. */
export function revokedLine(role: string, typedKey: string, rangeEnd: Buffer): Buffer {
  if (rangeEnd.length === 0) return Buffer.from(`Permission of key ${typedKey} is revoked from role ${role}`);
  const open = rangeEnd.length === 1 && rangeEnd[0] === 0;
  return Buffer.concat([
    Buffer.from(`Permission of range [${typedKey}, `),
    open ? Buffer.from('<open ended>') : Buffer.concat([rangeEnd, Buffer.from(')')]),
    Buffer.from(` is revoked from role ${role}`),
  ]);
}

function roleNameArg(ctx: CommandContext, command: string): string {
  if (ctx.args.length !== 1) throw badArgs(`role ${command} command requires role name as its argument`);
  return ctx.args[0];
}

export async function roleAdd(ctx: V3Context): Promise<void> {
  const name = roleNameArg(ctx, 'add');
  await applyAuthChange(ctx, 'Auth.RoleAdd', () => ({ req: { name }, line: `Role ${name} created` }));
}

export async function roleDelete(ctx: V3Context): Promise<void> {
  const role = roleNameArg(ctx, 'delete');
  await applyAuthChange(ctx, 'Auth.RoleDelete', () => ({ req: { role }, line: `Role ${role} deleted` }));
}

export async function roleGet(ctx: V3Context): Promise<void> {
  const role = roleNameArg(ctx, 'get');
  const print = ctx.printer(roleGetPrinter);
  const client = await ctx.client();
  const resp = await client.unary('Auth.RoleGet', { role }, { timeoutMs: ctx.commandTimeoutMs() });
  print({ name: role, resp });
}

export async function roleList(ctx: V3Context): Promise<void> {
  if (ctx.args.length !== 0) throw badArgs('role list command requires no arguments');
  const print = ctx.printer(roleListPrinter);
  const client = await ctx.client();
  const resp = await client.unary('Auth.RoleList', {}, { timeoutMs: ctx.commandTimeoutMs() });
  print(resp);
}

export async function roleGrantPermission(ctx: V3Context<typeof ROLE_GRANT_PERMISSION_FLAGS>): Promise<void> {
  if (ctx.args.length < 3) {
    throw badArgs('role grant command requires role name, permission type, and key [endkey] as its argument');
  }
  const [name, type, ...keys] = ctx.args;
  const permType = permissionType(type);
  const { key, rangeEnd } = permRange(keys, ctx.flag('prefix'), ctx.flag('from-key'));
  const perm = { permType, key, range_end: rangeEnd };
  await applyAuthChange(ctx, 'Auth.RoleGrantPermission', () => ({ req: { name, perm }, line: `Role ${name} updated` }));
}

export async function roleRevokePermission(ctx: V3Context<typeof ROLE_REVOKE_PERMISSION_FLAGS>): Promise<void> {
  if (ctx.args.length < 2) {
    throw badArgs('role revoke-permission command requires role name and key [endkey] as its argument');
  }
  const [role, ...keys] = ctx.args;
  const { key, rangeEnd } = permRange(keys, ctx.flag('prefix'), ctx.flag('from-key'));
  const line = revokedLine(role, keys[0], rangeEnd);
  await applyAuthChange(ctx, 'Auth.RoleRevokePermission', () => ({ req: { role, key, range_end: rangeEnd }, line }));
}
