// Pieces every rendered script shares: the facts of one node flattened into word lists, and quoting.
import type { CompletionFlag, CompletionNode, CompletionTree } from './model.js';

export interface NodeFacts {
  path: string;
  /** Children offered as candidates: [name, description]; internal commands (`__name`) are not. */
  offered: [string, string][];
  /** Words that resolve to a child, mapped to its canonical name (hidden children and aliases included). */
  resolvable: [string, string][];
  /** Flags offered here: [spelling, description], local ones then this node's persistent ones. */
  flags: [string, string][];
  /** Persistent flags offered here and in every descendant. */
  persistentFlags: [string, string][];
  /** Spellings of this node's flags that consume the next word as their value. */
  valueFlags: string[];
  persistentValueFlags: string[];
  args: CompletionNode['args'];
}

const offeredPairs = (flags: CompletionFlag[]): [string, string][] =>
  flags.flatMap((f) => f.offered.map((s): [string, string] => [s, f.description]));

const valueSpellings = (flags: CompletionFlag[]) => flags.filter((f) => f.takesValue).flatMap((f) => f.accepted);

export function nodeFacts(node: CompletionNode): NodeFacts {
  return {
    path: node.path,
    offered: node.children.filter((c) => !c.name.startsWith('_')).map((c) => [c.name, c.description]),
    resolvable: node.children.flatMap((c) => [c.name, ...c.aliases].map((w): [string, string] => [w, c.name])),
    flags: offeredPairs(node.local),
    persistentFlags: offeredPairs(node.persistent),
    valueFlags: valueSpellings(node.local),
    persistentValueFlags: valueSpellings(node.persistent),
    args: node.args,
  };
}

/** A POSIX-shell single-quoted word (bash and zsh read it the same way). */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A fish single-quoted word: only backslash and the quote itself are special inside. */
export function fishQuote(s: string): string {
  return `'${s.replace(/[\\']/g, (c) => '\\' + c)}'`;
}

export const HEADER_NOTE = (tree: CompletionTree[]) =>
  `Generated from the command tree (API ${tree.map((t) => t.api).join(' and ')}) by scripts/gen-completions.mjs; do not edit.`;

export const LIVE_KEYS_NOTE = [
  'Live key completion: for the key arguments of get, put, del and watch (and of the v2 key commands) the',
  'script calls a shell function',
  '  __etcdctl_live_keys API "COMMAND PATH" CURRENT-WORD TYPED-WORD...',
  '(the TYPED-WORDs are the words after etcdctl before the current one) and offers each line it prints',
  '(bash: whole words quoted as the current word is; zsh and fish: plain keys). The one defined here runs',
  '`etcdctl completion __keys`, which asks the cluster named by the endpoint, TLS and auth flags on the line',
  '(and ETCDCTL_*) for up to 200 keys with a 300ms dial and a 500ms request timeout, and never prompts or',
  'prints errors; the script waits one second at most. To change it, define your own (the script keeps one',
  'that is already defined); one that prints nothing turns live keys off.',
];

/** Shell text kept in a String.raw template, where `${` is spelled `$\{` so it is not interpolated. */
export const unbrace = (text: string) => text.replace(/\$\\\{/g, '${');
