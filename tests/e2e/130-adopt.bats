#!/usr/bin/env bats
# Never adopt what docknet did not make (issue 9): a link that is not a bridge is refused as a
# network's bridge, a bridge name used twice is refused, and a bridge docknet found keeps itself
# and its own addresses after rm.
load helpers

world() { { links; echo ---; addresses; echo ---; rules; echo ---; rules6; echo ---; cat "$STATE"; } > "$1"; }

@test "adopt: an eth0-like veth is refused as a bridge, nothing changes" {
  ip link add eth0 type veth peer name eth0p
  ip addr add 192.0.2.10/24 dev eth0
  world "$BATS_TEST_TMPDIR/w1"
  run --separate-stderr dn create -o com.docker.network.bridge.name=eth0 x
  [ "$status" -eq 1 ]
  assert_stderr 'Error response from daemon: existing interface eth0 is not a bridge'
  world "$BATS_TEST_TMPDIR/w2"
  diff -u "$BATS_TEST_TMPDIR/w1" "$BATS_TEST_TMPDIR/w2"
  ip link del eth0
}

@test "adopt: lo is refused as a bridge" {
  world "$BATS_TEST_TMPDIR/w1"
  run --separate-stderr dn create -o com.docker.network.bridge.name=lo y
  [ "$status" -eq 1 ]
  assert_stderr 'Error response from daemon: existing interface lo is not a bridge'
  world "$BATS_TEST_TMPDIR/w2"
  diff -u "$BATS_TEST_TMPDIR/w1" "$BATS_TEST_TMPDIR/w2"
}

@test "adopt: a foreign bridge with the gateway is used as it is; rm leaves it and its own addresses" {
  ip link add brfor type bridge
  ip addr add 10.77.0.5/24 dev brfor
  ip addr add 10.88.0.1/24 dev brfor  # the gateway: the bridge's own, used as it is
  ip addr add fd00:88::1/64 dev brfor nodad
  ip link set brfor up
  addrs() { ip -o addr show dev brfor | awk '$3 != "inet6" || $4 !~ /^fe80/ {print $4}' | sort | tr '\n' ' '; }
  before=$(addrs)
  dn create -o com.docker.network.bridge.name=brfor --subnet 10.88.0.0/24 --subnet fd00:88::/64 --ipv6 f >/dev/null
  grep -q 'bridge_addresses_found: "10.77.0.5/24,10.88.0.1/24,fd00:88::1/64"' "$STATE"
  [ "$(addrs)" = "$before" ]  # nothing added
  $IPT -S DOCKER-FORWARD | grep -q -- '-i brfor -j ACCEPT'
  ip netns add c1
  dn connect f c1
  ip netns exec c1 ping -c1 -W2 10.88.0.1 >/dev/null
  dn disconnect f c1
  ip netns del c1
  dn rm f
  [ "$(addrs)" = "$before" ]
  ! $IPT -S | grep -q brfor
  ip link del brfor
}

@test "adopt: a foreign bridge with another address is refused naming both; nothing is added or left" {
  ip link add brfor type bridge
  ip addr add 10.77.0.5/24 dev brfor
  world "$BATS_TEST_TMPDIR/w1"
  run --separate-stderr dn create -o com.docker.network.bridge.name=brfor --subnet 10.88.0.0/24 f
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"bridge brfor was not made by docknet and has 10.77.0.5/24, not the gateway 10.88.0.1/24 this network needs"* ]]
  world "$BATS_TEST_TMPDIR/w2"
  diff -u "$BATS_TEST_TMPDIR/w1" "$BATS_TEST_TMPDIR/w2"
  ip link del brfor
}

@test "adopt: a failed create on a foreign bridge leaves it exactly as it was" {
  ip link add brfor type bridge
  ip addr add 10.88.0.1/24 dev brfor
  world "$BATS_TEST_TMPDIR/w1"
  run env DOCKNET_TEST_FAIL_STEP=create.firewall "$DOCKNET_HOOKS" create -o com.docker.network.bridge.name=brfor --subnet 10.88.0.0/24 f
  [ "$status" -eq 1 ]
  world "$BATS_TEST_TMPDIR/w2"
  diff -u "$BATS_TEST_TMPDIR/w1" "$BATS_TEST_TMPDIR/w2"
  ip link del brfor
}

@test "adopt: a bridge name used by another network is refused with Docker's text" {
  id=$(dn create -o com.docker.network.bridge.name=brx a)
  run --separate-stderr dn create -o com.docker.network.bridge.name=brx b
  [ "$status" -eq 1 ]
  [[ "$stderr" =~ ^'Error response from daemon: cannot create network '[0-9a-f]{64}' (brx): conflicts with network '$id' (brx): networks have same bridge name'$ ]]
  ! dn inspect b >/dev/null 2>&1
  run --separate-stderr dn create -o com.docker.network.bridge.name=docker0 c
  [ "$status" -eq 1 ]
  [[ "$stderr" == *'(docker0): networks have same bridge name' ]]
  dn rm a
}

@test "adopt: connect to a network whose bridge became another kind of link says so" {
  dn create -o com.docker.network.bridge.name=brz z >/dev/null
  ip link del brz
  ip link add brz type veth peer name brzp
  ip netns add c1
  run --separate-stderr dn connect z c1
  [ "$status" -eq 1 ]
  assert_stderr 'Error response from daemon: cannot connect to network z: existing interface brz is not a bridge'
  # rm never deletes that link, nor takes anything off it
  dn rm z
  ip link show brz >/dev/null
  ip link del brz
  ip netns del c1
}

@test "adopt: restore after a reboot skips a bridge name now held by another kind of link" {
  dn create -o com.docker.network.bridge.name=brz --subnet 10.66.0.0/24 z >/dev/null
  ip link del brz
  ip link add brz type veth peer name brzp
  $IPT -F DOCKER-FORWARD; $IPT -F DOCKER-CT; $IPT -F DOCKER-BRIDGE; $IPT -F DOCKER
  sed -i 's/^boot_id: .*/boot_id: "before-reboot"/' "$STATE"
  run --separate-stderr dn create other
  [ "$status" -eq 0 ]
  [[ "$stderr" == *'warning: network z not restored: existing interface brz is not a bridge'* ]]
  ! ip -o addr show dev brz | grep -q 10.66.0.1
  ! $IPT -S | grep -q brz
  # the other networks are restored
  $IPT -S DOCKER-FORWARD | grep -q -- '-i docker0 -j ACCEPT'
  run dn check z
  [ "$status" -eq 1 ]
  [[ "$output" == *'network z: existing interface brz is not a bridge'* ]]
  dn rm z other
  ip link del brz
}
