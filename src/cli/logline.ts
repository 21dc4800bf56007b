// coreos/capnslog's line format, which etcdctl uses for pkg/flags warnings: local time with microseconds.
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function capnslogLine(level: 'C' | 'E' | 'W' | 'N' | 'I', pkg: string, msg: string, now = new Date()): string {
  const micros = pad(now.getMilliseconds(), 3) + '000';
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}.${micros}`;
  return `${date} ${time} ${level} | ${pkg}: ${msg}\n`;
}
