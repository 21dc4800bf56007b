# fish completion for etcdctl (etcdctl-ts)
# Generated from the command tree (API 3 and 2) by scripts/gen-completions.mjs; do not edit.
#
# Load it in the current shell:   etcdctl completion fish | source
# or install it for every shell:  etcdctl completion fish > ~/.config/fish/completions/etcdctl.fish
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
function __etcdctl_node_3 --argument-names path
    set -g __etcdctl_sub
    set -g __etcdctl_subd
    set -g __etcdctl_names
    set -g __etcdctl_aliases
    set -g __etcdctl_flags
    set -g __etcdctl_flagsd
    set -g __etcdctl_pflags
    set -g __etcdctl_pflagsd
    set -g __etcdctl_vflags
    set -g __etcdctl_pvflags
    set -g __etcdctl_args none
    switch $path
        case ''
            set -g __etcdctl_sub 'alarm' 'auth' 'batch' 'check' 'compaction' 'completion' 'defrag' 'del' 'downgrade' 'elect' 'endpoint' 'get' 'help' 'lease' 'lock' 'make-mirror' 'member' 'migrate' 'move-leader' 'options' 'put' 'role' 'snapshot' 'txn' 'user' 'version' 'watch'
            set -g __etcdctl_subd 'Alarm related commands' 'Enable or disable authentication' 'Runs a script of etcdctl command lines over one connection' 'commands for checking properties of the etcd cluster' 'Compacts the event history in etcd' 'Generate the autocompletion script for the specified shell' 'Defragments the storage of the etcd members with given endpoints' 'Removes the specified key or range of keys [key, range_end)' 'Downgrade related commands' 'Observes and participates in leader election' 'Endpoint related commands' 'Gets the key or a range of keys' 'Help about any command' 'Lease related commands' 'Acquires a named lock' 'Makes a mirror at the destination etcd cluster' 'Membership related commands' 'Migrates keys in a v2 store to a mvcc store' 'Transfers leadership to another etcd cluster member.' 'Show the global command-line flags' 'Puts the given key into the store' 'Role related commands' 'Manages etcd node snapshots' 'Txn processes all the requests in one transaction' 'User related commands' 'Prints the version of etcdctl' 'Watches events stream on keys or prefixes'
            set -g __etcdctl_names 'alarm' 'auth' 'batch' 'check' 'compaction' 'completion' 'defrag' 'del' 'downgrade' 'elect' 'endpoint' 'get' 'help' 'lease' 'lock' 'make-mirror' 'member' 'migrate' 'move-leader' 'options' 'put' 'role' 'snapshot' 'txn' 'user' 'version' 'watch'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for etcdctl' 'help for etcdctl'
            set -g __etcdctl_pflags '--auth-jwt-token' '--cacert' '--cert' '--command-timeout' '--debug' '--dial-timeout' '--discovery-srv' '-d' '--discovery-srv-name' '--endpoints' '--hex' '--insecure-discovery' '--insecure-skip-tls-verify' '--insecure-transport' '--keepalive-time' '--keepalive-timeout' '--key' '--max-recv-bytes' '--max-request-bytes' '--password' '--user' '--write-out' '-w'
            set -g __etcdctl_pflagsd 'JWT token used for authentication (if this option is used, --user and --password should not be set)' 'verify certificates of TLS-enabled secure servers using this CA bundle' 'identify secure client using this TLS certificate file' 'timeout for short running command (excluding dial timeout)' 'enable client-side debug logging' 'dial timeout for client connections' 'domain name to query for SRV records describing cluster endpoints' 'domain name to query for SRV records describing cluster endpoints' 'service name to query when using DNS discovery' 'gRPC endpoints' 'print byte strings as hex encoded strings' 'accept insecure SRV records describing cluster endpoints' 'skip server certificate verification (CAUTION: this option should be enabled only for testing purposes)' 'disable transport security for client connections' 'keepalive time for client connections' 'keepalive timeout for client connections' 'identify secure client using this TLS key file' 'client-side response receive limit in bytes (if 0, it defaults to "math.MaxInt32")' 'client-side request send limit in bytes (if 0, it defaults to 2.0 MiB (2 * 1024 * 1024).)' 'password for authentication (if this option is used, --user option shouldn\'t include password)' 'username[:password] for authentication (prompt if password is not supplied)' 'set the output format (fields, json, protobuf, simple, table)' 'set the output format (fields, json, protobuf, simple, table)'
            set -g __etcdctl_pvflags '--auth-jwt-token' '--cacert' '--cert' '--command-timeout' '--dial-timeout' '--discovery-srv' '-d' '--discovery-srv-name' '--endpoints' '--keepalive-time' '--keepalive-timeout' '--key' '--max-recv-bytes' '--max-request-bytes' '--password' '--user' '--write-out' '-w'
            set -g __etcdctl_args none
        case 'alarm'
            set -g __etcdctl_sub 'disarm' 'list'
            set -g __etcdctl_subd 'Disarms all alarms' 'Lists all alarms'
            set -g __etcdctl_names 'disarm' 'list'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for alarm' 'help for alarm'
            set -g __etcdctl_args none
        case 'alarm disarm'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for disarm' 'help for disarm'
            set -g __etcdctl_args none
        case 'alarm list'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for list' 'help for list'
            set -g __etcdctl_args none
        case 'auth'
            set -g __etcdctl_sub 'disable' 'enable' 'status'
            set -g __etcdctl_subd 'Disables authentication' 'Enables authentication' 'Returns authentication status'
            set -g __etcdctl_names 'disable' 'enable' 'status'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for auth' 'help for auth'
            set -g __etcdctl_args none
        case 'auth disable'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for disable' 'help for disable'
            set -g __etcdctl_args none
        case 'auth enable'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for enable' 'help for enable'
            set -g __etcdctl_args none
        case 'auth status'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for status' 'help for status'
            set -g __etcdctl_args none
        case 'batch'
            set -g __etcdctl_flags '--keep-going' '--help' '-h'
            set -g __etcdctl_flagsd 'run every line even after a failure; exit with the first failure\'s code' 'help for batch' 'help for batch'
            set -g __etcdctl_args file
        case 'check'
            set -g __etcdctl_sub 'datascale' 'health' 'perf'
            set -g __etcdctl_subd 'Check the memory usage of holding data for different workloads on a given server endpoint.' 'Checks the health of the cluster in one verdict (exit 0 healthy, 1 degraded, 2 unhealthy)' 'Check the performance of the etcd cluster'
            set -g __etcdctl_names 'datascale' 'health' 'perf'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for check' 'help for check'
            set -g __etcdctl_args none
        case 'check datascale'
            set -g __etcdctl_flags '--auto-compact' '--auto-defrag' '--load' '--prefix' '--help' '-h'
            set -g __etcdctl_flagsd 'Compact storage with last revision after test is finished.' 'Defragment storage after test is finished.' 'The datascale check\'s workload model. Accepted workloads: s(small), m(medium), l(large), xl(xLarge)' 'The prefix for writing the datascale check\'s keys.' 'help for datascale' 'help for datascale'
            set -g __etcdctl_vflags '--load' '--prefix'
            set -g __etcdctl_args none
        case 'check health'
            set -g __etcdctl_flags '--cert-expiry-days' '--cluster' '--max-raft-lag' '--quota-backend-bytes' '--warn-db-percent' '--help' '-h'
            set -g __etcdctl_flagsd 'warn when an endpoint\'s TLS certificate expires within this many days (0: do not check)' 'use all endpoints from the cluster member list' 'warn when members\' raft indexes differ by more than this' 'the members\' --quota-backend-bytes (etcd\'s default is 2 GiB)' 'warn when the db size reaches this percentage of the quota' 'help for health' 'help for health'
            set -g __etcdctl_vflags '--cert-expiry-days' '--max-raft-lag' '--quota-backend-bytes' '--warn-db-percent'
            set -g __etcdctl_args none
        case 'check perf'
            set -g __etcdctl_flags '--auto-compact' '--auto-defrag' '--load' '--prefix' '--help' '-h'
            set -g __etcdctl_flagsd 'Compact storage with last revision after test is finished.' 'Defragment storage after test is finished.' 'The performance check\'s workload model. Accepted workloads: s(small), m(medium), l(large), xl(xLarge)' 'The prefix for writing the performance check\'s keys.' 'help for perf' 'help for perf'
            set -g __etcdctl_vflags '--load' '--prefix'
            set -g __etcdctl_args none
        case 'compaction'
            set -g __etcdctl_flags '--physical' '--help' '-h'
            set -g __etcdctl_flagsd '\'true\' to wait for compaction to physically remove all old revisions' 'help for compaction' 'help for compaction'
            set -g __etcdctl_args none
        case 'completion'
            set -g __etcdctl_sub 'bash' 'fish' 'powershell' 'zsh'
            set -g __etcdctl_subd 'Generate the autocompletion script for bash' 'Generate the autocompletion script for fish' 'Generate the autocompletion script for powershell' 'Generate the autocompletion script for zsh'
            set -g __etcdctl_names '__keys' 'bash' 'fish' 'powershell' 'zsh'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for completion' 'help for completion'
            set -g __etcdctl_args none
        case 'completion __keys'
            set -g __etcdctl_flags '--shell' '--help' '-h'
            set -g __etcdctl_flagsd 'bash: the words are as typed (quoted) and keys are printed quoted as WORD is; otherwise both are plain' 'help for __keys' 'help for __keys'
            set -g __etcdctl_vflags '--shell'
            set -g __etcdctl_args none
        case 'completion bash'
            set -g __etcdctl_flags '--no-descriptions' '--help' '-h'
            set -g __etcdctl_flagsd 'disable completion descriptions' 'help for bash' 'help for bash'
            set -g __etcdctl_args none
        case 'completion fish'
            set -g __etcdctl_flags '--no-descriptions' '--help' '-h'
            set -g __etcdctl_flagsd 'disable completion descriptions' 'help for fish' 'help for fish'
            set -g __etcdctl_args none
        case 'completion powershell'
            set -g __etcdctl_flags '--no-descriptions' '--help' '-h'
            set -g __etcdctl_flagsd 'disable completion descriptions' 'help for powershell' 'help for powershell'
            set -g __etcdctl_args none
        case 'completion zsh'
            set -g __etcdctl_flags '--no-descriptions' '--help' '-h'
            set -g __etcdctl_flagsd 'disable completion descriptions' 'help for zsh' 'help for zsh'
            set -g __etcdctl_args none
        case 'defrag'
            set -g __etcdctl_flags '--cluster' '--data-dir' '--help' '-h'
            set -g __etcdctl_flagsd 'use all endpoints from the cluster member list' 'Optional. If present, defragments a data directory not in use by etcd.' 'help for defrag' 'help for defrag'
            set -g __etcdctl_vflags '--data-dir'
            set -g __etcdctl_args none
        case 'del'
            set -g __etcdctl_flags '--from-key' '--prefix' '--prev-kv' '--range' '--help' '-h'
            set -g __etcdctl_flagsd 'delete keys that are greater than or equal to the given key using byte compare' 'delete keys with matching prefix' 'return deleted key-value pairs' 'delete range of keys' 'help for del' 'help for del'
            set -g __etcdctl_args key
        case 'downgrade'
            set -g __etcdctl_sub 'cancel' 'enable' 'validate'
            set -g __etcdctl_subd 'Cancel the ongoing downgrade action to cluster' 'Start a downgrade action to cluster' 'Validate downgrade capability before starting downgrade'
            set -g __etcdctl_names 'cancel' 'enable' 'validate'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for downgrade' 'help for downgrade'
            set -g __etcdctl_args none
        case 'downgrade cancel'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for cancel' 'help for cancel'
            set -g __etcdctl_args none
        case 'downgrade enable'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for enable' 'help for enable'
            set -g __etcdctl_args none
        case 'downgrade validate'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for validate' 'help for validate'
            set -g __etcdctl_args none
        case 'elect'
            set -g __etcdctl_flags '--listen' '-l' '--help' '-h'
            set -g __etcdctl_flagsd 'observation mode' 'observation mode' 'help for elect' 'help for elect'
            set -g __etcdctl_args none
        case 'endpoint'
            set -g __etcdctl_sub 'hashkv' 'health' 'status'
            set -g __etcdctl_subd 'Prints the KV history hash for each endpoint in --endpoints' 'Checks the healthiness of endpoints specified in `--endpoints` flag' 'Prints out the status of endpoints specified in `--endpoints` flag'
            set -g __etcdctl_names 'hashkv' 'health' 'status'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for endpoint' 'help for endpoint'
            set -g __etcdctl_pflags '--cluster'
            set -g __etcdctl_pflagsd 'use all endpoints from the cluster member list'
            set -g __etcdctl_args none
        case 'endpoint hashkv'
            set -g __etcdctl_flags '--rev' '--help' '-h'
            set -g __etcdctl_flagsd 'maximum revision to hash (default: all revisions)' 'help for hashkv' 'help for hashkv'
            set -g __etcdctl_vflags '--rev'
            set -g __etcdctl_args none
        case 'endpoint health'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for health' 'help for health'
            set -g __etcdctl_args none
        case 'endpoint status'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for status' 'help for status'
            set -g __etcdctl_args none
        case 'get'
            set -g __etcdctl_flags '--consistency' '--count-only' '--from-key' '--keys-only' '--limit' '--max-create-rev' '--max-mod-rev' '--min-create-rev' '--min-mod-rev' '--order' '--prefix' '--print-value-only' '--rev' '--sort-by' '--stream' '--help' '-h'
            set -g __etcdctl_flagsd 'Linearizable(l) or Serializable(s)' 'Get only the count' 'Get keys that are greater than or equal to the given key using byte compare' 'Get only the keys' 'Maximum number of results' 'Maximum create revision' 'Maximum modification revision' 'Minimum create revision' 'Minimum modification revision' 'Order of results; ASCEND or DESCEND (ASCEND by default)' 'Get keys with matching prefix' 'Only write values when using the "simple" output format' 'Specify the kv revision' 'Sort target; CREATE, KEY, MODIFY, VALUE, or VERSION' 'Use the RangeStream RPC' 'help for get' 'help for get'
            set -g __etcdctl_vflags '--consistency' '--limit' '--max-create-rev' '--max-mod-rev' '--min-create-rev' '--min-mod-rev' '--order' '--rev' '--sort-by'
            set -g __etcdctl_args key
        case 'help'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for help' 'help for help'
            set -g __etcdctl_args command
        case 'lease'
            set -g __etcdctl_sub 'grant' 'keep-alive' 'list' 'revoke' 'timetolive'
            set -g __etcdctl_subd 'Creates leases' 'Keeps leases alive (renew)' 'List all active leases' 'Revokes leases' 'Get lease information'
            set -g __etcdctl_names 'grant' 'keep-alive' 'list' 'revoke' 'timetolive'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for lease' 'help for lease'
            set -g __etcdctl_args none
        case 'lease grant'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for grant' 'help for grant'
            set -g __etcdctl_args none
        case 'lease keep-alive'
            set -g __etcdctl_flags '--once' '--help' '-h'
            set -g __etcdctl_flagsd 'Resets the keep-alive time to its original value and exits immediately' 'help for keep-alive' 'help for keep-alive'
            set -g __etcdctl_args none
        case 'lease list'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for list' 'help for list'
            set -g __etcdctl_args none
        case 'lease revoke'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for revoke' 'help for revoke'
            set -g __etcdctl_args none
        case 'lease timetolive'
            set -g __etcdctl_flags '--keys' '--help' '-h'
            set -g __etcdctl_flagsd 'Get keys attached to this lease' 'help for timetolive' 'help for timetolive'
            set -g __etcdctl_args none
        case 'lock'
            set -g __etcdctl_flags '--ttl' '--help' '-h'
            set -g __etcdctl_flagsd 'timeout for session' 'help for lock' 'help for lock'
            set -g __etcdctl_vflags '--ttl'
            set -g __etcdctl_args none
        case 'make-mirror'
            set -g __etcdctl_flags '--dest-cacert' '--dest-cert' '--dest-insecure-transport' '--dest-key' '--dest-password' '--dest-prefix' '--dest-user' '--max-txn-ops' '--no-dest-prefix' '--prefix' '--rev' '--help' '-h'
            set -g __etcdctl_flagsd 'Verify certificates of TLS enabled secure servers using this CA bundle' 'Identify secure client using this TLS certificate file for the destination cluster' 'Disable transport security for client connections' 'Identify secure client using this TLS key file' 'Destination password for authentication (if this option is used, --user option shouldn\'t include password)' 'destination prefix to mirror a prefix to a different prefix in the destination cluster' 'Destination username[:password] for authentication (prompt if password is not supplied)' 'Maximum number of operations permitted in a transaction during syncing updates.' 'mirror key-values to the root of the destination cluster' 'Key-value prefix to mirror' 'Specify the kv revision to start to mirror' 'help for make-mirror' 'help for make-mirror'
            set -g __etcdctl_vflags '--dest-cacert' '--dest-cert' '--dest-key' '--dest-password' '--dest-prefix' '--dest-user' '--max-txn-ops' '--prefix' '--rev'
            set -g __etcdctl_args none
        case 'member'
            set -g __etcdctl_sub 'add' 'list' 'promote' 'remove' 'update'
            set -g __etcdctl_subd 'Adds a member into the cluster' 'Lists all members in the cluster' 'Promotes a non-voting member in the cluster' 'Removes a member from the cluster' 'Updates a member in the cluster'
            set -g __etcdctl_names 'add' 'list' 'promote' 'remove' 'update'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for member' 'help for member'
            set -g __etcdctl_args none
        case 'member add'
            set -g __etcdctl_flags '--learner' '--peer-urls' '--help' '-h'
            set -g __etcdctl_flagsd 'indicates if the new member is raft learner' 'comma separated peer URLs for the new member.' 'help for add' 'help for add'
            set -g __etcdctl_vflags '--peer-urls'
            set -g __etcdctl_args none
        case 'member list'
            set -g __etcdctl_flags '--consistency' '--help' '-h'
            set -g __etcdctl_flagsd 'Linearizable(l) or Serializable(s)' 'help for list' 'help for list'
            set -g __etcdctl_vflags '--consistency'
            set -g __etcdctl_args none
        case 'member promote'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for promote' 'help for promote'
            set -g __etcdctl_args none
        case 'member remove'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for remove' 'help for remove'
            set -g __etcdctl_args none
        case 'member update'
            set -g __etcdctl_flags '--peer-urls' '--help' '-h'
            set -g __etcdctl_flagsd 'comma separated peer URLs for the updated member.' 'help for update' 'help for update'
            set -g __etcdctl_vflags '--peer-urls'
            set -g __etcdctl_args none
        case 'migrate'
            set -g __etcdctl_flags '--data-dir' '--no-ttl' '--transformer' '--wal-dir' '--help' '-h'
            set -g __etcdctl_flagsd 'Path to the data directory' 'Do not convert TTL keys' 'Path to the user-provided transformer program' 'Path to the WAL directory' 'help for migrate' 'help for migrate'
            set -g __etcdctl_vflags '--data-dir' '--transformer' '--wal-dir'
            set -g __etcdctl_args none
        case 'move-leader'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for move-leader' 'help for move-leader'
            set -g __etcdctl_args none
        case 'options'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for options' 'help for options'
            set -g __etcdctl_args none
        case 'put'
            set -g __etcdctl_flags '--ignore-lease' '--ignore-value' '--lease' '--prev-kv' '--help' '-h'
            set -g __etcdctl_flagsd 'updates the key using its current lease' 'updates the key using its current value' 'lease ID (in hexadecimal) to attach to the key' 'return the previous key-value pair before modification' 'help for put' 'help for put'
            set -g __etcdctl_vflags '--lease'
            set -g __etcdctl_args key
        case 'role'
            set -g __etcdctl_sub 'add' 'delete' 'get' 'grant-permission' 'list' 'revoke-permission'
            set -g __etcdctl_subd 'Adds a new role' 'Deletes a role' 'Gets detailed information of a role' 'Grants a key to a role' 'Lists all roles' 'Revokes a key from a role'
            set -g __etcdctl_names 'add' 'delete' 'get' 'grant-permission' 'list' 'revoke-permission'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for role' 'help for role'
            set -g __etcdctl_args none
        case 'role add'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for add' 'help for add'
            set -g __etcdctl_args none
        case 'role delete'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for delete' 'help for delete'
            set -g __etcdctl_args none
        case 'role get'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for get' 'help for get'
            set -g __etcdctl_args none
        case 'role grant-permission'
            set -g __etcdctl_flags '--from-key' '--prefix' '--help' '-h'
            set -g __etcdctl_flagsd 'grant a permission of keys that are greater than or equal to the given key using byte compare' 'grant a prefix permission' 'help for grant-permission' 'help for grant-permission'
            set -g __etcdctl_args none
        case 'role list'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for list' 'help for list'
            set -g __etcdctl_args none
        case 'role revoke-permission'
            set -g __etcdctl_flags '--from-key' '--prefix' '--help' '-h'
            set -g __etcdctl_flagsd 'revoke a permission of keys that are greater than or equal to the given key using byte compare' 'revoke a prefix permission' 'help for revoke-permission' 'help for revoke-permission'
            set -g __etcdctl_args none
        case 'snapshot'
            set -g __etcdctl_sub 'restore' 'save' 'status'
            set -g __etcdctl_subd 'Restores an etcd member snapshot to an etcd directory' 'Stores an etcd node backend snapshot to a given file' 'Gets backend snapshot status of a given file'
            set -g __etcdctl_names 'restore' 'save' 'status'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for snapshot' 'help for snapshot'
            set -g __etcdctl_args none
        case 'snapshot restore'
            set -g __etcdctl_flags '--bump-revision' '--data-dir' '--initial-advertise-peer-urls' '--initial-cluster' '--initial-cluster-token' '--initial-memory-map-size' '--mark-compacted' '--name' '--skip-hash-check' '--wal-dir' '--help' '-h'
            set -g __etcdctl_flagsd 'How much to increase the latest revision after restore' 'Path to the data directory' 'List of this member\'s peer URLs to advertise to the rest of the cluster' 'Initial cluster configuration for restore bootstrap' 'Initial cluster token for the etcd cluster during restore bootstrap' 'Initial memory map size of the database in bytes. It uses the default value if not defined or defined to 0' 'Mark the latest revision after restore as the point of scheduled compaction (required if --bump-revision > 0, disallowed otherwise)' 'Human-readable name for this member' 'Ignore snapshot integrity hash value (required if copied from data directory)' 'Path to the WAL directory (use --data-dir if none given)' 'help for restore' 'help for restore'
            set -g __etcdctl_vflags '--bump-revision' '--data-dir' '--initial-advertise-peer-urls' '--initial-cluster' '--initial-cluster-token' '--initial-memory-map-size' '--name' '--wal-dir'
            set -g __etcdctl_args file
        case 'snapshot save'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for save' 'help for save'
            set -g __etcdctl_args file
        case 'snapshot status'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for status' 'help for status'
            set -g __etcdctl_args file
        case 'txn'
            set -g __etcdctl_flags '--interactive' '-i' '--help' '-h'
            set -g __etcdctl_flagsd 'Input transaction in interactive mode' 'Input transaction in interactive mode' 'help for txn' 'help for txn'
            set -g __etcdctl_args none
        case 'user'
            set -g __etcdctl_sub 'add' 'delete' 'get' 'grant-role' 'list' 'passwd' 'revoke-role'
            set -g __etcdctl_subd 'Adds a new user' 'Deletes a user' 'Gets detailed information of a user' 'Grants a role to a user' 'Lists all users' 'Changes password of user' 'Revokes a role from a user'
            set -g __etcdctl_names 'add' 'delete' 'get' 'grant-role' 'list' 'passwd' 'revoke-role'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for user' 'help for user'
            set -g __etcdctl_args none
        case 'user add'
            set -g __etcdctl_flags '--interactive' '--new-user-password' '--no-password' '--help' '-h'
            set -g __etcdctl_flagsd 'Read password from stdin instead of interactive terminal' 'Supply password from the command line flag' 'Create a user without password (CN based auth only)' 'help for add' 'help for add'
            set -g __etcdctl_vflags '--new-user-password'
            set -g __etcdctl_args none
        case 'user delete'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for delete' 'help for delete'
            set -g __etcdctl_args none
        case 'user get'
            set -g __etcdctl_flags '--detail' '--help' '-h'
            set -g __etcdctl_flagsd 'Show permissions of roles granted to the user' 'help for get' 'help for get'
            set -g __etcdctl_args none
        case 'user grant-role'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for grant-role' 'help for grant-role'
            set -g __etcdctl_args none
        case 'user list'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for list' 'help for list'
            set -g __etcdctl_args none
        case 'user passwd'
            set -g __etcdctl_flags '--interactive' '--help' '-h'
            set -g __etcdctl_flagsd 'If true, read password from stdin instead of interactive terminal' 'help for passwd' 'help for passwd'
            set -g __etcdctl_args none
        case 'user revoke-role'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for revoke-role' 'help for revoke-role'
            set -g __etcdctl_args none
        case 'version'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'help for version' 'help for version'
            set -g __etcdctl_args none
        case 'watch'
            set -g __etcdctl_flags '--interactive' '-i' '--prefix' '--prev-kv' '--progress-notify' '--rev' '--help' '-h'
            set -g __etcdctl_flagsd 'Interactive mode' 'Interactive mode' 'Watch on a prefix if prefix is set' 'get the previous key-value pair before the event happens' 'get periodic watch progress notification from server' 'Revision to start watching' 'help for watch' 'help for watch'
            set -g __etcdctl_vflags '--rev'
            set -g __etcdctl_args key
        case '*'
            return 1
    end
    return 0
