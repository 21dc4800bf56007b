# bash completion for etcdctl (etcdctl-ts)                    -*- shell-script -*-
# Generated from the command tree (API 3 and 2) by scripts/gen-completions.mjs; do not edit.
#
# Load it in the current shell:   source <(etcdctl completion bash)
# or install it for every shell:  etcdctl completion bash > ~/.local/share/bash-completion/completions/etcdctl
#
# The command set follows ETCDCTL_API at the moment Tab is pressed (unset or 3: v3; 2: v2).
# Live key completion: for the key arguments of get, put, del and watch (and of the v2 key commands) the
# script calls a shell function
#   __etcdctl_live_keys API "COMMAND PATH" CURRENT-WORD TYPED-WORD...
# (the TYPED-WORDs are the words after etcdctl before the current one) and offers each line it prints
# (bash: whole words quoted as the current word is; zsh and fish: plain keys). The one defined here runs
# `etcdctl completion __keys`, which asks the cluster named by the endpoint, TLS and auth flags on the line
# (and ETCDCTL_*) for up to 200 keys with a 300ms dial and a 500ms request timeout, and never prompts or
# prints errors; the script waits one second at most. To change it, define your own (the script keeps one
# that is already defined); one that prints nothing turns live keys off.

# The facts of one command of the API 3 tree, by its path ('' is the root).
__etcdctl_node_3() {
  sub= names= aliases= flags= pflags= vflags= pvflags= args=none
  case $1 in
    '')
      sub='alarm auth batch check compaction completion defrag del downgrade elect endpoint get help lease lock make-mirror member migrate move-leader options put role snapshot txn user version watch'
      names='alarm auth batch check compaction completion defrag del downgrade elect endpoint get help lease lock make-mirror member migrate move-leader options put role snapshot txn user version watch'
      flags='--help -h'
      pflags='--auth-jwt-token --cacert --cert --command-timeout --debug --dial-timeout --discovery-srv -d --discovery-srv-name --endpoints --hex --insecure-discovery --insecure-skip-tls-verify --insecure-transport --keepalive-time --keepalive-timeout --key --max-recv-bytes --max-request-bytes --password --user --write-out -w'
      pvflags='--auth-jwt-token --cacert --cert --command-timeout --dial-timeout --discovery-srv -d --discovery-srv-name --endpoints --keepalive-time --keepalive-timeout --key --max-recv-bytes --max-request-bytes --password --user --write-out -w'
      args=none ;;
    'alarm')
      sub='disarm list'
      names='disarm list'
      flags='--help -h'
      args=none ;;
    'alarm disarm')
      flags='--help -h'
      args=none ;;
    'alarm list')
      flags='--help -h'
      args=none ;;
    'auth')
      sub='disable enable status'
      names='disable enable status'
      flags='--help -h'
      args=none ;;
    'auth disable')
      flags='--help -h'
      args=none ;;
    'auth enable')
      flags='--help -h'
      args=none ;;
    'auth status')
      flags='--help -h'
      args=none ;;
    'batch')
      flags='--keep-going --help -h'
      args=file ;;
    'check')
      sub='datascale health perf'
      names='datascale health perf'
      flags='--help -h'
      args=none ;;
    'check datascale')
      flags='--auto-compact --auto-defrag --load --prefix --help -h'
      vflags='--load --prefix'
      args=none ;;
    'check health')
      flags='--cert-expiry-days --cluster --max-raft-lag --quota-backend-bytes --warn-db-percent --help -h'
      vflags='--cert-expiry-days --max-raft-lag --quota-backend-bytes --warn-db-percent'
      args=none ;;
    'check perf')
      flags='--auto-compact --auto-defrag --load --prefix --help -h'
      vflags='--load --prefix'
      args=none ;;
    'compaction')
      flags='--physical --help -h'
      args=none ;;
    'completion')
      sub='bash fish powershell zsh'
      names='__keys bash fish powershell zsh'
      flags='--help -h'
      args=none ;;
    'completion __keys')
      flags='--shell --help -h'
      vflags='--shell'
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
      flags='--cluster --data-dir --help -h'
      vflags='--data-dir'
      args=none ;;
    'del')
      flags='--from-key --prefix --prev-kv --range --help -h'
      args=key ;;
    'downgrade')
      sub='cancel enable validate'
      names='cancel enable validate'
      flags='--help -h'
      args=none ;;
    'downgrade cancel')
      flags='--help -h'
      args=none ;;
    'downgrade enable')
      flags='--help -h'
      args=none ;;
    'downgrade validate')
      flags='--help -h'
      args=none ;;
    'elect')
      flags='--listen -l --help -h'
      args=none ;;
    'endpoint')
      sub='hashkv health status'
      names='hashkv health status'
      flags='--help -h'
      pflags='--cluster'
      args=none ;;
    'endpoint hashkv')
      flags='--rev --help -h'
      vflags='--rev'
      args=none ;;
    'endpoint health')
      flags='--help -h'
      args=none ;;
    'endpoint status')
      flags='--help -h'
      args=none ;;
    'get')
      flags='--consistency --count-only --from-key --keys-only --limit --max-create-rev --max-mod-rev --min-create-rev --min-mod-rev --order --prefix --print-value-only --rev --sort-by --stream --help -h'
      vflags='--consistency --limit --max-create-rev --max-mod-rev --min-create-rev --min-mod-rev --order --rev --sort-by'
      args=key ;;
    'help')
      flags='--help -h'
      args=command ;;
    'lease')
      sub='grant keep-alive list revoke timetolive'
      names='grant keep-alive list revoke timetolive'
      flags='--help -h'
      args=none ;;
    'lease grant')
      flags='--help -h'
      args=none ;;
    'lease keep-alive')
      flags='--once --help -h'
      args=none ;;
    'lease list')
      flags='--help -h'
      args=none ;;
    'lease revoke')
      flags='--help -h'
      args=none ;;
    'lease timetolive')
      flags='--keys --help -h'
      args=none ;;
    'lock')
      flags='--ttl --help -h'
      vflags='--ttl'
      args=none ;;
    'make-mirror')
      flags='--dest-cacert --dest-cert --dest-insecure-transport --dest-key --dest-password --dest-prefix --dest-user --max-txn-ops --no-dest-prefix --prefix --rev --help -h'
      vflags='--dest-cacert --dest-cert --dest-key --dest-password --dest-prefix --dest-user --max-txn-ops --prefix --rev'
      args=none ;;
    'member')
      sub='add list promote remove update'
      names='add list promote remove update'
      flags='--help -h'
      args=none ;;
    'member add')
      flags='--learner --peer-urls --help -h'
      vflags='--peer-urls'
      args=none ;;
    'member list')
      flags='--consistency --help -h'
      vflags='--consistency'
      args=none ;;
    'member promote')
      flags='--help -h'
      args=none ;;
    'member remove')
      flags='--help -h'
      args=none ;;
    'member update')
      flags='--peer-urls --help -h'
      vflags='--peer-urls'
      args=none ;;
    'migrate')
      flags='--data-dir --no-ttl --transformer --wal-dir --help -h'
      vflags='--data-dir --transformer --wal-dir'
      args=none ;;
    'move-leader')
      flags='--help -h'
      args=none ;;
    'options')
      flags='--help -h'
      args=none ;;
    'put')
      flags='--ignore-lease --ignore-value --lease --prev-kv --help -h'
      vflags='--lease'
      args=key ;;
    'role')
      sub='add delete get grant-permission list revoke-permission'
      names='add delete get grant-permission list revoke-permission'
      flags='--help -h'
      args=none ;;
    'role add')
      flags='--help -h'
      args=none ;;
    'role delete')
      flags='--help -h'
      args=none ;;
    'role get')
      flags='--help -h'
      args=none ;;
    'role grant-permission')
      flags='--from-key --prefix --help -h'
      args=none ;;
    'role list')
      flags='--help -h'
      args=none ;;
    'role revoke-permission')
      flags='--from-key --prefix --help -h'
      args=none ;;
    'snapshot')
      sub='restore save status'
      names='restore save status'
      flags='--help -h'
      args=none ;;
    'snapshot restore')
      flags='--bump-revision --data-dir --initial-advertise-peer-urls --initial-cluster --initial-cluster-token --initial-memory-map-size --mark-compacted --name --skip-hash-check --wal-dir --help -h'
      vflags='--bump-revision --data-dir --initial-advertise-peer-urls --initial-cluster --initial-cluster-token --initial-memory-map-size --name --wal-dir'
      args=file ;;
    'snapshot save')
      flags='--help -h'
      args=file ;;
    'snapshot status')
      flags='--help -h'
      args=file ;;
    'txn')
      flags='--interactive -i --help -h'
      args=none ;;
    'user')
      sub='add delete get grant-role list passwd revoke-role'
      names='add delete get grant-role list passwd revoke-role'
      flags='--help -h'
      args=none ;;
    'user add')
      flags='--interactive --new-user-password --no-password --help -h'
      vflags='--new-user-password'
      args=none ;;
    'user delete')
      flags='--help -h'
      args=none ;;
    'user get')
      flags='--detail --help -h'
      args=none ;;
    'user grant-role')
      flags='--help -h'
      args=none ;;
    'user list')
      flags='--help -h'
      args=none ;;
    'user passwd')
      flags='--interactive --help -h'
      args=none ;;
    'user revoke-role')
      flags='--help -h'
      args=none ;;
    'version')
      flags='--help -h'
      args=none ;;
    'watch')
      flags='--interactive -i --prefix --prev-kv --progress-notify --rev --help -h'
      vflags='--rev'
      args=key ;;
    *) return 1 ;;
  esac
}

