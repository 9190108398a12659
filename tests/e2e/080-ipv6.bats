#!/usr/bin/env bats
# IPv6 on bridge networks: ULA pools, dual-stack and IPv6-only networks, ip6tables, --ip6,
# container routes and sysctls, real IPv6 traffic between namespaces, and rollback.
load helpers

in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
ULA='fd[0-9a-f]{2}:[0-9a-f]{1,4}:[0-9a-f]{1,4}'

@test "--ipv6 without a subnet: a ULA /64, both gateways, Docker's ip6tables layout, IPv6 traffic" {
  ip netns add c1; ip netns add c2
  dn network create --ipv6 v6 >/dev/null
  br=$(bridge_of v6)
  run dn network inspect -f '{{.EnableIPv4}} {{.EnableIPv6}} {{range .IPAM.Config}}{{.Subnet}}={{.Gateway}} {{end}}' v6
  [[ "$output" =~ ^true\ true\ 172\.18\.0\.0/16=172\.18\.0\.1\ ($ULA)::/64=($ULA)::1\ $ ]]
  subnet6=$(dn network inspect -f '{{(index .IPAM.Config 1).Subnet}}' v6)
  prefix=${subnet6%::/64}
  ip -o -6 addr show dev "$br" | grep -q "inet6 $prefix::1/64 scope global"
  [ "$(cat /proc/sys/net/ipv6/conf/$br/accept_ra)" = 0 ]
  [ "$(cat /proc/sys/net/ipv6/conf/all/forwarding)" = 1 ]
  rules6 | grep -qx ':FORWARD DROP \[0:0\]'
  rules6 -t nat | grep -qx -- "-A POSTROUTING -s $subnet6 ! -o $br -j MASQUERADE"
  rules6 -t nat | grep -qx -- "-A OUTPUT -m addrtype --dst-type LOCAL -j DOCKER"
  rules6 -t nat | grep -qx -- "-A POSTROUTING -o $br -m addrtype --src-type LOCAL -j MASQUERADE"
  rules6 -t filter | grep -qx -- "-A DOCKER ! -i $br -o $br -j DROP"
  rules6 -t filter | grep -qx -- "-A DOCKER-FORWARD -i $br -j ACCEPT"
  [ "$(rules6 -t filter | grep -- '-A FORWARD' | head -1)" = "-A FORWARD -j DOCKER-USER" ]
  run dn network ls --filter name=v6 --format '{{.Name}} {{.IPv4}} {{.IPv6}}'
  assert_output 'v6 true true'

  dn network connect v6 c1
  dn network connect v6 c2
  in_ns c1 ip -o -6 addr show eth0 scope global | grep -q "inet6 $prefix::2/64"
  in_ns c1 ip -6 route | grep -q "^default via $prefix::1 dev eth0"
  in_ns c1 ip route | grep -q '^default via 172.18.0.1 dev eth0'
  rules6 -t raw | grep -qx -- "-A PREROUTING -d $prefix::2/128 ! -i $br -j DROP"
  run dn network inspect -f '{{range .Containers}}{{.IPv6Address}} {{end}}' v6
  [[ "$output" == *"$prefix::2/64"* && "$output" == *"$prefix::3/64"* ]]
  grep -q "^$prefix::3	c2 " /etc/netns/c1/hosts
  in_ns c1 ping -6 -c1 -W2 "$prefix::3" >/dev/null
  in_ns c2 ping -6 -c1 -W2 c1 >/dev/null
  dn network disconnect v6 c1; dn network disconnect v6 c2
  ! rules6 -t raw | grep -q "$prefix"
  dn network rm v6
  ! rules6 | grep -q "$br"
  ip netns del c1; ip netns del c2
}

