// `etcdctl check health`: one verdict for cron and monitoring (ours; no etcdctl has it).
// Exit codes are part of its interface: 0 healthy, 1 degraded, 2 unhealthy.
import { connect as tlsConnect } from 'node:tls';
import { badArgs } from '../../cli/exit.js';
import { humanizeBytes } from '../../go/humanize.js';
import type { Etcd } from '../client/index.js';
import { hexId } from '../printers/common.js';
import { enumName } from '../proto/codec.js';
import { healthReportPrinter, type Check, type CheckStatus, type HealthReport } from '../printers/health.js';
import { AlarmRequest_AlarmAction, type AlarmMember, type Member, type StatusResponse } from '../proto/schema.js';
import type { CHECK_HEALTH_FLAGS, V3Context } from '../registry.js';

interface Probe { endpoint: string; status?: StatusResponse; error?: string }

const ok = (name: string, message: string): Check => ({ name, status: 'ok', message });
const warn = (name: string, message: string): Check => ({ name, status: 'warning', message });
const fail = (name: string, message: string): Check => ({ name, status: 'error', message });

async function memberList(client: Etcd, timeoutMs: number): Promise<Member[] | undefined> {
  try {
    const resp = await client.unary('Cluster.MemberList', {}, { timeoutMs });
    return resp.members;
  } catch {
    return undefined;
  }
}

async function probe(client: Etcd, endpoint: string, timeoutMs: number): Promise<Probe> {
  try {
    const status = await client.endpointClient(endpoint).unary('Maintenance.Status', {}, { timeoutMs });
    return { endpoint, status };
  } catch (err) {
    return { endpoint, error: (err as Error).message };
  }
}

function reachability(probes: Probe[], members: Member[] | undefined): Check {
  const up = probes.filter((p) => p.status);
  const down = probes.filter((p) => !p.status).map((p) => `${p.endpoint} (${p.error})`);
  const detail = `${up.length} of ${probes.length} endpoints reachable` + (down.length ? `; unreachable: ${down.join(', ')}` : '');
  if (down.length === 0) return ok('members', detail);
  const voters = members ? members.filter((m) => !m.isLearner).length : probes.length;
  const votersUp = up.filter((p) => !p.status!.isLearner).length;
  return votersUp >= Math.floor(voters / 2) + 1 ? warn('members', detail + ' (quorum kept)') : fail('members', detail + ' (quorum lost)');
}

function leaderAgreement(up: StatusResponse[], members: Member[] | undefined): Check {
  if (up.length === 0) return fail('leader', 'no member answered');
  const leaders = new Set(up.map((s) => s.leader));
  if (leaders.has(0n)) return fail('leader', 'a member has no leader');
  if (leaders.size > 1) return fail('leader', `members disagree: ${[...leaders].map(hexId).join(', ')}`);
  const [leader] = leaders;
  const name = members?.find((m) => m.ID === leader)?.name;
  return ok('leader', `${hexId(leader)}${name ? ` (${name})` : ''}, agreed by ${up.length} member${up.length === 1 ? '' : 's'}`);
}

function raftLag(up: StatusResponse[], maxLag: bigint): Check {
  if (up.length === 0) return fail('raft-lag', 'no member answered');
  const idx = up.map((s) => s.raftIndex);
  const lag = idx.reduce((a, b) => (b > a ? b : a)) - idx.reduce((a, b) => (b < a ? b : a));
  const detail = `raft index lag ${lag} (limit ${maxLag})`;
  return lag > maxLag ? warn('raft-lag', detail) : ok('raft-lag', detail);
}

/** An alarm by its name in etcd's AlarmType enum; a number this build does not know is shown as a number. */
function alarmLabel(alarm: number): string {
  const name = enumName('etcdserverpb.AlarmType', alarm);
  return name === String(alarm) ? `alarm ${alarm}` : name;
}

async function alarms(client: Etcd, up: Probe[], timeoutMs: number, members: Member[] | undefined): Promise<Check> {
  let list: AlarmMember[];
  try {
    const resp = await client.unary('Maintenance.Alarm', { action: AlarmRequest_AlarmAction.GET, memberID: 0n, alarm: 0 }, { timeoutMs });
    list = resp.alarms;
  } catch (err) {
    return fail('alarms', `cannot list alarms: ${(err as Error).message}`);
  }
  const statusErrors = up.flatMap((p) => p.status!.errors.map((e) => `${p.endpoint}: ${e.trim()}`));
  if (list.length === 0 && statusErrors.length === 0) return ok('alarms', 'none');
  const named = list.map((a) => {
    const m = members?.find((x) => x.ID === a.memberID);
    return `${alarmLabel(a.alarm)} on ${hexId(a.memberID)}${m?.name ? ` (${m.name})` : ''}`;
  });
  return fail('alarms', [...named, ...statusErrors].join('; '));
}

function dbSize(up: StatusResponse[], quota: bigint, warnPercent: bigint): Check {
  if (up.length === 0) return fail('db-size', 'no member answered');
  const biggest = up.map((s) => s.dbSize).reduce((a, b) => (b > a ? b : a));
  const percent = quota > 0n ? Number((biggest * 10000n) / quota) / 100 : 0;
  const detail = `largest ${humanizeBytes(biggest)}, ${percent.toFixed(1)}% of the ${humanizeBytes(quota)} quota (warn at ${warnPercent}%)`;
  if (percent >= 100) return fail('db-size', detail);
  return percent >= Number(warnPercent) ? warn('db-size', detail) : ok('db-size', detail);
}

