// The fish completion script: the same tree table and word walk as the bash one, printing
// `candidate<TAB>description` lines for one `complete -a` function.
import { fishQuote, HEADER_NOTE, unbrace, LIVE_KEYS_NOTE, nodeFacts, type NodeFacts } from './common.js';
import { valueFlags, walk, type CompletionTree } from './model.js';

const list = (items: string[]) => items.map(fishQuote).join(' ');

function nodeCase(f: NodeFacts, descriptions: boolean): string {
  const lines = [`        case ${fishQuote(f.path)}`];
  const set = (name: string, items: string[]) => {
    if (items.length) lines.push(`            set -g __etcdctl_${name} ${list(items)}`);
  };
  const descs = (pairs: [string, string][]) => (descriptions ? pairs.map(([, d]) => d.replace(/\n/g, ' ')) : []);
  set('sub', f.offered.map(([n]) => n));
  set('subd', descs(f.offered));
  set('names', [...new Set(f.resolvable.map(([, canonical]) => canonical))]);
  set('aliases', f.resolvable.filter(([w, c]) => w !== c).map(([w, c]) => `${w}=${c}`));
  set('flags', f.flags.map(([s]) => s));
  set('flagsd', descs(f.flags));
  set('pflags', f.persistentFlags.map(([s]) => s));
  set('pflagsd', descs(f.persistentFlags));
  set('vflags', f.valueFlags);
  set('pvflags', f.persistentValueFlags);
  lines.push(`            set -g __etcdctl_args ${f.args}`);
  return lines.join('\n');
}

const NODE_VARS = ['sub', 'subd', 'names', 'aliases', 'flags', 'flagsd', 'pflags', 'pflagsd', 'vflags', 'pvflags'];

function tables(tree: CompletionTree, descriptions: boolean): string {
  const values = valueFlags(tree).map(({ spellings, value }) => {
    const kind = `        case ${spellings.map(fishQuote).join(' ')}\n            set -g __etcdctl_vkind ${value.kind}`;
    return value.kind === 'choices' ? `${kind}\n            set -g __etcdctl_vals ${list([...value.values])}` : kind;
  });
  return [
    `# The facts of one command of the API ${tree.api} tree, by its path ('' is the root).`,
    `function __etcdctl_node_${tree.api} --argument-names path`,
    ...NODE_VARS.map((v) => `    set -g __etcdctl_${v}`),
    `    set -g __etcdctl_args none`,
    `    switch $path`,
    ...walk(tree.root).map((n) => nodeCase(nodeFacts(n), descriptions)),
    `        case '*'`,
    `            return 1`,
    `    end`,
    `    return 0`,
    `end`,
    '',
    `# What the value of a flag of the API ${tree.api} tree can be.`,
    `function __etcdctl_values_${tree.api} --argument-names flag`,
    `    set -g __etcdctl_vkind text`,
    `    set -g __etcdctl_vals`,
    `    switch $flag`,
    ...values,
    `    end`,
    `end`,
    '',
    `set -g __etcdctl_prefix_matching_${tree.api} ${tree.prefixMatching ? 1 : 0}`,
    '',
  ].join('\n');
}

// Written with $\{ for ${ so the template literal leaves the shell's own expansions alone.
const ENGINE = unbrace(String.raw`
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
`);

export function renderFish(trees: CompletionTree[], descriptions = true): string {
  const head = [
    '# fish completion for etcdctl (etcdctl-ts)',
    `# ${HEADER_NOTE(trees)}`,
    '#',
    '# Load it in the current shell:   etcdctl completion fish | source',
    '# or install it for every shell:  etcdctl completion fish > ~/.config/fish/completions/etcdctl.fish',
    '#',
    '# The command set follows ETCDCTL_API at the moment Tab is pressed (unset or 3: v3; 2: v2).',
    ...LIVE_KEYS_NOTE.map((l) => `# ${l}`),
    '',
  ];
  return [...head, ...trees.map((t) => tables(t, descriptions))].join('\n') + ENGINE;
}
