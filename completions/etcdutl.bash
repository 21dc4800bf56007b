# bash completion for etcdutl (etcdctl-ts)
# Generated from the etcdutl command tree by scripts/gen-completions.mjs; do not edit.
#
# Load it in the current shell:   source <(etcdutl completion bash)
# or install it for every shell:  etcdutl completion bash > ~/.local/share/bash-completion/completions/etcdutl

# The facts of one command of the API 3 tree, by its path ('' is the root).
__etcdutl_node_3() {
  sub= names= aliases= flags= pflags= vflags= pvflags= args=none
  case $1 in
    '')
      sub='backup check completion defrag hashkv help migrate snapshot version'
      names='backup check completion defrag hashkv help migrate snapshot version'
      flags='--help -h'
      pflags='--timeout --write-out -w'
      pvflags='--timeout --write-out -w'
      args=none ;;
    'backup')
      flags='--backup-dir --backup-wal-dir --data-dir --wal-dir --with-v3 --help -h'
      vflags='--backup-dir --backup-wal-dir --data-dir --wal-dir'
      args=none ;;
    'check')
      sub='v2store'
      names='v2store'
      flags='--help -h'
      args=none ;;
    'check v2store')
      flags='--data-dir --wal-dir --help -h'
      vflags='--data-dir --wal-dir'
      args=none ;;
    'completion')
      sub='bash fish powershell zsh'
      names='bash fish powershell zsh'
      flags='--help -h'
      args=none ;;
    'completion bash')
      flags='--no-descriptions --help -h'
      args=none ;;
    'completion fish')
      flags='--no-descriptions --help -h'
      args=none ;;
    'completion powershell')
      flags='--no-descriptions --help -h'
      args=none ;;
    'completion zsh')
      flags='--no-descriptions --help -h'
      args=none ;;
    'defrag')
      flags='--data-dir --help -h'
      vflags='--data-dir'
      args=none ;;
    'hashkv')
      flags='--rev --help -h'
      vflags='--rev'
      args=file ;;
    'help')
      flags='--help -h'
      args=command ;;
    'migrate')
      flags='--data-dir --force --target-version --help -h'
      vflags='--data-dir --target-version'
      args=none ;;
    'snapshot')
      sub='restore status'
      names='restore status'
      flags='--help -h'
      args=none ;;
    'snapshot restore')
      flags='--bump-revision --data-dir --initial-advertise-peer-urls --initial-cluster --initial-cluster-token --initial-memory-map-size --mark-compacted --name --skip-hash-check --wal-dir --help -h'
      vflags='--bump-revision --data-dir --initial-advertise-peer-urls --initial-cluster --initial-cluster-token --initial-memory-map-size --name --wal-dir'
      args=file ;;
    'snapshot status')
      flags='--help -h'
      args=file ;;
    'version')
      flags='--help -h'
      args=none ;;
    *) return 1 ;;
  esac
}

# What the value of a flag of the API 3 tree can be.
__etcdutl_values_3() {
  vkind=text vals=
  case $1 in
    --write-out|-w) vkind=choices vals='simple json fields protobuf table' ;;
    --backup-dir) vkind=dir ;;
    --backup-wal-dir) vkind=dir ;;
    --data-dir) vkind=dir ;;
    --wal-dir) vkind=dir ;;
  esac
}

__etcdutl_prefix_matching_3=1

