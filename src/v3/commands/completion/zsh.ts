// The zsh completion script: the same tree table and word walk as the bash one, offering candidates
// with their one-line descriptions through zsh's completion system (compinit).
import { HEADER_NOTE, unbrace, LIVE_KEYS_NOTE, nodeFacts, shQuote, type NodeFacts } from './common.js';
import { valueFlags, walk, type CompletionTree } from './model.js';

/** `name:description` as _describe reads it (a colon inside the name must be escaped). */
function described(pairs: [string, string][], descriptions: boolean): string[] {
  return pairs.map(([name, desc]) => {
    const escaped = name.replace(/:/g, '\\:');
    return descriptions && desc ? `${escaped}:${desc.replace(/\n/g, ' ')}` : escaped;
  });
}

const array = (list: string[]) => `(${list.map(shQuote).join(' ')})`;

function nodeCase(f: NodeFacts, descriptions: boolean): string {
  const lines = [`    (${shQuote(f.path)})`];
  const set = (name: string, list: string[]) => {
    if (list.length) lines.push(`      ${name}=${array(list)}`);
  };
  set('sub', described(f.offered, descriptions));
  set('names', [...new Set(f.resolvable.map(([, canonical]) => canonical))]);
  set('aliases', f.resolvable.filter(([w, c]) => w !== c).map(([w, c]) => `${w}=${c}`));
  set('flags', described(f.flags, descriptions));
  set('pflags', described(f.persistentFlags, descriptions));
  set('vflags', f.valueFlags);
  set('pvflags', f.persistentValueFlags);
  lines.push(`      args=${f.args} ;;`);
  return lines.join('\n');
}

function tables(tree: CompletionTree, descriptions: boolean): string {
  const values = valueFlags(tree).map(({ spellings, value }) => {
    const body = value.kind === 'choices' ? `vkind=choices vals=${array([...value.values])}` : `vkind=${value.kind}`;
    return `    (${spellings.join('|')}) ${body} ;;`;
  });
  return [
    `# The facts of one command of the API ${tree.api} tree, by its path ('' is the root).`,
    `__etcdctl_node_${tree.api}() {`,
    `  sub=() names=() aliases=() flags=() pflags=() vflags=() pvflags=() args=none`,
    `  case $1 in`,
    ...walk(tree.root).map((n) => nodeCase(nodeFacts(n), descriptions)),
    `    (*) return 1 ;;`,
    `  esac`,
    `}`,
    '',
    `# What the value of a flag of the API ${tree.api} tree can be.`,
    `__etcdctl_values_${tree.api}() {`,
    `  vkind=text vals=()`,
    `  case $1 in`,
    ...values,
    `  esac`,
    `}`,
    '',
    `__etcdctl_prefix_matching_${tree.api}=${tree.prefixMatching ? 1 : 0}`,
    '',
  ].join('\n');
}

