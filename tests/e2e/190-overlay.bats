#!/usr/bin/env bats
# Overlay networks across hosts (VXLAN, etcd as the shared store), in the lab of lab.bash: etcd
# on the underlay bridge and three hosts h1..h3, each with its own network, mount and UTS
# namespaces, DOCKNET_ROOT and config (cluster-store, cluster-advertise). A "container" on a host
# is a named namespace made there (`on h1 ip netns add c1`).
load helpers
load lab

HOSTS="h1 h2 h3"

setup_file() {
  lab_start 3
  for h in $HOSTS; do lab_warmup "$h"; done
}

teardown_file() {
  lab_stop
}

# What every host has and what the store holds of networks, endpoints and addresses (the hosts'
# own keys come and go with the hosts, so they are not compared).
lab_snapshot() {
  local h
  for h in $HOSTS; do echo "== $h"; host_snapshot "$h"; done
  echo "== store"; store_keys networks/; store_keys endpoints/; store_keys addresses/
}

setup() {
  lab_snapshot > "$BATS_TEST_TMPDIR/before"
}

# Cleans up after a failed test, so one failure does not cascade: every container namespace
# deleted, each host reconciled (that releases the endpoints of the containers that are gone),
# every overlay network removed; as a last resort the store emptied and the hosts rebooted.
force_clean() {
  local h ns n
  for h in $HOSTS; do watch_stop "$h"; done
  etcd_healthy || etcd_start
  for h in $HOSTS; do
    _lab_holder "$h" >/dev/null || { lab_host_start "$h"; boot "$h"; }
    for ns in $(on "$h" ip netns list | awk '{print $1}'); do on "$h" ip netns del "$ns"; done
    dnh "$h" network reconcile || true
  done
  for n in $(dnh h1 network ls -q --filter driver=overlay); do dnh h1 network rm "$n" >/dev/null || true; done
  for h in $HOSTS; do dnh "$h" network reconcile || true; done
  lab_snapshot > "$BATS_TEST_TMPDIR/cleaned"
  if ! diff -q "$BATS_TEST_TMPDIR/before" "$BATS_TEST_TMPDIR/cleaned" >/dev/null; then
    for p in networks endpoints addresses; do etcdctl_lab del --prefix "/docknet/v1/$p/" >/dev/null; done
    for h in $HOSTS; do host_reboot "$h"; boot "$h"; done
  fi
  for h in $HOSTS; do dnh "$h" network reconcile || true; done
}

# After each test: its reconcile --watch stopped, and nothing left on any host or in the store.
teardown() {
  local h
  for h in $HOSTS; do watch_stop "$h"; done
  lab_snapshot > "$BATS_TEST_TMPDIR/after"
  if ! diff -u "$BATS_TEST_TMPDIR/before" "$BATS_TEST_TMPDIR/after"; then
    force_clean
    echo "test left state behind (diff above)" >&2
    return 1
  fi
}

# --- helpers ----------------------------------------------------------------------------------

# boot hN: after host_reboot, what the boot unit runs (docknet network restore: docker0 and the
# chains again), and the raw tables used once, as in the baseline.
boot() { dnh "$1" network restore; lab_warmup "$1"; }

ns_of() { echo "/run/docknet/netns/1-${1:0:10}"; }  # an overlay network's namespace on a host
# The local containers of a network on a host: "NAME ADDRESS/LEN" lines, sorted.
local_containers() {
  dnh "$1" network inspect -f '{{range .Containers}}{{.Name}} {{.IPv4Address}}{{"\n"}}{{end}}' "$2" | sed '/^$/d' | sort
}
# The network's peers as a host sees them: "h1=192.168.77.11 h2=192.168.77.12".
peers() {
  dnh "$1" network inspect -f '{{range .Peers}}{{.Name}}={{.IP}} {{end}}' "$2" | tr ' ' '\n' | sed '/^$/d' | sort | paste -sd' '
}
# The IPv4 address (with length) on eth0 of container NS on host H; empty without eth0.
eth0_addr() { on "$1" ip -n "$2" -o -4 addr show dev eth0 2>/dev/null | awk '{print $4}'; }
# The addresses the store hands out on a network (its gateway's left out), one a line, sorted.
claimed() {
  local gw
  gw=$(dnh h1 network inspect -f '{{range .IPAM.Config}}{{.Gateway}}{{end}}' "$2" 2>/dev/null || true)
  store_keys "addresses/$1/" | sed "s|^/docknet/v1/addresses/$1/||; s|/.*||" | grep -vx "${gw:-none}" | sort -V
}
endpoints_in_store() { store_keys "endpoints/$1/" | wc -l; }
hosts_has() { on "$1" grep -q "$3" "/etc/netns/$2/hosts" 2>/dev/null; }
hosts_lacks() { ! hosts_has "$@"; }
# refute CMD...: CMD fails (a bare `! CMD` never fails a test: set -e ignores it).
refute() {
  if "$@"; then echo "unexpectedly succeeded: $*" >&2; return 1; fi
}
# wait_peers H NET EXPECTED: the peers H shows become EXPECTED within 5 s.
wait_peers() {
  local got
  eventually 5 peers_are "$@" && return 0
  got=$(peers "$1" "$2")
  printf 'peers seen from %s:\nexpected: %s\ngot:      %s\n' "$1" "$3" "$got" >&2
  return 1
}
peers_are() { [ "$(peers "$1" "$2")" = "$3" ]; }
expect_eq() {  # expect_eq WHAT GOT EXPECTED
  if [ "$2" != "$3" ]; then printf '%s:\nexpected:\n%s\ngot:\n%s\n' "$1" "$3" "$2" >&2; return 1; fi
}

