# fish completion for docknet: subcommands, flags, network names, -o keys, filter values.
# The same flag lists as completions/docknet.bash and _docknet (tests/unit/flag_docs_test.cpp
# checks all three against each command's help), and the same read-only queries: the docknet
# typed on the line, with its --root, asked `network ls` or cobra's `__completeNoDesc`.

# The line's tokens before the cursor, without the command and the global flags.
function __docknet_args
    set -l toks (commandline -opc)
    set -e toks[1]
    set -l out
    set -l skip 0
    for t in $toks
        if test $skip = 1
            set skip 0
            continue
        end
        switch $t
            case --root -l --log-level -H --host -c --context --config --tlscacert --tlscert --tlskey
                if test (count $out) = 0
                    set skip 1
                    continue
                end
            case '--root=*' -D --debug --tls --tlsverify
                if test (count $out) = 0
                    continue
                end
        end
        set -a out $t
    end
    test "$out[1]" = network; and set -e out[1]
    test (count $out) -gt 0; and printf '%s\n' $out
end

# docknet as typed, with the line's --root: the prefix of every dynamic query.
function __docknet_query
    set -l toks (commandline -opc)
    # The root goes on as one word, only when it names an existing directory: an empty value
    # must never shift the query's words (docknet would run a real command), nor a missing one
    # make docknet create a state directory.
    set -l dir
    for i in (seq 2 (count $toks))
        switch $toks[$i]
            case --root
                if test $i -lt (count $toks)
                    set dir $toks[(math $i + 1)]
                end
            case '--root=*'
                set dir (string replace -- --root= '' $toks[$i])
        end
    end
    # A leading ~ or ~user expanded as the shell would (fish leaves it in the token): the home
    # from $HOME or the passwd database, for a plain user name only; nothing is evaluated.
    if string match -q -- '~*' $dir
        set -l user (string match -r -g '^~([^/]*)' -- $dir)
        set -l home $HOME
        if test -n "$user"
            set home
            if string match -q -r '^[A-Za-z0-9_][A-Za-z0-9_.-]*\$?$' -- $user
                set home (getent passwd -- $user 2>/dev/null | string split -f6 :)
            end
        end
        if test -n "$home"
            set -l rest (string sub -s (math (string length -- "$user") + 2) -- $dir)
            set dir "$home$rest"
        end
    end
    set -l root
    if test -n "$dir"; and test -d "$dir"
        set root "--root=$dir"
    end
    set -l bin $toks[1]
    command $bin $root $argv 2>/dev/null </dev/null
end

# The network names, one a line. Asked as "ID NAME ID" and kept only when a line starts and ends
# with the same full ID: a name holding a newline comes out as pieces that are not names and is
# dropped, as is a name with any other control character (a tab).
function __docknet_networks
    __docknet_query network ls --no-trunc --format '{{.ID}} {{.Name}} {{.ID}}' $argv \
        | string replace -r -f '^([0-9a-f]{64}) (.+) \1$' '$2' | string match -v -r '[[:cntrl:]]'
end

# No subcommand yet (after `docknet` or `docknet network`).
function __docknet_needs_command
    set -l a (__docknet_args)
    test (count $a) = 0
end

function __docknet_at_top
    set -l toks (commandline -opc)
    not contains -- network $toks
end

function __docknet_using
    set -l a (__docknet_args)
    test (count $a) -gt 0; and contains -- $a[1] $argv
end

# The driver the create line chose, in any spelling: -d X, -dX, -d=X, --driver X, --driver=X.
function __docknet_driver
    set -l a (__docknet_args)
    set -l driver bridge
    for i in (seq (count $a))
        switch $a[$i]
            case -d --driver
                set -q a[(math $i + 1)]; and set driver $a[(math $i + 1)]
            case '--driver=*'
                set driver (string replace -- --driver= '' $a[$i])
            case '-d=*'
                set driver (string replace -- -d= '' $a[$i])
            case '-d*'  # fish 4 no longer globs '?' (qmark-noglob): -d and -d= are matched above
                set driver (string sub -s 3 -- $a[$i])
        end
    end
    echo $driver
end

