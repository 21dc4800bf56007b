// The v2 auth API (client/auth_user.go, client/auth_role.go): users, roles, enable/disable.
import { asObject, asString, asStringList, jsonArray, jsonObject, jsonString, typeError, type JsonValue } from '../../go/json.js';
import { V2Error } from '../errors.js';
import type { ClusterClient } from './client.js';
import type { Deadline } from './deadline.js';
import { decodeJson, expectStatus, jsonErrors } from './members.js';
import type { HttpRequest, HttpResponse } from './transport.js';
import { type GoURL } from '../../go/url.js';
import { joinPath } from '../../go/path.js';

export interface Permissions {
  read: string[] | undefined;
  write: string[] | undefined;
}

export interface Role {
  role: string;
  permissions: Permissions;
  grant?: Permissions;
  revoke?: Permissions;
}

export interface User {
  user: string;
  roles: string[];
}

export type PermissionType = 'read' | 'write' | 'readwrite';

const JSON_TYPE = { 'Content-Type': 'application/json' };

const authURL = (ep: GoURL, action: string, name = ''): GoURL =>
  ({ ...ep, path: name === '' ? joinPath(ep.path, '/v2/auth', action) : joinPath(ep.path, '/v2/auth', action, name) });

/** A non-success answer: its `{"message": …}` body is the error (or the JSON error decoding it). */
function authError(resp: HttpResponse): V2Error {
  return jsonErrors(() => {
    const o = asObject(decodeJson(resp.body), 'client.authError');
    return new V2Error(asString(o?.field('message'), 'authError.message'));
  });
}

function expectAuthStatus(resp: HttpResponse, ...ok: number[]): void {
  if (!ok.includes(resp.status)) throw authError(resp);
}

function request(method: string, url: GoURL, body?: string): HttpRequest {
  return body === undefined
    ? { method, url, headers: {} }
    : { method, url, headers: { ...JSON_TYPE }, body: Buffer.from(body, 'utf8') };
}

// ---- enable / disable

export async function setAuthEnabled(client: ClusterClient, enable: boolean, deadline: Deadline): Promise<void> {
  const resp = await client.do((ep) => request(enable ? 'PUT' : 'DELETE', authURL(ep, 'enable')), { deadline });
  expectAuthStatus(resp, 200, 201);
}

// ---- users

const stringList = (items: readonly string[] | undefined) => (items === undefined ? 'null' : jsonArray(items.map(jsonString)));

/** json.Marshal of client.User: password omitted when empty, roles always null, grant/revoke when given. */
function userBody(user: string, extra: { password?: string; grant?: readonly string[]; revoke?: readonly string[] }): string {
  const pairs: [string, string][] = [['user', jsonString(user)]];
  if (extra.password) pairs.push(['password', jsonString(extra.password)]);
  pairs.push(['roles', 'null']);
  if (extra.grant?.length) pairs.push(['grant', stringList(extra.grant)]);
  if (extra.revoke?.length) pairs.push(['revoke', stringList(extra.revoke)]);
  return jsonObject(pairs);
}

export async function listUsers(client: ClusterClient, deadline: Deadline): Promise<string[]> {
  const resp = await client.do((ep) => ({ method: 'GET', url: authURL(ep, 'users'), headers: { ...JSON_TYPE } }), { deadline });
  expectAuthStatus(resp, 200);
  return jsonErrors(() => {
    const o = asObject(decodeJson(resp.body), 'struct { Users []client.userListEntry "json:\\"users\\"" }');
    const users = o?.field('users');
    if (users === undefined || users === null) return [];
    if (!Array.isArray(users)) throw typeError(users, '[]client.userListEntry', '.users');
    return users.map((u) => asString(asObject(u, 'client.userListEntry')?.field('user'), 'userListEntry.user'));
  });
}

async function addOrRemoveUser(client: ClusterClient, req: (ep: GoURL) => HttpRequest, deadline: Deadline): Promise<void> {
  const resp = await client.do(req, { deadline });
  expectAuthStatus(resp, 200, 201);
}

