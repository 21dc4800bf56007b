// The one place an error becomes stderr text and an exit code; never a stack trace.
import { CliError, describeUnknown, ExitCode, SilentExit } from './exit.js';
import type { IO } from './io.js';

export function report(err: unknown, io: IO): number {
  if (err instanceof SilentExit) return err.exitCode;
  if (err instanceof CliError) {
    if (err.opts.stdout) io.stdout.write(err.opts.stdout);
    io.stderr.write(err.stderrText);
    return err.exitCode;
  }
  const named = err as { exitCode?: unknown };
  if (err instanceof Error && typeof named.exitCode === 'number') {
    io.stderr.write(`Error: ${err.message}\n`);
    return named.exitCode;
  }
  io.stderr.write(`Error: ${describeUnknown(err)}\n`);
  return ExitCode.Error;
}
