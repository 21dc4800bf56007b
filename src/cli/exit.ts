// etcdctl's exit codes (ctlv3 command/error.go; the v2 tree reuses the same numbers with its own meanings).
export const ExitCode = {
  Success: 0,
  Error: 1,
  BadConnection: 2,
  InvalidInput: 3,
  BadFeature: 4,
  Interrupted: 5,
  IO: 6,
  BadArgs: 128,
  // A Go etcdctl writing into a closed pipe dies of SIGPIPE; a shell with pipefail sees 128+13.
  BrokenPipe: 141,
} as const;

export interface CliErrorOptions {
  /** The whole stderr text, when it is not the usual `Error: <message>\n` line. */
  stderr?: string;
  /** Text that goes to stdout before stderr (cobra prints a command's usage there on flag errors). */
  stdout?: string;
}

/** An error that is a value: the message etcdctl prints and the exit code it exits with. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number, readonly opts: CliErrorOptions = {}) {
    super(message);
  }

  get stderrText(): string {
    return this.opts.stderr ?? `Error: ${this.message}\n`;
  }
}

export const badArgs = (message: string) => new CliError(message, ExitCode.BadArgs);
export const badFeature = (message: string) => new CliError(message, ExitCode.BadFeature);
export const failure = (message: string) => new CliError(message, ExitCode.Error);

/** A run that ends with a code but prints no `Error:` line (e.g. endpoint status with failed endpoints). */
export class SilentExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

/** Text for anything thrown that is not ours: never a stack trace. */
export function describeUnknown(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
