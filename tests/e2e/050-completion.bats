#!/usr/bin/env bats
# bash completion: subcommands, flags and network names from the local state.
load helpers

complete_words() {
  # Runs the completion function for the words given, prints the candidates one per line
  # (within 20 s: a completion that hangs fails the test instead of the suite).
  timeout 20 bash $BASH_FLAGS -c '
    source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 ))
    _docknet
    printf "%s\n" "${COMPREPLY[@]}"' _ "$BATS_TEST_DIRNAME/../../completions/docknet.bash" "$@"
}

@test "completes subcommands, flags and network names" {
  ln -s "$DOCKNET" "$BATS_TEST_TMPDIR/docknet"
  dn create comp-net >/dev/null
  run complete_words "$BATS_TEST_TMPDIR/docknet" network i
  assert_output inspect
  run complete_words "$BATS_TEST_TMPDIR/docknet" network ch
  assert_output check
  run complete_words "$BATS_TEST_TMPDIR/docknet" network check --r
  assert_output --repair
  run complete_words "$BATS_TEST_TMPDIR/docknet" network check comp
  assert_output comp-net
  run complete_words "$BATS_TEST_TMPDIR/docknet" network ls --no
  assert_output --no-trunc
  run complete_words "$BATS_TEST_TMPDIR/docknet" network rm comp
  assert_output comp-net
  run complete_words "$BATS_TEST_TMPDIR/docknet" rm b
  assert_output ''
  run complete_words "$BATS_TEST_TMPDIR/docknet" inspect b
  assert_output bridge
  run complete_words "$BATS_TEST_TMPDIR/docknet" --de
  assert_output --debug
  run complete_words "$BATS_TEST_TMPDIR/docknet" vers
  assert_output version
  run complete_words "$BATS_TEST_TMPDIR/docknet" network vers
  assert_output ''
  run complete_words "$BATS_TEST_TMPDIR/docknet" version --f
  assert_output --format
  run complete_words "$BATS_TEST_TMPDIR/docknet" version --format j
  assert_output json
  run complete_words "$BATS_TEST_TMPDIR/docknet" -D network i
  assert_output inspect
  ip netns add comp-ns
  run complete_words "$BATS_TEST_TMPDIR/docknet" network connect comp-net comp
  assert_output comp-ns
  run complete_words "$BATS_TEST_TMPDIR/docknet" network connect --alias x comp
  assert_output comp-net
  ip netns del comp-ns
  dn rm comp-net
}

@test "create -o completes the chosen driver's keys and their values, also as bash splits at '='" {
  ln -s "$DOCKNET" "$BATS_TEST_TMPDIR/docknet"
  run complete_words "$BATS_TEST_TMPDIR/docknet" network create -d macvlan -o ''
  assert_output $'parent=\nmacvlan_mode='
  run complete_words "$BATS_TEST_TMPDIR/docknet" network create -d ipvlan -o ipvlan_mode=l
  assert_output $'ipvlan_mode=l2\nipvlan_mode=l3\nipvlan_mode=l3s'
  ip link add comp-par type veth peer name comp-peer
  # What bash really passes for "-o parent=comp-p": the '=' is a word of its own.
  run complete_words "$BATS_TEST_TMPDIR/docknet" network create -d macvlan -o parent = comp-pa
  assert_output comp-par
  ip link del comp-par
  run complete_words "$BATS_TEST_TMPDIR/docknet" network create -o com.docker.network.bridge.gateway_mode_ipv6 = ro
  assert_output routed
  run complete_words "$BATS_TEST_TMPDIR/docknet" network create -d m
  assert_output macvlan
  run complete_words "$BATS_TEST_TMPDIR/docknet" network connect --driver-opt com.docker.network.endpoint.s
  assert_output com.docker.network.endpoint.sysctls=
}