export function addUser(client: ClusterClient, name: string, password: string, deadline: Deadline): Promise<void> {
  return addOrRemoveUser(client, (ep) => request('PUT', authURL(ep, 'users', name), userBody(name, { password })), deadline);
}

export function removeUser(client: ClusterClient, name: string, deadline: Deadline): Promise<void> {
  return addOrRemoveUser(client, (ep) => request('DELETE', authURL(ep, 'users', name)), deadline);
}

/**
 * The user from a users answer. The server sends roles as objects, which the client first tries to
 * read as strings: that leaves one "" per role and fails, after which it reads the objects and
 * appends their names. `user get` therefore prints N extra spaces; we keep that.
 */
function decodeUser(v: JsonValue): User {
  const o = asObject(v, 'client.User');
  const user = asString(o?.field('user'), 'User.user');
  const roles = o?.field('roles');
  if (roles === undefined || roles === null) return { user, roles: [] };
  if (!Array.isArray(roles)) throw typeError(roles, '[]string', 'User.roles');
  const firstTry = roles.map((r) => (typeof r === 'string' ? r : ''));
  const typeMismatch = roles.find((r) => typeof r !== 'string' && r !== null);
  if (typeMismatch === undefined) return { user, roles: firstTry };
  const firstError = typeError(typeMismatch, 'string', 'User.roles');
  try {
    const names = roles.map((r) => decodeRole(r).role);
    return { user, roles: [...firstTry, ...names] };
  } catch {
    throw firstError;
  }
}

async function modifyUser(client: ClusterClient, req: (ep: GoURL) => HttpRequest, deadline: Deadline): Promise<User> {
  const resp = await client.do(req, { deadline });
  expectAuthStatus(resp, 200);
  return jsonErrors(() => decodeUser(decodeJson(resp.body)));
}

export function getUser(client: ClusterClient, name: string, deadline: Deadline): Promise<User> {
  return modifyUser(client, (ep) => request('GET', authURL(ep, 'users', name)), deadline);
}

export function grantUser(client: ClusterClient, name: string, roles: readonly string[], deadline: Deadline): Promise<User> {
  return modifyUser(client, (ep) => request('PUT', authURL(ep, 'users', name), userBody(name, { grant: roles })), deadline);
}

export function revokeUser(client: ClusterClient, name: string, roles: readonly string[], deadline: Deadline): Promise<User> {
  return modifyUser(client, (ep) => request('PUT', authURL(ep, 'users', name), userBody(name, { revoke: roles })), deadline);
}

export function changePassword(client: ClusterClient, name: string, password: string, deadline: Deadline): Promise<User> {
  return modifyUser(client, (ep) => request('PUT', authURL(ep, 'users', name), userBody(name, { password })), deadline);
}

// ---- roles

function decodePermissions(v: JsonValue | undefined, field: string): Permissions {
  const o = v === undefined ? undefined : asObject(v, 'client.Permissions', field);
  const kv = o?.field('kv');
  const k = kv === undefined ? undefined : asObject(kv, 'client.rwPermission', 'Permissions.kv');
  return { read: asStringList(k?.field('read'), 'rwPermission.read'), write: asStringList(k?.field('write'), 'rwPermission.write') };
}

function decodeRole(v: JsonValue): Role {
  const o = asObject(v, 'client.Role');
  const role: Role = { role: asString(o?.field('role'), 'Role.role'), permissions: decodePermissions(o?.field('permissions'), 'Role.permissions') };
  const grant = o?.field('grant');
  const revoke = o?.field('revoke');
  if (grant !== undefined && grant !== null) role.grant = decodePermissions(grant, 'Role.grant');
  if (revoke !== undefined && revoke !== null) role.revoke = decodePermissions(revoke, 'Role.revoke');
  return role;
}

