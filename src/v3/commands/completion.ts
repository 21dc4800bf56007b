// `etcdctl completion bash|zsh|fish|powershell`: prints a completion script, as etcdctl >= 3.6 does. The
// scripts are rendered from the command tables at run time (the checked-in copies under completions/ are
// the same text, kept honest by a drift test), and they cover both API trees.
import { CliError, ExitCode } from '../../cli/exit.js';
import type { CommandContext } from '../context.js';
import { commandHelp } from '../help.js';
import { renderBash } from './completion/bash.js';
import { renderFish } from './completion/fish.js';
import { completionTrees } from './completion/model.js';
import { renderZsh } from './completion/zsh.js';
import type { COMPLETION_BASH_FLAGS, COMPLETION_FISH_FLAGS, COMPLETION_POWERSHELL_FLAGS, COMPLETION_ZSH_FLAGS, V3Context } from '../registry.js';

export type Shell = 'bash' | 'zsh' | 'fish';

/** The script for a shell; `descriptions` false leaves out the one-line help next to each candidate. */
export function completionScript(shell: Shell, descriptions = true): string {
  const trees = completionTrees();
  if (shell === 'bash') return renderBash(trees);
  if (shell === 'zsh') return renderZsh(trees, descriptions);
  return renderFish(trees, descriptions);
}

/** cobra's NoArgs, as the reference's completion commands use it: usage on stdout, the error twice. */
function rejectArguments(ctx: CommandContext): void {
  if (ctx.args.length === 0) return;
  const msg = `unknown command "${ctx.args[0]}" for "etcdctl ${ctx.spec.path}"`;
  throw new CliError(msg, ExitCode.Error, { stdout: commandHelp(ctx.spec), stderr: `Error: ${msg}\n\nError: ${msg}\n` });
}

function printScript(ctx: V3Context<typeof COMPLETION_BASH_FLAGS>, shell: Shell): number {
  rejectArguments(ctx);
  ctx.io.stdout.write(completionScript(shell, !ctx.flag('no-descriptions')));
  return ExitCode.Success;
}

export async function completionBash(ctx: V3Context<typeof COMPLETION_BASH_FLAGS>): Promise<number> {
  return printScript(ctx, 'bash');
}

export async function completionZsh(ctx: V3Context<typeof COMPLETION_ZSH_FLAGS>): Promise<number> {
  return printScript(ctx, 'zsh');
}

export async function completionFish(ctx: V3Context<typeof COMPLETION_FISH_FLAGS>): Promise<number> {
  return printScript(ctx, 'fish');
}

/** Listed as etcdctl lists it, but no PowerShell script is shipped: one that nobody here can run would rot. */
export async function completionPowershell(ctx: V3Context<typeof COMPLETION_POWERSHELL_FLAGS>): Promise<number> {
  rejectArguments(ctx);
  throw new CliError('PowerShell completion is not available in etcdctl-ts; bash, zsh and fish are', ExitCode.BadFeature);
}
