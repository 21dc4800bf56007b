// The load generator behind check perf and check datascale (etcdctl check.go with pkg/report @ v3.4.23):
// puts from a fixed number of concurrent workers, optionally paced by a token bucket, and the statistics
// etcdctl judges (rate of successful requests, slowest, standard deviation, errors by message).

export interface LoadStats {
  /** Successful requests per second over the whole run. */
  rps: number;
  slowestS: number;
  stddevS: number;
  /** Error message → count, in the order first seen. */
  errors: Map<string, number>;
}

export interface LoadOptions {
  workers: number;
  /** Requests per second (token bucket with a burst of one); undefined: as fast as the workers go. */
  ratePerSecond?: number;
  /** Stop issuing when this time (Date.now() ms) would be passed; undefined: stop after `count`. */
  until?: number;
  count?: number;
  request: () => Promise<unknown>;
  onDone?: () => void;
}

/** How far behind schedule the paced load may run before the lost time is written off. */
const MAX_CATCH_UP_MS = 20;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function runLoad(opts: LoadOptions): Promise<LoadStats> {
  const started = performance.now();
  const lats: number[] = [];
  const errors = new Map<string, number>();
  let inFlight = 0;
  let freed: (() => void) | undefined;
  const all: Promise<void>[] = [];

  const issue = () => {
    inFlight++;
    const t0 = performance.now();
    const p = opts.request().then(
      () => { lats.push((performance.now() - t0) / 1000); },
      (err: unknown) => {
        const msg = err instanceof Error ? err.message : String(err);
        errors.set(msg, (errors.get(msg) ?? 0) + 1);
      },
    ).finally(() => {
      inFlight--;
      opts.onDone?.();
      freed?.();
    });
    all.push(p);
  };

  const interval = opts.ratePerSecond ? 1000 / opts.ratePerSecond : 0;
  const until = opts.until === undefined ? undefined : performance.now() + (opts.until - Date.now());
  let next = performance.now();
  for (let n = 0; opts.count === undefined || n < opts.count; n++) {
    if (interval > 0) {
      const now = performance.now();
      // A token bucket with a burst of one does not pay back a long stall with a burst of requests; only the
      // timers' own lateness is made up, so the average rate still reaches the limit.
      if (next < now - MAX_CATCH_UP_MS) next = now - MAX_CATCH_UP_MS;
      // rate.Limiter.Wait refuses to wait past the deadline: the run ends at the last token before it.
      if (until !== undefined && next > until) break;
      if (next - now >= 1) await sleep(next - now);
      next += interval;
    }
    while (inFlight >= opts.workers) await new Promise<void>((r) => (freed = r));
    issue();
  }
  await Promise.all(all);
  const totalS = (performance.now() - started) / 1000;
  return summarize(lats, errors, totalS);
}

function summarize(lats: number[], errors: Map<string, number>, totalS: number): LoadStats {
  const n = lats.length;
  const average = n ? lats.reduce((a, b) => a + b, 0) / n : NaN;
  const variance = n ? lats.reduce((a, l) => a + (l - average) ** 2, 0) / n : NaN;
  return { rps: n / totalS, slowestS: lats.reduce((a, b) => (b > a ? b : a), 0), stddevS: Math.sqrt(variance), errors };
}
