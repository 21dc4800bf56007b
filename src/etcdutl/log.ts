// etcdutl's log lines: zap's console encoder with RFC 3339 times (etcdutl/etcdutl/common.go@v3.5.30, GetLogger):
// "TIME<TAB>LEVEL<TAB>CALLER<TAB>MESSAGE<TAB>{fields}", the fields as JSON with a space after each ':' and ','.
import { formatGoDuration } from '../go/duration.js';
import { formatLocalTime } from '../go/time.js';
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

function value(v: ZapValue | boolean): string {
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return zapString(v);
  if (typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return '[' + v.map(zapString).join(', ') + ']';
  return zapString(formatGoDuration(v.durationNs));
}

export function utlLogLine(e: UtlLogEntry): string {
  let out = `${formatLocalTime(e.timeMs, 'rfc3339')}\t${e.level}\t${e.logger ? `${e.logger}\t` : ''}${e.caller}\t${e.msg}`;
  if (e.fields.length) out += '\t{' + e.fields.map(([k, v]) => `${zapString(k)}: ${value(v)}`).join(', ') + '}';
  return out + '\n';
}