# The value being typed, without a --flag= or -f prefix fish leaves on the token.
function __docknet_value
    string replace -r -- '^(--[a-z-]+=|-[a-z])' '' (commandline -ct)
end

function __docknet_opts
    set -l v (__docknet_value)
    switch $v
        case 'parent=*'
            # this network namespace's links (/proc/net/dev is per namespace)
            for l in (string match -r -g '^\s*([^|:\s]+):' < /proc/net/dev)
                echo parent=$l
            end
        case 'macvlan_mode=*'
            printf 'macvlan_mode=%s\n' bridge private vepa passthru
        case 'ipvlan_mode=*'
            printf 'ipvlan_mode=%s\n' l2 l3 l3s
        case 'ipvlan_flag=*'
            printf 'ipvlan_flag=%s\n' bridge private vepa
        case '*.gateway_mode_ipv4=*' '*.gateway_mode_ipv6=*'
            set -l k (string split -m1 = -- $v)[1]
            for val in nat nat-unprotected routed isolated
                printf '%s\n' "$k=$val"
            end
        case '*.enable_icc=*' '*.enable_ip_masquerade=*' '*.inhibit_ipv4=*'
            set -l k (string split -m1 = -- $v)[1]
            for val in true false
                printf '%s\n' "$k=$val"
            end
        case '*=*'
        case '*'
            switch (__docknet_driver)
                case macvlan
                    printf '%s\n' parent= macvlan_mode=
                case ipvlan
                    printf '%s\n' parent= ipvlan_mode= ipvlan_flag=
                case overlay
                    printf 'com.docker.network.driver.%s=\n' overlay.vxlanid_list mtu
                case '*'
                    printf 'com.docker.network.%s=\n' bridge.name bridge.enable_icc bridge.enable_ip_masquerade \
                        bridge.host_binding_ipv4 bridge.inhibit_ipv4 bridge.gateway_mode_ipv4 bridge.gateway_mode_ipv6 \
                        driver.mtu host_ipv4 host_ipv6 container_iface_prefix
            end
    end
end

function __docknet_filters
    set -l v (__docknet_value)
    switch $v
        case 'name=*'
            printf 'name=%s\n' (__docknet_networks)
        case 'id=*'
            printf 'id=%s\n' (__docknet_query network ls -q --no-trunc)
        case 'driver=*'
            printf 'driver=%s\n' bridge host ipvlan macvlan null overlay
        case 'scope=*'
            printf 'scope=%s\n' local swarm global
        case 'type=*'
            printf 'type=%s\n' builtin custom
        case 'dangling=*'
            printf 'dangling=%s\n' true false
        case '*=*'
        case '*'
            printf '%s\n' dangling= driver= id= label= name= scope= type=
    end
end

# connect/disconnect: the network first, then what docknet offers for it (__complete): for
# disconnect the containers on the network, for connect the namespaces not on it.
function __docknet_endpoint
    set -l a (__docknet_args)
    set -l pos
    set -l skip 0
    for t in $a[2..-1]
        if test $skip = 1
            set skip 0
            continue
        end
        switch $t
            case --alias --driver-opt --gw-priority --ip --ip6 --link --link-local-ip -p --publish
                set skip 1
            case '-*'
            case '*'
                set -a pos $t
        end
    end
    switch (count $pos)
        case 0
            __docknet_networks
        case 1
            __docknet_query __completeNoDesc network $a[1] $pos[1] '' | string match -v -r '^:'
    end
end

complete -c docknet -f

# Global flags.
complete -c docknet -n __docknet_needs_command -s D -l debug -d 'Enable debug mode'
complete -c docknet -n __docknet_needs_command -s l -l log-level -x -a 'debug info warn error fatal' -d 'Set the logging level'
complete -c docknet -n __docknet_needs_command -s H -l host -x -d 'Daemon socket (this host only)'
complete -c docknet -n __docknet_needs_command -s c -l context -x -a default -d 'Context (default only)'
complete -c docknet -n __docknet_needs_command -l config -x -a '(__fish_complete_directories)' -d 'Location of client config files'
complete -c docknet -n __docknet_needs_command -l tls -d 'Use TLS'
complete -c docknet -n __docknet_needs_command -l tlsverify -d 'Use TLS and verify the remote'
complete -c docknet -n __docknet_needs_command -l tlscacert -r -F -d 'CA file'
complete -c docknet -n __docknet_needs_command -l tlscert -r -F -d 'TLS certificate file'
complete -c docknet -n __docknet_needs_command -l tlskey -r -F -d 'TLS key file'
complete -c docknet -n __docknet_needs_command -l root -x -a '(__fish_complete_directories)' -d 'State directory'
complete -c docknet -n __docknet_needs_command -l version -d 'Print version information and quit'

