// cobra's command-finding rules that etcdctl (v3) and etcdutl share: which words of argv are not flags, and
// the edit distance its "Did you mean this?" suggestions use.
import type { FlagSpec } from './pflag.js';

/** The flag lookups cobra's stripFlags needs. */
export interface FlagLookup {
  lookup(name: string): FlagSpec | undefined;
  lookupShort(ch: string): FlagSpec | undefined;
}

/** cobra's stripFlags: the words of argv that are not flags or flag values. */
export function nonFlagWords(argv: string[], flags: FlagLookup): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < argv.length) {
    const s = argv[i++];
    if (s === '--') break;
    const longTakesValue = s.startsWith('--') && !s.includes('=') && flags.lookup(s.slice(2))?.type !== 'bool';
    const shortTakesValue = s.startsWith('-') && !s.includes('=') && s.length === 2 && flags.lookupShort(s[1])?.type !== 'bool';
    if (longTakesValue || shortTakesValue) {
      // cobra stops looking when the flag's value would be the last word.
      if (argv.length - i <= 1) break;
      i++;
      continue;
    }
    if (s !== '' && !s.startsWith('-')) words.push(s);
  }
  return words;
}

/** cobra's ld(): over the bytes of strings.ToLower, which turns a byte that is not UTF-8 into U+FFFD (3 bytes). */
export function levenshtein(left: string, right: string): number {
  // A kept raw byte (a lone surrogate, cli/argv.ts) is encoded as U+FFFD, as Go's ToLower writes it.
  const a = Buffer.from(left.toLowerCase());
  const b = Buffer.from(right.toLowerCase());
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

/** cobra's suggestions for an unknown word: by distance 2 or as a prefix, in registration order. */
export function suggestionsFor(word: string, names: string[]): string[] {
  return names.filter((n) => levenshtein(word, n) <= 2 || n.toLowerCase().startsWith(word.toLowerCase()));
}

/** A command tree as cobra walks it: a node's children by name (hidden ones answer only to their full name). */
export interface CobraTree<N> {
  children(node: N): { name: string; node: N; hidden?: boolean }[];
  flagsAt(node: N): FlagLookup;
  /** A node that takes the rest of argv (a command, or the help command). */
  isLeaf(node: N): boolean;
}

/** cobra's findNext: the child named by a word, or by a unique prefix of a visible child's name. */
function findNext<N>(tree: CobraTree<N>, node: N, word: string): N | undefined {
  const children = tree.children(node);
  const exact = children.find((c) => c.name === word);
  if (exact) return exact.node;
  const matches = children.filter((c) => c.name.startsWith(word) && !c.hidden);
  return matches.length === 1 ? matches[0].node : undefined;
}

function removeFirst(argv: string[], word: string): string[] {
  const i = argv.indexOf(word);
  return i < 0 ? argv : [...argv.slice(0, i), ...argv.slice(i + 1)];
}

/** cobra's Find: the node argv names, from `root`, and argv without the words that named it. */
export function findCommand<N>(tree: CobraTree<N>, root: N, argv: string[]): { node: N; rest: string[] } {
  let node = root;
  let rest = argv;
  for (;;) {
    const words = nonFlagWords(rest, tree.flagsAt(node));
    if (words.length === 0) return { node, rest };
    const next = findNext(tree, node, words[0]);
    if (next === undefined) return { node, rest };
    node = next;
    rest = removeFirst(rest, words[0]);
    if (tree.isLeaf(node)) return { node, rest };
  }
}
