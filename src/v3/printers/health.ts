// Output of `check health`: a line per check, then the verdict; JSON for machines; a table for people.
import { jsonString } from '../../go/json.js';
import { renderTable } from '../../cli/table.js';
import type { Printer } from './format.js';

export type CheckStatus = 'ok' | 'warning' | 'error';

export interface Check {
  name: string;
  status: CheckStatus;
  message: string;
}

export interface HealthReport {
  verdict: CheckStatus;
  exitCode: number;
  checks: Check[];
}

const LABEL: Record<CheckStatus, string> = { ok: 'OK', warning: 'WARNING', error: 'ERROR' };
const VERDICT: Record<CheckStatus, string> = { ok: 'HEALTHY', warning: 'DEGRADED', error: 'UNHEALTHY' };

function summary(r: HealthReport): string {
  const count = (s: CheckStatus) => r.checks.filter((c) => c.status === s).length;
  return `${VERDICT[r.verdict]}: ${count('ok')} ok, ${count('warning')} warning(s), ${count('error')} error(s)`;
}

export const healthReportPrinter: Printer<HealthReport> = {
  simple: (r) => r.checks.map((c) => `${LABEL[c.status].padEnd(7)} ${c.name}: ${c.message}\n`).join('') + summary(r) + '\n',
  json: (r) =>
    `{"verdict":${jsonString(VERDICT[r.verdict].toLowerCase())},"exitCode":${r.exitCode},"checks":[` +
    r.checks.map((c) => `{"name":${jsonString(c.name)},"status":${jsonString(c.status)},"message":${jsonString(c.message)}}`).join(',') +
    ']}\n',
  table: (r) => renderTable(['check', 'status', 'detail'], r.checks.map((c) => [c.name, LABEL[c.status], c.message])) + summary(r) + '\n',
};
