// Reads standard input one line at a time as byte strings (one char per byte), for commands that prompt
// between lines (txn -i, watch -i) and so must not read everything first.
import type { IO } from './io.js';

export class LineReader {
  private buf = Buffer.alloc(0);
  private ended = false;
  private waiting?: () => void;

  constructor(io: IO) {
    const stdin = io.stdin;
    stdin.on('data', (chunk: Buffer | string) => {
      this.buf = Buffer.concat([this.buf, typeof chunk === 'string' ? Buffer.from(chunk) : chunk]);
      this.wake();
    });
    stdin.on('end', () => { this.ended = true; this.wake(); });
    stdin.on('error', () => { this.ended = true; this.wake(); });
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.();
  }

  /** The next line without its newline, or undefined at end of input (a last line without newline included). */
  async next(): Promise<string | undefined> {
    for (;;) {
      const nl = this.buf.indexOf(0x0a);
      if (nl >= 0) {
        const line = this.buf.subarray(0, nl).toString('latin1');
        this.buf = this.buf.subarray(nl + 1);
        return line;
      }
      if (this.ended) {
        if (this.buf.length === 0) return undefined;
        const line = this.buf.toString('latin1');
        this.buf = Buffer.alloc(0);
        return line;
      }
      await new Promise<void>((r) => (this.waiting = r));
    }
  }
}