@test "docker __complete: cobra's protocol for Docker's own completion scripts, read-only" {
  dn create comp-a >/dev/null
  ip netns add comp-c1
  ip netns add comp-c2
  dn connect comp-a comp-c1
  before=$(cat "$STATE")
  run --separate-stderr dn __complete network disconnect comp-a ''
  assert_output $'comp-c1\n:4'
  assert_stderr 'Completion ended with directive: ShellCompDirectiveNoFileComp'
  run --separate-stderr dn __complete network connect comp-a ''
  assert_output $'comp-c2\n:4'
  run --separate-stderr dn __complete network connect --gw-priority ''
  assert_output ':0'
  run --separate-stderr dn __complete network pr
  assert_output $'prune\tRemove all unused networks\n:4'
  run --separate-stderr dn __complete network rm --f
  assert_output $'--force\tDo not error if the network does not exist\n:4'
  run --separate-stderr dn __complete
  [ "$status" -eq 1 ]
  [ "$(cat "$STATE")" = "$before" ]
  dn disconnect comp-a comp-c1
  dn rm comp-a >/dev/null
  ip netns del comp-c1
  ip netns del comp-c2
}

@test "create -o follows the driver in every spelling of -d/--driver" {
  ln -s "$DOCKNET" "$BATS_TEST_TMPDIR/docknet"
  ipvlan=$'parent=\nipvlan_mode=\nipvlan_flag='
  # --driver=ipvlan reaches the function as three words: bash splits at '='.
  run complete_words "$BATS_TEST_TMPDIR/docknet" network create --driver = ipvlan -o ''
  assert_output "$ipvlan"
  run complete_words "$BATS_TEST_TMPDIR/docknet" network create --driver ipvlan -o ''
  assert_output "$ipvlan"
  run complete_words "$BATS_TEST_TMPDIR/docknet" network create -d ipvlan --opt ''
  assert_output "$ipvlan"
  run complete_words "$BATS_TEST_TMPDIR/docknet" network create -dipvlan -o ''
  assert_output "$ipvlan"
  run complete_words "$BATS_TEST_TMPDIR/docknet" network create -dmacvlan --opt = ''
  assert_output $'parent=\nmacvlan_mode='
  run complete_words "$BATS_TEST_TMPDIR/docknet" network create -o com.docker.network.bridge.n
  assert_output com.docker.network.bridge.name=
}

@test "--filter KEY= offers the key's values; --root DIR on the line is the state read" {
  ln -s "$DOCKNET" "$BATS_TEST_TMPDIR/docknet"
  dn create comp-f >/dev/null
  run complete_words "$BATS_TEST_TMPDIR/docknet" network ls --filter name = comp
  assert_output comp-f
  run complete_words "$BATS_TEST_TMPDIR/docknet" network ls -f driver = ma
  assert_output macvlan
  run complete_words "$BATS_TEST_TMPDIR/docknet" network ls --filter = type = cu
  assert_output custom
  run complete_words "$BATS_TEST_TMPDIR/docknet" network ls --filter na
  assert_output name=
  # Another state (a copy; only read): its networks, not $DOCKNET_ROOT's.
  other="$BATS_TEST_TMPDIR/other \$root *"
  cp -r "$DOCKNET_ROOT" "$other"
  dn rm comp-f >/dev/null
  run complete_words "$BATS_TEST_TMPDIR/docknet" network rm comp
  assert_output ''
  run complete_words "$BATS_TEST_TMPDIR/docknet" --root "$other" network rm comp
  assert_output comp-f
  run complete_words "$BATS_TEST_TMPDIR/docknet" --root = "$other" network inspect comp
  assert_output comp-f
}

@test "disconnect offers only the containers on the network, connect the others; names are quoted" {
  ln -s "$DOCKNET" "$BATS_TEST_TMPDIR/docknet"
  dn create comp-d >/dev/null
  ip netns add comp-on
  ip netns add 'comp-$(touch${IFS}pwned)*'
  dn connect comp-d comp-on
  cd "$BATS_TEST_TMPDIR"
  run complete_words "$BATS_TEST_TMPDIR/docknet" network disconnect comp-d ''
  assert_output comp-on
  run complete_words "$BATS_TEST_TMPDIR/docknet" network disconnect -f comp-d comp
  assert_output comp-on
  run complete_words "$BATS_TEST_TMPDIR/docknet" network connect comp-d comp
  assert_output 'comp-\$\(touch\$\{IFS\}pwned\)\*'
  [ ! -e pwned ]
  dn disconnect comp-d comp-on
  dn rm comp-d >/dev/null
  ip netns del comp-on
  ip netns del 'comp-$(touch${IFS}pwned)*'
}

