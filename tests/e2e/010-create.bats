#!/usr/bin/env bats
# network create: output, links, addresses, rules and YAML, and rm undoing all of it.
load helpers

@test "create makes a bridge with the gateway, Docker 29 rules and a YAML entry; rm removes them" {
  run --separate-stderr dn network create bnet
  [ "$status" -eq 0 ]
  [[ "$output" =~ ^[0-9a-f]{64}$ ]]
  id=$output
  br="br-${id:0:12}"
  ip -d link show "$br" | grep -q 'bridge forward_delay'
  ip -br link show "$br" | grep -q 'NO-CARRIER,BROADCAST,MULTICAST,UP'
  ip -o -4 addr show "$br" | grep -q "inet 172.18.0.1/16 brd 172.18.255.255 scope global $br"
  rules -t filter | grep -qx -- "-A DOCKER ! -i $br -o $br -j DROP"
  rules -t filter | grep -qx -- "-A DOCKER-BRIDGE -o $br -j DOCKER"
  rules -t filter | grep -qx -- "-A DOCKER-CT -o $br -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"
  rules -t filter | grep -qx -- "-A DOCKER-FORWARD -i $br -j ACCEPT"
  rules -t nat | grep -qx -- "-A POSTROUTING -s 172.18.0.0/16 ! -o $br -j MASQUERADE"
  grep -q "id: \"$id\"" "$STATE"
  grep -q '{subnet: "172.18.0.0/16", gateway: "172.18.0.1"}' "$STATE"
  run dn network rm bnet
  [ "$status" -eq 0 ]
  assert_output bnet
  ! ip link show "$br" 2>/dev/null
  ! rules | grep -q "$br"
}

@test "the base layout: DOCKER-USER first in FORWARD, policy DROP, forwarding on" {
  rules -t filter | grep -qx ':FORWARD DROP \[0:0\]'
  [ "$(rules -t filter | grep -- '^-A FORWARD' | head -2 | tr '\n' ';')" = "-A FORWARD -j DOCKER-USER;-A FORWARD -j DOCKER-FORWARD;" ]
  [ "$(rules -t filter | grep -- '^-A DOCKER-FORWARD -j' | tr '\n' ';')" = "-A DOCKER-FORWARD -j DOCKER-CT;-A DOCKER-FORWARD -j DOCKER-INTERNAL;-A DOCKER-FORWARD -j DOCKER-BRIDGE;" ]
  rules -t nat | grep -qx -- '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER'
  # No userland proxy: local traffic to any local address, 127.0.0.1 too, goes through DOCKER.
  rules -t nat | grep -qx -- '-A OUTPUT -m addrtype --dst-type LOCAL -j DOCKER'
  rules -t nat | grep -qx -- '-A POSTROUTING -o docker0 -m addrtype --src-type LOCAL -j MASQUERADE'
  [ "$(sysctl -n net.ipv4.conf.docker0.route_localnet)" = 1 ]
  [ "$(cat /proc/sys/net/ipv4/ip_forward)" = 1 ]
  ip -o -4 addr show docker0 | grep -q 'inet 172.17.0.1/16 brd 172.17.255.255'
}

@test "internal network with its own subnet, gateway, MTU, icc=false and a bridge name" {
  run dn create --internal --subnet 10.10.0.0/24 --gateway 10.10.0.254 \
    -o com.docker.network.bridge.name=lab0 -o com.docker.network.driver.mtu=1400 \
    -o com.docker.network.bridge.enable_icc=false --label team=net --label env=ci lab
  [ "$status" -eq 0 ]
  ip link show lab0 | grep -q 'mtu 1400'
  ip -o -4 addr show lab0 | grep -q 'inet 10.10.0.254/24 brd 10.10.0.255'
  rules -t filter | grep -qx -- '-A DOCKER-INTERNAL ! -s 10.10.0.0/24 -o lab0 -j DROP'
  rules -t filter | grep -qx -- '-A DOCKER-INTERNAL ! -d 10.10.0.0/24 -i lab0 -j DROP'
  rules -t filter | grep -qx -- '-A DOCKER-FORWARD -i lab0 -o lab0 -j DROP'
  ! rules -t nat | grep -q lab0
  run dn inspect -f '{{.Internal}} {{json .Labels}} {{json .Options}}' lab
  assert_output 'true {"env":"ci","team":"net"} {"com.docker.network.bridge.enable_icc":"false","com.docker.network.bridge.name":"lab0","com.docker.network.driver.mtu":"1400"}'
  dn rm lab
}

