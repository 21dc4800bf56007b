# fish completion for etcdutl (etcdctl-ts)
# Generated from the etcdutl command tree by scripts/gen-completions.mjs; do not edit.
#
# Load it in the current shell:   etcdutl completion fish | source
# or install it for every shell:  etcdutl completion fish > ~/.config/fish/completions/etcdutl.fish

# The facts of one command of the API 3 tree, by its path ('' is the root).
function __etcdutl_node_3 --argument-names path
    set -g __etcdutl_sub
    set -g __etcdutl_subd
    set -g __etcdutl_names
    set -g __etcdutl_aliases
    set -g __etcdutl_flags
    set -g __etcdutl_flagsd
    set -g __etcdutl_pflags
    set -g __etcdutl_pflagsd
    set -g __etcdutl_vflags
    set -g __etcdutl_pvflags
    set -g __etcdutl_args none
    switch $path
        case ''
            set -g __etcdutl_sub 'backup' 'check' 'completion' 'defrag' 'hashkv' 'help' 'migrate' 'snapshot' 'version'
            set -g __etcdutl_subd '[legacy] offline backup of etcd directory' 'commands for checking properties' 'Generate the autocompletion script for the specified shell' 'Defragments the storage of the etcd' 'Prints the KV history hash of a given file' 'Help about any command' 'Migrates schema of etcd data dir files to make them compatible with different etcd version' 'Manages etcd node snapshots' 'Prints the version of etcdutl'
            set -g __etcdutl_names 'backup' 'check' 'completion' 'defrag' 'hashkv' 'help' 'migrate' 'snapshot' 'version'
            set -g __etcdutl_flags '--help' '-h'
            set -g __etcdutl_flagsd 'help for etcdutl' 'help for etcdutl'
            set -g __etcdutl_pflags '--timeout' '--write-out' '-w'
            set -g __etcdutl_pflagsd 'time to wait to obtain a file lock on db file, 0 to block indefinitely' 'set the output format (fields, json, protobuf, simple, table)' 'set the output format (fields, json, protobuf, simple, table)'
            set -g __etcdutl_pvflags '--timeout' '--write-out' '-w'
            set -g __etcdutl_args none
        case 'backup'
            set -g __etcdutl_flags '--backup-dir' '--backup-wal-dir' '--data-dir' '--wal-dir' '--with-v3' '--help' '-h'
            set -g __etcdutl_flagsd 'Path to the backup dir' 'Path to the backup wal dir' 'Path to the etcd data dir' 'Path to the etcd wal dir' 'Backup v3 backend data' 'help for backup' 'help for backup'
            set -g __etcdutl_vflags '--backup-dir' '--backup-wal-dir' '--data-dir' '--wal-dir'
            set -g __etcdutl_args none
        case 'check'
            set -g __etcdutl_sub 'v2store'
            set -g __etcdutl_subd 'Check custom content in v2store'
            set -g __etcdutl_names 'v2store'
            set -g __etcdutl_flags '--help' '-h'
            set -g __etcdutl_flagsd 'help for check' 'help for check'
            set -g __etcdutl_args none
        case 'check v2store'
            set -g __etcdutl_flags '--data-dir' '--wal-dir' '--help' '-h'
            set -g __etcdutl_flagsd 'Required. A data directory not in use by etcd.' 'Optional. A dedicated WAL directory.' 'help for v2store' 'help for v2store'
            set -g __etcdutl_vflags '--data-dir' '--wal-dir'
            set -g __etcdutl_args none
        case 'completion'
            set -g __etcdutl_sub 'bash' 'fish' 'powershell' 'zsh'
            set -g __etcdutl_subd 'Generate the autocompletion script for bash' 'Generate the autocompletion script for fish' 'Generate the autocompletion script for powershell' 'Generate the autocompletion script for zsh'
            set -g __etcdutl_names 'bash' 'fish' 'powershell' 'zsh'
            set -g __etcdutl_flags '--help' '-h'
            set -g __etcdutl_flagsd 'help for completion' 'help for completion'
            set -g __etcdutl_args none
        case 'completion bash'
            set -g __etcdutl_flags '--no-descriptions' '--help' '-h'
            set -g __etcdutl_flagsd 'disable completion descriptions' 'help for bash' 'help for bash'
            set -g __etcdutl_args none
        case 'completion fish'
            set -g __etcdutl_flags '--no-descriptions' '--help' '-h'
            set -g __etcdutl_flagsd 'disable completion descriptions' 'help for fish' 'help for fish'
            set -g __etcdutl_args none
        case 'completion powershell'
            set -g __etcdutl_flags '--no-descriptions' '--help' '-h'
            set -g __etcdutl_flagsd 'disable completion descriptions' 'help for powershell' 'help for powershell'
            set -g __etcdutl_args none
        case 'completion zsh'
            set -g __etcdutl_flags '--no-descriptions' '--help' '-h'
            set -g __etcdutl_flagsd 'disable completion descriptions' 'help for zsh' 'help for zsh'
            set -g __etcdutl_args none
        case 'defrag'
            set -g __etcdutl_flags '--data-dir' '--help' '-h'
            set -g __etcdutl_flagsd 'Required. Defragments a data directory not in use by etcd.' 'help for defrag' 'help for defrag'
            set -g __etcdutl_vflags '--data-dir'
            set -g __etcdutl_args none
        case 'hashkv'
            set -g __etcdutl_flags '--rev' '--help' '-h'
            set -g __etcdutl_flagsd 'maximum revision to hash (default: latest revision)' 'help for hashkv' 'help for hashkv'
            set -g __etcdutl_vflags '--rev'
            set -g __etcdutl_args file
        case 'help'
            set -g __etcdutl_flags '--help' '-h'
            set -g __etcdutl_flagsd 'help for help' 'help for help'
            set -g __etcdutl_args command
        case 'migrate'
            set -g __etcdutl_flags '--data-dir' '--force' '--target-version' '--help' '-h'
            set -g __etcdutl_flagsd 'Path to the etcd data dir' 'Ignore migration failure and forcefully override storage version. Not recommended.' 'Target etcd version to migrate contents of data dir. Minimal value 3.5. Format "X.Y" for example 3.6.' 'help for migrate' 'help for migrate'
            set -g __etcdutl_vflags '--data-dir' '--target-version'
            set -g __etcdutl_args none
        case 'snapshot'
            set -g __etcdutl_sub 'restore' 'status'
            set -g __etcdutl_subd 'Restores an etcd member snapshot to an etcd directory' 'Gets backend snapshot status of a given file'
            set -g __etcdutl_names 'restore' 'status'
            set -g __etcdutl_flags '--help' '-h'
            set -g __etcdutl_flagsd 'help for snapshot' 'help for snapshot'
            set -g __etcdutl_args none
        case 'snapshot restore'
            set -g __etcdutl_flags '--bump-revision' '--data-dir' '--initial-advertise-peer-urls' '--initial-cluster' '--initial-cluster-token' '--initial-memory-map-size' '--mark-compacted' '--name' '--skip-hash-check' '--wal-dir' '--help' '-h'
            set -g __etcdutl_flagsd 'How much to increase the latest revision after restore' 'Path to the output data directory' 'List of this member\'s peer URLs to advertise to the rest of the cluster' 'Initial cluster configuration for restore bootstrap' 'Initial cluster token for the etcd cluster during restore bootstrap' 'Initial memory map size of the database in bytes. It uses the default value if not defined or defined to 0' 'Mark the latest revision after restore as the point of scheduled compaction (required if --bump-revision > 0, disallowed otherwise)' 'Human-readable name for this member' 'Ignore snapshot integrity hash value (required if copied from data directory)' 'Path to the WAL directory (use --data-dir if none given)' 'help for restore' 'help for restore'
            set -g __etcdutl_vflags '--bump-revision' '--data-dir' '--initial-advertise-peer-urls' '--initial-cluster' '--initial-cluster-token' '--initial-memory-map-size' '--name' '--wal-dir'
            set -g __etcdutl_args file
        case 'snapshot status'
            set -g __etcdutl_flags '--help' '-h'
            set -g __etcdutl_flagsd 'help for status' 'help for status'
            set -g __etcdutl_args file
        case 'version'
            set -g __etcdutl_flags '--help' '-h'
            set -g __etcdutl_flagsd 'help for version' 'help for version'
            set -g __etcdutl_args none
        case '*'
            return 1
    end
    return 0
