// Errors of the offline tools: values that carry the text etcdctl prints after `Error: ` and its exit code.
import { CliError, ExitCode, type CliErrorOptions } from '../cli/exit.js';
import type { ZapLogEntry } from '../cli/zap.js';
import { pathErrorText } from '../go/os.js';

export type { ZapLogEntry };

/** What went wrong, for callers that branch on it (the message is for people). */
export type OfflineErrorCode =
  | 'NOT_FOUND' // an input file or directory is missing
  | 'IO' // any other file-system failure
  | 'INVALID_DB' // not a bbolt file, or its meta pages are unusable
  | 'TRUNCATED' // a page the file refers to lies past its end
  | 'INTEGRITY' // bbolt's consistency check failed
  | 'HASH_MISMATCH' // a snapshot's trailing SHA-256 does not match its content
  | 'MISSING_HASH' // a snapshot has no trailing SHA-256 and the check was not skipped
  | 'EXISTS' // an output path exists already
  | 'BAD_CONFIG' // restore flags: URLs, names, cluster layout
  | 'LOCKED' // a running etcd holds the database
  | 'WAL' // a WAL that cannot be read
  | 'SNAP' // a .snap file that cannot be read
  | 'CORRUPT' // any other malformed on-disk structure
  | 'TRANSFORM'; // migrate's transformer failed

export class OfflineError extends CliError {
  /** Zap log lines etcdctl would have printed before failing (restore logs "restoring snapshot" first). */
  logs: ZapLogEntry[] = [];
  /** Plain lines etcdctl would have printed before failing: backup's log messages, migrate's stdout lines. */
  messages: string[] = [];

  constructor(
    message: string,
    readonly code: OfflineErrorCode,
    exitCode: number = ExitCode.Error,
    opts: CliErrorOptions = {},
  ) {
    super(message, exitCode, opts);
    this.name = 'OfflineError';
  }
}

export const isOfflineError = (err: unknown): err is OfflineError => err instanceof OfflineError;

/** Wraps a file-system failure the way Go's os package words it. */
export function ioError(op: string, path: string, err: unknown): OfflineError {
  if (err instanceof OfflineError) return err;
  const code = (err as NodeJS.ErrnoException)?.code === 'ENOENT' ? 'NOT_FOUND' : 'IO';
  return new OfflineError(pathErrorText(op, path, err), code);
}

/** Malformed bytes found while decoding; the caller adds where they were found. */
export class DecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecodeError';
  }
}
