// etcdutl completion bash|zsh|fish|powershell (cobra's default completion commands in etcdutl 3.5): the scripts
// of etcdctl's completion engine over etcdutl's tree, every name in them etcdutl's; the tree is the only one, so
// ETCDCTL_API plays no part. PowerShell: listed, not available, as in our etcdctl.
import { CliError, ExitCode } from '../../cli/exit.js';
import { renderBash } from '../../v3/commands/completion/bash.js';
import { renderFish } from '../../v3/commands/completion/fish.js';
import { v3CompletionTree } from '../../v3/commands/completion/model.js';
import { renderZsh } from '../../v3/commands/completion/zsh.js';
import { commandHelp, usageError } from '../help.js';
import { argBytes } from '../../cli/argv.js';
import { goQuote } from '../../go/quote.js';
import { UTL_REGISTRY, type COMPLETION_FLAGS, type UtlContext } from '../registry.js';

export type Shell = 'bash' | 'zsh' | 'fish';

const INSTALL: Record<Shell, [string, string]> = {
  bash: ['source <(etcdutl completion bash)', 'etcdutl completion bash > ~/.local/share/bash-completion/completions/etcdutl'],
  zsh: ['source <(etcdutl completion zsh)', 'etcdutl completion zsh > "${fpath[1]}/_etcdutl"'],
  fish: ['etcdutl completion fish | source', 'etcdutl completion fish > ~/.config/fish/completions/etcdutl.fish'],
};

/** etcdctl's script for one tree made etcdutl's: its own header, its names, no command-set switch. */
function asEtcdutl(script: string, shell: Shell): string {
  const body = script.slice(script.indexOf('\n\n') + 1);
  const head = [
    ...(shell === 'zsh' ? ['#compdef etcdutl'] : []),
    `# ${shell} completion for etcdutl (etcdctl-ts)`,
    '# Generated from the etcdutl command tree by scripts/gen-completions.mjs; do not edit.',
    '#',
    `# Load it in the current shell:   ${INSTALL[shell][0]}`,
    `# or install it for every shell:  ${INSTALL[shell][1]}`,
  ];
  return head.join('\n') + '\n' + body.replace(/\bETCDCTL_API\b/g, 'ETCDUTL_COMPLETION_TREE').replace(/etcdctl/g, 'etcdutl');
}

/** The script for a shell; `descriptions` false leaves out the one-line help next to each candidate. */
export function utlCompletionScript(shell: Shell, descriptions = true): string {
  const tree = [v3CompletionTree(UTL_REGISTRY, 'etcdutl')];
  const script = shell === 'bash' ? renderBash(tree) : shell === 'zsh' ? renderZsh(tree, descriptions) : renderFish(tree, descriptions);
  return asEtcdutl(script, shell);
}

export async function completion(ctx: UtlContext<typeof COMPLETION_FLAGS>): Promise<number> {
  // cobra.NoArgs, which quotes both with %q.
  if (ctx.args.length > 0) {
    throw usageError(commandHelp(ctx.spec), `unknown command ${goQuote(argBytes(ctx.args[0]))} for ${goQuote(`etcdutl ${ctx.spec.path}`)}`);
  }
  const shell = ctx.spec.path.split(' ')[1];
  if (shell === 'powershell') throw new CliError('PowerShell completion is not available in etcdctl-ts; bash, zsh and fish are', ExitCode.BadFeature);
  ctx.io.stdout.write(utlCompletionScript(shell as Shell, !ctx.flag('no-descriptions')));
  return ExitCode.Success;
}
