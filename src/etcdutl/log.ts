// etcdutl's log lines: zap's console encoder with RFC 3339 times (etcdutl/etcdutl/common.go@v3.5.30, GetLogger):
// "TIME<TAB>LEVEL<TAB>CALLER<TAB>MESSAGE<TAB>{fields}", the fields as JSON with a space after each ':' and ','.
import { formatGoDuration } from '../go/duration.js';
import { zapString, type ZapField, type ZapValue } from '../cli/zap.js';

export interface UtlLogEntry {
  level: 'info' | 'warn' | 'error';
  /** The named logger, where one is (bbolt's). */
  logger?: string;
  timeMs: number;
  caller: string;
  msg: string;
  fields: (ZapField | [string, boolean])[];
}

/** zapcore.RFC3339TimeEncoder: "2006-01-02T15:04:05Z07:00" in local time. */
function rfc3339(ms: number): string {
  const d = new Date(Math.floor(ms));
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const off = -d.getTimezoneOffset();
  const zone = off === 0 ? 'Z' : `${off < 0 ? '-' : '+'}${p(Math.floor(Math.abs(off) / 60))}:${p(Math.abs(off) % 60)}`;
  return `${p(d.getFullYear(), 4)}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}${zone}`;
}

function value(v: ZapValue | boolean): string {
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return zapString(v);
  if (typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return '[' + v.map(zapString).join(', ') + ']';
  return zapString(formatGoDuration(v.durationNs));
}

export function utlLogLine(e: UtlLogEntry): string {
  let out = `${rfc3339(e.timeMs)}\t${e.level}\t${e.logger ? `${e.logger}\t` : ''}${e.caller}\t${e.msg}`;
  if (e.fields.length) out += '\t{' + e.fields.map(([k, v]) => `${zapString(k)}: ${value(v)}`).join(', ') + '}';
  return out + '\n';
}
