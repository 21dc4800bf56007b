// The one decision about terminals: whether stderr may show a spinner and whether colour is wanted.
// Piped or redirected output never gets either, so it stays byte-identical to etcdctl's.
import type { IO } from './io.js';

export interface TerminalFacts {
  /** A person is watching stderr: a TTY, not TERM=dumb, not a CI run. */
  interactive: boolean;
  /** Colour wanted: FORCE_COLOR forces it, NO_COLOR forbids it, otherwise only when interactive. */
  color: boolean;
}

const isSet = (v: string | undefined): v is string => v !== undefined && v !== '';
const isTrue = (v: string | undefined) => isSet(v) && v !== '0' && v.toLowerCase() !== 'false';

/** FORCE_COLOR as chalk reads it: set and not 0/false forces colour on, 0 or false forces it off. */
function forcedColour(env: NodeJS.ProcessEnv): boolean | undefined {
  const v = env.FORCE_COLOR;
  if (v === undefined) return undefined;
  if (v === '0' || v.toLowerCase() === 'false') return false;
  return true;
}

/** The facts for one of the two output streams (stdout carries tables, stderr errors and spinners). */
export function terminalFacts(io: IO, stream: 'stdout' | 'stderr'): TerminalFacts {
  const env = io.env;
  // The environment is read before the stream: asking a stream about its terminal makes Node open it.
  const interactive = env.TERM !== 'dumb' && !isTrue(env.CI) && io[stream].isTTY;
  const color = forcedColour(env) ?? (interactive && !isSet(env.NO_COLOR));
  return { interactive, color };
}

export function stderrTerminal(io: IO): TerminalFacts {
  return terminalFacts(io, 'stderr');
}

/** Colour is out of the question whatever the streams are: NO_COLOR without FORCE_COLOR, or FORCE_COLOR=0. */
export function colourRuledOut(env: NodeJS.ProcessEnv): boolean {
  const forced = forcedColour(env);
  return forced === false || (forced === undefined && (isSet(env.NO_COLOR) || env.TERM === 'dumb' || isTrue(env.CI)));
}

/** chalk's colour level: FORCE_COLOR=2 or 3 asks for 256 or 16m colours; anything else gets the basic 16. */
export function colourLevel(env: NodeJS.ProcessEnv): 1 | 2 | 3 {
  const v = env.FORCE_COLOR;
  return v === '2' ? 2 : v === '3' ? 3 : 1;
}

/** Quick operations finish before a spinner would appear: nothing flickers. */
const SPINNER_DELAY_MS = 400;

export interface SpinnerOptions {
  /** How long the work may take before the spinner shows (e.g. 1000 for dial retries past one second). */
  delayMs?: number;
}

/**
 * Runs `work`, showing a spinner with `text` on stderr while it lasts longer than a moment, and clears it
 * before returning, so that whatever is printed next starts on a clean line. ora is loaded only when shown.
 */
export async function withSpinner<T>(io: IO, text: string, work: () => Promise<T>, options: SpinnerOptions = {}): Promise<T> {
  const facts = stderrTerminal(io);
  // A terminal that reports no width (a pty never sized, as under `script`) would make ora divide by zero
  // and loop clearing lines: no spinner there.
  if (!facts.interactive || !((process.stderr.columns ?? 0) > 0)) return work();
  let stop: (() => void) | undefined;
  let cancelled = false;
  const timer = setTimeout(() => {
    void import('ora')
      .then(({ default: ora }) => {
        if (cancelled) return;
        const spinner = ora({ text, stream: process.stderr, color: facts.color ? 'cyan' : false, discardStdin: false }).start();
        activeSpinner = spinner;
        stop = () => {
          activeSpinner = undefined;
          spinner.stop();
        };
      })
      .catch(() => {
        // a spinner is a nicety; without ora the work simply runs unadorned
      });
  }, options.delayMs ?? SPINNER_DELAY_MS);
  try {
    return await work();
  } finally {
    cancelled = true;
    clearTimeout(timer);
    stop?.();
  }
}

let activeSpinner: { clear(): unknown; render(): unknown } | undefined;

/** Writes whole lines to stderr; a spinner showing there is cleared first and drawn again below them. */
export function stderrLines(io: IO, text: string): void {
  const spinner = activeSpinner;
  spinner?.clear();
  io.stderr.write(text);
  spinner?.render();
}

/** stdout's width when it is a terminal, 0 otherwise (progress bars then draw no bar graphics). */
export function stdoutColumns(io: IO): number {
  return io.stdout.isTTY ? (process.stdout.columns ?? 80) : 0;
}