end

# What the value of a flag of the API 3 tree can be.
function __etcdutl_values_3 --argument-names flag
    set -g __etcdutl_vkind text
    set -g __etcdutl_vals
    switch $flag
        case '--write-out' '-w'
            set -g __etcdutl_vkind choices
            set -g __etcdutl_vals 'simple' 'json' 'fields' 'protobuf' 'table'
        case '--backup-dir'
            set -g __etcdutl_vkind dir
        case '--backup-wal-dir'
            set -g __etcdutl_vkind dir
        case '--data-dir'
            set -g __etcdutl_vkind dir
        case '--wal-dir'
            set -g __etcdutl_vkind dir
    end
end

set -g __etcdutl_prefix_matching_3 1

# Resolves a typed command word among the current node's children, as the parser does: the exact name,
# an alias, or (cobra) a unique prefix of a name. Sets __etcdutl_next.
function __etcdutl_resolve --argument-names word prefixing
    set -g __etcdutl_next
    test -n "$word"; or return 1
    if contains -- $word $__etcdutl_names
        set -g __etcdutl_next $word
        return 0
    end
    for alias in $__etcdutl_aliases
        set -l pair (string split -m 1 = -- $alias)
        if test "$pair[1]" = "$word"
            set -g __etcdutl_next $pair[2]
            return 0
        end
    end
    test "$prefixing" = 1; or return 1
    set -l matches
    set -l len (string length -- $word)
    for name in $__etcdutl_names
        test (string sub -l $len -- $name) = "$word"; and set -a matches $name
    end
    test (count $matches) -eq 1; or return 1
    set -g __etcdutl_next $matches[1]