end

# What the value of a flag of the API 3 tree can be.
function __etcdctl_values_3 --argument-names flag
    set -g __etcdctl_vkind text
    set -g __etcdctl_vals
    switch $flag
        case '--cacert'
            set -g __etcdctl_vkind file
        case '--cert'
            set -g __etcdctl_vkind file
        case '--key'
            set -g __etcdctl_vkind file
        case '--write-out' '-w'
            set -g __etcdctl_vkind choices
            set -g __etcdctl_vals 'simple' 'json' 'fields' 'protobuf' 'table'
        case '--load'
            set -g __etcdctl_vkind choices
            set -g __etcdctl_vals 's' 'm' 'l' 'xl'
        case '--data-dir'
            set -g __etcdctl_vkind dir
        case '--consistency'
            set -g __etcdctl_vkind choices
            set -g __etcdctl_vals 'l' 's'
        case '--order'
            set -g __etcdctl_vkind choices
            set -g __etcdctl_vals 'ASCEND' 'DESCEND'
        case '--sort-by'
            set -g __etcdctl_vkind choices
            set -g __etcdctl_vals 'CREATE' 'KEY' 'MODIFY' 'VALUE' 'VERSION'
        case '--dest-cacert'
            set -g __etcdctl_vkind file
        case '--dest-cert'
            set -g __etcdctl_vkind file
        case '--dest-key'
            set -g __etcdctl_vkind file
        case '--transformer'
            set -g __etcdctl_vkind file
        case '--wal-dir'
            set -g __etcdctl_vkind dir
    end
