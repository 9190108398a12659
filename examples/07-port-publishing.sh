#!/usr/bin/env bash
# Docker's port-publishing lab ("Packet filtering and firewalls: port publishing and mapping", and
# the bridge network tutorial's `docker run --publish`): a web server in a container, published
# with --publish 8080:80, several --publish to the same container port, one without host port (a
# free ephemeral port), one bound to 127.0.0.1 only, and a udp port; then reached as Docker's
# rules with --userland-proxy=false allow: from another machine on the host's address, from the
# host via 127.0.0.1 and via its own address, from a container on another network, and from the
# container itself through the host's address (hairpin). A namespace "outside", joined to the host
# by a veth (ext0 192.0.2.1 on the host, 192.0.2.2 there: TEST-NET-1), plays the other machine.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

FW=${DOCKNET_TEST_FIREWALL:-iptables-nft}   # the backend docknet writes to (auto picks nft here)
HOST=192.0.2.1
MSG="hello from web"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

# get FROM ADDR PORT: what a tcp client in namespace FROM ("host" for the host itself) reads
get() {
  local run=(); [ "$1" = host ] || run=(ip netns exec "$1")
  timeout 5 "${run[@]}" nc -N -w2 "$2" "$3" </dev/null 2>/dev/null || true
}
expect_get() {
  [ "$(get "$@")" = "$MSG" ] || fail "$1 does not get the web page at $2:$3"
  echo "ok: $1 gets \"$MSG\" at $2:$3"
}
expect_no_get() {
  [ -z "$(get "$@")" ] || fail "$1 gets the web page at $2:$3, but should not"
  echo "ok: $1 gets nothing at $2:$3"
}
# listening NS tcp|udp PORT: waits (up to 5 s) for a listener to bind PORT in namespace NS
listening() {
  local _
  for _ in $(seq 50); do
    [ -n "$(ip netns exec "$1" ss -H -ln --"$2" "sport = :$3")" ] && return 0
    sleep 0.1
  done
  fail "no $2 listener on port $3 in $1"
}
# same GOT EXPECTED: a command's output against the expected text
same() { [ "$1" = "$2" ] || fail "expected:"$'\n'"$2"$'\n'"got:"$'\n'"$1"; }

say "the other machine: namespace outside, 192.0.2.2, on a veth to the host's ext0 (192.0.2.1)"
container outside
ip link add ext0 type veth peer name ext1
ip link set ext1 netns outside
ip addr add "$HOST/24" dev ext0
ip link set ext0 up
ip netns exec outside ip addr add 192.0.2.2/24 dev ext1
ip netns exec outside ip link set ext1 up

say "a web server in container web, on network web-net, published five ways"
dn create web-net >/dev/null
container web
dn connect -p 8080:80 -p 8888:80 -p 80 -p 127.0.0.1:8081:80 -p 5353:53/udp web-net web
ip netns exec web busybox nc -ll -p 80 -e echo "$MSG" &   # a new process for every connection
pids+=($!)
low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range)     # --publish 80 takes the lowest free one
listening web tcp 80

say "docknet port web"
dn_port() { "$DOCKNET" port "$@"; }
dn_port web
same "$(dn_port web)" "53/udp -> 0.0.0.0:5353
80/tcp -> 0.0.0.0:8080
80/tcp -> 0.0.0.0:8888
80/tcp -> 0.0.0.0:$low
80/tcp -> 127.0.0.1:8081"
echo "ok: docknet port web lists the five bindings in docker port's order"
same "$(dn_port web 80)" "0.0.0.0:8080
0.0.0.0:8888
0.0.0.0:$low
127.0.0.1:8081"
same "$(dn_port web 53/udp)" "0.0.0.0:5353"
echo "ok: docknet port web 80 and web 53/udp print the host sides"
rc=0; err=$(dn_port web 81 2>&1) || rc=$?
[ "$rc" = 1 ] || fail "docknet port web 81 exits with $rc"
same "$err" "no public port '81' published for web"
echo "ok: docknet port web 81: $err (exit 1)"