/** HashKV at the lowest revision every reachable member has applied, so the hashes are comparable. */
async function hashAgreement(client: Etcd, up: Probe[], timeoutMs: number): Promise<Check> {
  if (up.length === 0) return fail('hashkv', 'no member answered');
  const rev = up.map((p) => p.status!.header?.revision ?? 0n).reduce((a, b) => (b < a ? b : a));
  const hashes: { endpoint: string; hash: number }[] = [];
  for (const p of up) {
    try {
      const resp = await client.endpointClient(p.endpoint).unary('Maintenance.HashKV', { revision: rev }, { timeoutMs });
      hashes.push({ endpoint: p.endpoint, hash: resp.hash });
    } catch (err) {
      return warn('hashkv', `${p.endpoint}: ${(err as Error).message}`);
    }
  }
  const distinct = new Set(hashes.map((h) => h.hash));
  if (distinct.size === 1) return ok('hashkv', `${hashes.length === 1 ? '1 member' : `all ${hashes.length} members agree`} at revision ${rev} (hash ${hashes[0].hash})`);
  return fail('hashkv', `members differ at revision ${rev}: ${hashes.map((h) => `${h.endpoint}=${h.hash}`).join(', ')}`);
}

function certificateExpiry(endpoint: string, timeoutMs: number): Promise<Date | string | undefined> {
  const url = /^[a-z]+:\/\//.test(endpoint) ? new URL(endpoint) : new URL(`https://${endpoint}`);
  if (url.protocol !== 'https:') return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const socket = tlsConnect({ host: url.hostname, port: Number(url.port || 443), rejectUnauthorized: false, servername: url.hostname });
    const done = (v: Date | string) => { socket.destroy(); resolve(v); };
    socket.setTimeout(timeoutMs, () => done('timed out'));
    socket.once('secureConnect', () => done(new Date(socket.getPeerCertificate().valid_to)));
    socket.once('error', (err) => done(err.message));
  });
}

async function certificates(endpoints: string[], days: bigint, timeoutMs: number, plaintext: boolean): Promise<Check> {
  if (plaintext) return ok('tls-expiry', 'skipped: endpoints use plaintext');
  const limit = Date.now() + Number(days) * 86_400_000;
  const problems: string[] = [];
  const errors: string[] = [];
  let checked = 0;
  for (const ep of endpoints) {
    const r = await certificateExpiry(ep, timeoutMs);
    if (r === undefined) continue;
    if (typeof r === 'string') { errors.push(`${ep}: ${r}`); continue; }
    checked++;
    if (r.getTime() < Date.now()) errors.push(`${ep}: expired on ${r.toISOString()}`);
    else if (r.getTime() < limit) problems.push(`${ep}: expires on ${r.toISOString()}`);
  }
  if (errors.length) return fail('tls-expiry', errors.join('; '));
  if (problems.length) return warn('tls-expiry', problems.join('; '));
  return ok('tls-expiry', checked ? `${checked} certificate${checked === 1 ? '' : 's'} valid for more than ${days} days` : 'skipped: no https endpoint');
}

export function verdict(checks: Check[]): { verdict: CheckStatus; exitCode: number } {
  if (checks.some((c) => c.status === 'error')) return { verdict: 'error', exitCode: 2 };
  if (checks.some((c) => c.status === 'warning')) return { verdict: 'warning', exitCode: 1 };
  return { verdict: 'ok', exitCode: 0 };
}

export async function checkHealth(ctx: V3Context<typeof CHECK_HEALTH_FLAGS>): Promise<number> {
  const warnPercent = ctx.flag('warn-db-percent');
  const quota = ctx.flag('quota-backend-bytes');
  const maxLag = ctx.flag('max-raft-lag');
  const certDays = ctx.flag('cert-expiry-days');
  if (warnPercent <= 0n || warnPercent > 100n) throw badArgs('--warn-db-percent must be between 1 and 100');
  if (quota <= 0n) throw badArgs('--quota-backend-bytes must be positive');
  if (maxLag < 0n || certDays < 0n) throw badArgs('--max-raft-lag and --cert-expiry-days must not be negative');
  const print = ctx.printer(healthReportPrinter);
  const g = ctx.globals();
  const timeoutMs = ctx.commandTimeoutMs();
  const client = await ctx.client(undefined, { quiet: true });
  const members = await memberList(client, timeoutMs);
  const endpoints = ctx.flag('cluster')
    ? (members ?? []).flatMap((m) => m.clientURLs)
    : g.endpoints.map((e) => e.trim());
  const probes = await Promise.all(endpoints.map((ep) => probe(client, ep, timeoutMs)));
  const up = probes.filter((p) => p.status);
  const statuses = up.map((p) => p.status!);
  const checks: Check[] = [
    endpoints.length === 0 ? fail('members', 'no endpoints (the member list could not be read)') : reachability(probes, members),
    leaderAgreement(statuses, members),
    raftLag(statuses, maxLag),
    await alarms(client, up, timeoutMs, members),
    dbSize(statuses, quota, warnPercent),
    await hashAgreement(client, up, timeoutMs),
  ];
  if (certDays > 0n) {
    const plaintext = g.cert === '' && g.cacert === '' && g.insecureTransport && endpoints.every((e) => !e.startsWith('https://'));
    checks.push(await certificates(endpoints, certDays, timeoutMs, plaintext));
  }
  const report: HealthReport = { ...verdict(checks), checks };
  print(report);
  return report.exitCode;
}
