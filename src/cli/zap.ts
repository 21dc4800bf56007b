// zap's JSON log line, as etcdctl prints it on stderr: the clientv3 retry warnings (logger built from
// pkg/logutil/zap.go's DefaultZapLoggerConfig@v3.4.23: ISO8601 local time) and the snapshot tools' lines
// (zap.NewProduction: epoch seconds). One writer serves both; only the time encoding differs.

/** A zap log line: `{"level":…,"ts":…,"caller":…,"msg":…, fields…}`, keys in that order. */
export interface ZapLogEntry {
  level: 'info' | 'warn' | 'error';
  time: Date;
  caller: string;
  msg: string;
  /** Values: strings, string lists, or numbers (zap.Int64/Uint fields as bigint or integer, floats as Go prints them). */
  fields: Array<[string, string | string[] | bigint | number]>;
}

/** 'iso8601': zapcore.ISO8601TimeEncoder ("2006-01-02T15:04:05.000Z0700", local time); 'epoch': zapcore.EpochTimeEncoder. */
export type ZapTimeEncoding = 'iso8601' | 'epoch';

export function zapLine(entry: ZapLogEntry, encoding: ZapTimeEncoding = 'iso8601'): string {
  const ts = encoding === 'epoch' ? goFloat(entry.time.getTime() / 1000) : jsonString(iso8601(entry.time));
  let line = `{"level":${jsonString(entry.level)},"ts":${ts},"caller":${jsonString(entry.caller)},"msg":${jsonString(entry.msg)}`;
  for (const [key, value] of entry.fields) line += `,${jsonString(key)}:${fieldValue(value)}`;
  return `${line}}\n`;
}

function fieldValue(v: string | string[] | bigint | number): string {
  if (typeof v === 'string') return jsonString(v);
  if (Array.isArray(v)) return `[${v.map(jsonString).join(',')}]`;
  if (typeof v === 'bigint' || Number.isInteger(v)) return String(v);
  return goFloat(v);
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

/** Go's "2006-01-02T15:04:05.000Z0700" in local time: "Z" for a zero offset, else ±hhmm. */
function iso8601(t: Date): string {
  const date = `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`;
  const time = `${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())}.${pad(t.getMilliseconds(), 3)}`;
  const offset = -t.getTimezoneOffset();
  const zone = offset === 0 ? 'Z' : `${offset < 0 ? '-' : '+'}${pad(Math.trunc(offset / 60))}${pad(offset % 60)}`;
  return `${date}T${time}${zone}`;
}

/** strconv.FormatFloat(f, 'f', -1, 64): the shortest digits that read back as f, never in exponent form. */
function goFloat(f: number): string {
  const s = String(f);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, lead, rest = '', expText] = m;
  const digits = lead + rest;
  const exp = Number(expText);
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  return sign + digits.padEnd(exp + 1, '0');
}

const HEX = '0123456789abcdef';

/** zap's JSON string escaping: `"` and `\`, \n \r \t, other control bytes as \u00XX, what is not UTF-8 as U+FFFD. */
function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xd800 && c <= 0xdfff) out += '\ufffd'; // a lone surrogate: not UTF-8, as Go's invalid bytes
    else if (c >= 0x20 && ch !== '\\' && ch !== '"') out += ch;
    else if (ch === '\\' || ch === '"') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else out += `\\u00${HEX[c >> 4]}${HEX[c & 15]}`;
  }
  return `${out}"`;
}
