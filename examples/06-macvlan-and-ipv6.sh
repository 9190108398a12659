#!/usr/bin/env bash
# Docker's "macvlan network" and "IPv6" tutorials. A namespace "lan-router" stands for the LAN's
# router, reached through a veth whose host end (lan0) plays the host's eth0: macvlan containers
# get addresses of the LAN and reach the router and each other directly. Then a dual-stack bridge
# network: containers talk IPv6 with each other and with the gateway.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

say "the LAN: lan0 on the host, its router in lan-router (10.60.0.1, fd00:60::1)"
container lan-router
ip link add lan0 type veth peer name lan-peer
ip link set lan-peer netns lan-router
ip link set lan0 up
ip netns exec lan-router ip addr add 10.60.0.1/24 dev lan-peer
ip netns exec lan-router ip addr add fd00:60::1/64 dev lan-peer nodad
ip netns exec lan-router ip link set lan-peer up

say "a macvlan network on lan0, dual-stack, with the LAN's router as gateway"
dn create -d macvlan -o parent=lan0 --ipv6 --subnet 10.60.0.0/24 --ip-range 10.60.0.128/25 \
  --gateway 10.60.0.1 --subnet fd00:60::/64 --gateway fd00:60::1 my-macvlan-net >/dev/null
for c in web db; do container "$c"; dn connect my-macvlan-net "$c"; done
dn inspect -f '{{range .Containers}}{{.Name}} {{.IPv4Address}} {{.IPv6Address}} {{.MacAddress}}{{"\n"}}{{end}}' my-macvlan-net
grep -q 'macvlan mode bridge' <<<"$(ip netns exec web ip -d link show eth0)" || fail "web has no macvlan interface"
expect_reach web 10.60.0.1
expect_reach web db
ip netns exec web ping -6 -c1 -W2 fd00:60::1 >/dev/null || fail "web cannot reach the router over IPv6"
echo "ok: web reaches the router over IPv6"
grep -q '^default via 10.60.0.1' <<<"$(ip netns exec web ip route)" || fail "no default route via the router"

say "a dual-stack bridge network with an automatic IPv6 subnet"
dn create --ipv6 ip6net >/dev/null
dn inspect -f '{{range .IPAM.Config}}{{.Subnet}} {{end}}' ip6net
for c in v6a v6b; do container "$c"; dn connect ip6net "$c"; done
b6=$(dn inspect -f '{{range .Containers}}{{if eq .Name "v6b"}}{{.IPv6Address}}{{end}}{{end}}' ip6net)
gw6=$(dn inspect -f '{{(index .IPAM.Config 1).Gateway}}' ip6net)
ip netns exec v6a ping -6 -c1 -W2 "${b6%/*}" >/dev/null || fail "v6a cannot reach v6b over IPv6"
echo "ok: v6a reaches v6b at ${b6%/*}"
ip netns exec v6a ping -6 -c1 -W2 "$gw6" >/dev/null || fail "v6a cannot reach its IPv6 gateway"
echo "ok: v6a reaches its gateway $gw6"

for c in web db; do dn disconnect my-macvlan-net "$c"; remove_container "$c"; done
for c in v6a v6b; do dn disconnect ip6net "$c"; remove_container "$c"; done
dn rm my-macvlan-net ip6net >/dev/null
ip link del lan0; remove_container lan-router
echo "macvlan and IPv6: all checks passed"