# --- the lab itself ---------------------------------------------------------------------------

@test "lab: hosts with their own names, addresses, namespaces and mounts reach each other and etcd; VXLAN crosses the underlay" {
  [ "$(hostname)" != h1 ]
  for h in $HOSTS; do
    expect_eq "hostname of $h" "$(on "$h" hostname)" "$h"
    expect_eq "eth0 of $h" "$(on "$h" ip -o -4 addr show dev eth0 | awk '{print $4}')" "192.168.77.1${h#h}/24"
    expect_eq "mtu of $h" "$(on "$h" cat /sys/class/net/eth0/mtu)" 1500
    for o in $HOSTS; do on "$h" ping -c1 -W1 "192.168.77.1${o#h}" >/dev/null; done
    on "$h" etcdctl --endpoints http://192.168.77.1:2379 endpoint health
    if [ "${DOCKNET_LAB_CLUSTER:-1}" != 0 ]; then
      grep -qx "cluster-store: etcd://192.168.77.1:2379" "$LAB/$h/config.yaml"
      grep -qx "cluster-advertise: 192.168.77.1${h#h}" "$LAB/$h/config.yaml"
    fi
  done
  # Named namespaces and /run/docknet are each host's own.
  on h1 ip netns add labtest
  on h1 touch /run/docknet/labtest
  expect_eq "netns on h1" "$(on h1 ip netns list)" labtest
  expect_eq "netns on h2" "$(on h2 ip netns list)" ""
  [ -z "$(ip netns list)" ]
  [ ! -e /run/docknet/labtest ]
  refute on h2 test -e /run/docknet/labtest
  on h1 rm /run/docknet/labtest
  on h1 ip netns del labtest
  # VXLAN by hand between h1 and h2 over the underlay: the lab carries what the overlay needs.
  on h1 ip link add lab-vx type vxlan id 99 dstport 4789 local 192.168.77.11 remote 192.168.77.12 dev eth0
  on h2 ip link add lab-vx type vxlan id 99 dstport 4789 local 192.168.77.12 remote 192.168.77.11 dev eth0
  on h1 ip addr add 10.99.0.1/24 dev lab-vx; on h1 ip link set lab-vx up
  on h2 ip addr add 10.99.0.2/24 dev lab-vx; on h2 ip link set lab-vx up
  eventually 5 on h1 ping -c1 -W1 10.99.0.2 >/dev/null
  on h1 ip link del lab-vx; on h2 ip link del lab-vx
  # A host reboots: the underlay and the store still answer everyone (fixed MACs on ul0 and eth0).
  host_reboot h3
  expect_eq "hostname after the reboot" "$(on h3 hostname)" h3
  expect_eq "netns after the reboot" "$(on h3 ip netns list)" ""
  for h in $HOSTS; do
    for o in $HOSTS; do on "$h" ping -c1 -W1 "192.168.77.1${o#h}" >/dev/null; done
    on "$h" curl --noproxy '*' -fsS -m 2 http://192.168.77.1:2379/health
  done
  boot h3
  # The store goes away and comes back with its data.
  etcdctl_lab put /lab/test kept >/dev/null
  etcd_stop
  refute on h2 etcdctl --endpoints http://192.168.77.1:2379 --dial-timeout=1s --command-timeout=2s get /lab/test
  etcd_start
  expect_eq "kept key" "$(etcdctl_lab get --print-value-only /lab/test)" kept
  etcdctl_lab del /lab/test >/dev/null
}

# --- create, ls, inspect ----------------------------------------------------------------------

