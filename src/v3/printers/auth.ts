// Printers for the auth, user and role responses (etcdctl printer_*.go Role*, User*, and 3.5's AuthStatus).
// Supported formats as in 3.4.23: mutations print simple/json/fields (header only)/protobuf; user get and
// user list have no fields form; role get and role list do; nothing has a table form.
import { goQuote } from '../../go/quote.js';
import { enumName, encode } from '../proto/codec.js';
import { prefixRangeEnd } from '../keys.js';
import {
  Permission_Type,
  type AuthRoleGetResponse,
  type AuthRoleListResponse,
  type AuthStatusResponse,
  type AuthUserGetResponse,
  type AuthUserListResponse,
  type Permission,
  type ResponseHeader,
  type MessageName,
} from '../proto/schema.js';
import { fieldsHeader } from './common.js';
import type { Printer } from './format.js';
import { goJson } from './json.js';

/** A response with the names etcdctl's simple printer takes from the command line rather than from the server. */
export interface Named<R> {
  resp: R;
  /** The role or user the command names. */
  name: string;
}

/** The simple line of a mutation, from the command's arguments. */
export interface Mutation {
  resp: { header?: ResponseHeader };
  line: string | Buffer;
}

const withNewline = (s: string | Buffer) => (typeof s === 'string' ? s + '\n' : Buffer.concat([s, Buffer.from('\n')]));

/** One printer for every response that carries only a header: user add/delete/passwd/grant/revoke, role add/… */
export function mutationPrinter(type: MessageName): Printer<Mutation> {
  return {
    simple: (m) => withNewline(m.line),
    json: (m) => goJson(type, m.resp) + '\n',
    fields: (m) => fieldsHeader(m.resp.header),
    protobuf: (m) => encode(type, m.resp),
  };
}

const NUL = 0x00;
const isOpenEnded = (end: Buffer) => end.length === 1 && end[0] === NUL;

/** One permission line of `role get`: a bare key, `[key, end)` or `[key, <open ended>`, then `(prefix key)` when it is one. */
function permissionLine(p: Permission): Buffer {
  if (p.range_end.length === 0) return Buffer.concat([Buffer.from('\t'), p.key, Buffer.from('\n')]);
  const parts: Buffer[] = [Buffer.from('\t['), p.key];
  parts.push(isOpenEnded(p.range_end) ? Buffer.from(', <open ended>') : Buffer.concat([Buffer.from(', '), p.range_end, Buffer.from(')')]));
  // Computed, not remembered: an explicit [k, end) that equals k's prefix range shows as a prefix too.
  if (prefixRangeEnd(p.key).equals(p.range_end)) parts.push(Buffer.from(' (prefix '), p.key, Buffer.from(')'));
  parts.push(Buffer.from('\n'));
  return Buffer.concat(parts);
}

function roleGetSimple({ name, resp }: Named<AuthRoleGetResponse>): Buffer {
  const reads = resp.perm.filter((p) => p.permType === Permission_Type.READ || p.permType === Permission_Type.READWRITE);
  const writes = resp.perm.filter((p) => p.permType === Permission_Type.WRITE || p.permType === Permission_Type.READWRITE);
  return Buffer.concat([
    Buffer.from(`Role ${name}\nKV Read:\n`),
    ...reads.map(permissionLine),
    Buffer.from('KV Write:\n'),
    ...writes.map(permissionLine),
  ]);
}

function roleGetFields({ resp }: Named<AuthRoleGetResponse>): string {
  let s = fieldsHeader(resp.header);
  for (const p of resp.perm) {
    // fmt.Println(`"PermType" : `, …) puts a second space before the value.
    s += `"PermType" :  ${enumName('authpb.Permission.Type', p.permType)}\n`;
    s += `"Key" : ${goQuote(p.key)}\n"RangeEnd" : ${goQuote(p.range_end)}\n`;
  }
  return s;
}

export const roleGetPrinter: Printer<Named<AuthRoleGetResponse>> = {
  simple: roleGetSimple,
  json: ({ resp }) => goJson('etcdserverpb.AuthRoleGetResponse', resp) + '\n',
  fields: roleGetFields,
  protobuf: ({ resp }) => encode('etcdserverpb.AuthRoleGetResponse', resp),
};

const oneNamePerLine = (names: string[]) => names.map((n) => n + '\n').join('');

export const roleListPrinter: Printer<AuthRoleListResponse> = {
  simple: (r) => oneNamePerLine(r.roles),
  json: (r) => goJson('etcdserverpb.AuthRoleListResponse', r) + '\n',
  fields: (r) => fieldsHeader(r.header) + `"Roles" :${r.roles.map((n) => ' ' + goQuote(n)).join('')}\n`,
  protobuf: (r) => encode('etcdserverpb.AuthRoleListResponse', r),
};

export const userGetPrinter: Printer<Named<AuthUserGetResponse>> = {
  simple: ({ name, resp }) => `User: ${name}\nRoles:${resp.roles.map((r) => ' ' + r).join('')}\n`,
  json: ({ resp }) => goJson('etcdserverpb.AuthUserGetResponse', resp) + '\n',
  protobuf: ({ resp }) => encode('etcdserverpb.AuthUserGetResponse', resp),
};

export const userListPrinter: Printer<AuthUserListResponse> = {
  simple: (r) => oneNamePerLine(r.users),
  json: (r) => goJson('etcdserverpb.AuthUserListResponse', r) + '\n',
  protobuf: (r) => encode('etcdserverpb.AuthUserListResponse', r),
};

/** `auth status` (etcdctl ≥ 3.5): simple, json and protobuf only. */
export const authStatusPrinter: Printer<AuthStatusResponse> = {
  simple: (r) => `Authentication Status: ${r.enabled}\nAuthRevision: ${r.authRevision}\n`,
  json: (r) => goJson('etcdserverpb.AuthStatusResponse', r) + '\n',
  protobuf: (r) => encode('etcdserverpb.AuthStatusResponse', r),
};
