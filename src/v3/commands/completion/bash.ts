// The bash completion script: a table of the command tree (one `case` per API) and a small engine that
// walks the typed words the way the parser does. Plain bash (3.2 and later), no bash-completion needed.
import { HEADER_NOTE, unbrace, LIVE_KEYS_NOTE, nodeFacts, shQuote, type NodeFacts } from './common.js';
import { valueFlags, walk, type CompletionTree } from './model.js';

const words = (list: string[]) => shQuote(list.join(' '));

function nodeCase(f: NodeFacts): string {
  const lines = [`    ${shQuote(f.path)})`];
  const set = (name: string, list: string[]) => {
    if (list.length) lines.push(`      ${name}=${words(list)}`);
  };
  set('sub', f.offered.map(([n]) => n));
  set('names', [...new Set(f.resolvable.map(([, canonical]) => canonical))]);
  set('aliases', f.resolvable.filter(([w, c]) => w !== c).map(([w, c]) => `${w}=${c}`));
  set('flags', f.flags.map(([s]) => s));
  set('pflags', f.persistentFlags.map(([s]) => s));
  set('vflags', f.valueFlags);
  set('pvflags', f.persistentValueFlags);
  lines.push(`      args=${f.args} ;;`);
  return lines.join('\n');
}

function nodeFunction(tree: CompletionTree): string {
  return [
    `# The facts of one command of the API ${tree.api} tree, by its path ('' is the root).`,
    `__etcdctl_node_${tree.api}() {`,
    `  sub= names= aliases= flags= pflags= vflags= pvflags= args=none`,
    `  case $1 in`,
    ...walk(tree.root).map((n) => nodeCase(nodeFacts(n))),
    `    *) return 1 ;;`,
    `  esac`,
    `}`,
  ].join('\n');
}

function valuesFunction(tree: CompletionTree): string {
  const cases = valueFlags(tree).map(({ spellings, value }) => {
    const body = value.kind === 'choices' ? `vkind=choices vals=${words([...value.values])}` : `vkind=${value.kind}`;
    return `    ${spellings.join('|')}) ${body} ;;`;
  });
  return [
    `# What the value of a flag of the API ${tree.api} tree can be.`,
    `__etcdctl_values_${tree.api}() {`,
    `  vkind=text vals=`,
    `  case $1 in`,
    ...cases,
    `  esac`,
    `}`,
    '',
    `__etcdctl_prefix_matching_${tree.api}=${tree.prefixMatching ? 1 : 0}`,
  ].join('\n');
}