@test "overlay create on h1 is listed and inspected the same on h2 and h3: global scope, 10.0.N.0/24, VNI 4096 on" {
  run dnh h1 network create -d overlay ov1
  [ "$status" -eq 0 ]
  [[ "$output" =~ ^[0-9a-f]{64}$ ]]
  id1=$output
  store_keys networks/ | grep -qx "/docknet/v1/networks/$id1"
  for h in $HOSTS; do
    run dnh "$h" network ls --filter driver=overlay
    assert_output "NETWORK ID     NAME      DRIVER    SCOPE
${id1:0:12}   ov1       overlay   global"
    # (.Id is no field of Docker's struct: the CLI's raw-map fallback, whose JSON has sorted keys,
    # so it is asked on its own.)
    run dnh "$h" network inspect -f '{{.Id}}' ov1
    assert_output "$id1"
    run dnh "$h" network inspect -f '{{.Name}} {{.Scope}} {{.Driver}} {{json .IPAM.Config}} {{json .Options}} {{.Attachable}} {{.Internal}} {{len .Containers}}' ov1
    assert_output "ov1 global overlay [{\"Subnet\":\"10.0.0.0/24\",\"Gateway\":\"10.0.0.1\"}] {\"com.docker.network.driver.overlay.vxlanid_list\":\"4096\"} false false 0"
  done
  run dnh h2 network create -d overlay --attachable --internal ov2
  [ "$status" -eq 0 ]
  id2=$output
  run dnh h3 network create -d overlay --subnet 10.77.0.0/24 -o com.docker.network.driver.overlay.vxlanid_list=5000 ov3
  [ "$status" -eq 0 ]
  id3=$output
  for h in $HOSTS; do
    run dnh "$h" network inspect -f '{{.Name}} {{json .IPAM.Config}} {{json .Options}} {{.Attachable}} {{.Internal}}' ov2 ov3
    assert_output "ov2 [{\"Subnet\":\"10.0.1.0/24\",\"Gateway\":\"10.0.1.1\"}] {\"com.docker.network.driver.overlay.vxlanid_list\":\"4097\"} true true
ov3 [{\"Subnet\":\"10.77.0.0/24\",\"Gateway\":\"10.77.0.1\"}] {\"com.docker.network.driver.overlay.vxlanid_list\":\"5000\"} false false"
    run dnh "$h" network ls --filter driver=overlay --format '{{.ID}} {{.Name}} {{.Driver}} {{.Scope}}'
    assert_output "${id1:0:12} ov1 overlay global
${id2:0:12} ov2 overlay global
${id3:0:12} ov3 overlay global"
  done
  # One name cluster-wide, as one daemon's.
  run --separate-stderr dnh h3 network create -d overlay ov1
  [ "$status" -eq 1 ]
  assert_stderr 'Error response from daemon: network with name ov1 already exists'
  # rm from any host, for every host.
  run dnh h3 network rm ov1 ov2
  [ "$status" -eq 0 ]
  assert_output $'ov1\nov2'
  run dnh h2 network rm ov3
  assert_output ov3
  for h in $HOSTS; do
    run dnh "$h" network ls -q --filter driver=overlay
    assert_output ''
  done
  [ -z "$(store_keys networks/)" ]
}

@test "without cluster-store, -d overlay fails as Docker without swarm, and nothing is made" {
  printf 'firewall-backend: %s\n' "$LAB_FIREWALL" > "$LAB/nocluster.yaml"
  LAB_EXTRA_ENV=(DOCKNET_CONFIG="$LAB/nocluster.yaml" DOCKNET_ROOT="$LAB/nocluster-state")
  run --separate-stderr dnh h1 network create -d overlay x
  [ "$status" -eq 1 ]
  assert_stderr 'Error response from daemon: This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.'
  assert_output ''
  run dnh h1 network ls -q --filter name=x
  assert_output ''
  LAB_EXTRA_ENV=()
  [ -z "$(store_keys networks/)" ]
  run dnh h2 network ls -q --filter driver=overlay
  assert_output ''
  rm -rf "$LAB/nocluster-state" "$LAB/nocluster.yaml"
}

@test "-o encrypted is refused with a message about encryption, and nothing is made" {
  run --separate-stderr dnh h1 network create -d overlay -o encrypted sec
  [ "$status" -eq 1 ]
  assert_output ''
  [[ "$stderr" == *[Ee]ncrypt* || "$stderr" == *IPsec* ]]
  [ -z "$(store_keys networks/)" ]
  for h in $HOSTS; do
    run dnh "$h" network ls -q --filter name=sec
    assert_output ''
  done
}

# --- two hosts --------------------------------------------------------------------------------

# pair FIRST: c1@h1 (alias web1) and c2@h2 (alias db2) on overlay network pair, the container on
# host FIRST connected first, with reconcile --watch on both hosts; then every check.
pair() {
  local first=$1 a1 a2 id
  watch_start h1; watch_start h2
  id=$(dnh h1 network create -d overlay pair)
  on h1 ip netns add c1; on h2 ip netns add c2
  if [ "$first" = h1 ]; then
    dnh h1 network connect --alias web1 pair c1
    dnh h2 network connect --alias db2 pair c2
    a1=10.0.0.2; a2=10.0.0.3
  else
    dnh h2 network connect --alias db2 pair c2
    dnh h1 network connect --alias web1 pair c1
    a1=10.0.0.3; a2=10.0.0.2
  fi
  expect_eq "c1's eth0" "$(eth0_addr h1 c1)" "$a1/24"
  expect_eq "c2's eth0" "$(eth0_addr h2 c2)" "$a2/24"
  on h1 ip -n c1 link show eth0 | grep -q ' mtu 1450 '
  on h2 ip -n c2 link show eth0 | grep -q ' mtu 1450 '
  # Both hosts keep the network's namespace while they have endpoints on it.
  on h1 test -e "$(ns_of "$id")"
  on h2 test -e "$(ns_of "$id")"
  refute on h3 test -e "$(ns_of "$id")"
  # Names: each hosts file gets the other host's container (reconcile --watch on both).
  eventually 5 hosts_has h1 c1 $'^'"$a2"$'\tc2 db2 '
  eventually 5 hosts_has h2 c2 $'^'"$a1"$'\tc1 web1 '
  eventually 5 ping_from h1 c1 "$a2"
  ping_from h1 c1 c2
  ping_from h1 c1 db2
  ping_from h2 c2 "$a1"
  ping_from h2 c2 c1
  ping_from h2 c2 web1
  # inspect: the local host's containers only; the peers are both hosts.
  expect_eq "containers on h1" "$(local_containers h1 pair)" "c1 $a1/24"
  expect_eq "containers on h2" "$(local_containers h2 pair)" "c2 $a2/24"
  expect_eq "containers on h3" "$(local_containers h3 pair)" ""
  wait_peers h1 pair "h1=192.168.77.11 h2=192.168.77.12"
  wait_peers h2 pair "h1=192.168.77.11 h2=192.168.77.12"
  expect_eq "endpoints in the store" "$(endpoints_in_store "$id")" 2
  expect_eq "claimed addresses" "$(claimed "$id" pair | paste -sd' ')" "10.0.0.2 10.0.0.3"
  # A disconnect reaches the other host too.
  dnh h2 network disconnect pair c2
  eventually 5 hosts_lacks h1 c1 $'\tc2 '
  refute ping_from h1 c1 "$a2"
  wait_peers h1 pair "h1=192.168.77.11"
  dnh h1 network disconnect pair c1
  dnh h1 network rm pair >/dev/null
  on h1 ip netns del c1; on h2 ip netns del c2
  for h in h1 h2; do dnh "$h" network reconcile; done
}

@test "two hosts: c1@h1 then c2@h2 reach each other by address, name and alias both ways; MTU 1450; inspect shows local containers and both peers" {
  pair h1
}

@test "two hosts, the other order: c2@h2 connected first" {
  pair h2
}

@test "propagation: with reconcile --watch on h2, a container connected on h1 is reachable from h2 soon after connect returns" {
  watch_start h2
  id=$(dnh h1 network create -d overlay prop)
  on h2 ip netns add q2; on h1 ip netns add q1
  dnh h2 network connect prop q2
  start=$(date +%s%N)
  dnh h1 network connect prop q1
  # No docknet command on h2: its watch alone must make q1 reachable (bounded; the bench times it).
  eventually 5 ping_from h2 q2 10.0.0.3
  echo "# reachable from h2 after $(( ($(date +%s%N) - start) / 1000000 )) ms" >&3
  eventually 5 ping_from h2 q2 q1
  dnh h1 network disconnect prop q1
  eventually 5 hosts_lacks h2 q2 $'\tq1 '
  dnh h2 network disconnect prop q2
  dnh h3 network rm prop >/dev/null
  on h1 ip netns del q1; on h2 ip netns del q2
  for h in h1 h2; do dnh "$h" network reconcile; done
}

# --- global IPAM ------------------------------------------------------------------------------

@test "global IPAM: 100 concurrent connects over 3 hosts get 100 distinct addresses, all released by the disconnects" {
  id=$(dnh h1 network create -d overlay ipam)
  for i in $(seq 1 100); do on "h$(( (i - 1) % 3 + 1 ))" ip netns add "p$i"; done
  pids=()
  for i in $(seq 1 100); do
    ( dnh "h$(( (i - 1) % 3 + 1 ))" network connect ipam "p$i" >"$BATS_TEST_TMPDIR/c$i.out" 2>&1 ) &
    pids+=($!)
  done
  failed=0
  for i in $(seq 1 100); do
    if ! wait "${pids[$((i - 1))]}"; then failed=$((failed + 1)); echo "connect p$i failed: $(cat "$BATS_TEST_TMPDIR/c$i.out")"; fi
  done
  [ "$failed" -eq 0 ]
  : > "$BATS_TEST_TMPDIR/all"
  for h in $HOSTS; do
    local_containers "$h" ipam > "$BATS_TEST_TMPDIR/$h"
    expect_eq "containers on $h" "$(wc -l < "$BATS_TEST_TMPDIR/$h")" "$([ "$h" = h1 ] && echo 34 || echo 33)"
    # Every one of them on this host has the address inspect shows.
    while read -r name addr; do
      expect_eq "$name's eth0 on $h" "$(eth0_addr "$h" "$name")" "$addr"
    done < "$BATS_TEST_TMPDIR/$h"
    cat "$BATS_TEST_TMPDIR/$h" >> "$BATS_TEST_TMPDIR/all"
  done
  expect_eq "containers" "$(awk '{print $1}' "$BATS_TEST_TMPDIR/all" | sort -u | wc -l)" 100
  expect_eq "distinct addresses" "$(awk '{print $2}' "$BATS_TEST_TMPDIR/all" | sort -u | wc -l)" 100
  # None skipped nor wasted: .2 to .101, and the store claims exactly those.
  expect_eq "addresses" "$(awk '{print $2}' "$BATS_TEST_TMPDIR/all" | sed 's|/24$||' | sort -V | paste -sd' ')" \
    "$(seq -f '10.0.0.%g' 2 101 | paste -sd' ')"
  expect_eq "claimed in the store" "$(claimed "$id" ipam | paste -sd' ')" "$(seq -f '10.0.0.%g' 2 101 | paste -sd' ')"
  expect_eq "endpoints in the store" "$(endpoints_in_store "$id")" 100
  # A few of them reach each other across hosts (the peers are learnt by the next call there).
  for h in $HOSTS; do dnh "$h" network reconcile; done
  ping_from h1 p1 "$(grep '^p2 ' "$BATS_TEST_TMPDIR/all" | awk '{print $2}' | sed 's|/.*||')" \
    || eventually 5 ping_from h1 p1 "$(grep '^p2 ' "$BATS_TEST_TMPDIR/all" | awk '{print $2}' | sed 's|/.*||')"
  eventually 5 ping_from h3 p99 "$(grep '^p100 ' "$BATS_TEST_TMPDIR/all" | awk '{print $2}' | sed 's|/.*||')"
  pids=()
  for i in $(seq 1 100); do
    ( dnh "h$(( (i - 1) % 3 + 1 ))" network disconnect ipam "p$i" >"$BATS_TEST_TMPDIR/d$i.out" 2>&1 ) &
    pids+=($!)
  done
  failed=0
  for i in $(seq 1 100); do
    if ! wait "${pids[$((i - 1))]}"; then failed=$((failed + 1)); echo "disconnect p$i failed: $(cat "$BATS_TEST_TMPDIR/d$i.out")"; fi
  done
  [ "$failed" -eq 0 ]
  expect_eq "claimed after the disconnects" "$(claimed "$id" ipam)" ""
  expect_eq "endpoints after the disconnects" "$(endpoints_in_store "$id")" 0
  for h in $HOSTS; do expect_eq "containers on $h" "$(local_containers "$h" ipam)" ""; done
  dnh h2 network rm ipam >/dev/null
  for i in $(seq 1 100); do on "h$(( (i - 1) % 3 + 1 ))" ip netns del "p$i"; done
  for h in $HOSTS; do dnh "$h" network reconcile; done
}

# --- rm ---------------------------------------------------------------------------------------

@test "rm is refused on h1 while h2 has an endpoint (Docker's text, exit 1), accepted after the disconnect" {
  id=$(dnh h1 network create -d overlay rmnet)
  on h2 ip netns add c2
  dnh h2 network connect rmnet c2
  ep=$(dnh h2 network inspect -f '{{range .Containers}}{{.EndpointID}}{{end}}' rmnet)
  [[ "$ep" =~ ^[0-9a-f]{64}$ ]]
  for h in h1 h3; do
    run --separate-stderr dnh "$h" network rm rmnet
    [ "$status" -eq 1 ]
    assert_stderr "Error response from daemon: error while removing network: network rmnet has active endpoints (name:\"c2\" id:\"${ep:0:12}\")
exit status 1"
  done
  store_keys networks/ | grep -qx "/docknet/v1/networks/$id"
  expect_eq "c2 still on rmnet" "$(eth0_addr h2 c2)" 10.0.0.2/24
  dnh h2 network disconnect rmnet c2
  run dnh h1 network rm rmnet
  [ "$status" -eq 0 ]
  assert_output rmnet
  for h in $HOSTS; do
    run dnh "$h" network ls -q --filter driver=overlay
    assert_output ''
  done
  on h2 ip netns del c2
  dnh h2 network reconcile
}

@test "rm succeeds while reconcile --watch runs (idle) on other hosts" {
  watch_start h2; watch_start h3
  id=$(dnh h1 network create -d overlay quiet)
  sleep 1  # the watches have seen the create and gone quiet
  run --separate-stderr dnh h1 network rm quiet
  echo "$stderr"
  [ "$status" -eq 0 ]
  assert_output quiet
  assert_stderr ''
  for h in $HOSTS; do
    run dnh "$h" network ls -q --filter driver=overlay
    assert_output ''
  done
  [ -z "$(store_keys networks/)" ]
}

@test "rm on h3 of a network h1 and h2 used: each drops its namespace of it on reconcile, idempotent" {
  id=$(dnh h1 network create -d overlay gone)
  on h1 ip netns add c1; on h2 ip netns add c2
  dnh h1 network connect gone c1
  dnh h2 network connect gone c2
  on h1 test -e "$(ns_of "$id")"
  on h2 test -e "$(ns_of "$id")"
  dnh h1 network disconnect gone c1
  dnh h2 network disconnect gone c2
  run dnh h3 network rm gone
  assert_output gone
  for h in h1 h2; do
    run dnh "$h" network reconcile
    [ "$status" -eq 0 ]; assert_output ''
    refute on "$h" test -e "$(ns_of "$id")"
    run dnh "$h" network reconcile
    [ "$status" -eq 0 ]; assert_output ''
    run dnh "$h" network inspect gone
    [ "$status" -eq 1 ]
  done
  on h1 ip netns del c1; on h2 ip netns del c2
}

# --- the store goes away ----------------------------------------------------------------------

@test "etcd stopped: create and connect fail naming the store, exit 1, nothing made; etcd back: connect works" {
  id=$(dnh h1 network create -d overlay down)
  on h1 ip netns add c1
  host_snapshot h1 > "$BATS_TEST_TMPDIR/h1.before"
  etcd_stop
  on_argv h1
  run --separate-stderr timeout 60 "${ON_ARGV[@]}" "$DOCKNET" network connect down c1
  echo "$stderr"
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"cannot reach the cluster store etcd://192.168.77.1:2379"* ]]
  host_snapshot h1 > "$BATS_TEST_TMPDIR/h1.after"
  diff -u "$BATS_TEST_TMPDIR/h1.before" "$BATS_TEST_TMPDIR/h1.after"
  expect_eq "links in c1" "$(on h1 ip -n c1 -o link show | awk -F': ' '{print $2}')" lo
  refute on h1 test -e /etc/netns/c1/hosts
  on_argv h2
  run --separate-stderr timeout 60 "${ON_ARGV[@]}" "$DOCKNET" network create -d overlay down2
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"cannot reach the cluster store etcd://192.168.77.1:2379"* ]]
  etcd_start
  [ -z "$(store_keys networks/ | grep -v "/$id\$")" ]
  dnh h1 network connect down c1
  expect_eq "c1's eth0" "$(eth0_addr h1 c1)" 10.0.0.2/24
  dnh h1 network disconnect down c1
  dnh h1 network rm down >/dev/null
  on h1 ip netns del c1
  dnh h1 network reconcile
}

