// Go's time.Format for the two layouts zap's time encoders use, in local time: zapcore.ISO8601TimeEncoder
// ("2006-01-02T15:04:05.000Z0700", clientv3's log lines) and zapcore.RFC3339TimeEncoder ("2006-01-02T15:04:05Z07:00",
// etcdutl's). They differ only in the milliseconds and in the colon inside the zone offset.

export type LocalTimeLayout = 'iso8601' | 'rfc3339';

/** `ms` since the epoch in `layout`; "Z" for a zero offset, as Go's Z07:00 and Z0700 write it. */
export function formatLocalTime(ms: number, layout: LocalTimeLayout): string {
  const d = new Date(Math.floor(ms));
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const offMin = -d.getTimezoneOffset();
  const colon = layout === 'rfc3339' ? ':' : '';
  const zone = offMin === 0 ? 'Z' : `${offMin < 0 ? '-' : '+'}${p(Math.floor(Math.abs(offMin) / 60))}${colon}${p(Math.abs(offMin) % 60)}`;
  const millis = layout === 'iso8601' ? `.${p(d.getMilliseconds(), 3)}` : '';
  return `${p(d.getFullYear(), 4)}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}${millis}${zone}`;
}