# Subcommands: `network`, `port` and `version` only at the top.
complete -c docknet -n '__docknet_needs_command; and __docknet_at_top' -a network -d 'Manage networks'
complete -c docknet -n '__docknet_needs_command; and __docknet_at_top' -a node -d 'Manage the hosts of the overlay cluster'
complete -c docknet -n '__docknet_needs_command; and __docknet_at_top' -a port -d 'List port mappings or a specific mapping for the container'
complete -c docknet -n '__docknet_needs_command; and __docknet_at_top' -a version -d 'Show the Docker version information'
complete -c docknet -n __docknet_needs_command -a check -d 'Compare the kernel with the stored networks, and repair'
complete -c docknet -n __docknet_needs_command -a connect -d 'Connect a container to a network'
complete -c docknet -n __docknet_needs_command -a create -d 'Create a network'
complete -c docknet -n __docknet_needs_command -a disconnect -d 'Disconnect a container from a network'
complete -c docknet -n __docknet_needs_command -a inspect -d 'Display detailed information on one or more networks'
complete -c docknet -n __docknet_needs_command -a 'ls list' -d 'List networks'
complete -c docknet -n __docknet_needs_command -a prune -d 'Remove all unused networks'
complete -c docknet -n __docknet_needs_command -a reconcile -d 'Make this host match the cluster store (overlay networks)'
complete -c docknet -n __docknet_needs_command -a restore -d 'Make every stored network\'s bridge and rules again (at boot)'
complete -c docknet -n __docknet_needs_command -a 'rm remove' -d 'Remove one or more networks'

# ls
complete -c docknet -n '__docknet_using ls list' -s f -l filter -x -a '(__docknet_filters)' -d 'Provide filter values'
complete -c docknet -n '__docknet_using ls list' -l format -x -a 'table json' -d 'Format output using a custom template'
complete -c docknet -n '__docknet_using ls list' -l no-trunc -d 'Do not truncate the output'
complete -c docknet -n '__docknet_using ls list' -s q -l quiet -d 'Only display network IDs'

# create
complete -c docknet -n '__docknet_using create' -l attachable -d 'Enable manual container attachment'
complete -c docknet -n '__docknet_using create' -l aux-address -x -d 'Auxiliary IPv4 or IPv6 addresses used by Network driver'
complete -c docknet -n '__docknet_using create' -l config-from -x -a '(__docknet_networks)' -d 'The network from which to copy the configuration'
complete -c docknet -n '__docknet_using create' -l config-only -d 'Create a configuration only network'
complete -c docknet -n '__docknet_using create' -s d -l driver -x -a 'bridge ipvlan macvlan overlay' -d 'Driver to manage the Network'
complete -c docknet -n '__docknet_using create' -l gateway -x -d 'IPv4 or IPv6 Gateway for the master subnet'
complete -c docknet -n '__docknet_using create' -l ingress -d 'Create swarm routing-mesh network'
complete -c docknet -n '__docknet_using create' -l internal -d 'Restrict external access to the network'
complete -c docknet -n '__docknet_using create' -l ip-range -x -d 'Allocate container ip from a sub-range'
complete -c docknet -n '__docknet_using create' -l ipam-driver -x -a default -d 'IP Address Management Driver'
complete -c docknet -n '__docknet_using create' -l ipam-opt -x -d 'Set IPAM driver specific options'
complete -c docknet -n '__docknet_using create' -l ipv4 -d 'Enable or disable IPv4 address assignment'
complete -c docknet -n '__docknet_using create' -l ipv6 -d 'Enable or disable IPv6 address assignment'
complete -c docknet -n '__docknet_using create' -l label -x -d 'Set metadata on a network'
complete -c docknet -n '__docknet_using create' -s o -l opt -x -a '(__docknet_opts)' -d 'Set driver specific options'
complete -c docknet -n '__docknet_using create' -l scope -x -a local -d 'Control the network scope'
complete -c docknet -n '__docknet_using create' -l subnet -x -d 'Subnet in CIDR format that represents a network segment'