end

set -g __etcdctl_prefix_matching_3 1

# The facts of one command of the API 2 tree, by its path ('' is the root).
function __etcdctl_node_2 --argument-names path
    set -g __etcdctl_sub
    set -g __etcdctl_subd
    set -g __etcdctl_names
    set -g __etcdctl_aliases
    set -g __etcdctl_flags
    set -g __etcdctl_flagsd
    set -g __etcdctl_pflags
    set -g __etcdctl_pflagsd
    set -g __etcdctl_vflags
    set -g __etcdctl_pvflags
    set -g __etcdctl_args none
    switch $path
        case ''
            set -g __etcdctl_sub 'auth' 'backup' 'cluster-health' 'exec-watch' 'get' 'help' 'ls' 'member' 'mk' 'mkdir' 'rm' 'rmdir' 'role' 'set' 'setdir' 'update' 'updatedir' 'user' 'watch'
            set -g __etcdctl_subd 'overall auth controls' 'backup an etcd directory' 'check the health of the etcd cluster' 'watch a key for changes and exec an executable' 'retrieve the value of a key' 'Shows a list of commands or help for one command' 'retrieve a directory' 'member add, remove and list subcommands' 'make a new key with a given value' 'make a new directory' 'remove a key or a directory' 'removes the key if it is an empty directory or a key-value pair' 'role add, grant and revoke subcommands' 'set the value of a key' 'create a new directory or update an existing directory TTL' 'update an existing key with a given value' 'update an existing directory' 'user add, grant and revoke subcommands' 'watch a key for changes'
            set -g __etcdctl_names 'auth' 'backup' 'cluster-health' 'exec-watch' 'get' 'help' 'ls' 'member' 'mk' 'mkdir' 'rm' 'rmdir' 'role' 'set' 'setdir' 'update' 'updatedir' 'user' 'watch'
            set -g __etcdctl_aliases 'h=help'
            set -g __etcdctl_flags '--debug' '--no-sync' '--output' '-o' '--discovery-srv' '-D' '--insecure-discovery' '--peers' '-C' '--endpoint' '--endpoints' '--cert-file' '--key-file' '--ca-file' '--username' '-u' '--timeout' '--total-timeout' '--help' '-h' '--version' '-v'
            set -g __etcdctl_flagsd 'output cURL commands which can be used to reproduce the request' 'don\'t synchronize cluster information before sending request' 'output response in the given format (simple, `extended` or `json`)' 'output response in the given format (simple, `extended` or `json`)' 'domain name to query for SRV records describing cluster endpoints' 'domain name to query for SRV records describing cluster endpoints' 'accept insecure SRV records describing cluster endpoints' 'DEPRECATED - "--endpoints" should be used instead' 'DEPRECATED - "--endpoints" should be used instead' 'DEPRECATED - "--endpoints" should be used instead' 'a comma-delimited list of machine addresses in the cluster (default: "http://127.0.0.1:2379,http://127.0.0.1:4001")' 'identify HTTPS client using this SSL certificate file' 'identify HTTPS client using this SSL key file' 'verify certificates of HTTPS-enabled servers using this CA bundle' 'provide username[:password] and prompt if password is not supplied.' 'provide username[:password] and prompt if password is not supplied.' 'connection timeout per request' 'timeout for the command execution (except watch)' 'show help' 'show help' 'print the version' 'print the version'
            set -g __etcdctl_vflags '--output' '-output' '--o' '-o' '--discovery-srv' '-discovery-srv' '--D' '-D' '--peers' '-peers' '--C' '-C' '--endpoint' '-endpoint' '--endpoints' '-endpoints' '--cert-file' '-cert-file' '--key-file' '-key-file' '--ca-file' '-ca-file' '--username' '-username' '--u' '-u' '--timeout' '-timeout' '--total-timeout' '-total-timeout'
            set -g __etcdctl_args none
        case 'auth'
            set -g __etcdctl_sub 'disable' 'enable'
            set -g __etcdctl_subd 'disable auth access controls' 'enable auth access controls'
            set -g __etcdctl_names 'disable' 'enable'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'show help' 'show help'
            set -g __etcdctl_args none
        case 'auth disable'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'show help' 'show help'
            set -g __etcdctl_args none
        case 'auth enable'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'show help' 'show help'
            set -g __etcdctl_args none
        case 'backup'
            set -g __etcdctl_flags '--data-dir' '--wal-dir' '--backup-dir' '--backup-wal-dir' '--with-v3' '--help' '-h'
            set -g __etcdctl_flagsd 'Path to the etcd data dir' 'Path to the etcd wal dir' 'Path to the backup dir' 'Path to the backup wal dir' 'Backup v3 backend data' 'show help' 'show help'
            set -g __etcdctl_vflags '--data-dir' '-data-dir' '--wal-dir' '-wal-dir' '--backup-dir' '-backup-dir' '--backup-wal-dir' '-backup-wal-dir'
            set -g __etcdctl_args none
        case 'cluster-health'
            set -g __etcdctl_flags '--forever' '-f' '--help' '-h'
            set -g __etcdctl_flagsd 'forever check the health every 10 second until CTRL+C' 'forever check the health every 10 second until CTRL+C' 'show help' 'show help'
            set -g __etcdctl_args none
        case 'exec-watch'
            set -g __etcdctl_flags '--after-index' '--recursive' '-r' '--help' '-h'
            set -g __etcdctl_flagsd 'watch after the given index' 'watch all values for key and child keys' 'watch all values for key and child keys' 'show help' 'show help'
            set -g __etcdctl_vflags '--after-index' '-after-index'
            set -g __etcdctl_args key
        case 'get'
            set -g __etcdctl_flags '--sort' '--quorum' '-q' '--help' '-h'
            set -g __etcdctl_flagsd 'returns result in sorted order' 'require quorum for get request' 'require quorum for get request' 'show help' 'show help'
            set -g __etcdctl_args key
        case 'help'
            set -g __etcdctl_args command
        case 'ls'
            set -g __etcdctl_flags '--sort' '--recursive' '-r' '-p' '--quorum' '-q' '--help' '-h'
            set -g __etcdctl_flagsd 'returns result in sorted order' 'returns all key names recursively for the given path' 'returns all key names recursively for the given path' 'append slash (/) to directories' 'require quorum for get request' 'require quorum for get request' 'show help' 'show help'
            set -g __etcdctl_args key
        case 'member'
            set -g __etcdctl_sub 'add' 'list' 'remove' 'update'
            set -g __etcdctl_subd 'add a new member to the etcd cluster' 'enumerate existing cluster members' 'remove an existing member from the etcd cluster' 'update an existing member in the etcd cluster'
            set -g __etcdctl_names 'add' 'list' 'remove' 'update'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'show help' 'show help'
            set -g __etcdctl_args none
        case 'member add'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'show help' 'show help'
            set -g __etcdctl_args none
        case 'member list'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'show help' 'show help'
            set -g __etcdctl_args none
        case 'member remove'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'show help' 'show help'
            set -g __etcdctl_args none
        case 'member update'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'show help' 'show help'
            set -g __etcdctl_args none
        case 'mk'
            set -g __etcdctl_flags '--in-order' '--ttl' '--help' '-h'
            set -g __etcdctl_flagsd 'create in-order key under directory <key>' 'key time-to-live in seconds' 'show help' 'show help'
            set -g __etcdctl_vflags '--ttl' '-ttl'
            set -g __etcdctl_args key
        case 'mkdir'
            set -g __etcdctl_flags '--ttl' '--help' '-h'
            set -g __etcdctl_flagsd 'key time-to-live in seconds' 'show help' 'show help'
            set -g __etcdctl_vflags '--ttl' '-ttl'
            set -g __etcdctl_args key
        case 'rm'
            set -g __etcdctl_flags '--dir' '--recursive' '-r' '--with-value' '--with-index' '--help' '-h'
            set -g __etcdctl_flagsd 'removes the key if it is an empty directory or a key-value pair' 'removes the key and all child keys(if it is a directory)' 'removes the key and all child keys(if it is a directory)' 'previous value' 'previous index' 'show help' 'show help'
            set -g __etcdctl_vflags '--with-value' '-with-value' '--with-index' '-with-index'
            set -g __etcdctl_args key
        case 'rmdir'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'show help' 'show help'
            set -g __etcdctl_args key
        case 'role'
            set -g __etcdctl_sub 'add' 'get' 'grant' 'list' 'remove' 'revoke'
            set -g __etcdctl_subd 'add a new role for the etcd cluster' 'get details for a role' 'grant path matches to an etcd role' 'list all roles' 'remove a role from the etcd cluster' 'revoke path matches for an etcd role'
            set -g __etcdctl_names 'add' 'get' 'grant' 'list' 'remove' 'revoke'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'show help' 'show help'
            set -g __etcdctl_args none
        case 'role add'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'show help' 'show help'
            set -g __etcdctl_args none
        case 'role get'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'show help' 'show help'
            set -g __etcdctl_args none
        case 'role grant'
            set -g __etcdctl_flags '--path' '--read' '--write' '--readwrite' '--rw' '--help' '-h'
            set -g __etcdctl_flagsd 'Path granted for the role to access' 'Grant read-only access' 'Grant write-only access' 'Grant read-write access' 'Grant read-write access' 'show help' 'show help'
            set -g __etcdctl_vflags '--path' '-path'
            set -g __etcdctl_args none
        case 'role list'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'show help' 'show help'
            set -g __etcdctl_args none
        case 'role remove'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'show help' 'show help'
            set -g __etcdctl_args none
        case 'role revoke'
            set -g __etcdctl_flags '--path' '--read' '--write' '--readwrite' '--rw' '--help' '-h'
            set -g __etcdctl_flagsd 'Path revoked for the role to access' 'Revoke read access' 'Revoke write access' 'Revoke read-write access' 'Revoke read-write access' 'show help' 'show help'
            set -g __etcdctl_vflags '--path' '-path'
            set -g __etcdctl_args none
        case 'set'
            set -g __etcdctl_flags '--ttl' '--swap-with-value' '--swap-with-index' '--help' '-h'
            set -g __etcdctl_flagsd 'key time-to-live in seconds' 'previous value' 'previous index' 'show help' 'show help'
            set -g __etcdctl_vflags '--ttl' '-ttl' '--swap-with-value' '-swap-with-value' '--swap-with-index' '-swap-with-index'
            set -g __etcdctl_args key
        case 'setdir'
            set -g __etcdctl_flags '--ttl' '--help' '-h'
            set -g __etcdctl_flagsd 'key time-to-live in seconds' 'show help' 'show help'
            set -g __etcdctl_vflags '--ttl' '-ttl'
            set -g __etcdctl_args key
        case 'update'
            set -g __etcdctl_flags '--ttl' '--help' '-h'
            set -g __etcdctl_flagsd 'key time-to-live in seconds' 'show help' 'show help'
            set -g __etcdctl_vflags '--ttl' '-ttl'
            set -g __etcdctl_args key
        case 'updatedir'
            set -g __etcdctl_flags '--ttl' '--help' '-h'
            set -g __etcdctl_flagsd 'key time-to-live in seconds' 'show help' 'show help'
            set -g __etcdctl_vflags '--ttl' '-ttl'
            set -g __etcdctl_args key
        case 'user'
            set -g __etcdctl_sub 'add' 'get' 'grant' 'list' 'passwd' 'remove' 'revoke'
            set -g __etcdctl_subd 'add a new user for the etcd cluster' 'get details for a user' 'grant roles to an etcd user' 'list all current users' 'change password for a user' 'remove a user for the etcd cluster' 'revoke roles for an etcd user'
            set -g __etcdctl_names 'add' 'get' 'grant' 'list' 'passwd' 'remove' 'revoke'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'show help' 'show help'
            set -g __etcdctl_args none
        case 'user add'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'show help' 'show help'
            set -g __etcdctl_args none
        case 'user get'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'show help' 'show help'
            set -g __etcdctl_args none
        case 'user grant'
            set -g __etcdctl_flags '--roles' '--help' '-h'
            set -g __etcdctl_flagsd 'List of roles to grant or revoke' 'show help' 'show help'
            set -g __etcdctl_vflags '--roles' '-roles'
            set -g __etcdctl_args none
        case 'user list'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'show help' 'show help'
            set -g __etcdctl_args none
        case 'user passwd'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'show help' 'show help'
            set -g __etcdctl_args none
        case 'user remove'
            set -g __etcdctl_flags '--help' '-h'
            set -g __etcdctl_flagsd 'show help' 'show help'
            set -g __etcdctl_args none
        case 'user revoke'
            set -g __etcdctl_flags '--roles' '--help' '-h'
            set -g __etcdctl_flagsd 'List of roles to grant or revoke' 'show help' 'show help'
            set -g __etcdctl_vflags '--roles' '-roles'
            set -g __etcdctl_args none
        case 'watch'
            set -g __etcdctl_flags '--forever' '-f' '--after-index' '--recursive' '-r' '--help' '-h'
            set -g __etcdctl_flagsd 'forever watch a key until CTRL+C' 'forever watch a key until CTRL+C' 'watch after the given index' 'returns all values for key and child keys' 'returns all values for key and child keys' 'show help' 'show help'
            set -g __etcdctl_vflags '--after-index' '-after-index'
            set -g __etcdctl_args key
        case '*'
            return 1
    end
    return 0
