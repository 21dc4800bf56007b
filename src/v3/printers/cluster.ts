// Printers for member and endpoint responses (etcdctl printer_*.go MemberList, EndpointHealth, EndpointStatus).
import { formatGoDuration } from '../../go/duration.js';
import { humanizeBytes } from '../../go/humanize.js';
import { jsonString } from '../../go/json.js';
import { goQuote } from '../../go/quote.js';
import { renderTable } from '../../cli/table.js';
import { encode } from '../proto/codec.js';
import type {
  HashKVResponse,
  Member,
  MemberAddResponse,
  MemberListResponse,
  MoveLeaderResponse,
  StatusResponse,
  MessageName,
} from '../proto/schema.js';
import { fieldsHeader, hexId, paddedHexId } from './common.js';
import type { Printer } from './format.js';
import { goJson } from './json.js';

const memberRow = (m: Member) => [
  hexId(m.ID),
  m.name === '' ? 'unstarted' : 'started',
  m.name,
  m.peerURLs.join(','),
  m.clientURLs.join(','),
  String(m.isLearner),
];

const MEMBER_HEADER = ['ID', 'Status', 'Name', 'Peer Addrs', 'Client Addrs', 'Is Learner'];

export function fieldsMembers(members: Member[]): string {
  let s = '';
  for (const m of members) {
    s += `"ID" : ${m.ID}\n"Name" : ${goQuote(m.name)}\n`;
    for (const u of m.peerURLs) s += `"PeerURL" : ${goQuote(u)}\n`;
    for (const u of m.clientURLs) s += `"ClientURL" : ${goQuote(u)}\n`;
    s += `"IsLearner" : ${m.isLearner}\n\n`;
  }
  return s;
}

export const memberListPrinter: Printer<MemberListResponse> = {
  simple: (r) => r.members.map((m) => memberRow(m).join(', ') + '\n').join(''),
  json: (r) => goJson('etcdserverpb.MemberListResponse', r) + '\n',
  fields: (r) => fieldsHeader(r.header) + fieldsMembers(r.members),
  protobuf: (r) => encode('etcdserverpb.MemberListResponse', r),
  table: (r) => renderTable(MEMBER_HEADER, r.members.map(memberRow)),
};

export interface EndpointHealth {
  endpoint: string;
  health: boolean;
  /** Absent when no client could be made for the endpoint (etcdctl then prints an empty "took"). */
  tookNs?: bigint;
  error: string;
}

const took = (h: EndpointHealth) => (h.tookNs === undefined ? '' : formatGoDuration(h.tookNs));

/** The simple format's line for one endpoint; healthy lines go to stdout, unhealthy ones to stderr. */
export function healthLine(h: EndpointHealth): string {
  return h.health
    ? `${h.endpoint} is healthy: successfully committed proposal: took = ${took(h)}\n`
    : `${h.endpoint} is unhealthy: failed to commit proposal: ${h.error}\n`;
}

function healthJson(h: EndpointHealth): string {
  let s = `{"endpoint":${jsonString(h.endpoint)},"health":${h.health},"took":${jsonString(took(h))}`;
  if (h.error !== '') s += `,"error":${jsonString(h.error)}`;
  return s + '}';
}

export const endpointHealthPrinter: Printer<EndpointHealth[]> = {
  simple: (hs) => hs.map(healthLine).join(''),
  json: (hs) => `[${hs.map(healthJson).join(',')}]\n`,
  fields: (hs) =>
    hs.map((h) => `"Endpoint" : ${goQuote(h.endpoint)}\n"Health" : ${h.health}\n"Took" : ${took(h)}\n"Error" : ${h.error}\n\n`).join(''),
  table: (hs) => renderTable(['endpoint', 'health', 'took', 'error'], hs.map((h) => [h.endpoint, String(h.health), took(h), h.error])),
};

export interface EndpointStatus {
  Endpoint: string;
  Status: StatusResponse;
}

function statusRow(s: EndpointStatus): string[] {
  const st = s.Status;
  const memberId = st.header?.member_id ?? 0n;
  return [
    s.Endpoint,
    hexId(memberId),
    st.version,
    humanizeBytes(st.dbSize),
    String(st.leader === memberId),
    String(st.isLearner),
    String(st.raftTerm),
    String(st.raftIndex),
    String(st.raftAppliedIndex),
    st.errors.join(', '),
  ];
}

function statusFields(s: EndpointStatus): string {
  const st = s.Status;
  return (
    fieldsHeader(st.header) +
    `"Version" : ${goQuote(st.version)}\n"DBSize" : ${st.dbSize}\n"Leader" : ${st.leader}\n"IsLearner" : ${st.isLearner}\n` +
    `"RaftIndex" : ${st.raftIndex}\n"RaftTerm" : ${st.raftTerm}\n"RaftAppliedIndex" : ${st.raftAppliedIndex}\n` +
    `"Errors" : [${st.errors.join(' ')}]\n"Endpoint" : ${goQuote(s.Endpoint)}\n\n`
  );
}