// Written with $\{ for ${ so the template literal leaves the shell's own expansions alone.
const ENGINE = unbrace(String.raw`
# Resolves a typed command word among the current node's children, as the parser does: the exact name,
# an alias, or (cobra) a unique prefix of a name. Sets next.
__etcdctl_resolve() {
  local n match=
  integer count=0
  next=
  if (( $\{names[(Ie)$1]} )); then next=$1; return 0; fi
  for n in $aliases; do [[ $\{n%%=*} == "$1" ]] && { next=$\{n#*=}; return 0; }; done
  (( $2 )) || return 1
  for n in $names; do [[ $n == "$1"* ]] && { match=$n; count+=1; }; done
  (( count == 1 )) && next=$match
}

__etcdctl_offer_values() {
  case $vkind in
  (choices) compadd -- $vals ;;
  (file) _files ;;
  (dir) _files -/ ;;
  (*) return 1 ;;
  esac
}

__etcdctl_offer_args() {
  case $args in
  (key)
    (( $+functions[__etcdctl_live_keys] )) || return 1
    # PREFIX keeps the backslashes of an unquoted word; inside single quotes a backslash is itself.
    local word=$PREFIX line
    local -a keys
    [[ $compstate[quote] == \' ]] || word=$\{(Q)PREFIX}
    # One second at most: a cluster that has not answered by then offers nothing.
    while IFS= read -r -t 1 line; do
      keys+=("$line")
    done < <(__etcdctl_live_keys "$api" "$node" "$word" "$\{(@Q)words[2,CURRENT-1]}" 2>/dev/null)
    # compadd quotes each key as the word is quoted; a v2 directory gets its slash and no space.
    compadd -S '' -- $\{(M)keys:#*/}
    compadd -- $\{keys:#*/}
    ;;
  (file) _files ;;
  (*) return 1 ;;
  esac
}

# The key names the cluster holds, asked of etcdctl itself (see the note at the top); one defined before
# this script was loaded (or autoloaded) is kept.
(( $+functions[__etcdctl_live_keys] )) || __etcdctl_live_keys() { # API PATH WORD TYPED-WORD...
  local bin=$\{(Q)words[1]:-etcdctl} api=$1 word=$3
  [[ $bin == '~/'* ]] && bin=$HOME/$\{bin#??}
  shift 3
  ETCDCTL_API=3 command $bin completion __keys -- "$api" "$word" "$@" 2>/dev/null
}

_etcdctl() {
  local api=$\{ETCDCTL_API:-3}
  (( $+functions[__etcdctl_node_$api] )) || return 1
  local -a sub names aliases flags pflags vflags pvflags vals inherited inheritedv
  local args vkind next w node= expect= cur=$PREFIX prefixing=$\{(P)$\{:-__etcdctl_prefix_matching_$api}}
  integer i dash=0 helping=0
  __etcdctl_node_$api ''
  inherited=($pflags) inheritedv=($pvflags)
  for (( i = 2; i < CURRENT; i++ )); do
    w=$\{(Q)words[i]}
    if [[ -n $expect ]]; then expect=; continue; fi
    (( dash )) && continue
    case $w in
    (--) dash=1; continue ;;
    (-?*)
      [[ $w != *=* ]] && (( $\{vflags[(Ie)$w]} || $\{inheritedv[(Ie)$w]} )) && expect=$w
      continue
      ;;
    esac
    (( $#names )) || continue
    __etcdctl_resolve "$w" $prefixing || return 1
    if [[ -z $node && $next == help ]]; then helping=1; continue; fi
    node=$\{node:+$node }$next
    __etcdctl_node_$api "$node" || return 1
    inherited+=($pflags) inheritedv+=($pvflags)
  done

  if [[ -n $expect ]]; then
    __etcdctl_values_$api $expect
    __etcdctl_offer_values
  elif (( ! dash )) && [[ $cur == -* ]]; then
    if [[ $cur == *=* ]]; then
      __etcdctl_values_$api $\{cur%%=*}
      # What compset -P '*=' does: the flag and its = stay, only the value is completed.
      IPREFIX+=$\{cur%%=*}= PREFIX=$\{cur#*=}
      __etcdctl_offer_values
    else
      local -a every=($flags $inherited)
      _describe -t flags 'flag' every
    fi
  elif (( $#names )); then
    _describe -t commands 'command' sub
  elif (( ! helping )); then
    __etcdctl_offer_args
  else
    return 1
  fi
}

# Autoloaded from $fpath the file is _etcdctl's body: run it. Sourced, it registers itself.
if [[ $funcstack[1] == _etcdctl ]]; then
  _etcdctl "$@"
else
  compdef _etcdctl etcdctl
fi
`);

export function renderZsh(trees: CompletionTree[], descriptions = true): string {
  const head = [
    '#compdef etcdctl',
    '# zsh completion for etcdctl (etcdctl-ts)',
    `# ${HEADER_NOTE(trees)}`,
    '#',
    '# Load it in the current shell (after compinit):  source <(etcdctl completion zsh)',
    '# or install it for every shell:                  etcdctl completion zsh > "${fpath[1]}/_etcdctl"',
    '#',
    '# The command set follows ETCDCTL_API at the moment Tab is pressed (unset or 3: v3; 2: v2).',
    ...LIVE_KEYS_NOTE.map((l) => `# ${l}`),
    '',
  ];
  return [...head, ...trees.map((t) => tables(t, descriptions))].join('\n') + ENGINE;
}
