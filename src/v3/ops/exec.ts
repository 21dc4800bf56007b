// Running the user's command while a lock is held, as Go's exec.Command(...).Run() would: inherited stdio,
// extra variables placed before the parent's (so the parent's own values win, as observed with etcdctl).
import { spawn } from 'node:child_process';
import { exitErrorText, startErrorText } from '../../go/exec.js';

/** Go's description of a finished child that failed, or undefined on success. */
export async function runLocked(argv: string[], extra: Record<string, string>, parentEnv: NodeJS.ProcessEnv): Promise<string | undefined> {
  const [file, ...args] = argv;
  const env = { ...extra, ...parentEnv };
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: 'inherit', env });
    child.on('error', (err) => resolve(startErrorText(file, err)));
    child.on('exit', (code, signal) => resolve(exitErrorText(code, signal)));
  });
}
