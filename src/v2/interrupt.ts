// Commands that run until stopped (watch, exec-watch, cluster-health --forever) end with exit 0 on
// SIGINT, as etcdctl's signal handlers do. The body may still be waiting on a request: it is abandoned
// by cancelling its deadline, which also happens once the command is over.
import type { Deadline } from './client/deadline.js';
import type { CommandContext } from './context.js';

/** Like etcdctl's os.Exit(0) from its signal handler: nothing more is printed once SIGINT arrived. */
export async function untilInterrupted(ctx: CommandContext, body: Promise<number>, deadline?: Deadline): Promise<number> {
  let onSignal: (() => void) | undefined;
  const interrupted = new Promise<number>((resolve) => {
    onSignal = () => {
      ctx.silence();
      deadline?.cancel();
      resolve(0);
    };
    process.once('SIGINT', onSignal);
  });
  try {
    return await Promise.race([body, interrupted]);
  } finally {
    if (onSignal) process.removeListener('SIGINT', onSignal);
    deadline?.cancel();
  }
}