# Issue 13, the review's findings: reads that make or wait on no store, and candidate lists
# of whole names (blanks, globs, newlines, tabs, ~).
@test "bash: --root and --config offer directories whole, never split at blanks nor globbed" {
  d="$BATS_TEST_TMPDIR/d"
  mkdir -p "$d/one two" "$d/st*r" "$d/new"$'\n'"line"
  touch "$d/stXr"  # what the glob st*r would also match
  run complete_words docknet --root "$d/"
  output=$(sort <<<"$output")
  # The name holding a newline comes out of compgen in pieces that are no directory: dropped.
  assert_output "$d/one two"$'\n'"$d/st*r"
  run complete_words docknet --config "$d/o"
  assert_output "$d/one two"
}

@test "bash: --root ~/DIR and ~user/DIR are expanded as bash does, nothing evaluated" {
  ln -s "$DOCKNET" "$BATS_TEST_TMPDIR/docknet"
  dn create comp-home >/dev/null
  mkdir "$BATS_TEST_TMPDIR/home"
  cp -r "$DOCKNET_ROOT" "$BATS_TEST_TMPDIR/home/st"
  dn rm comp-home >/dev/null
  HOME="$BATS_TEST_TMPDIR/home" run complete_words "$BATS_TEST_TMPDIR/docknet" --root '~/st' network rm comp
  assert_output comp-home
  HOME="$BATS_TEST_TMPDIR/home" run complete_words "$BATS_TEST_TMPDIR/docknet" --root = '~/st' network inspect comp
  assert_output comp-home
  # ~user: the home the passwd database gives, as bash's own expansion.
  run bash -c 'source "$1"; _docknet_tilde "~root/x"; echo "$REPLY"' _ "$BATS_TEST_DIRNAME/../../completions/docknet.bash"
  assert_output "$(bash -c 'echo ~root')/x"
  cd "$BATS_TEST_TMPDIR"
  run bash -c 'source "$1"; _docknet_tilde "~\$(touch pwned)/x"; echo "$REPLY"' _ "$BATS_TEST_DIRNAME/../../completions/docknet.bash"
  assert_output '~$(touch pwned)/x'
  [ ! -e pwned ]
}

@test "ls, inspect, a plain check and completion on a missing state root create nothing" {
  missing="$BATS_TEST_TMPDIR/no/root"
  run --separate-stderr "$DOCKNET" --root "$missing" network ls --format '{{.Name}}'
  assert_output $'bridge\nhost\nnone'
  run --separate-stderr "$DOCKNET" --root "$missing" network inspect -f '{{.Name}} {{.Driver}}' bridge
  assert_output 'bridge bridge'
  run --separate-stderr "$DOCKNET" --root "$missing" __completeNoDesc network rm ''
  assert_output $'bridge\nhost\nnone\n:4'
  run "$DOCKNET" --root "$missing" network check
  [ "$status" -eq 0 ]
  [ ! -e "$BATS_TEST_TMPDIR/no" ]
}

@test "a store lock held by a writer (flock) delays a completion query by a second at most" {
  ln -s "$DOCKNET" "$BATS_TEST_TMPDIR/docknet"
  dn create comp-held >/dev/null
  # The holder is the sleep itself (exec), so killing it by its PID releases the lock.
  bash -c 'exec 9<"$1"; flock 9 && exec sleep 60' _ "$DOCKNET_ROOT/lock" 3>&- >/dev/null 2>&1 &
  holder=$!
  for _ in $(seq 100); do flock -n "$DOCKNET_ROOT/lock" true || break; sleep 0.05; done
  run flock -n "$DOCKNET_ROOT/lock" true
  [ "$status" -ne 0 ]
  start=$(date +%s)
  run complete_words "$BATS_TEST_TMPDIR/docknet" network inspect comp-h
  assert_output comp-held
  run --separate-stderr timeout 20 "$DOCKNET" __completeNoDesc network rm comp
  [[ "$output" == *comp-held* ]]
  run --separate-stderr timeout 20 "$DOCKNET" network ls -q --filter name=comp-held
  [ -n "$output" ]
  [ $(($(date +%s) - start)) -lt 10 ]
  kill "$holder"
  wait "$holder" || true
  dn rm comp-held >/dev/null
}