end

# Prints name<TAB>description lines: the number of names, the names, then their descriptions (if any).
function __etcdutl_print_pairs --argument-names n
    test "$n" -gt 0; or return
    set -e argv[1]
    for i in (seq $n)
        set -l d (math $n + $i)
        if set -q argv[$d]
            printf '%s\t%s\n' $argv[$i] $argv[$d]
        else
            printf '%s\n' $argv[$i]
        end
    end
end

function __etcdutl_print_values --argument-names before value
    switch $__etcdutl_vkind
        case choices
            printf "$before%s\n" $__etcdutl_vals
        case file
            for path in (__fish_complete_path $value)
                printf '%s%s\n' $before $path
            end
        case dir
            for path in (__fish_complete_directories $value)
                printf '%s%s\n' $before $path
            end
    end
end

# The key names the cluster holds, asked of etcdutl itself (see the note at the top); one defined before
# this script was loaded is kept. One second at most where timeout(1) is there to enforce it (etcdutl gives
# up by then by itself anyway).
if not functions -q __etcdutl_live_keys
    function __etcdutl_live_keys --argument-names api path word
        set -l bin (commandline -opc)[1]
        test -n "$bin"; or set bin etcdutl
        set bin (string replace -r '^~/' "$HOME/" -- $bin)
        set -l limit
        command -q timeout; and set limit timeout 1
        env ETCDUTL_COMPLETION_TREE=3 $limit $bin completion __keys -- "$api" "$word" $argv[4..-1] 2>/dev/null
    end
end

function __etcdutl_complete
    set -l api $ETCDUTL_COMPLETION_TREE
    test -n "$api"; or set api 3
    functions -q __etcdutl_node_$api; or return
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l cur (commandline -ct)
    set -l prefixing __etcdutl_prefix_matching_$api
    set -l node ''
    set -l expect ''
    set -l dash 0
    set -l helping 0
    __etcdutl_node_$api ''
    set -l inherited $__etcdutl_pflags
    set -l inheritedd $__etcdutl_pflagsd
    set -l inheritedv $__etcdutl_pvflags
    for w in $tokens
        if test -n "$expect"
            set expect ''
            continue
        end
        test $dash = 1; and continue
        if test "$w" = --
            set dash 1
            continue
        end
        if string match -qr -- '^-.' $w
            if not string match -q -- '*=*' $w; and contains -- $w $__etcdutl_vflags $inheritedv
                set expect $w
            end
            continue
        end
        set -q __etcdutl_names[1]; or continue
        __etcdutl_resolve $w $$prefixing; or return
        if test -z "$node" -a "$__etcdutl_next" = help
            set helping 1
            continue
        end
        if test -z "$node"
            set node $__etcdutl_next
        else
            set node "$node $__etcdutl_next"
        end
        __etcdutl_node_$api $node; or return
        set -a inherited $__etcdutl_pflags
        set -a inheritedd $__etcdutl_pflagsd
        set -a inheritedv $__etcdutl_pvflags
    end

    if test -n "$expect"
        __etcdutl_values_$api $expect
        __etcdutl_print_values '' $cur
    else if test $dash = 0; and string match -q -- '-*' $cur
        if string match -q -- '*=*' $cur
            set -l pair (string split -m 1 = -- $cur)
            __etcdutl_values_$api $pair[1]
            __etcdutl_print_values "$pair[1]=" $pair[2]
        else
            set -l every $__etcdutl_flags $inherited
            __etcdutl_print_pairs (count $every) $every $__etcdutl_flagsd $inheritedd
        end
    else if set -q __etcdutl_names[1]
        __etcdutl_print_pairs (count $__etcdutl_sub) $__etcdutl_sub $__etcdutl_subd
    else if test $helping = 0
        switch $__etcdutl_args
            case key
                if functions -q __etcdutl_live_keys
                    set -l word (string unescape -- $cur)
                    __etcdutl_live_keys $api "$node" "$word" $tokens 2>/dev/null
                end
            case file
                __fish_complete_path $cur
        end
    end
end

complete -c etcdutl -e
complete -c etcdutl -f -a '(__etcdutl_complete)'
