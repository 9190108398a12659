#!/usr/bin/env bats
# connect/disconnect with network namespaces as containers: links, addresses, routes, rules,
# hosts files, inspect, real traffic, stale namespaces, and Docker's errors.
load helpers

in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

@test "two containers on a user-defined bridge reach each other by IP, name and alias" {
  ip netns add c1; ip netns add c2
  dn network create bnet >/dev/null
  br=$(bridge_of bnet)
  run dn network connect bnet c1
  [ "$status" -eq 0 ]; assert_output ''
  dn network connect --alias db bnet c2
  in_ns c1 ip -o -4 addr show eth0 | grep -q 'inet 172.18.0.2/16 brd 172.18.255.255'
  in_ns c1 ip route | grep -q '^default via 172.18.0.1 dev eth0'
  in_ns c1 ip -br link show lo | grep -q UNKNOWN
  [ "$(ip -o link show master "$br" | grep -c veth)" -eq 2 ]
  rules -t raw | grep -qx -- "-A PREROUTING -d 172.18.0.2/32 ! -i $br -j DROP"
  # Containers is keyed by container ID, so its order is the IDs' order: sort to compare.
  run bash -c "$DOCKNET network inspect -f '{{range \$i, \$c := .Containers}}{{\$c.Name}}={{\$c.IPv4Address}} {{end}}' bnet | tr ' ' '\n' | sort"
  assert_output $'\nc1=172.18.0.2/16\nc2=172.18.0.3/16'
  run dn network inspect -f '{{range .Containers}}{{.MacAddress}} {{.IPv6Address}}|{{end}}' bnet
  [[ "$output" =~ ^[0-9a-f][26ae](:[0-9a-f]{2}){5}\ \|[0-9a-f][26ae](:[0-9a-f]{2}){5}\ \|$ ]]
  grep -q $'^172.18.0.3\tc2 db ' /etc/netns/c1/hosts
  in_ns c1 ping -c1 -W2 172.18.0.3 >/dev/null
  in_ns c1 ping -c1 -W2 c2 >/dev/null
  in_ns c1 ping -c1 -W2 db >/dev/null
  in_ns c2 ping -c1 -W2 c1 >/dev/null
  dn network disconnect bnet c1
  dn network disconnect bnet c2
  [ ! -e /etc/netns/c1/hosts ]
  ! rules -t raw | grep -q 172.18.0
  dn network rm bnet
  ip netns del c1; ip netns del c2
}

@test "on the default bridge only IPs work; a container on two networks; --ip; eth1" {
  ip netns add d1; ip netns add d2
  dn network connect bridge d1; dn network connect bridge d2
  in_ns d1 ping -c1 -W2 172.17.0.3 >/dev/null
  ! in_ns d1 ping -c1 -W1 d2 >/dev/null 2>&1
  dn network create --subnet 10.55.0.0/24 lab >/dev/null
  dn network connect --ip 10.55.0.50 lab d1
  in_ns d1 ip -o -4 addr show eth1 | grep -q 'inet 10.55.0.50/24'
  [ "$(in_ns d1 ip route | grep -c default)" -eq 1 ]
  run dn network inspect -f '{{len .Containers}}' bridge lab
  assert_output $'2\n1'
  run --separate-stderr dn network connect --ip 10.55.0.50 lab d2
  [ "$status" -eq 1 ]
  assert_stderr 'Error response from daemon: Address already in use'
  # The endpoint settings are checked before the endpoint is found to exist
  # (moby@docker-v29.7.2:daemon/container_operations.go:666).
  run --separate-stderr dn network connect --ip 172.17.0.9 bridge d1
  assert_stderr $'Error response from daemon: invalid endpoint settings:\nuser-specified IP address is supported on user-defined networks only'
  run --separate-stderr dn network connect bridge d1
  assert_stderr 'Error response from daemon: endpoint with name d1 already exists in network bridge'
  dn network disconnect lab d1; dn network rm lab
  dn network disconnect bridge d1; dn network disconnect bridge d2
  ip netns del d1; ip netns del d2
}

@test "errors: unknown network or container, not connected, host network, arguments" {
  ip netns add e1
  run --separate-stderr dn network connect nosuch e1
  assert_stderr 'Error response from daemon: network nosuch not found'
  run --separate-stderr dn network connect bridge ghost
  assert_stderr 'Error response from daemon: No such container: ghost'
  run --separate-stderr dn network connect host e1
  assert_stderr 'Error response from daemon: cannot connect container to host network - container must be created in host network mode'
  run --separate-stderr dn network disconnect bridge ghost
  assert_stderr 'Error response from daemon: No such container: ghost'
  run --separate-stderr dn network connect bridge
  [ "$status" -eq 1 ]
  [[ "$stderr" == "docknet: 'docknet network connect' requires 2 arguments"* ]]
  ip netns del e1
}

@test "a deleted namespace or a dead process never blocks rm" {
  ip netns add gone
  dn network create stale >/dev/null
  dn network connect stale gone
  ip netns del gone
  run dn network rm stale
  [ "$status" -eq 0 ]
  unshare --net sleep 30 & pid=$!
  sleep 0.2
  dn network create stale2 >/dev/null
  dn network connect stale2 "$pid"
  run dn network inspect -f '{{range .Containers}}{{.Name}}{{end}}' stale2
  assert_output "$pid"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  run dn network prune -f
  assert_output $'Deleted Networks:\nstale2'
}