# inspect
complete -c docknet -n '__docknet_using inspect' -s f -l format -x -a json -d 'Format output using a custom template'
complete -c docknet -n '__docknet_using inspect' -s v -l verbose -d 'Verbose output for diagnostics'
complete -c docknet -n '__docknet_using inspect' -a '(__docknet_networks)'

# rm
complete -c docknet -n '__docknet_using rm remove' -s f -l force -d 'Do not error if the network does not exist'
complete -c docknet -n '__docknet_using rm remove' -a '(__docknet_networks --filter type=custom)'

# connect
complete -c docknet -n '__docknet_using connect' -l alias -x -d 'Add network-scoped alias for the container'
complete -c docknet -n '__docknet_using connect' -l driver-opt -x -a 'com.docker.network.endpoint.ifname= com.docker.network.endpoint.sysctls=' -d 'driver options for the network'
complete -c docknet -n '__docknet_using connect' -l gw-priority -x -d 'Highest gw-priority provides the default gateway'
complete -c docknet -n '__docknet_using connect' -l ip -x -d 'IPv4 address'
complete -c docknet -n '__docknet_using connect' -l ip6 -x -d 'IPv6 address'
complete -c docknet -n '__docknet_using connect' -l link -x -d 'Add link to another container'
complete -c docknet -n '__docknet_using connect' -l link-local-ip -x -d 'Add a link-local address for the container'
complete -c docknet -n '__docknet_using connect' -s p -l publish -x -d "Publish a container's port(s) to the host"
complete -c docknet -n '__docknet_using connect disconnect' -a '(__docknet_endpoint)'

# port: the containers that publish a port (__complete), then the private port
function __docknet_publishing
    test (count (__docknet_args)) -le 1; or return
    __docknet_query __completeNoDesc port '' | string match -v -r '^:'
end
complete -c docknet -n '__docknet_using port' -a '(__docknet_publishing)'

# disconnect
complete -c docknet -n '__docknet_using disconnect' -s f -l force -d 'Force the container to disconnect from a network'

# version
complete -c docknet -n '__docknet_using version' -s f -l format -x -a json -d 'Format output using a custom template'

# check
complete -c docknet -n '__docknet_using check' -l repair -d 'Make again what is missing and remove stray docknet rules'
complete -c docknet -n '__docknet_using check' -a '(__docknet_networks)'

# prune
complete -c docknet -n '__docknet_using prune' -l filter -x -a 'until= label= label!=' -d 'Provide filter values'
complete -c docknet -n '__docknet_using prune' -s f -l force -d 'Do not prompt for confirmation'

# reconcile
complete -c docknet -n '__docknet_using reconcile' -l watch -d 'Keep following the cluster store and reconcile on every change'

# node ls | rm HOST...: rm offers the cluster's other hosts (__complete asks the cluster store),
# less those already on the line.
function __docknet_node_sub
    set -l a (__docknet_args)
    test "$a[1]" = node; and test (count $a) = 1
end
function __docknet_hosts
    set -l a (__docknet_args)
    test "$a[1]" = node; and contains -- "$a[2]" rm remove; or return
    set -e a[1..2]
    set -l typed (string match -v -- '-*' $a)
    __docknet_query __completeNoDesc node rm $typed '' | string match -v -r '^:'
end
complete -c docknet -n __docknet_node_sub -a 'ls list' -d 'List the hosts of the overlay cluster'
complete -c docknet -n __docknet_node_sub -a 'rm remove' -d 'Remove hosts that are gone for good'
complete -c docknet -n '__docknet_using node' -a '(__docknet_hosts)'
