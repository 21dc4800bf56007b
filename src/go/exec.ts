// Go's os/exec texts (go1.19, the reference etcdctl 3.4.23's toolchain) for a command that cannot start or
// that fails: exec.LookPath's errors, Start's `fork/exec` *PathError, and ExitError's "exit status N" /
// "signal: killed". etcdctl prints them for `lock`/`elect` commands, `watch -- cmd`, v2's `exec-watch` and
// migrate's transformer.
import { statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { pathErrorText, signalText } from './os.js';
import { goQuote } from './quote.js';

export class ExecError extends Error {}

function isExecutableFile(path: string): boolean {
  try {
    const st = statSync(path);
    return !st.isDirectory() && (st.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

const notFound = (name: string) => `exec: ${goQuote(name)}: executable file not found in $PATH`;

/** exec.LookPath: a name containing a slash is used as is; otherwise the first executable file on $PATH. */
export function lookPath(name: string, pathVar: string): string {
  if (name.includes('/')) return name;
  for (const entry of pathVar.split(':')) {
    const candidate = join(entry === '' ? '.' : entry, name);
    if (!isExecutableFile(candidate)) continue;
    if (!isAbsolute(candidate)) throw new ExecError(`exec: ${goQuote(name)}: cannot run executable found relative to current directory`);
    return candidate;
  }
  throw new ExecError(notFound(name));
}

/**
 * Cmd.Start's error for a spawn that failed: a bare name Node could not find on $PATH is LookPath's
 * error, anything else the `fork/exec <path>` *PathError.
 */
export function startErrorText(file: string, err: unknown): string {
  if ((err as NodeJS.ErrnoException)?.code === 'ENOENT' && !file.includes('/')) return notFound(file);
  return pathErrorText('fork/exec', file, err);
}

/** ExitError.Error() for a child that ended: undefined for success, else "exit status N" or "signal: <name>". */
export function exitErrorText(code: number | null, signal: NodeJS.Signals | null): string | undefined {
  if (signal) return `signal: ${signalText(signal)}`;
  return code === 0 ? undefined : `exit status ${code}`;
}
