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
  'Live key completion: when a shell function __etcdctl_live_keys is defined, it is called for the key',
  'arguments of get, put, del and watch (and of the v2 key commands) as',
  '  __etcdctl_live_keys API "COMMAND PATH" CURRENT-WORD',
  'and each line it prints is offered as a candidate. Nothing defines it yet; etcdctl itself stays out of',
  'the way of Tab until then, so completing never waits on a cluster.',
];

/** Shell text kept in a String.raw template, where `${` is spelled `$\{` so it is not interpolated. */
export const unbrace = (text: string) => text.replace(/\$\\\{/g, '${');