# What the value of a flag of the API 3 tree can be.
__etcdctl_values_3() {
  vkind=text vals=
  case $1 in
    --cacert) vkind=file ;;
    --cert) vkind=file ;;
    --key) vkind=file ;;
    --write-out|-w) vkind=choices vals='simple json fields protobuf table' ;;
    --load) vkind=choices vals='s m l xl' ;;
    --data-dir) vkind=dir ;;
    --consistency) vkind=choices vals='l s' ;;
    --order) vkind=choices vals='ASCEND DESCEND' ;;
    --sort-by) vkind=choices vals='CREATE KEY MODIFY VALUE VERSION' ;;
    --dest-cacert) vkind=file ;;
    --dest-cert) vkind=file ;;
    --dest-key) vkind=file ;;
    --transformer) vkind=file ;;
    --wal-dir) vkind=dir ;;
  esac
}

__etcdctl_prefix_matching_3=1

# The facts of one command of the API 2 tree, by its path ('' is the root).
__etcdctl_node_2() {
  sub= names= aliases= flags= pflags= vflags= pvflags= args=none
  case $1 in
    '')
      sub='auth backup cluster-health exec-watch get help ls member mk mkdir rm rmdir role set setdir update updatedir user watch'
      names='auth backup cluster-health exec-watch get help ls member mk mkdir rm rmdir role set setdir update updatedir user watch'
      aliases='h=help'
      flags='--debug --no-sync --output -o --discovery-srv -D --insecure-discovery --peers -C --endpoint --endpoints --cert-file --key-file --ca-file --username -u --timeout --total-timeout --help -h --version -v'
      vflags='--output -output --o -o --discovery-srv -discovery-srv --D -D --peers -peers --C -C --endpoint -endpoint --endpoints -endpoints --cert-file -cert-file --key-file -key-file --ca-file -ca-file --username -username --u -u --timeout -timeout --total-timeout -total-timeout'
      args=none ;;
    'auth')
      sub='disable enable'
      names='disable enable'
      flags='--help -h'
      args=none ;;
    'auth disable')
      flags='--help -h'
      args=none ;;
    'auth enable')
      flags='--help -h'
      args=none ;;
    'backup')
      flags='--data-dir --wal-dir --backup-dir --backup-wal-dir --with-v3 --help -h'
      vflags='--data-dir -data-dir --wal-dir -wal-dir --backup-dir -backup-dir --backup-wal-dir -backup-wal-dir'
      args=none ;;
    'cluster-health')
      flags='--forever -f --help -h'
      args=none ;;
    'exec-watch')
      flags='--after-index --recursive -r --help -h'
      vflags='--after-index -after-index'
      args=key ;;
    'get')
      flags='--sort --quorum -q --help -h'
      args=key ;;
    'help')
      args=command ;;
    'ls')
      flags='--sort --recursive -r -p --quorum -q --help -h'
      args=key ;;
    'member')
      sub='add list remove update'
      names='add list remove update'
      flags='--help -h'
      args=none ;;
    'member add')
      flags='--help -h'
      args=none ;;
    'member list')
      flags='--help -h'
      args=none ;;
    'member remove')
      flags='--help -h'
      args=none ;;
    'member update')
      flags='--help -h'
      args=none ;;
    'mk')
      flags='--in-order --ttl --help -h'
      vflags='--ttl -ttl'
      args=key ;;
    'mkdir')
      flags='--ttl --help -h'
      vflags='--ttl -ttl'
      args=key ;;
    'rm')
      flags='--dir --recursive -r --with-value --with-index --help -h'
      vflags='--with-value -with-value --with-index -with-index'
      args=key ;;
    'rmdir')
      flags='--help -h'
      args=key ;;
    'role')
      sub='add get grant list remove revoke'
      names='add get grant list remove revoke'
      flags='--help -h'
      args=none ;;
    'role add')
      flags='--help -h'
      args=none ;;
    'role get')
      flags='--help -h'
      args=none ;;
    'role grant')
      flags='--path --read --write --readwrite --rw --help -h'
      vflags='--path -path'
      args=none ;;
    'role list')
      flags='--help -h'
      args=none ;;
    'role remove')
      flags='--help -h'
      args=none ;;
    'role revoke')
      flags='--path --read --write --readwrite --rw --help -h'
      vflags='--path -path'
      args=none ;;
    'set')
      flags='--ttl --swap-with-value --swap-with-index --help -h'
      vflags='--ttl -ttl --swap-with-value -swap-with-value --swap-with-index -swap-with-index'
      args=key ;;
    'setdir')
      flags='--ttl --help -h'
      vflags='--ttl -ttl'
      args=key ;;
    'update')
      flags='--ttl --help -h'
      vflags='--ttl -ttl'
      args=key ;;
    'updatedir')
      flags='--ttl --help -h'
      vflags='--ttl -ttl'
      args=key ;;
    'user')
      sub='add get grant list passwd remove revoke'
      names='add get grant list passwd remove revoke'
      flags='--help -h'
      args=none ;;
    'user add')
      flags='--help -h'
      args=none ;;
    'user get')
      flags='--help -h'
      args=none ;;
    'user grant')
      flags='--roles --help -h'
      vflags='--roles -roles'
      args=none ;;
    'user list')
      flags='--help -h'
      args=none ;;
    'user passwd')
      flags='--help -h'
      args=none ;;
    'user remove')
      flags='--help -h'
      args=none ;;
    'user revoke')
      flags='--roles --help -h'
      vflags='--roles -roles'
      args=none ;;
    'watch')
      flags='--forever -f --after-index --recursive -r --help -h'
      vflags='--after-index -after-index'
      args=key ;;
    *) return 1 ;;
  esac
}