// Written with $\{ for ${ so the template literal leaves the shell's own expansions alone.
const ENGINE = unbrace(String.raw`
# COMP_WORDS splits at = and : too; join the pieces that no blank separates, so that --write-out=js or
# --endpoints=127.0.0.1:2379 is one word as the parser sees it. Sets words, cword, cur, and last (the
# part of cur bash will replace).
__etcdctl_reassemble() {
  local line=$\{COMP_LINE:0:COMP_POINT} pos=0 i word rest lead
  words=() cword=-1 cur= last=
  for ((i = 0; i <= COMP_CWORD && i < $\{#COMP_WORDS[@]}; i++)); do
    rest=$\{line:pos}
    lead=$\{rest%%[![:space:]]*}
    word=$\{COMP_WORDS[i]}
    if ((i == COMP_CWORD)); then word=$\{rest:$\{#lead}}; last=$word; fi
    if ((i > 0 && $\{#lead} == 0 && cword >= 0)); then
      words[cword]+=$word
    else
      cword=$((cword + 1))
      words[cword]=$word
    fi
    pos=$((pos + $\{#lead} + $\{#word}))
  done
  cur=$\{words[cword]}
}

# Resolves a typed command word among the current node's children, as the parser does: the exact name,
# an alias, or (cobra) a unique prefix of a name. Sets next.
__etcdctl_resolve() {
  local n match= count=0
  next=
  for n in $names; do [[ $n == "$1" ]] && { next=$n; return 0; }; done
  for n in $aliases; do [[ $\{n%%=*} == "$1" ]] && { next=$\{n#*=}; return 0; }; done
  (($2)) || return 1
  for n in $names; do [[ $n == "$1"* ]] && { match=$n; count=$((count + 1)); }; done
  ((count == 1)) && next=$match
}

# Offers candidates that complete the whole word cur, trimmed to the part of it bash replaces: the last
# piece, unless that piece is a word break itself (--write-out=), which readline inserts after.
__etcdctl_reply() {
  local trim=$(($\{#cur} - $\{#last})) c
  [[ -n $last && -z $\{last//[$COMP_WORDBREAKS]/} ]] && trim=$\{#cur}
  COMPREPLY=()
  for c in "$@"; do
    [[ $c == "$cur"* ]] && COMPREPLY+=("$\{c:trim}")
  done
}

# Lines of a command's output as candidates (read line by line: no word splitting, no globbing).
__etcdctl_reply_lines() { # $1 what goes before each line, then the command
  local prefix=$1 line
  local -a all=()
  shift
  while IFS= read -r line; do all+=("$prefix$line"); done < <("$@")
  __etcdctl_reply "$\{all[@]}"
}

__etcdctl_reply_paths() { # $1 what goes before the path (--cacert=), $2 the path so far, $3 -f or -d
  compopt -o filenames 2>/dev/null
  __etcdctl_reply_lines "$1" compgen "$3" -- "$2"
}

__etcdctl_reply_values() { # $1 what goes before each value (--write-out= or nothing), $2 the value so far
  local v
  local -a all=()
  case $vkind in
  choices) for v in $vals; do all+=("$1$v"); done; __etcdctl_reply "$\{all[@]}" ;;
  file) __etcdctl_reply_paths "$1" "$2" -f ;;
  dir) __etcdctl_reply_paths "$1" "$2" -d ;;
  esac
}

# Where readline replaces text in cur: just after a quote left open, else where bash's last piece of the
# word begins (COMP_WORDBREAKS splits at : and =), or at the end when that piece is the break itself
# (for /app/a: the ':' is a COMP_WORDS piece, but readline inserts after it). Sets from.
__etcdctl_replace_from() {
  local i c quote= at=0
  for ((i = 0; i < $\{#cur}; i++)); do
    c=$\{cur:i:1}
    if [[ $quote == "'" ]]; then
      [[ $c == "'" ]] && quote=
    elif [[ $c == '\' ]]; then
      i=$((i + 1))
    elif [[ -n $quote ]]; then
      [[ $c == '"' ]] && quote=
    elif [[ $c == "'" || $c == '"' ]]; then
      quote=$c at=$((i + 1))
    fi
  done
  if [[ -n $quote ]]; then
    from=$at
  elif [[ -n $last && -z $\{last//[$COMP_WORDBREAKS]/} ]]; then
    from=$\{#cur}
  else
    from=$(($\{#cur} - $\{#last}))
  fi
}

# Key names from __etcdctl_live_keys: whole words as they would be typed, cut where readline replaces
# text. One second at most: a cluster that has not answered by then offers nothing.
__etcdctl_reply_keys() {
  local line from
  __etcdctl_replace_from
  COMPREPLY=()
  while IFS= read -r -t 1 line; do
    [[ $line == "$cur"* ]] && COMPREPLY+=("$\{line:from}")
  done < <(__etcdctl_live_keys "$api" "$node" "$cur" "$\{words[@]:1:cword-1}" 2>/dev/null)
  # A v2 directory is completed to its slash, ready for the next level.
  if (($\{#COMPREPLY[@]} == 1)) && [[ $COMPREPLY == */ ]]; then compopt -o nospace 2>/dev/null; fi
  return 0
}

# The key names the cluster holds, asked of etcdctl itself (see the note at the top); one defined before
# this script was loaded is kept.
declare -F __etcdctl_live_keys >/dev/null || __etcdctl_live_keys() { # API PATH WORD TYPED-WORD...
  local bin=$\{COMP_WORDS[0]:-etcdctl} api=$1 word=$3
  [[ $bin == '~/'* ]] && bin=$HOME/$\{bin:2}
  shift 3
  ETCDCTL_API=3 command "$bin" completion __keys --shell bash -- "$api" "$word" "$@" 2>/dev/null
}

__etcdctl_reply_args() {
  case $args in
  key) declare -F __etcdctl_live_keys >/dev/null && __etcdctl_reply_keys ;;
  file) __etcdctl_reply_paths '' "$cur" -f ;;
  esac
}

_etcdctl() {
  local api=$\{ETCDCTL_API:-3}
  declare -F "__etcdctl_node_$api" >/dev/null || return 0
  local -a words
  local cword cur last next i w node= expect= dash=0 helping=0 prefixing
  local sub names aliases flags pflags vflags pvflags args vkind vals inherited inheritedv
  eval "prefixing=\$__etcdctl_prefix_matching_$api"
  __etcdctl_reassemble
  __etcdctl_node_$api ''
  inherited=$pflags inheritedv=$pvflags
  for ((i = 1; i < cword; i++)); do
    w=$\{words[i]}
    if [[ -n $expect ]]; then expect=; continue; fi
    ((dash)) && continue
    case $w in
    --) dash=1; continue ;;
    -?*)
      [[ $w != *=* && " $vflags $inheritedv " == *" $w "* ]] && expect=$w
      continue
      ;;
    esac
    [[ -n $names ]] || continue
    __etcdctl_resolve "$w" "$prefixing" || return 0
    if [[ -z $node && $next == help ]]; then helping=1; continue; fi
    node=$\{node:+$node }$next
    __etcdctl_node_$api "$node" || return 0
    inherited+=" $pflags" inheritedv+=" $pvflags"
  done

  if [[ -n $expect ]]; then
    __etcdctl_values_$api "$expect"
    __etcdctl_reply_values '' "$cur"
  elif ((!dash)) && [[ $cur == -* ]]; then
    if [[ $cur == *=* ]]; then
      __etcdctl_values_$api "$\{cur%%=*}"
      __etcdctl_reply_values "$\{cur%%=*}=" "$\{cur#*=}"
    else
      __etcdctl_reply $flags $inherited
    fi
  elif [[ -n $names ]]; then
    __etcdctl_reply $sub
  elif ((!helping)); then
    __etcdctl_reply_args
  fi
  return 0
}

complete -F _etcdctl etcdctl
`);

export function renderBash(trees: CompletionTree[]): string {
  const head = [
    '# bash completion for etcdctl (etcdctl-ts)                    -*- shell-script -*-',
    `# ${HEADER_NOTE(trees)}`,
    '#',
    '# Load it in the current shell:   source <(etcdctl completion bash)',
    '# or install it for every shell:  etcdctl completion bash > ~/.local/share/bash-completion/completions/etcdctl',
    '#',
    '# The command set follows ETCDCTL_API at the moment Tab is pressed (unset or 3: v3; 2: v2).',
    ...LIVE_KEYS_NOTE.map((l) => `# ${l}`),
  ];
  const tables = trees.flatMap((t) => [nodeFunction(t), '', valuesFunction(t), '']);
  return [...head, '', ...tables].join('\n') + ENGINE;
}
