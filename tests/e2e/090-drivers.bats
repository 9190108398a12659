#!/usr/bin/env bats
# macvlan and ipvlan on a veth end as parent (this kernel has no dummy, vlan or ipvlan), the
# none and host networks, and the errors Docker gives for each.
load helpers

in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

setup() {
  ip link add vparent type veth peer name vpeer
  ip link set vparent up; ip link set vpeer up
  snapshot "$BATS_TEST_TMPDIR/before"
}

teardown() {
  snapshot "$BATS_TEST_TMPDIR/after"
  ip link del vparent 2>/dev/null || true
  if ! diff -u "$BATS_TEST_TMPDIR/before" "$BATS_TEST_TMPDIR/after"; then
    for ns in $(ip netns list | awk '{print $1}'); do ip netns del "$ns"; done
    for n in $(dn ls -q --filter type=custom); do dn rm "$n" >/dev/null 2>&1 || true; done
    echo "test left state behind (diff above)" >&2
    return 1
  fi
}

@test "macvlan: sub-interfaces born in the namespaces, modes, the gateway route, traffic, no bridge or rules" {
  ip netns add c1; ip netns add c2
  dn network create -d macvlan -o parent=vparent --subnet 10.50.0.0/24 --gateway 10.50.0.254 mv >/dev/null
  run dn network inspect -f '{{.Driver}} {{json .Options}} {{json .IPAM.Config}}' mv
  assert_output 'macvlan {"parent":"vparent"} [{"Subnet":"10.50.0.0/24","Gateway":"10.50.0.254"}]'
  run dn network ls --filter driver=macvlan --format '{{.Name}} {{.Driver}} {{.Scope}}'
  assert_output 'mv macvlan local'
  dn network connect mv c1
  dn network connect --ip 10.50.0.20 mv c2
  in_ns c1 ip -d link show eth0 | grep -q 'macvlan mode bridge'
  in_ns c1 ip -o -4 addr show eth0 | grep -q 'inet 10.50.0.1/24 brd 10.50.0.255'
  in_ns c1 ip route | grep -q '^default via 10.50.0.254 dev eth0'
  [ "$(in_ns c1 cat /proc/sys/net/ipv6/conf/eth0/disable_ipv6)" = 1 ]
  mac=$(dn network inspect -f '{{range .Containers}}{{if eq .Name "c1"}}{{.MacAddress}}{{end}}{{end}}' mv)
  in_ns c1 ip link show eth0 | grep -q "link/ether $mac"
  ! ip -o link | grep -q 'br-'
  ! rules | grep -q 10.50.0
  in_ns c1 ping -c1 -W2 10.50.0.20 >/dev/null
  in_ns c1 ping -c1 -W2 c2 >/dev/null
  dn network disconnect mv c1
  ! in_ns c1 ip link show eth0 2>/dev/null
  dn network disconnect mv c2
  dn network create -d macvlan -o parent=vparent -o macvlan_mode=private mvp >/dev/null
  dn network connect mvp c1
  in_ns c1 ip -d link show eth0 | grep -q 'macvlan mode private'
  run dn network inspect -f '{{(index .IPAM.Config 0).Subnet}} [{{(index .IPAM.Config 0).Gateway}}]' mvp
  assert_output '172.18.0.0/16 []'  # Docker 28+: no gateway unless --gateway
  ! in_ns c1 ip route | grep -q default
  dn network disconnect mvp c1
  dn network rm mv mvp
  ip link show vparent >/dev/null  # the user's parent stays
  ip netns del c1; ip netns del c2
}

@test "macvlan with IPv6: dual-stack addresses and the user's IPv6 gateway" {
  ip netns add c1
  dn network create -d macvlan -o parent=vparent --ipv6 --subnet 10.51.0.0/24 --subnet fd00:51::/64 --gateway fd00:51::fe mv6 >/dev/null
  dn network connect mv6 c1
  in_ns c1 ip -o -6 addr show eth0 scope global | grep -q 'inet6 fd00:51::1/64'
  in_ns c1 ip -6 route | grep -q '^default via fd00:51::fe dev eth0'
  ! in_ns c1 ip -4 route | grep -q default
  dn network disconnect mv6 c1
  dn network rm mv6
  # A parent that went away after create: Docker's words at connect, and nothing changes.
  ip link add gone type veth peer name gone-peer
  dn network create -d macvlan -o parent=gone mvg >/dev/null
  ip link del gone
  run --separate-stderr dn network connect mvg c1
  [ "$status" -eq 1 ]
  assert_stderr 'Error response from daemon: the requested parent interface gone was not found on the Docker host'
  [ "$(in_ns c1 ip -o link | wc -l)" = 1 ]
  dn network rm mvg
  ip netns del c1
}