# --- killed midway ----------------------------------------------------------------------------

@test "connects killed midway (SIGKILL): after reconcile no claimed address without a working eth0, no half-made link" {
  id=$(dnh h1 network create -d overlay kill)
  on h2 ip netns add w2
  dnh h2 network connect kill w2
  on h1 ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sort > "$BATS_TEST_TMPDIR/links.before"
  delays=(0.002 0.005 0.008 0.01 0.015 0.02 0.025 0.03 0.04 0.05 0.07 0.1 0.15 0.2)
  on_argv h1
  for i in "${!delays[@]}"; do
    on h1 ip netns add "k$i"
    "${ON_ARGV[@]}" "$DOCKNET" network connect kill "k$i" >/dev/null 2>&1 3>&- &
    pid=$!
    sleep "${delays[$i]}"
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" || true
  done
  run dnh h1 network reconcile
  [ "$status" -eq 0 ]; assert_output ''
  dnh h2 network reconcile
  local_containers h1 kill > "$BATS_TEST_TMPDIR/local"
  echo "survivors on h1: $(paste -sd, "$BATS_TEST_TMPDIR/local")"
  for i in "${!delays[@]}"; do
    addr=$(awk -v n="k$i" '$1 == n {print $2}' "$BATS_TEST_TMPDIR/local")
    if [ -n "$addr" ]; then
      expect_eq "k$i's eth0" "$(eth0_addr h1 "k$i")" "$addr"
      on h1 ip -n "k$i" link show eth0 | grep -q 'state UP'
      eventually 5 ping_from h2 w2 "${addr%/*}"
    else
      expect_eq "links in k$i (no endpoint)" "$(on h1 ip -n "k$i" -o link show | awk -F': ' '{print $2}')" lo
    fi
  done
  # The store claims exactly w2's address and the survivors'; as many endpoints.
  expect_eq "claimed" "$(claimed "$id" kill | paste -sd' ')" \
    "$({ echo 10.0.0.2; awk '{print $2}' "$BATS_TEST_TMPDIR/local" | sed 's|/.*||'; } | sort -V | paste -sd' ')"
  expect_eq "endpoints in the store" "$(endpoints_in_store "$id")" $(( 1 + $(wc -l < "$BATS_TEST_TMPDIR/local") ))
  # No stray link on h1, and one veth per local endpoint in the network's namespace.
  on h1 ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sort > "$BATS_TEST_TMPDIR/links.after"
  diff -u "$BATS_TEST_TMPDIR/links.before" "$BATS_TEST_TMPDIR/links.after"
  if [ -s "$BATS_TEST_TMPDIR/local" ]; then
    expect_eq "veths in the network's namespace" \
      "$(on h1 nsenter --net="$(ns_of "$id")" ip -o link show type veth | wc -l)" "$(wc -l < "$BATS_TEST_TMPDIR/local")"
  fi
  # And the next connect just works.
  on h1 ip netns add kz
  dnh h1 network connect kill kz
  addr=$(eth0_addr h1 kz)
  [ -n "$addr" ]
  eventually 5 ping_from h2 w2 "${addr%/*}" || { dnh h2 network reconcile; eventually 5 ping_from h2 w2 "${addr%/*}"; }
  for c in $(awk '{print $1}' "$BATS_TEST_TMPDIR/local") kz; do dnh h1 network disconnect kill "$c"; done
  dnh h2 network disconnect kill w2
  dnh h1 network rm kill >/dev/null
  for i in "${!delays[@]}"; do on h1 ip netns del "k$i"; done
  on h1 ip netns del kz; on h2 ip netns del w2
  for h in h1 h2; do dnh "$h" network reconcile; done
}