@test "a user IPv6 subnet with an automatic IPv4 pool: the user's entry first (docker29-deltas row 4)" {
  dn network create --ipv6 --subnet fd00:7::/64 v6user >/dev/null
  run dn network inspect -f '{{.EnableIPv6}} {{json .IPAM.Config}}' v6user
  [[ "$output" =~ ^true\ \[\{\"Subnet\":\"fd00:7::/64\",\"Gateway\":\"fd00:7::1\"\},\{\"Subnet\":\"172\.[0-9]+\.0\.0/16\",\"Gateway\":\"172\.[0-9]+\.0\.1\"\}\]$ ]]
  dn network rm v6user >/dev/null
}

@test "--ipv4=false: an IPv6-only network, --ip6, no IPv4 anywhere" {
  ip netns add c1; ip netns add c2
  dn network create --ipv6 --ipv4=false --subnet fd00:1::/64 only6 >/dev/null
  br=$(bridge_of only6)
  run dn network inspect -f '{{.EnableIPv4}} {{json .IPAM.Config}}' only6
  assert_output 'false [{"Subnet":"fd00:1::/64","Gateway":"fd00:1::1"}]'
  ! ip -o -4 addr show dev "$br" | grep -q inet
  ! rules | grep -q "$br"
  rules6 -t filter | grep -qx -- "-A DOCKER-CT -o $br -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"
  dn network connect --ip6 fd00:1::99 only6 c1
  dn network connect only6 c2
  ! in_ns c1 ip -o -4 addr show eth0 | grep -q inet
  in_ns c1 ip -o -6 addr show eth0 | grep -q 'inet6 fd00:1::99/64'
  in_ns c2 ip -o -6 addr show eth0 | grep -q 'inet6 fd00:1::2/64'
  in_ns c1 ip -6 route | grep -q '^default via fd00:1::1 dev eth0'
  run dn network inspect -f '{{range .Containers}}[{{.IPv4Address}}|{{.IPv6Address}}]{{end}}' only6
  [[ "$output" == *"[|fd00:1::99/64]"* ]]
  in_ns c2 ping -6 -c1 -W2 fd00:1::99 >/dev/null
  run --separate-stderr dn network connect --ip6 fd00:1::99 only6 c2
  [ "$status" -eq 1 ]
  run --separate-stderr dn network connect --ip6 172.18.0.5 only6 c2
  # Docker 29.7 reports both reasons (container_operations.go:561-585; docker29-deltas row 14c).
  [ "$status" -eq 1 ]
  assert_stderr $'Error response from daemon: invalid endpoint settings:\n* invalid IPv6 address: 172.18.0.5\n* no configured subnet contains IP address 172.18.0.5'
  dn network disconnect only6 c1; dn network disconnect only6 c2
  dn network rm only6
  ip netns del c1; ip netns del c2
}

@test "internal and routed IPv6 networks; refusals in Docker's words" {
  dn network create --ipv6 --internal --subnet fd00:2::/64 i6 >/dev/null
  dn network create --ipv6 --subnet fd00:3::/64 -o com.docker.network.bridge.gateway_mode_ipv6=routed r6 >/dev/null
  bi=$(bridge_of i6); brt=$(bridge_of r6)
  rules6 -t filter | grep -qx -- "-A DOCKER-INTERNAL ! -s fd00:2::/64 ! -i $bi -o $bi -j DROP"
  rules6 -t filter | grep -qx -- "-A DOCKER-INTERNAL ! -d fd00:2::/64 -i $bi ! -o $bi -j DROP"
  rules6 -t filter | grep -qx -- "-A DOCKER -o $brt -p ipv6-icmp -j ACCEPT"
  ! rules6 -t nat | grep -q "fd00:3::"
  rules -t nat | grep -q -- "! -o $brt -j MASQUERADE"  # IPv4 keeps nat
  run --separate-stderr dn network create --ipv4=false nofamily
  [ "$status" -eq 1 ]; assert_stderr 'Error response from daemon: IPv4 or IPv6 must be enabled'
  run --separate-stderr dn network create --ipv6 --subnet fe80::/80 ll
  [ "$status" -eq 1 ]; assert_stderr "Error response from daemon: 'fe80::1/80' clashes with the Link-Local prefix 'fe80::/64'"
  run --separate-stderr dn network create --ipv6 --subnet fd00:2::/64 overlap
  [ "$status" -eq 1 ]; assert_stderr 'Error response from daemon: invalid pool request: Pool overlaps with other one on this address space'
  run --separate-stderr dn network create -o com.docker.network.bridge.gateway_mode_ipv6=isolated iso
  [ "$status" -eq 1 ]; assert_stderr "Error response from daemon: gateway mode 'isolated' can only be used for an internal network"
  dn network rm i6 r6
}

@test "endpoint sysctls, the interface prefix, and IPv6 off on an IPv4-only interface" {
  ip netns add c1
  dn network create -o com.docker.network.container_iface_prefix=ctr pfx >/dev/null
  dn network connect --driver-opt '"com.docker.network.endpoint.sysctls=net.ipv4.conf.IFNAME.log_martians=1,net.ipv4.conf.IFNAME.forwarding=1"' pfx c1
  in_ns c1 ip link show ctr0 >/dev/null
  [ "$(in_ns c1 cat /proc/sys/net/ipv4/conf/ctr0/log_martians)" = 1 ]
  [ "$(in_ns c1 cat /proc/sys/net/ipv4/conf/ctr0/forwarding)" = 1 ]
  [ "$(in_ns c1 cat /proc/sys/net/ipv6/conf/ctr0/disable_ipv6)" = 1 ]
  run --separate-stderr dn network connect --driver-opt com.docker.network.endpoint.sysctls=net.ipv4.conf.eth0.forwarding=1 bridge c1
  [ "$status" -eq 1 ]
  assert_stderr "Error response from daemon: invalid endpoint settings:
unrecognised network interface sysctl 'net.ipv4.conf.eth0.forwarding=1'; represent 'net.X.Y.ethN.Z=V' as 'net.X.Y.IFNAME.Z=V', 'X' must be 'ipv4', 'ipv6' or 'mpls'"
  dn network disconnect pfx c1
  dn network rm pfx
  ip netns del c1
}
