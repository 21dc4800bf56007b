// A Go context for one command call: `--total-timeout` becomes a deadline whose expiry aborts the
// request in flight with "context deadline exceeded". A zero or negative timeout is already expired,
// as context.WithTimeout(0) is.
import { DeadlineError } from '../errors.js';

// setTimeout takes a signed 32-bit millisecond count; longer waits are simply never reached.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Nanoseconds to whole milliseconds, rounded up so that a 1ns timeout still expires. */
export function nsToMs(ns: bigint): number {
  if (ns <= 0n) return 0;
  const ms = (ns + 999_999n) / 1_000_000n;
  return ms > BigInt(MAX_TIMER_MS) ? Infinity : Number(ms);
}

export class Deadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;

  private constructor() {}

  /** No deadline (context.Background / context.TODO). */
  static none(): Deadline {
    return new Deadline();
  }

  static after(ns: bigint): Deadline {
    const d = new Deadline();
    const ms = nsToMs(ns);
    if (ms === 0) d.controller.abort();
    else if (ms !== Infinity) {
      d.timer = setTimeout(() => d.controller.abort(), ms);
      d.timer.unref();
    }
    return d;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get expired(): boolean {
    return this.controller.signal.aborted;
  }

  /** The error a request gets once the deadline passed. */
  error(): DeadlineError {
    return new DeadlineError();
  }

  /** Ends the wait now (an interrupted watch); requests in flight are abandoned. */
  cancel(): void {
    this.release();
    this.controller.abort();
  }

  /** Releases the timer; the deadline no longer fires. */
  release(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