# The sandbox (the network's namespace on a host, br0, vxlan0) is made by the host's first
# connect to the network: one fresh network per delay, so each kill can land inside it.
@test "first connects killed midway while the network's sandbox is made: reconcile recovers, no host wedged, nothing half-made" {
  # 8 to 40 ms by 1 ms: the kernel work of a first connect (the timing jitters by milliseconds, so a
  # dense sweep lands in its steps: no sandbox yet, only lo, br0 down, vxlan0 without veth...).
  read -ra delays <<<"$(awk 'BEGIN { for (ms = 8; ms <= 40; ms += 1) printf "%.3f ", ms / 1000 }')"
  on h1 ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sort > "$BATS_TEST_TMPDIR/links.before"
  on_argv h1
  for i in "${!delays[@]}"; do
    dnh h1 network create -d overlay "sb$i" >/dev/null
    on h2 ip netns add "w$i"
    dnh h2 network connect "sb$i" "w$i"
    on h1 ip netns add "s$i"
    "${ON_ARGV[@]}" "$DOCKNET" network connect "sb$i" "s$i" >/dev/null 2>&1 3>&- &
    pid=$!
    sleep "${delays[$i]}"
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" || true
  done
  run dnh h1 network reconcile
  echo "$output"
  [ "$status" -eq 0 ]; assert_output ''
  dnh h2 network reconcile
  on h1 ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sort > "$BATS_TEST_TMPDIR/links.after"
  diff -u "$BATS_TEST_TMPDIR/links.before" "$BATS_TEST_TMPDIR/links.after"
  for i in "${!delays[@]}"; do
    id=$(dnh h1 network inspect -f '{{.Id}}' "sb$i")
    gw=10.0.$i
    addr=$(local_containers h1 "sb$i" | awk '{print $2}')
    echo "sb$i (killed after ${delays[$i]} s): s$i has '${addr}'"
    if [ -z "$addr" ]; then
      expect_eq "links in s$i (no endpoint)" "$(on h1 ip -n "s$i" -o link show | awk -F': ' '{print $2}')" lo
      expect_eq "claimed on sb$i" "$(claimed "$id" "sb$i")" "$gw.2"
      # Not wedged: the next connect works.
      dnh h1 network connect "sb$i" "s$i"
      addr=$(eth0_addr h1 "s$i")
    fi
    expect_eq "s$i's eth0" "$(eth0_addr h1 "s$i")" "$gw.3/24"
    expect_eq "claimed on sb$i" "$(claimed "$id" "sb$i" | paste -sd' ')" "$gw.2 $gw.3"
    expect_eq "links up in the sandbox of sb$i" \
      "$(on h1 nsenter --net="$(ns_of "$id")" ip -o link show up | awk -F': ' '{print $2}' | sed 's/@.*//' | grep -E '^(br0|vxlan0)$' | sort | paste -sd' ')" "br0 vxlan0"
    eventually 5 ping_from h2 "w$i" "$gw.3" || { dnh h2 network reconcile; eventually 5 ping_from h2 "w$i" "$gw.3"; }
  done
  for i in "${!delays[@]}"; do
    dnh h1 network disconnect "sb$i" "s$i"
    dnh h2 network disconnect "sb$i" "w$i"
    dnh h1 network rm "sb$i" >/dev/null
    on h1 ip netns del "s$i"; on h2 ip netns del "w$i"
  done
  for h in h1 h2; do dnh "$h" network reconcile; done
}

