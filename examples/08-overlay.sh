#!/usr/bin/env bash
# Docker's overlay lab ("Networking with overlay networks", the walkthrough "Use an overlay
# network for standalone containers"): an attachable overlay network test-net made on host1,
# container alpine1 on host1 and alpine2 on host2 attached to it, pinging each other by name
# across the hosts; then taken apart. Swarm is replaced by an etcd both hosts share
# (cluster-store in their config.yaml) and `docknet network reconcile --watch` on each host
# plays the daemon's part of following the other host's changes. The two hosts are namespaces
# of the lab in tests/e2e/lab.bash (h1 = host1, h2 = host2, joined by a bridge 192.168.77.0/24).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../tests/e2e/lab.bash"
trap lab_stop EXIT

# same GOT EXPECTED: a command's output against the expected text
same() { [ "$1" = "$2" ] || fail "expected:"$'\n'"$2"$'\n'"got:"$'\n'"$1"; }
# on_host hN: docknet network ... on that host
dnet() { local h=$1; shift; dnh "$h" network "$@"; }
reach_from() { eventually 5 ping_from "$1" "$2" "$3" || fail "$2 on $1 cannot reach $3"; echo "ok: $2 on $1 reaches $3"; }

say "two hosts and an etcd: host1 (h1, 192.168.77.11) and host2 (h2, 192.168.77.12)"
lab_start 2
for h in h1 h2; do echo "$h: $(on "$h" hostname), $(on "$h" ip -o -4 addr show dev eth0 | awk '{print $4}')"; done
cat "$LAB/h1/config.yaml"
on h1 ping -c1 -W1 192.168.77.12 >/dev/null || fail "host1 does not reach host2"
echo "ok: host1 reaches host2 over the underlay"
for h in h1 h2; do watch_start "$h"; done
echo "ok: docknet network reconcile --watch runs on both hosts"

say "host1: docknet network create --driver=overlay --attachable test-net"
id=$(dnet h1 create --driver=overlay --attachable test-net)
[[ "$id" =~ ^[0-9a-f]{64}$ ]] || fail "create printed $id"
echo "$id"
dnet h1 ls --filter driver=overlay
same "$(dnet h1 ls --filter driver=overlay)" "NETWORK ID     NAME       DRIVER    SCOPE
${id:0:12}   test-net   overlay   global"
echo "ok: host1 lists test-net, driver overlay, scope global"

say "host2 sees the same network (global scope: one store for both hosts)"
same "$(dnet h2 ls --filter driver=overlay)" "$(dnet h1 ls --filter driver=overlay)"
same "$(dnet h2 inspect -f '{{.Id}}' test-net)" "$id"
same "$(dnet h2 inspect -f '{{.Scope}} {{.Attachable}} {{json .IPAM.Config}}' test-net)" \
  "global true [{\"Subnet\":\"10.0.0.0/24\",\"Gateway\":\"10.0.0.1\"}]"
echo "ok: host2 inspects test-net with the same ID, attachable, 10.0.0.0/24"

say "host1: alpine1 on test-net (docker run --name alpine1 --network test-net alpine)"
on h1 ip netns add alpine1
dnet h1 connect test-net alpine1
on h1 ip -n alpine1 -o -4 addr show dev eth0
same "$(on h1 ip -n alpine1 -o -4 addr show dev eth0 | awk '{print $4}')" 10.0.0.2/24
on h1 ip -n alpine1 link show eth0 | grep -q ' mtu 1450 ' || fail "alpine1's eth0 has not the overlay MTU (1500 - 50)"
echo "ok: alpine1 has 10.0.0.2/24 on eth0, MTU 1450"

say "host2: alpine2 on test-net"
on h2 ip netns add alpine2
dnet h2 connect test-net alpine2
same "$(on h2 ip -n alpine2 -o -4 addr show dev eth0 | awk '{print $4}')" 10.0.0.3/24
echo "ok: alpine2 has 10.0.0.3/24 (the addresses are the network's, not the host's)"

say "inspect on each host: its own containers, and both hosts as peers"
dnet h1 inspect -f '{{range .Containers}}{{.Name}} {{.IPv4Address}}{{end}} | peers: {{range .Peers}}{{.Name}}={{.IP}} {{end}}' test-net
same "$(dnet h1 inspect -f '{{range .Containers}}{{.Name}} {{.IPv4Address}}{{end}}' test-net)" "alpine1 10.0.0.2/24"
same "$(dnet h2 inspect -f '{{range .Containers}}{{.Name}} {{.IPv4Address}}{{end}}' test-net)" "alpine2 10.0.0.3/24"
for h in h1 h2; do
  same "$(dnet "$h" inspect -f '{{range .Peers}}{{.Name}}={{.IP}}{{"\n"}}{{end}}' test-net | sed '/^$/d' | sort | paste -sd' ')" \
    "h1=192.168.77.11 h2=192.168.77.12"
done
echo "ok: host1 shows alpine1 only, host2 alpine2 only; both list the peers h1 and h2"

say "alpine1 pings alpine2 by name, and alpine2 pings alpine1 (across the hosts, over VXLAN)"
reach_from h1 alpine1 alpine2
reach_from h2 alpine2 alpine1
reach_from h1 alpine1 10.0.0.3

say "taking it apart: the containers leave, then the network goes (from host2)"
rc=0; err=$(dnet h2 rm test-net 2>&1) || rc=$?
[ "$rc" = 1 ] || fail "rm with containers on it exited $rc"
grep -q 'has active endpoints' <<<"$err" || fail "rm with containers on it: $err"
echo "ok: rm refused while alpine1 and alpine2 are attached"
dnet h1 disconnect test-net alpine1
dnet h2 disconnect test-net alpine2
same "$(dnet h2 rm test-net)" test-net
for h in h1 h2; do
  dnet "$h" reconcile
  same "$(dnet "$h" ls -q --filter driver=overlay)" ""
  on "$h" test -z "$(ls /run/docknet/netns 2>/dev/null)" || fail "$h keeps an overlay namespace"
done
[ -z "$(store_keys endpoints/)$(store_keys addresses/)$(store_keys networks/)" ] || fail "the store keeps the network"
echo "ok: no overlay network on either host, no namespace of it, nothing of it in the store"
on h1 ip netns del alpine1
on h2 ip netns del alpine2
echo "overlay: all checks passed"
