// Cluster membership as etcd 3.4 derives and stores it: deterministic member and cluster IDs, the member
// JSON of raft ConfChange contexts and the backend, and the raftAttributes JSON of the v2 store.
import { createHash } from 'node:crypto';
import { goJsonQuote, toByteString } from './gojson.js';
import { byteCompare } from '../go/types.js';

export interface Member {
  id: bigint;
  name: string;
  /** Canonical URLs, sorted. */
  peerURLs: string[];
  clientURLs: string[];
  isLearner: boolean;
}

/** types.ID.String(): lower-case hex without leading zeros. */
export const idString = (id: bigint): string => id.toString(16);

const firstU64 = (digest: Buffer): bigint => digest.readBigUInt64BE(0);

/** membership.NewMember: SHA-1 of the sorted peer URLs (no separator) followed by the cluster token. */
export function computeMemberId(peerURLs: string[], token: string): bigint {
  const h = createHash('sha1');
  for (const u of [...peerURLs].sort(byteCompare)) h.update(u, 'utf8');
  h.update(token, 'utf8');
  return firstU64(h.digest());
}

/** RaftCluster.genID: SHA-1 of the member IDs sorted ascending, each as 8 big-endian bytes. */
export function computeClusterId(memberIds: bigint[]): bigint {
  const sorted = [...memberIds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const buf = Buffer.alloc(8 * sorted.length);
  sorted.forEach((id, i) => buf.writeBigUInt64BE(id, i * 8));
  return firstU64(createHash('sha1').update(buf).digest());
}

const jsonStr = (s: string) => goJsonQuote(toByteString(s));
const jsonList = (items: string[]) => '[' + items.map(jsonStr).join(',') + ']';

/** json.Marshal(Member): {"id","peerURLs","isLearner"?,"name"?,"clientURLs"?} (omitempty where etcd says so). */
export function memberJson(m: Member): string {
  let out = `{"id":${m.id},"peerURLs":${jsonList(m.peerURLs)}`;
  if (m.isLearner) out += ',"isLearner":true';
  if (m.name !== '') out += `,"name":${jsonStr(m.name)}`;
  if (m.clientURLs.length > 0) out += `,"clientURLs":${jsonList(m.clientURLs)}`;
  return out + '}';
}

/** json.Marshal(RaftAttributes), the value of /0/members/<id>/raftAttributes. */
export function raftAttributesJson(peerURLs: string[], isLearner: boolean): string {
  return `{"peerURLs":${jsonList(peerURLs)}${isLearner ? ',"isLearner":true' : ''}}`;
}

/** json.Marshal(Attributes), the value of /0/members/<id>/attributes. */
export function attributesJson(name: string, clientURLs: string[]): string {
  let out = '{';
  if (name !== '') out += `"name":${jsonStr(name)}`;
  if (clientURLs.length > 0) out += `${out.length > 1 ? ',' : ''}"clientURLs":${jsonList(clientURLs)}`;
  return out + '}';
}

/** Go's `%v` of a *Member, used in "member exists with identical ID" errors. */
export const memberGoString = (m: Member): string =>
  `&{${idString(m.id)} {[${m.peerURLs.join(' ')}] ${m.isLearner}} {${m.name} [${m.clientURLs.join(' ')}]}}`;