# --- hosts that reboot or go away -------------------------------------------------------------

@test "a host reboots: its reconcile releases its endpoints from the store; the others drop it as a peer" {
  id=$(dnh h1 network create -d overlay rb)
  on h1 ip netns add c1; on h3 ip netns add r3
  dnh h1 network connect rb c1
  dnh h3 network connect rb r3
  dnh h1 network reconcile
  expect_eq "peers before" "$(peers h1 rb)" "h1=192.168.77.11 h3=192.168.77.13"
  eventually 5 hosts_has h1 c1 $'^10.0.0.3\tr3 ' || { dnh h1 network reconcile; hosts_has h1 c1 $'^10.0.0.3\tr3 '; }
  host_reboot h3
  run dnh h3 network reconcile
  [ "$status" -eq 0 ]; assert_output ''
  expect_eq "claimed after h3's reboot" "$(claimed "$id" rb)" 10.0.0.2
  expect_eq "endpoints after h3's reboot" "$(endpoints_in_store "$id")" 1
  expect_eq "containers on h3" "$(local_containers h3 rb)" ""
  refute on h3 test -e "$(ns_of "$id")"
  dnh h1 network reconcile
  expect_eq "peers after" "$(peers h1 rb)" "h1=192.168.77.11"
  hosts_lacks h1 c1 $'\tr3 '
  # h3 works again after what its boot unit runs (docker0 and its chains made again).
  boot h3
  on h3 ip netns add r3
  dnh h3 network connect rb r3
  expect_eq "r3's eth0 after the reboot" "$(eth0_addr h3 r3)" 10.0.0.3/24
  dnh h1 network reconcile
  eventually 5 ping_from h1 c1 10.0.0.3
  dnh h3 network disconnect rb r3
  dnh h1 network disconnect rb c1
  dnh h1 network rm rb >/dev/null
  on h1 ip netns del c1; on h3 ip netns del r3
  for h in h1 h3; do dnh "$h" network reconcile; done
}