# moby@docker-v29.7.2:daemon/libnetwork/osl/interface_linux.go:667: a new endpoint announces its
# addresses, so a neighbour that cached the MAC of the address's previous owner switches at once.
@test "connect sends unsolicited ARP and NA: a reused address reaches its new MAC; advertise_addr_nmsgs=0 sends none" {
  for ns in c1 c2 c3 c4; do ip netns add "$ns"; done
  dn network create --ipv6 --subnet 10.77.0.0/24 --subnet fd77::/64 gnet >/dev/null
  dn network create -o com.docker.network.advertise_addr_nmsgs=0 --subnet 10.78.0.0/24 quiet >/dev/null
  dn network connect --ip 10.77.0.10 --ip6 fd77::10 gnet c1
  dn network connect gnet c2
  in_ns c2 ping -c1 -W2 10.77.0.10 >/dev/null
  in_ns c2 ping -6 -c1 -W2 fd77::10 >/dev/null
  old=$(in_ns c1 cat /sys/class/net/eth0/address)
  ip -n c2 neigh show 10.77.0.10 | grep -q "lladdr $old"
  dn network disconnect gnet c1
  run "$DOCKNET" -D network connect --ip 10.77.0.10 --ip6 fd77::10 gnet c3
  [ "$status" -eq 0 ]
  [[ "$output" == *"debug: unsolicited ARP/NA for eth0 in /run/netns/c3: 3 message(s), 1000 ms apart"* ]]
  new=$(in_ns c3 cat /sys/class/net/eth0/address)
  [ "$new" != "$old" ]
  # c2 sent nothing to the address since: only the advertisement can have told it. The first
  # round can go out before the new veth's carrier is processed (the kernel's linkwatch runs
  # later, and until then the address is tentative and the qdisc drops): the rounds at 1 s and
  # 2 s are there for that, so wait for them before judging.
  for _ in $(seq 30); do
    ip -n c2 neigh show 10.77.0.10 | grep -q "lladdr $new" && ip -n c2 -6 neigh show fd77::10 | grep -q "lladdr $new" && break
    sleep 0.1
  done
  ip -n c2 neigh show 10.77.0.10 | grep -q "lladdr $new"
  ip -n c2 -6 neigh show fd77::10 | grep -q "lladdr $new"

  dn network connect --ip 10.78.0.10 quiet c1
  dn network connect quiet c2
  in_ns c2 ping -c1 -W2 10.78.0.10 >/dev/null
  old=$(in_ns c1 cat /sys/class/net/eth0/address)
  dn network disconnect quiet c1
  run "$DOCKNET" -D network connect --ip 10.78.0.10 quiet c4
  [[ "$output" == *"debug: no unsolicited ARP/NA for eth0 in /run/netns/c4: advertise_addr_nmsgs is 0"* ]]
  sleep 0.3
  ip -n c2 neigh show 10.78.0.10 | grep -q "lladdr $old"
  # The later rounds never keep a namespace alive: between rounds (the first later one is at
  # 1 s) no process of docknet's is in it, and once deleted its veth goes at once.
  ip netns add c5
  dn network connect gnet c5
  ino=$(stat -L -c %i /run/netns/c5)
  sleep 1.3
  for pid in $(pgrep -x docknet || true); do
    [ "$(readlink "/proc/$pid/ns/net" 2>/dev/null)" != "net:[$ino]" ] || { echo "pid $pid stays in c5" >&2; return 1; }
  done
  ip netns del c5
  for i in $(seq 1 100); do [ "$(ip -o link show type veth | wc -l)" -eq 4 ] && break; sleep 0.05; done
  [ "$(ip -o link show type veth | wc -l)" -eq 4 ]
  for ns in c2 c3 c4; do ip netns del "$ns"; done; ip netns del c1
  dn network rm gnet quiet >/dev/null
}

@test "-D traces every store and kernel change of a call on stderr, the undo of a failed one too; stdout unchanged" {
  ip netns add c1
  dn network create tnet >/dev/null
  br=$(bridge_of tnet)
  "$DOCKNET" -D network connect tnet c1 >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err"
  [ ! -s "$BATS_TEST_TMPDIR/out" ]
  veth=$(ip -o link show master "$br" | awk -F': ' '{print $2}' | sed 's/@.*//')
  grep -qx 'debug: store: lock (exclusive)' "$BATS_TEST_TMPDIR/err"
  grep -qx 'debug: step connect.intent' "$BATS_TEST_TMPDIR/err"
  grep -qx "debug: firewall: add iptables -t raw -A PREROUTING -d 172.18.0.2/32 ! -i $br -j DROP (if missing)" "$BATS_TEST_TMPDIR/err"
  grep -qx "debug: kernel: create interface veth $veth on $br <-> eth0 in /run/netns/c1 172.18.0.2/16 via 172.18.0.1" "$BATS_TEST_TMPDIR/err"
  grep -qx 'debug: hosts: write /etc/netns/c1/hosts (9 lines)' "$BATS_TEST_TMPDIR/err"
  [ "$(grep -c '^debug: store: save' "$BATS_TEST_TMPDIR/err")" -eq 2 ]  # the intent, then the result
  ! grep -v '^debug: ' "$BATS_TEST_TMPDIR/err"
  # A failing call: the failure and every undo step are in the trace.
  # (eth0 is taken in c2, so the interface cannot be made there.)
  dn network disconnect tnet c1
  ip netns add c2
  ip -n c2 link add eth0 type veth peer name other
  run "$DOCKNET" -D network connect --driver-opt com.docker.network.endpoint.ifname=eth0 tnet c2
  [ "$status" -eq 1 ]
  [[ "$output" == *"debug: kernel: create interface veth "*" <-> eth0 in /run/netns/c2 172.18.0.2/16 via 172.18.0.1: failed: "* ]]
  [[ "$output" == *"debug: firewall: delete iptables -t raw -A PREROUTING -d 172.18.0.2/32 ! -i $br -j DROP"* ]]
  ip netns del c1; ip netns del c2
  dn network rm tnet >/dev/null
}
