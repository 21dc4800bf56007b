// Command handlers are found by convention, so adding a command never means editing a shared table:
// "member list" lives in commands/member.js as `memberList`, "move-leader" in commands/move-leader.js as `moveLeader`.
import { CliError, ExitCode } from '../cli/exit.js';
import type { Handler } from './context.js';

const camel = (words: string[]) =>
  words.join('-').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Commands that live in a module of their own rather than in their group's file. */
const OWN_MODULE: Record<string, string> = {
  'check health': 'check-health',
  'completion __keys': 'complete-keys',
  // The offline tools share nothing with snapshot save but the group name.
  'snapshot status': 'snapshot-offline',
  'snapshot restore': 'snapshot-offline',
};

export function handlerLocation(path: string): { file: string; exportName: string } {
  const words = path.split(' ');
  return { file: OWN_MODULE[path] ?? words[0], exportName: camel(words) };
}

export async function loadHandler(path: string): Promise<Handler> {
  const { file, exportName } = handlerLocation(path);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(`./commands/${file}.js`)) as Record<string, unknown>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    mod = {};
  }
  const handler = mod[exportName];
  if (typeof handler !== 'function') {
    throw new CliError(`"${path}" is not available in this build of etcdctl-ts yet`, ExitCode.Error);
  }
  return handler as Handler;
}