end

# What the value of a flag of the API 2 tree can be.
function __etcdctl_values_2 --argument-names flag
    set -g __etcdctl_vkind text
    set -g __etcdctl_vals
    switch $flag
        case '--output' '-output' '--o' '-o'
            set -g __etcdctl_vkind choices
            set -g __etcdctl_vals 'simple' 'extended' 'json'
        case '--cert-file' '-cert-file'
            set -g __etcdctl_vkind file
        case '--key-file' '-key-file'
            set -g __etcdctl_vkind file
        case '--ca-file' '-ca-file'
            set -g __etcdctl_vkind file
        case '--data-dir' '-data-dir'
            set -g __etcdctl_vkind dir
        case '--wal-dir' '-wal-dir'
            set -g __etcdctl_vkind dir
        case '--backup-dir' '-backup-dir'
            set -g __etcdctl_vkind dir
        case '--backup-wal-dir' '-backup-wal-dir'
            set -g __etcdctl_vkind dir
    end
end

set -g __etcdctl_prefix_matching_2 0

# Resolves a typed command word among the current node's children, as the parser does: the exact name,
# an alias, or (cobra) a unique prefix of a name. Sets __etcdctl_next.
function __etcdctl_resolve --argument-names word prefixing
    set -g __etcdctl_next
    test -n "$word"; or return 1
    if contains -- $word $__etcdctl_names
        set -g __etcdctl_next $word
        return 0
    end
    for alias in $__etcdctl_aliases
        set -l pair (string split -m 1 = -- $alias)
        if test "$pair[1]" = "$word"
            set -g __etcdctl_next $pair[2]
            return 0
        end
    end
    test "$prefixing" = 1; or return 1
    set -l matches
    set -l len (string length -- $word)
    for name in $__etcdctl_names
        test (string sub -l $len -- $name) = "$word"; and set -a matches $name
    end
    test (count $matches) -eq 1; or return 1
    set -g __etcdctl_next $matches[1]