@test "macvlan/ipvlan refusals and missing kernel features, each leaving nothing behind" {
  ip netns add c1
  run --separate-stderr dn network create -d macvlan -o parent=vparent -o macvlan_mode=nope x
  [ "$status" -eq 1 ]
  assert_stderr "Error response from daemon: requested macvlan mode 'nope' is not valid, 'bridge' mode is the macvlan driver default"
  run --separate-stderr dn network create -d macvlan -o parent=lo x
  [ "$status" -eq 1 ]; assert_stderr 'Error response from daemon: loopback interface is not a valid macvlan parent link'
  run --separate-stderr dn network create -d macvlan -o parent=nosuch.10 x
  [ "$status" -eq 1 ]; assert_stderr 'Error response from daemon: -o parent interface was not found on the host: nosuch'
  run --separate-stderr dn network create -d macvlan -o parent=vparent.10 x
  [ "$status" -eq 1 ]
  [[ "$stderr" == "Error response from daemon: failed to create vparent.10 vlan link: this kernel has no 802.1Q vlan link support"* ]]
  run --separate-stderr dn network create -d macvlan x
  # Docker's raw netlink error when the kernel has no dummy links (docker29-deltas row 21).
  [ "$status" -eq 1 ]; assert_stderr 'Error response from daemon: operation not supported'
  run --separate-stderr dn network create -d ipvlan -o parent=vparent -o ipvlan_mode=l4 x
  [ "$status" -eq 1 ]
  assert_stderr "Error response from daemon: requested ipvlan mode 'l4' is not valid, 'l2' mode is the ipvlan driver default"
  [ -z "$(dn network ls -q --filter name=^x$)" ]

  id=$(dn network create -d macvlan -o parent=vparent -o macvlan_mode=passthru pt)
  run --separate-stderr dn network create -d macvlan -o parent=vparent other
  [ "$status" -eq 1 ]
  assert_stderr "Error response from daemon: macvlan network $id is already using parent interface vparent in mode passthru"
  dn network rm pt
  iv=$(dn network create -d ipvlan -o parent=vparent -o ipvlan_mode=l3 iv)
  run --separate-stderr dn network create -d ipvlan -o parent=vparent iv2
  [ "$status" -eq 1 ]
  assert_stderr "Error response from daemon: network di-${iv:0:12} is already using parent interface vparent"
  run dn network inspect -f '{{json .Options}}' iv
  assert_output '{"ipvlan_mode":"l3","parent":"vparent"}'
  if ! ip link add ivprobe link vparent type ipvlan 2>/dev/null; then
    run --separate-stderr dn network connect iv c1
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"this kernel has no ipvlan link support (CONFIG_IPVLAN)" ]]
    [ "$(dn network inspect -f '{{len .Containers}}' iv)" = 0 ]
    [ "$(in_ns c1 ip -o link | wc -l)" = 1 ]
  else
    ip link del ivprobe  # this kernel has ipvlan: check links, routes and traffic too
    ip netns add c2
    dn network connect iv c1
    dn network connect iv c2
    in_ns c1 ip -d link show eth0 | grep -q 'ipvlan  mode l3'
    in_ns c1 ip route | grep -q '^default dev eth0'
    ip2=$(dn network inspect -f '{{range .Containers}}{{if eq .Name "c2"}}{{.IPv4Address}}{{end}}{{end}}' iv)
    in_ns c1 ping -c1 -W2 "${ip2%/*}" >/dev/null
    dn network disconnect iv c1; dn network disconnect iv c2
    ip netns del c2
  fi
  dn network rm iv
  ip netns del c1
}

@test "none gives an endpoint without interface and excludes other networks; host refuses" {
  ip netns add c1; ip netns add c2
  dn network connect none c1
  [ "$(in_ns c1 ip -o link | wc -l)" = 1 ]
  run dn network inspect -f '{{range .Containers}}{{.Name}} [{{.IPv4Address}}] [{{.MacAddress}}]{{end}}' none
  assert_output 'c1 [] []'
  run --separate-stderr dn network connect bridge c1
  [ "$status" -eq 1 ]
  assert_stderr 'Error response from daemon: container cannot be connected to multiple networks with one of the networks in private (none) mode'
  dn network connect bridge c2
  run --separate-stderr dn network connect none c2
  [ "$status" -eq 1 ]
  run --separate-stderr dn network connect host c2
  [ "$status" -eq 1 ]
  assert_stderr 'Error response from daemon: cannot connect container to host network - container must be created in host network mode'
  run --separate-stderr dn network connect bridge /proc/self/ns/net
  [ "$status" -eq 1 ]
  assert_stderr 'Error response from daemon: container sharing network namespace with another container or host cannot be connected to any other network'
  dn network disconnect none c1
  dn network disconnect bridge c2
  ip netns del c1; ip netns del c2
}