# What the value of a flag of the API 2 tree can be.
__etcdctl_values_2() {
  vkind=text vals=
  case $1 in
    --output|-output|--o|-o) vkind=choices vals='simple extended json' ;;
    --cert-file|-cert-file) vkind=file ;;
    --key-file|-key-file) vkind=file ;;
    --ca-file|-ca-file) vkind=file ;;
    --data-dir|-data-dir) vkind=dir ;;
    --wal-dir|-wal-dir) vkind=dir ;;
    --backup-dir|-backup-dir) vkind=dir ;;
    --backup-wal-dir|-backup-wal-dir) vkind=dir ;;
  esac
}

__etcdctl_prefix_matching_2=0

# COMP_WORDS splits at = and : too; join the pieces that no blank separates, so that --write-out=js or
# --endpoints=127.0.0.1:2379 is one word as the parser sees it. Sets words, cword, cur, and last (the
# part of cur bash will replace).
__etcdctl_reassemble() {
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
__etcdctl_resolve() {
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
__etcdctl_reply() {
  local trim=$((${#cur} - ${#last})) c
  [[ -n $last && -z ${last//[$COMP_WORDBREAKS]/} ]] && trim=${#cur}
  COMPREPLY=()
  for c in "$@"; do
    [[ $c == "$cur"* ]] && COMPREPLY+=("${c:trim}")
  done
}

# Lines of a command's output as candidates (read line by line: no word splitting, no globbing).
__etcdctl_reply_lines() { # $1 what goes before each line, then the command
  local prefix=$1 line
  local -a all=()
  shift
  while IFS= read -r line; do all+=("$prefix$line"); done < <("$@")
  __etcdctl_reply "${all[@]}"
}

__etcdctl_reply_paths() { # $1 what goes before the path (--cacert=), $2 the path so far, $3 -f or -d
  compopt -o filenames 2>/dev/null
  __etcdctl_reply_lines "$1" compgen "$3" -- "$2"
}

__etcdctl_reply_values() { # $1 what goes before each value (--write-out= or nothing), $2 the value so far
  local v
  local -a all=()
  case $vkind in
  choices) for v in $vals; do all+=("$1$v"); done; __etcdctl_reply "${all[@]}" ;;
  file) __etcdctl_reply_paths "$1" "$2" -f ;;
  dir) __etcdctl_reply_paths "$1" "$2" -d ;;
  esac
}

# Where readline replaces text in cur: just after a quote left open, else where bash's last piece of the
# word begins (COMP_WORDBREAKS splits at : and =), or at the end when that piece is the break itself
# (for /app/a: the ':' is a COMP_WORDS piece, but readline inserts after it). Sets from.
__etcdctl_replace_from() {
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

# Key names from __etcdctl_live_keys: whole words as they would be typed, cut where readline replaces
# text. One second at most: a cluster that has not answered by then offers nothing.
__etcdctl_reply_keys() {
  local line from
  __etcdctl_replace_from
  COMPREPLY=()
  while IFS= read -r -t 1 line; do
    [[ $line == "$cur"* ]] && COMPREPLY+=("${line:from}")
  done < <(__etcdctl_live_keys "$api" "$node" "$cur" "${words[@]:1:cword-1}" 2>/dev/null)
  # A v2 directory is completed to its slash, ready for the next level.
  if ((${#COMPREPLY[@]} == 1)) && [[ $COMPREPLY == */ ]]; then compopt -o nospace 2>/dev/null; fi
  return 0
}

# The key names the cluster holds, asked of etcdctl itself (see the note at the top); one defined before
# this script was loaded is kept.
declare -F __etcdctl_live_keys >/dev/null || __etcdctl_live_keys() { # API PATH WORD TYPED-WORD...
  local bin=${COMP_WORDS[0]:-etcdctl} api=$1 word=$3
  [[ $bin == '~/'* ]] && bin=$HOME/${bin:2}
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
  local api=${ETCDCTL_API:-3}
  declare -F "__etcdctl_node_$api" >/dev/null || return 0
  local -a words
  local cword cur last next i w node= expect= dash=0 helping=0 prefixing
  local sub names aliases flags pflags vflags pvflags args vkind vals inherited inheritedv
  eval "prefixing=\$__etcdctl_prefix_matching_$api"
  __etcdctl_reassemble
  __etcdctl_node_$api ''
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
    __etcdctl_resolve "$w" "$prefixing" || return 0
    if [[ -z $node && $next == help ]]; then helping=1; continue; fi
    node=${node:+$node }$next
    __etcdctl_node_$api "$node" || return 0
    inherited+=" $pflags" inheritedv+=" $pvflags"
  done

  if [[ -n $expect ]]; then
    __etcdctl_values_$api "$expect"
    __etcdctl_reply_values '' "$cur"
  elif ((!dash)) && [[ $cur == -* ]]; then
    if [[ $cur == *=* ]]; then
      __etcdctl_values_$api "${cur%%=*}"
      __etcdctl_reply_values "${cur%%=*}=" "${cur#*=}"
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
