// Ctrl-C and SIGTERM for the commands that must clean up before they go (lock, elect, snapshot save):
// the handler only records the signal and aborts; the command unwinds and exits as the signal would have.
import { ExitCode } from '../../cli/exit.js';

const SIGNAL_NUMBERS = { SIGINT: 2, SIGTERM: 15 } as const;
type Trapped = keyof typeof SIGNAL_NUMBERS;

export interface Interrupts {
  /** Aborted when SIGINT or SIGTERM arrives. */
  readonly signal: AbortSignal;
  /** The signal received, if any. */
  readonly received: Trapped | undefined;
  /** The exit status a shell reports for a process killed by that signal (130, 143). */
  exitCode(): number;
  dispose(): void;
}

export function trapInterrupts(): Interrupts {
  const controller = new AbortController();
  let received: Trapped | undefined;
  const handlers = (Object.keys(SIGNAL_NUMBERS) as Trapped[]).map((name) => {
    const h = () => {
      received ??= name;
      controller.abort();
    };
    process.on(name, h);
    return [name, h] as const;
  });
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    exitCode: () => (received ? 128 + SIGNAL_NUMBERS[received] : ExitCode.Success),
    dispose: () => {
      for (const [name, h] of handlers) process.off(name, h);
    },
  };
}

/** Resolves when the signal aborts (never rejects). */
export function whenAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