const permissionsJson = (p: Permissions) => jsonObject([['kv', jsonObject([['read', stringList(p.read)], ['write', stringList(p.write)]])]]);

/** json.Marshal of client.Role. */
function roleBody(role: Role): string {
  const pairs: [string, string][] = [['role', jsonString(role.role)], ['permissions', permissionsJson(role.permissions)]];
  if (role.grant) pairs.push(['grant', permissionsJson(role.grant)]);
  if (role.revoke) pairs.push(['revoke', permissionsJson(role.revoke)]);
  return jsonObject(pairs);
}

const NO_PERMISSIONS: Permissions = { read: undefined, write: undefined };

export async function listRoles(client: ClusterClient, deadline: Deadline): Promise<string[]> {
  const resp = await client.do((ep) => ({ method: 'GET', url: authURL(ep, 'roles'), headers: { ...JSON_TYPE } }), { deadline });
  expectStatus(resp, 200);
  return jsonErrors(() => {
    const o = asObject(decodeJson(resp.body), 'struct { Roles []client.Role "json:\\"roles\\"" }');
    const roles = o?.field('roles');
    if (roles === undefined || roles === null) return [];
    if (!Array.isArray(roles)) throw typeError(roles, '[]client.Role', '.roles');
    return roles.map((r) => decodeRole(r).role);
  });
}

async function addOrRemoveRole(client: ClusterClient, req: (ep: GoURL) => HttpRequest, deadline: Deadline): Promise<void> {
  const resp = await client.do(req, { deadline });
  expectAuthStatus(resp, 200, 201);
}

export function addRole(client: ClusterClient, name: string, deadline: Deadline): Promise<void> {
  const body = roleBody({ role: name, permissions: NO_PERMISSIONS });
  return addOrRemoveRole(client, (ep) => request('PUT', authURL(ep, 'roles', name), body), deadline);
}

export function removeRole(client: ClusterClient, name: string, deadline: Deadline): Promise<void> {
  return addOrRemoveRole(client, (ep) => request('DELETE', authURL(ep, 'roles', name)), deadline);
}

async function modifyRole(client: ClusterClient, req: (ep: GoURL) => HttpRequest, deadline: Deadline): Promise<Role> {
  const resp = await client.do(req, { deadline });
  expectAuthStatus(resp, 200);
  return jsonErrors(() => decodeRole(decodeJson(resp.body)));
}

export function getRole(client: ClusterClient, name: string, deadline: Deadline): Promise<Role> {
  return modifyRole(client, (ep) => request('GET', authURL(ep, 'roles', name)), deadline);
}

function rwPermission(paths: string[], type: PermissionType): Permissions {
  return {
    read: type === 'write' ? undefined : paths,
    write: type === 'read' ? undefined : paths,
  };
}

export function changeRolePermissions(
  client: ClusterClient, name: string, paths: string[], type: PermissionType, grant: boolean, deadline: Deadline,
): Promise<Role> {
  const change = rwPermission(paths, type);
  const role: Role = { role: name, permissions: NO_PERMISSIONS, ...(grant ? { grant: change } : { revoke: change }) };
  const body = roleBody(role);
  return modifyRole(client, (ep) => request('PUT', authURL(ep, 'roles', name), body), deadline);
}

const sameList = (a: string[] | undefined, b: string[] | undefined) =>
  a === undefined || b === undefined ? a === b : a.length === b.length && a.every((x, i) => x === b[i]);

const samePermissions = (a: Permissions | undefined, b: Permissions | undefined) =>
  a === undefined || b === undefined ? a === b : sameList(a.read, b.read) && sameList(a.write, b.write);

/** reflect.DeepEqual of two decoded roles: a nil list differs from an empty one. */
export function sameRole(a: Role, b: Role): boolean {
  return a.role === b.role && samePermissions(a.permissions, b.permissions) && samePermissions(a.grant, b.grant) && samePermissions(a.revoke, b.revoke);
}