const STATUS_HEADER = ['endpoint', 'ID', 'version', 'db size', 'is leader', 'is learner', 'raft term', 'raft index', 'raft applied index', 'errors'];

export const endpointStatusPrinter: Printer<EndpointStatus[]> = {
  simple: (ss) => ss.map((s) => statusRow(s).join(', ') + '\n').join(''),
  json: (ss) =>
    `[${ss.map((s) => `{"Endpoint":${jsonString(s.Endpoint)},"Status":${goJson('etcdserverpb.StatusResponse', s.Status)}}`).join(',')}]\n`,
  fields: (ss) => ss.map(statusFields).join(''),
  table: (ss) => renderTable(STATUS_HEADER, ss.map(statusRow)),
};

/** member add also needs what the user typed: the simple format prints the new member's etcd settings. */
export interface MemberAdded {
  resp: MemberAddResponse;
  name: string;
  /** --peer-urls exactly as given (etcdctl echoes it untrimmed). */
  peerUrls: string;
}

/** ETCD_INITIAL_CLUSTER: every member's peer URLs in response order; the new member under the name given. */
function initialCluster(a: MemberAdded): string {
  const newId = a.resp.member?.ID ?? 0n;
  return a.resp.members
    .flatMap((m) => m.peerURLs.map((u) => `${m.ID === newId ? a.name : m.name}=${u}`))
    .join(',');
}

function memberAddSimple(a: MemberAdded): string {
  return (
    `Member ${paddedHexId(a.resp.member?.ID ?? 0n)} added to cluster ${paddedHexId(a.resp.header?.cluster_id ?? 0n)}\n` +
    '\n' +
    `ETCD_NAME=${goQuote(a.name)}\n` +
    `ETCD_INITIAL_CLUSTER=${goQuote(initialCluster(a))}\n` +
    `ETCD_INITIAL_ADVERTISE_PEER_URLS=${goQuote(a.peerUrls)}\n` +
    'ETCD_INITIAL_CLUSTER_STATE="existing"\n'
  );
}

export const memberAddPrinter: Printer<MemberAdded> = {
  simple: memberAddSimple,
  json: (a) => goJson('etcdserverpb.MemberAddResponse', a.resp) + '\n',
  protobuf: (a) => encode('etcdserverpb.MemberAddResponse', a.resp),
};

/** remove, update and promote answer with the header and the members that remain. */
export interface MemberChanged {
  id: bigint;
  resp: MemberListResponse;
}

function memberChangePrinter(verb: string, type: MessageName): Printer<MemberChanged> {
  return {
    simple: (c) => `Member ${paddedHexId(c.id)} ${verb} cluster ${paddedHexId(c.resp.header?.cluster_id ?? 0n)}\n`,
    json: (c) => goJson(type, c.resp) + '\n',
    protobuf: (c) => encode(type, c.resp),
  };
}

export const memberRemovePrinter = memberChangePrinter('removed from', 'etcdserverpb.MemberRemoveResponse');
export const memberUpdatePrinter = memberChangePrinter('updated in', 'etcdserverpb.MemberUpdateResponse');
// etcdctl 3.4 panics on every format but simple; 3.5.20+ prints json and protobuf, as we do.
export const memberPromotePrinter = memberChangePrinter('promoted in', 'etcdserverpb.MemberPromoteResponse');

export interface EndpointHashKV {
  Endpoint: string;
  HashKV: HashKVResponse;
}

const hashRow = (h: EndpointHashKV) => [h.Endpoint, String(h.HashKV.hash)];

export const endpointHashKVPrinter: Printer<EndpointHashKV[]> = {
  simple: (hs) => hs.map((h) => hashRow(h).join(', ') + '\n').join(''),
  json: (hs) =>
    `[${hs.map((h) => `{"Endpoint":${jsonString(h.Endpoint)},"HashKV":${goJson('etcdserverpb.HashKVResponse', h.HashKV)}}`).join(',')}]\n`,
  fields: (hs) =>
    hs.map((h) => fieldsHeader(h.HashKV.header) + `"Endpoint" : ${goQuote(h.Endpoint)}\n"Hash" : ${h.HashKV.hash}\n\n`).join(''),
  table: (hs) => renderTable(['endpoint', 'hash'], hs.map(hashRow)),
};

export interface MoveLeaderResult {
  from: bigint;
  to: bigint;
  resp: MoveLeaderResponse;
}

export const moveLeaderPrinter: Printer<MoveLeaderResult> = {
  simple: (r) => `Leadership transferred from ${hexId(r.from)} to ${hexId(r.to)}\n`,
  json: (r) => goJson('etcdserverpb.MoveLeaderResponse', r.resp) + '\n',
  protobuf: (r) => encode('etcdserverpb.MoveLeaderResponse', r.resp),
};