@test "node ls lists the hosts; node rm of a host gone for good frees its endpoints and addresses; node rm of the local host is refused" {
  run dnh h1 node ls
  [ "$status" -eq 0 ]
  echo "$output"
  [[ "${lines[0]}" == *NAME* && "${lines[0]}" == *ADDRESS* ]]
  for h in $HOSTS; do
    printf '%s\n' "${lines[@]:1}" | grep -Eq "(^|[ *])$h( |\$).*192\.168\.77\.1${h#h}"
  done
  # This host is marked, the others are not.
  [ "$(printf '%s\n' "${lines[@]:1}" | grep -c '\*')" -eq 1 ]
  printf '%s\n' "${lines[@]:1}" | grep '\*' | grep -q 'h1'
  id=$(dnh h1 network create -d overlay nr)
  on h3 ip netns add g3; on h1 ip netns add c1
  dnh h3 network connect nr g3
  dnh h1 network connect nr c1
  expect_eq "claimed" "$(claimed "$id" nr | paste -sd' ')" "10.0.0.2 10.0.0.3"
  host_destroy h3
  run dnh h1 node ls
  echo "$output" | grep -q 'h3'
  run dnh h1 node rm h3
  [ "$status" -eq 0 ]
  run dnh h1 node ls
  refute grep -q h3 <<<"$output"
  refute grep -qx /docknet/v1/hosts/h3 <<<"$(store_keys hosts/)"
  expect_eq "claimed after node rm" "$(claimed "$id" nr)" 10.0.0.3
  expect_eq "endpoints after node rm" "$(endpoints_in_store "$id")" 1
  dnh h1 network reconcile
  expect_eq "peers after node rm" "$(peers h1 nr)" "h1=192.168.77.11"
  # The freed address is handed out again.
  on h1 ip netns add c1b
  dnh h1 network connect nr c1b
  expect_eq "c1b's eth0" "$(eth0_addr h1 c1b)" 10.0.0.2/24
  run --separate-stderr dnh h1 node rm h1
  [ "$status" -eq 1 ]
  echo "$stderr"
  [ -n "$stderr" ]
  run dnh h1 node ls
  echo "$output" | grep -q 'h1'
  dnh h1 network disconnect nr c1; dnh h1 network disconnect nr c1b
  dnh h1 network rm nr >/dev/null
  on h1 ip netns del c1; on h1 ip netns del c1b
  dnh h1 network reconcile
  # h3 again, as a new machine, for the tests after this one.
  lab_host_start h3
  lab_warmup h3
}