# COMP_WORDS splits at = and : too; join the pieces that no blank separates, so that --write-out=js or
# --endpoints=127.0.0.1:2379 is one word as the parser sees it. Sets words, cword, cur, and last (the
# part of cur bash will replace).
__etcdutl_reassemble() {
  local line=${COMP_LINE:0:COMP_POINT} pos=0 i word rest lead
  words=() cword=-1 cur= last=
  for ((i = 0; i <= COMP_CWORD && i < ${#COMP_WORDS[@]}; i++)); do
    rest=${line:pos}
    lead=${rest%%[![:space:]]*}
    word=${COMP_WORDS[i]}
    if ((i == COMP_CWORD)); then word=${rest:${#lead}}; last=$word; fi
    if ((i > 0 && ${#lead} == 0 && cword >= 0)); then
      words[cword]+=$word
    else
      cword=$((cword + 1))
      words[cword]=$word
    fi
    pos=$((pos + ${#lead} + ${#word}))
  done
  cur=${words[cword]}
}

# Resolves a typed command word among the current node's children, as the parser does: the exact name,
# an alias, or (cobra) a unique prefix of a name. Sets next.
__etcdutl_resolve() {
  local n match= count=0
  next=
  for n in $names; do [[ $n == "$1" ]] && { next=$n; return 0; }; done
  for n in $aliases; do [[ ${n%%=*} == "$1" ]] && { next=${n#*=}; return 0; }; done
  (($2)) || return 1
  for n in $names; do [[ $n == "$1"* ]] && { match=$n; count=$((count + 1)); }; done
  ((count == 1)) && next=$match
}

# Offers candidates that complete the whole word cur, trimmed to the part of it bash replaces: the last
# piece, unless that piece is a word break itself (--write-out=), which readline inserts after.
__etcdutl_reply() {
  local trim=$((${#cur} - ${#last})) c
  [[ -n $last && -z ${last//[$COMP_WORDBREAKS]/} ]] && trim=${#cur}
  COMPREPLY=()
  for c in "$@"; do
    [[ $c == "$cur"* ]] && COMPREPLY+=("${c:trim}")
  done
}

# Lines of a command's output as candidates (read line by line: no word splitting, no globbing).
__etcdutl_reply_lines() { # $1 what goes before each line, then the command
  local prefix=$1 line
  local -a all=()
  shift
  while IFS= read -r line; do all+=("$prefix$line"); done < <("$@")
  __etcdutl_reply "${all[@]}"
}

__etcdutl_reply_paths() { # $1 what goes before the path (--cacert=), $2 the path so far, $3 -f or -d
  compopt -o filenames 2>/dev/null
  __etcdutl_reply_lines "$1" compgen "$3" -- "$2"
}

__etcdutl_reply_values() { # $1 what goes before each value (--write-out= or nothing), $2 the value so far
  local v
  local -a all=()
  case $vkind in
  choices) for v in $vals; do all+=("$1$v"); done; __etcdutl_reply "${all[@]}" ;;
  file) __etcdutl_reply_paths "$1" "$2" -f ;;
  dir) __etcdutl_reply_paths "$1" "$2" -d ;;
  esac
}

# Where readline replaces text in cur: just after a quote left open, else where bash's last piece of the
# word begins (COMP_WORDBREAKS splits at : and =), or at the end when that piece is the break itself
# (for /app/a: the ':' is a COMP_WORDS piece, but readline inserts after it). Sets from.
__etcdutl_replace_from() {
  local i c quote= at=0
  for ((i = 0; i < ${#cur}; i++)); do
    c=${cur:i:1}
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
  elif [[ -n $last && -z ${last//[$COMP_WORDBREAKS]/} ]]; then
    from=${#cur}
  else
    from=$((${#cur} - ${#last}))
  fi
}

# Key names from __etcdutl_live_keys: whole words as they would be typed, cut where readline replaces
# text. One second at most: a cluster that has not answered by then offers nothing.
__etcdutl_reply_keys() {
  local line from
  __etcdutl_replace_from
  COMPREPLY=()
  while IFS= read -r -t 1 line; do
    [[ $line == "$cur"* ]] && COMPREPLY+=("${line:from}")
  done < <(__etcdutl_live_keys "$api" "$node" "$cur" "${words[@]:1:cword-1}" 2>/dev/null)
  # A v2 directory is completed to its slash, ready for the next level.
  if ((${#COMPREPLY[@]} == 1)) && [[ $COMPREPLY == */ ]]; then compopt -o nospace 2>/dev/null; fi
  return 0
}

# The key names the cluster holds, asked of etcdutl itself (see the note at the top); one defined before
# this script was loaded is kept.
declare -F __etcdutl_live_keys >/dev/null || __etcdutl_live_keys() { # API PATH WORD TYPED-WORD...
  local bin=${COMP_WORDS[0]:-etcdutl} api=$1 word=$3
  [[ $bin == '~/'* ]] && bin=$HOME/${bin:2}
  shift 3
  ETCDUTL_COMPLETION_TREE=3 command "$bin" completion __keys --shell bash -- "$api" "$word" "$@" 2>/dev/null
}

__etcdutl_reply_args() {
  case $args in
  key) declare -F __etcdutl_live_keys >/dev/null && __etcdutl_reply_keys ;;
  file) __etcdutl_reply_paths '' "$cur" -f ;;
  esac
}

_etcdutl() {
  local api=${ETCDUTL_COMPLETION_TREE:-3}
  declare -F "__etcdutl_node_$api" >/dev/null || return 0
  local -a words
  local cword cur last next i w node= expect= dash=0 helping=0 prefixing
  local sub names aliases flags pflags vflags pvflags args vkind vals inherited inheritedv
  eval "prefixing=\$__etcdutl_prefix_matching_$api"
  __etcdutl_reassemble
  __etcdutl_node_$api ''
  inherited=$pflags inheritedv=$pvflags
  for ((i = 1; i < cword; i++)); do
    w=${words[i]}
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
    __etcdutl_resolve "$w" "$prefixing" || return 0
    if [[ -z $node && $next == help ]]; then helping=1; continue; fi
    node=${node:+$node }$next
    __etcdutl_node_$api "$node" || return 0
    inherited+=" $pflags" inheritedv+=" $pvflags"
  done

  if [[ -n $expect ]]; then
    __etcdutl_values_$api "$expect"
    __etcdutl_reply_values '' "$cur"
  elif ((!dash)) && [[ $cur == -* ]]; then
    if [[ $cur == *=* ]]; then
      __etcdutl_values_$api "${cur%%=*}"
      __etcdutl_reply_values "${cur%%=*}=" "${cur#*=}"
    else
      __etcdutl_reply $flags $inherited
    fi
  elif [[ -n $names ]]; then
    __etcdutl_reply $sub
  elif ((!helping)); then
    __etcdutl_reply_args
  fi
  return 0
}

complete -F _etcdutl etcdutl
