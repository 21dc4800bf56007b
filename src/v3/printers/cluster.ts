// Printers for member and endpoint responses (etcdctl printer_*.go MemberList, EndpointHealth, EndpointStatus).
import { formatGoDuration } from '../../cli/gofmt/duration.js';
import { humanizeBytes } from '../../cli/gofmt/humanize.js';
import { jsonString } from '../../cli/gofmt/json.js';
import { goQuote } from '../../cli/gofmt/quote.js';
import { renderTable } from '../../cli/table.js';
import { encode } from '../proto/codec.js';
import { fieldsHeader, hexId, type Header } from './common.js';
import type { Printer } from './format.js';
import { goJson } from './json.js';

export interface Member {
  ID: bigint;
  name: string;
  peerURLs: string[];
  clientURLs: string[];
  isLearner: boolean;
}

export interface MemberListResponse {
  header?: Header;
  members: Member[];
}

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

export interface StatusResponse {
  header?: Header;
  version: string;
  dbSize: bigint;
  leader: bigint;
  raftIndex: bigint;
  raftTerm: bigint;
  raftAppliedIndex: bigint;
  errors: string[];
  dbSizeInUse: bigint;
  isLearner: boolean;
}

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