end

# Prints name<TAB>description lines: the number of names, the names, then their descriptions (if any).
function __etcdctl_print_pairs --argument-names n
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

function __etcdctl_print_values --argument-names before value
    switch $__etcdctl_vkind
        case choices
            printf "$before%s\n" $__etcdctl_vals
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

# The key names the cluster holds, asked of etcdctl itself (see the note at the top); one defined before
# this script was loaded is kept. One second at most where timeout(1) is there to enforce it (etcdctl gives
# up by then by itself anyway).
if not functions -q __etcdctl_live_keys
    function __etcdctl_live_keys --argument-names api path word
        set -l bin (commandline -opc)[1]
        test -n "$bin"; or set bin etcdctl
        set bin (string replace -r '^~/' "$HOME/" -- $bin)
        set -l limit
        command -q timeout; and set limit timeout 1
        env ETCDCTL_API=3 $limit $bin completion __keys -- "$api" "$word" $argv[4..-1] 2>/dev/null
    end
end

function __etcdctl_complete
    set -l api $ETCDCTL_API
    test -n "$api"; or set api 3
    functions -q __etcdctl_node_$api; or return
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l cur (commandline -ct)
    set -l prefixing __etcdctl_prefix_matching_$api
    set -l node ''
    set -l expect ''
    set -l dash 0
    set -l helping 0
    __etcdctl_node_$api ''
    set -l inherited $__etcdctl_pflags
    set -l inheritedd $__etcdctl_pflagsd
    set -l inheritedv $__etcdctl_pvflags
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
            if not string match -q -- '*=*' $w; and contains -- $w $__etcdctl_vflags $inheritedv
                set expect $w
            end
            continue
        end
        set -q __etcdctl_names[1]; or continue
        __etcdctl_resolve $w $$prefixing; or return
        if test -z "$node" -a "$__etcdctl_next" = help
            set helping 1
            continue
        end
        if test -z "$node"
            set node $__etcdctl_next
        else
            set node "$node $__etcdctl_next"
        end
        __etcdctl_node_$api $node; or return
        set -a inherited $__etcdctl_pflags
        set -a inheritedd $__etcdctl_pflagsd
        set -a inheritedv $__etcdctl_pvflags
    end

    if test -n "$expect"
        __etcdctl_values_$api $expect
        __etcdctl_print_values '' $cur
    else if test $dash = 0; and string match -q -- '-*' $cur
        if string match -q -- '*=*' $cur
            set -l pair (string split -m 1 = -- $cur)
            __etcdctl_values_$api $pair[1]
            __etcdctl_print_values "$pair[1]=" $pair[2]
        else
            set -l every $__etcdctl_flags $inherited
            __etcdctl_print_pairs (count $every) $every $__etcdctl_flagsd $inheritedd
        end
    else if set -q __etcdctl_names[1]
        __etcdctl_print_pairs (count $__etcdctl_sub) $__etcdctl_sub $__etcdctl_subd
    else if test $helping = 0
        switch $__etcdctl_args
            case key
                if functions -q __etcdctl_live_keys
                    set -l word (string unescape -- $cur)
                    __etcdctl_live_keys $api "$node" "$word" $tokens 2>/dev/null
                end
            case file
                __fish_complete_path $cur
        end
    end
end

complete -c etcdctl -e
complete -c etcdctl -f -a '(__etcdctl_complete)'