@test "network names with a newline or a tab are not offered, nor their pieces" {
  ln -s "$DOCKNET" "$BATS_TEST_TMPDIR/docknet"
  dn create $'comp-nl\ncomp-piece' >/dev/null
  dn create $'comp-tab\tx' >/dev/null
  dn create comp-whole >/dev/null
  run complete_words "$BATS_TEST_TMPDIR/docknet" network inspect comp
  assert_output comp-whole
  run complete_words "$BATS_TEST_TMPDIR/docknet" network rm comp
  assert_output comp-whole
  run --separate-stderr dn __completeNoDesc network inspect ''
  [[ "$output" != *comp-nl* && "$output" != *comp-piece* && "$output" != *comp-tab* ]]
  [[ $'\n'"$output"$'\n' == *$'\ncomp-whole\n'* ]]
  for n in $(dn ls -q --filter name=comp-); do dn rm "$n" >/dev/null; done
}

@test "bash: no process substitution (bash < 5.1 has none in POSIX mode); works with --posix" {
  run grep -n '<(' "$BATS_TEST_DIRNAME/../../completions/docknet.bash"
  [ "$status" -eq 1 ]
  ln -s "$DOCKNET" "$BATS_TEST_TMPDIR/docknet"
  BASH_FLAGS=--posix run complete_words "$BATS_TEST_TMPDIR/docknet" network inspect b
  assert_output bridge
  BASH_FLAGS=--posix run complete_words "$BATS_TEST_TMPDIR/docknet" network ls --filter name = h
  assert_output host
}

@test "port: the containers that publish a port; connect's --publish and its value skipped" {
  ln -s "$DOCKNET" "$BATS_TEST_TMPDIR/docknet"
  dn create comp-net >/dev/null
  ip netns add comp-pub
  ip netns add comp-quiet
  dn connect -p 8080:80 comp-net comp-pub
  dn connect comp-net comp-quiet
  run complete_words "$BATS_TEST_TMPDIR/docknet" po
  assert_output port
  run complete_words "$BATS_TEST_TMPDIR/docknet" port comp
  assert_output comp-pub
  run complete_words "$BATS_TEST_TMPDIR/docknet" port comp-pub ''
  assert_output ''
  run complete_words "$BATS_TEST_TMPDIR/docknet" network connect --pu
  assert_output --publish
  run complete_words "$BATS_TEST_TMPDIR/docknet" network connect -p 80 comp-net comp
  assert_output ''  # both namespaces are on comp-net already
  run complete_words "$BATS_TEST_TMPDIR/docknet" network connect -p 80 comp
  assert_output comp-net
  run --separate-stderr "$DOCKNET" __completeNoDesc port ''
  assert_output $'comp-pub\n:4'
  dn disconnect comp-net comp-pub
  dn disconnect comp-net comp-quiet
  ip netns del comp-pub
  ip netns del comp-quiet
  dn rm comp-net >/dev/null
}