@test "an ip-range and aux addresses; two IPv4 subnets on a bridge are refused" {
  run dn create --subnet 10.20.0.0/16 --ip-range 10.20.5.0/24 --aux-address host1=10.20.0.5 multi
  [ "$status" -eq 0 ]
  run dn inspect -f '{{range .IPAM.Config}}{{.Subnet}},{{.IPRange}},{{.Gateway}},{{json .AuxAddress}};{{end}}' multi
  assert_output '10.20.0.0/16,10.20.5.0/24,10.20.5.0,{"host1":"10.20.0.5"};'
  br=$(bridge_of multi)
  ip -o -4 addr show "$br" | grep -q 'inet 10.20.5.0/16'
  dn rm multi
  # bridge_linux.go:596-597 (docker29-deltas row 2): refused, and the network does not exist.
  run --separate-stderr dn create --subnet 10.20.0.0/16 --subnet 10.21.0.0/24 twosub
  [ "$status" -eq 1 ]
  assert_stderr "Error response from daemon: bridge driver doesn't support multiple subnets"
  run --separate-stderr dn inspect twosub
  [ "$status" -eq 1 ]
  assert_stderr "Error response from daemon: network twosub not found"
}

@test "refusals change nothing: duplicate, predefined, overlap, bad option" {
  dn create dup >/dev/null
  snapshot "$BATS_TEST_TMPDIR/mid"
  run --separate-stderr dn create dup
  [ "$status" -eq 1 ]
  assert_stderr 'Error response from daemon: network with name dup already exists'
  # The daemon's text ends in a space, which the client trims (docker29-deltas row 10): compare
  # the raw stream, which bats' run would trim too.
  ! dn create bridge 2>"$BATS_TEST_TMPDIR/err"
  [ "$(cat "$BATS_TEST_TMPDIR/err")" = 'Error response from daemon: operation is not permitted on predefined bridge network' ]
  run --separate-stderr dn create --subnet 172.18.128.0/24 over
  assert_stderr 'Error response from daemon: invalid pool request: Pool overlaps with other one on this address space'
  run --separate-stderr dn create -o com.docker.network.bridge.enable_icc=maybe badopt
  assert_stderr 'Error response from daemon: failed to parse com.docker.network.bridge.enable_icc value: maybe (strconv.ParseBool: parsing "maybe": invalid syntax)'
  run --separate-stderr dn create --subnet 10.0.0.1/24 hostbits
  assert_stderr $'Error response from daemon: invalid network config:\ninvalid subnet 10.0.0.1/24: it should be 10.0.0.0/24'
  run --separate-stderr dn create --gateway 10.0.0.1 x
  assert_stderr 'every ip-range or gateway must have a corresponding subnet'
  snapshot "$BATS_TEST_TMPDIR/mid2"
  diff -u "$BATS_TEST_TMPDIR/mid" "$BATS_TEST_TMPDIR/mid2"
  dn rm dup
}

@test "flag and argument errors: exit codes 125 and 1 with the usage lines" {
  run --separate-stderr dn network create
  [ "$status" -eq 1 ]
  assert_stderr "docknet: 'docknet network create' requires 1 argument

Usage:  docknet network create [OPTIONS] NETWORK

Run 'docknet network create --help' for more information"
  run --separate-stderr dn network create --bogus x
  [ "$status" -eq 125 ]
  [[ "$stderr" == "unknown flag: --bogus"* ]]
}

@test "docknet works as docker when linked under that name" {
  ln -s "$DOCKNET" "$BATS_TEST_TMPDIR/docker"
  run --separate-stderr "$BATS_TEST_TMPDIR/docker" network create
  assert_stderr "docker: 'docker network create' requires 1 argument

Usage:  docker network create [OPTIONS] NETWORK

Run 'docker network create --help' for more information"
}

@test "create -d '' makes a bridge network, as the daemon's default driver (docker29-deltas row 6)" {
  id=$(dn create -d '' emptydrv)
  [[ "$id" =~ ^[0-9a-f]{64}$ ]]
  run dn ls --filter name=emptydrv --format '{{.Name}} {{.Driver}} {{.Scope}}'
  assert_output "emptydrv bridge local"
  ip link show "br-${id:0:12}" >/dev/null
  run dn rm emptydrv
  assert_output emptydrv
}
