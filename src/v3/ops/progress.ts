// The progress line etcdctl's check commands print on stdout (cheggaaa/pb v1 with format "Bom !"):
// " <n> / <total> [bar] <percent>% <time left>", redrawn after "\r" five times a second, ended by a newline.
// Without a terminal there is no width, hence no bar graphics: exactly what etcdctl prints when piped.
import { formatGoDuration } from '../../go/duration.js';
import type { Output } from '../../cli/io.js';

const REFRESH_MS = 200;
const NS_PER_S = 1_000_000_000n;

/** pb's own duration format for the time left: "00m56s", with hours and days when needed. */
function timeLeftText(ms: number): string {
  let s = Math.floor(ms / 1000);
  let out = '';
  if (s > 86400) {
    out += `${Math.floor(s / 86400)}d`;
    s %= 86400;
  }
  if (s > 3600) {
    out += `${Math.floor(s / 3600)}h`;
    s %= 3600;
  }
  const m = Math.floor(s / 60);
  return `${out}${String(m).padStart(2, '0')}m${String(s % 60).padStart(2, '0')}s`;
}

export class ProgressBar {
  private current = 0;
  private startedAt = 0;
  private changedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private finished = false;

  constructor(private readonly total: number, private readonly out: Output, private readonly width: number) {}

  start(): void {
    this.startedAt = this.changedAt = Date.now();
    this.draw();
    this.timer = setInterval(() => this.draw(), REFRESH_MS);
  }

  add(n = 1): void {
    this.current += n;
    this.changedAt = Date.now();
  }

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    clearInterval(this.timer);
    this.draw();
    this.out.write('\n');
  }

  private draw(): void {
    this.out.write('\r' + this.line(Date.now()));
  }

  line(now: number): string {
    const { total, current } = this;
    const percent = total > 0 ? current / (total / 100) : current / 100;
    const percentBox = ` ${percent.toFixed(2).padStart(6, ' ')}%`;
    const counters = ` ${current} / ${total} `;
    const elapsed = now - this.startedAt;
    let timeBox = '';
    if (this.finished) {
      timeBox = ' ' + formatGoDuration((BigInt(Math.floor(elapsed / 1000)) * NS_PER_S));
    } else if (current > 0) {
      const left = Math.floor(((total - current) * (elapsed / current) - (now - this.changedAt)) / 1000) * 1000;
      if (left > 0) timeBox = ' ' + timeLeftText(left);
    }
    return counters + this.bar(counters.length + 2 + percentBox.length + timeBox.length) + percentBox + timeBox;
  }

  /** "B" + "o"… + "m" + " "… + "!" filling the terminal width, or nothing without one. */
  private bar(used: number): string {
    const size = this.width - used;
    if (size <= 0 || this.total <= 0) return '';
    const cur = Math.min(size, Math.ceil((this.current / this.total) * size));
    const empty = Math.max(0, size - cur);
    let s = 'B';
    if (empty <= 0) s += 'o'.repeat(cur);
    else if (cur > 0) s += 'o'.repeat(cur - 1) + 'm';
    return s + ' '.repeat(empty) + '!';
  }
}
