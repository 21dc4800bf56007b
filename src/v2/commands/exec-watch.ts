// `exec-watch <key> -- <command> [args...]`: runs the command for every change of the key (never for
// directories), with the change in ETCD_WATCH_* variables. Commands are started without waiting for
// the previous one, as etcdctl does.
import { spawn } from 'node:child_process';
import { lookPath } from '../../go/exec.js';
import { pathErrorText } from '../../go/os.js';
import { Deadline } from '../client/deadline.js';
import { Watcher, type KeysResponse } from '../client/keys.js';
import type { EXEC_WATCH_FLAGS, V2Context } from '../registry.js';
import { rawError, V2Exit } from '../errors.js';
import { untilInterrupted } from '../interrupt.js';
import { badArgs, keyRequest } from './common.js';

interface Target {
  key: string;
  command: string[];
}

/**
 * `KEY -- CMD ARGS` watches KEY and runs CMD ARGS. Without a `--` after the key the reference's rule
 * stays: the last argument is the key and the words before it are the command.
 */
export function splitKeyAndCommand(args: string[], dashDashAt: number | undefined): Target | undefined {
  if (args.length < 2) return undefined;
  if (dashDashAt !== undefined && dashDashAt >= 1) {
    const command = args.slice(dashDashAt);
    return command.length > 0 ? { key: args[0], command } : undefined;
  }
  return { key: args[args.length - 1], command: args.slice(0, -1) };
}

/** The inherited environment with the event appended (a variable set already moves to the end). */
export function watchEnvironment(env: NodeJS.ProcessEnv, resp: KeysResponse): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  const added: [string, string][] = [
    ['ETCD_WATCH_ACTION', resp.action],
    ['ETCD_WATCH_MODIFIED_INDEX', String(resp.node?.modifiedIndex ?? 0n)],
    ['ETCD_WATCH_KEY', resp.node?.key ?? ''],
    ['ETCD_WATCH_VALUE', resp.node?.value ?? ''],
  ];
  for (const [k, v] of added) {
    delete out[k];
    out[k] = v;
  }
  return out;
}

export async function run(ctx: V2Context<typeof EXEC_WATCH_FLAGS>): Promise<number> {
  const client = await ctx.syncedClient();
  const target = splitKeyAndCommand(ctx.args, ctx.dashDashAt);
  if (!target) throw badArgs('key and command to exec required');
  const [name, ...cmdArgs] = target.command;
  const watcher = new Watcher(client, target.key, ctx.flag('after-index'), ctx.flag('recursive'));
  const deadline = Deadline.none();
  let failChild: (err: Error) => void = () => {};
  const childFailed = new Promise<number>((_, reject) => {
    failChild = reject;
  });

  const start = (resp: KeysResponse) => {
    let file: string;
    try {
      file = lookPath(name, ctx.io.env.PATH ?? '');
    } catch (err) {
      failChild(rawError((err as Error).message, V2Exit.BadArgs));
      return;
    }
    const child = spawn(file, cmdArgs, { argv0: name, env: watchEnvironment(ctx.io.env, resp), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => ctx.out(d));
    child.stderr.on('data', (d: Buffer) => ctx.err(d));
    child.on('error', (err: NodeJS.ErrnoException) => {
      failChild(rawError(pathErrorText('fork/exec', name, err), V2Exit.BadArgs));
    });
  };

  const loop = async (): Promise<number> => {
    for (;;) {
      const resp = await keyRequest(ctx, () => watcher.next(deadline), deadline);
      if (!resp.node) continue;
      if (resp.node.dir) {
        ctx.err(`Ignored dir ${resp.node.key} change\n`);
        continue;
      }
      start(resp);
    }
  };
  return untilInterrupted(ctx, Promise.race([loop(), childFailed]), deadline);
}