say "from another machine, on the host's address"
for port in 8080 8888 "$low"; do expect_get outside "$HOST" "$port"; done
say "from the host, via 127.0.0.1 and via its own address"
for port in 8080 8081 "$low"; do expect_get host 127.0.0.1 "$port"; done
expect_get host "$HOST" 8080
say "from a container on another user network, and from web itself (hairpin)"
dn create other-net >/dev/null
container client
dn connect other-net client
expect_get client "$HOST" 8080
expect_get web "$HOST" 8080

say "127.0.0.1:8081 is not reachable from another machine, even routed there"
# lo stays down in outside, so 127.0.0.0/8 is not local there and may leave through ext1.
ip netns exec outside sysctl -qw net.ipv4.conf.ext1.route_localnet=1
ip netns exec outside ip route add 127.0.0.0/8 via "$HOST" dev ext1
expect_no_get outside 127.0.0.1 8081
drops=$("$FW-save" -c -t raw | sed -n 's/^\[\([0-9]*\):.* -d 127\.0\.0\.1\/32 .*--dport 8081 .*-j DROP$/\1/p')
[ "${drops:-0}" -gt 0 ] || fail "the raw DROP of 127.0.0.1:8081 did not see the packets"
echo "ok: the raw table dropped $drops packet(s) for 127.0.0.1:8081 that came from outside"

say "a udp port: 5353/udp on the host to 53/udp in web"
ip netns exec web nc -u -l -p 53 -W1 >"$DOCKNET_TEST_WORK/udp.out" &
pids+=($!)
listening web udp 53
echo "udp hello" | ip netns exec outside nc -u -w1 -q1 "$HOST" 5353 || true
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$DOCKNET_TEST_WORK/udp.out" ] && break; sleep 0.2; done
same "$(cat "$DOCKNET_TEST_WORK/udp.out")" "udp hello"
echo "ok: web received \"udp hello\" sent from outside to $HOST:5353/udp"

say "a second container asking for host port 8080 is refused, and nothing is left of it"
container web2
rc=0; err=$(dn connect -p 8080:80 web-net web2 2>&1) || rc=$?
echo "$err"
[ "$rc" -ne 0 ] || fail "a second connect got 8080"
grep -Eqx 'Error response from daemon: driver failed programming external connectivity on endpoint web2 \([0-9a-f]{64}\): Bind for 0\.0\.0\.0:8080 failed: port is already allocated' <<<"$err" \
  || fail "not Docker's port is already allocated error"
[ -z "$(dn inspect -f '{{range .Containers}}{{if eq .Name "web2"}}{{.Name}}{{end}}{{end}}' web-net)" ] \
  || fail "web2 has an endpoint on web-net"
[ "$(ip -n web2 -o link show | wc -l)" = 1 ] || fail "web2 has an interface besides lo"
echo "ok: no endpoint, no interface for web2; web still gets 8080"
expect_get outside "$HOST" 8080

say "disconnect: the ports and every --dport rule go"
dn disconnect web-net web
[ -z "$(dn_port web)" ] || fail "web still publishes ports"
for save in "$FW-save" "ip6tables-${FW#iptables-}-save"; do
  ! "$save" | grep -e '--dport' || fail "$save still has --dport rules"
done
echo "ok: no --dport rule in $FW-save nor ip6tables-${FW#iptables-}-save"
expect_no_get outside "$HOST" 8080

for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
pids=()
dn disconnect other-net client
dn rm web-net other-net >/dev/null
for c in web web2 client outside; do remove_container "$c"; done
ip link del ext0 2>/dev/null || true   # went with outside's end of the veth
[ -z "$(dn ls -q --filter type=custom)" ] || fail "networks left"
echo "port publishing: all checks passed"
