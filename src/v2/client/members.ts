// The v2 members API (client/members.go) and the cluster sync built on it.
import { asObject, asString, asStringList, GoJsonError, jsonArray, jsonObject, jsonString, parseJson, typeError, type JsonValue } from '../../go/json.js';
import { ERR_NO_ENDPOINTS, V2Error } from '../errors.js';
import type { ClusterClient } from './client.js';
import type { Deadline } from './deadline.js';
import type { HttpResponse } from './transport.js';
import { goURLString, parseGoURL, type GoURL } from '../../go/url.js';
import { joinPath } from '../../go/path.js';
import { newURLs, URLsError } from '../../go/types.js';

export interface Member {
  id: string;
  name: string;
  peerURLs: string[];
  clientURLs: string[];
}

/** ErrNoEndpoints from a sync that found no published client URL. */
export class NoEndpointsError extends V2Error {
  constructor() {
    super(ERR_NO_ENDPOINTS);
  }
}

const membersURL = (ep: GoURL, ...rest: string[]): GoURL => ({ ...ep, path: joinPath(ep.path, '/v2/members', ...rest) });

/** assertStatusCode */
export function expectStatus(resp: HttpResponse, ...want: number[]): void {
  if (!want.includes(resp.status)) throw new V2Error(`unexpected status code ${resp.status}`);
}

/** json.Unmarshal's error as the error value (Go returns it unwrapped). */
export function decodeJson(body: Uint8Array): JsonValue {
  return jsonErrors(() => parseJson(body));
}

/** A decoding error met by `read` as the error value, as json.Unmarshal returns it. */
export function jsonErrors<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof GoJsonError) throw new V2Error(err.message);
    throw err;
  }
}

function decodeMember(v: JsonValue, context = 'client.Member'): Member {
  const o = asObject(v, context);
  return {
    id: asString(o?.field('id'), 'Member.id'),
    name: asString(o?.field('name'), 'Member.name'),
    peerURLs: asStringList(o?.field('peerURLs'), 'Member.peerURLs') ?? [],
    clientURLs: asStringList(o?.field('clientURLs'), 'Member.clientURLs') ?? [],
  };
}

/** A membersError body ({"message": …}) as the error to return. */
function membersError(body: Uint8Array): V2Error {
  return jsonErrors(() => {
    const o = asObject(decodeJson(body), 'client.membersError');
    return new V2Error(asString(o?.field('message'), 'membersError.message'));
  });
}

export async function listMembers(client: ClusterClient, deadline: Deadline): Promise<Member[]> {
  const resp = await client.do((ep) => ({ method: 'GET', url: membersURL(ep), headers: {} }), { deadline });
  expectStatus(resp, 200);
  return jsonErrors(() => {
    const o = asObject(decodeJson(resp.body), 'struct { Members []client.Member }');
    const list = o?.field('Members');
    if (list === undefined || list === null) return [];
    if (!Array.isArray(list)) throw typeError(list, '[]client.Member', '.Members');
    return list.map((m) => decodeMember(m));
  });
}

export async function leader(client: ClusterClient, deadline: Deadline): Promise<Member> {
  const resp = await client.do((ep) => ({ method: 'GET', url: membersURL(ep, '/leader'), headers: {} }), { deadline });
  expectStatus(resp, 200);
  return jsonErrors(() => decodeMember(decodeJson(resp.body)));
}

/** types.NewURLs, its refusals as the command's error. */
function validatePeerURLs(raw: string[]): GoURL[] {
  try {
    return newURLs(raw);
  } catch (err) {
    if (err instanceof URLsError) throw new V2Error(err.message);
    throw err;
  }
}

const peerURLsBody = (urls: GoURL[]) =>
  Buffer.from(jsonObject([['peerURLs', jsonArray(urls.map((u) => jsonString(goURLString(u))))]]), 'utf8');

const JSON_TYPE = { 'Content-Type': 'application/json' };

export async function addMember(client: ClusterClient, peerURL: string, deadline: Deadline): Promise<Member> {
  const body = peerURLsBody(validatePeerURLs([peerURL]));
  const resp = await client.do((ep) => ({ method: 'POST', url: membersURL(ep), headers: { ...JSON_TYPE }, body }), { deadline });
  expectStatus(resp, 201, 409);
  if (resp.status !== 201) throw membersError(resp.body);
  return jsonErrors(() => decodeMember(decodeJson(resp.body)));
}

export async function removeMember(client: ClusterClient, id: string, deadline: Deadline): Promise<void> {
  const resp = await client.do((ep) => ({ method: 'DELETE', url: membersURL(ep, id), headers: {} }), { deadline });
  expectStatus(resp, 204, 410);
}

export async function updateMember(client: ClusterClient, id: string, peerURLs: string[], deadline: Deadline): Promise<void> {
  const body = peerURLsBody(validatePeerURLs(peerURLs));
  const resp = await client.do((ep) => ({ method: 'PUT', url: membersURL(ep, id), headers: { ...JSON_TYPE }, body }), { deadline });
  expectStatus(resp, 204, 404, 409);
  if (resp.status !== 204) throw membersError(resp.body);
}

/** Client.Sync: the endpoints become the members' client URLs. */
export async function syncEndpoints(client: ClusterClient, deadline: Deadline): Promise<void> {
  const members = await listMembers(client, deadline);
  const urls = members.flatMap((m) => m.clientURLs);
  if (urls.length === 0) throw new NoEndpointsError();
  const parsed = urls.map((u) => {
    try {
      return parseGoURL(u);
    } catch (err) {
      throw new V2Error((err as Error).message);
    }
  });
  client.adoptEndpoints(parsed);
}
