// Running the user's command while a lock is held, as Go's exec.Command(...).Run() would: inherited stdio,
// extra variables placed before the parent's (so the parent's own values win, as observed with etcdctl).
import { spawn } from 'node:child_process';
import { goQuote } from '../../go/quote.js';

/** Go's description of a finished child that failed, or undefined on success. */
export async function runLocked(argv: string[], extra: Record<string, string>, parentEnv: NodeJS.ProcessEnv): Promise<string | undefined> {
  const [file, ...args] = argv;
  const env = { ...extra, ...parentEnv };
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: 'inherit', env });
    child.on('error', (err: NodeJS.ErrnoException) => resolve(startFailure(file, err)));
    child.on('exit', (code, signal) => {
      if (signal) resolve(`signal: ${GO_SIGNAL_NAMES[signal] ?? signal}`);
      else resolve(code === 0 ? undefined : `exit status ${code}`);
    });
  });
}

function startFailure(file: string, err: NodeJS.ErrnoException): string {
  if (err.code === 'ENOENT' && !file.includes('/')) return `exec: ${goQuote(file)}: executable file not found in $PATH`;
  if (err.code === 'ENOENT') return `fork/exec ${file}: no such file or directory`;
  if (err.code === 'EACCES') return `fork/exec ${file}: permission denied`;
  return `fork/exec ${file}: ${err.message}`;
}

/** Go's syscall.Signal strings for the signals a child commonly dies of. */
const GO_SIGNAL_NAMES: Record<string, string> = {
  SIGINT: 'interrupt',
  SIGTERM: 'terminated',
  SIGKILL: 'killed',
  SIGHUP: 'hangup',
  SIGQUIT: 'quit',
  SIGABRT: 'aborted',
  SIGSEGV: 'segmentation fault',
  SIGPIPE: 'broken pipe',
};
