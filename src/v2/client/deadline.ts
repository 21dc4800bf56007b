// A Go context for one command call: `--total-timeout` becomes a deadline whose expiry aborts the
// request in flight with "context deadline exceeded". A zero or negative timeout is already expired,
// as context.WithTimeout(0) is.
import { DeadlineError } from '../errors.js';
import { durationMs, MAX_TIMER_MS } from '../../go/duration.js';


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
    const ms = durationMs(ns);
    if (ms === 0) d.controller.abort();
    // A longer wait is never reached.
    else if (ms < MAX_TIMER_MS) {
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
