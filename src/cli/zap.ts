// The JSON log lines etcdctl's libraries write to stderr through go.uber.org/zap. Scripts and etcd's own e2e
// tests look for them (snapshot save's "saved", restore's "added member", clientv3's retry warnings), so the
// keys come in zap's order: level, ts, caller, msg, then the fields in the order they were logged.
//
// Two encoder set-ups are in use in etcdctl 3.4.23, and they differ only in how time is written:
// - zap.NewProduction() (etcdctl/ctlv3/command/snapshot_command.go): ts as epoch seconds, a float; durations
//   as float seconds;
// - pkg/logutil.DefaultZapLoggerConfig (the clientv3 client's logger): ts as ISO 8601 local time with
//   milliseconds; durations as Go duration strings.
import { formatGoDuration } from '../go/duration.js';
import { formatLocalTime } from '../go/time.js';

/** A field value: a string, a list of strings, an integer (zap.Int64), or a duration in nanoseconds. */
export type ZapValue = string | string[] | bigint | { durationNs: bigint };
export type ZapField = [string, ZapValue];

export type ZapEncoding = 'production' | 'clientv3';

export interface ZapLogEntry {
  level: 'info' | 'warn';
  /** Milliseconds since the epoch, with a fraction (performance.timeOrigin + performance.now()). */
  timeMs: number;
  caller: string;
  msg: string;
  fields: ZapField[];
  encoding: ZapEncoding;
}

/** Now, finer than Date's milliseconds, as zap's nanosecond clock gives. */
export const nowMs = (): number => performance.timeOrigin + performance.now();

export function zapEntry(encoding: ZapEncoding, level: ZapLogEntry['level'], caller: string, msg: string, fields: ZapField[] = []): ZapLogEntry {
  return { level, timeMs: nowMs(), caller, msg, fields, encoding };
}

/** One log line, newline included. */
export function zapLine(e: ZapLogEntry): string {
  const ts = e.encoding === 'production' ? epochSeconds(e.timeMs) : zapString(formatLocalTime(e.timeMs, 'iso8601'));
  let out = `{"level":"${e.level}","ts":${ts},"caller":${zapString(e.caller)},"msg":${zapString(e.msg)}`;
  for (const [key, value] of e.fields) out += `,${zapString(key)}:${zapValue(value, e.encoding)}`;
  return out + '}\n';
}

function zapValue(v: ZapValue, encoding: ZapEncoding): string {
  if (typeof v === 'string') return zapString(v);
  if (typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return '[' + v.map(zapString).join(',') + ']';
  return encoding === 'production' ? floatSeconds(v.durationNs) : zapString(formatGoDuration(v.durationNs));
}

// zapcore.EpochTimeEncoder: float64 seconds, printed as the shortest text that reads back the same float.
function epochSeconds(ms: number): string {
  return formatFloat(ms / 1000);
}

function floatSeconds(ns: bigint): string {
  return formatFloat(Number(ns) / 1e9);
}

// strconv.FormatFloat(f, 'f', -1, 64): JavaScript's shortest round-trip digits, never in exponent form.
function formatFloat(f: number): string {
  const s = String(f);
  const e = /^(\d)(?:\.(\d+))?e-(\d+)$/.exec(s);
  // Only small positive numbers (durations under a microsecond) reach exponent form here.
  return e ? `0.${'0'.repeat(Number(e[3]) - 1)}${e[1]}${e[2] ?? ''}` : s;
}

// zap's JSON string escaping: only '"', '\\' and control characters; '<', '>' and '&' stay as they are
// (unlike encoding/json), and text that is not valid UTF-8 becomes U+FFFD.
export function zapString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20) out += '\\u00' + c.toString(16).padStart(2, '0');
    else if (c >= 0xd800 && c <= 0xdfff) out += '\ufffd';
    else out += ch;
  }
  return out + '"';
}