# An etcd of the test's own on 127.0.0.1 of the suite's namespace (as 185-etcd-client.bats), with
# the cluster's hosts written as docknet writes them (/docknet/v1/hosts/NAME = address), and a
# config naming it: `node rm` completes from the cluster store.
start_cluster() {
  PROBE="$(dirname "$DOCKNET")/docknet-kv-probe"
  [ -x "$PROBE" ] && [ -x /usr/bin/etcd ] || skip "no etcd or docknet-kv-probe"
  S=etcd://127.0.0.1:23792
  setsid /usr/bin/etcd --name comp --data-dir "$DOCKNET_TEST_WORK/etcd-comp-$BATS_TEST_NUMBER" \
    --listen-client-urls http://127.0.0.1:23792 --advertise-client-urls http://127.0.0.1:23792 \
    --listen-peer-urls http://127.0.0.1:23802 --initial-advertise-peer-urls http://127.0.0.1:23802 \
    --initial-cluster comp=http://127.0.0.1:23802 >>"$BATS_TEST_TMPDIR/etcd.log" 2>&1 3>&- &
  ETCD_PID=$!
  local i
  for i in $(seq 100); do "$PROBE" "$S" range /ready >/dev/null 2>&1 && break; sleep 0.1; done
  "$PROBE" "$S" put /docknet/v1/hosts/far-a 192.0.2.1 >/dev/null
  "$PROBE" "$S" put /docknet/v1/hosts/far-b 192.0.2.2 >/dev/null
  "$PROBE" "$S" put "/docknet/v1/hosts/$(hostname)" 127.0.0.1 >/dev/null
  { cat "$DOCKNET_CONFIG" 2>/dev/null; echo "cluster-store: $S"; echo "cluster-advertise: 127.0.0.1"; } > "$BATS_TEST_TMPDIR/cluster.yaml"
}

stop_cluster() {
  [ -n "${ETCD_PID:-}" ] || return 0
  kill -- "-$ETCD_PID" 2>/dev/null || true
  wait "$ETCD_PID" 2>/dev/null || true
  ETCD_PID=
}

# helpers.bash's teardown (nothing left behind) runs after the etcd is stopped.
eval "helpers_$(declare -f teardown)"
teardown() { stop_cluster; helpers_teardown; }

@test "reconcile --watch, node ls/rm, and node rm's hosts: the cluster's others, less those typed" {
  ln -s "$DOCKNET" "$BATS_TEST_TMPDIR/docknet"
  run complete_words "$BATS_TEST_TMPDIR/docknet" network rec
  assert_output reconcile
  run complete_words "$BATS_TEST_TMPDIR/docknet" reconcile --w
  assert_output --watch
  run complete_words "$BATS_TEST_TMPDIR/docknet" no
  assert_output node
  run complete_words "$BATS_TEST_TMPDIR/docknet" network no
  assert_output ''
  run complete_words "$BATS_TEST_TMPDIR/docknet" node ''
  assert_output $'ls\nlist\nrm\nremove'
  run complete_words "$BATS_TEST_TMPDIR/docknet" network create -d o
  assert_output overlay
  run complete_words "$BATS_TEST_TMPDIR/docknet" network create -d overlay -o com.docker.network.driver.
  assert_output $'com.docker.network.driver.overlay.vxlanid_list=\ncom.docker.network.driver.mtu='
  # No cluster store: no host, no error.
  run complete_words "$BATS_TEST_TMPDIR/docknet" node rm ''
  assert_output ''
  run --separate-stderr "$DOCKNET" __completeNoDesc node rm ''
  assert_output ':4'
  start_cluster
  export DOCKNET_CONFIG=$BATS_TEST_TMPDIR/cluster.yaml
  run --separate-stderr "$DOCKNET" __complete node ''
  assert_output $'ls\tList the hosts of the overlay cluster\nrm\tRemove hosts that are gone for good, freeing their endpoints and addresses\n:4'
  run --separate-stderr "$DOCKNET" __completeNoDesc node rm ''
  assert_output $'far-a\nfar-b\n:4'
  run complete_words "$BATS_TEST_TMPDIR/docknet" node rm ''
  assert_output $'far-a\nfar-b'
  run complete_words "$BATS_TEST_TMPDIR/docknet" node rm far-a ''
  assert_output far-b
  run complete_words "$BATS_TEST_TMPDIR/docknet" node ls ''
  assert_output ''
  # Read-only: the hosts are all still there.
  run "$PROBE" "$S" prefix /docknet/v1/hosts/
  [ "$(grep -c '^/docknet/v1/hosts/' <<<"$output")" -eq 3 ]
}
