#!/usr/bin/env bats
# docknet network check [--repair]: drift between the kernel and the store.
load helpers

HOOKS=${DOCKNET_HOOKS:?set DOCKNET_HOOKS to the docknet-testhooks binary}

@test "check: a clean state exits 0 and prints nothing" {
  dn create --ipv6 --subnet fd00:90::/64 web >/dev/null
  dn create --internal lab >/dev/null
  ip netns add c1
  dn connect web c1
  run --separate-stderr dn network check
  [ "$status" -eq 0 ]
  assert_output ''
  run dn check web lab
  [ "$status" -eq 0 ]
  dn disconnect web c1; ip netns del c1
  dn rm web lab
}

@test "check: a bridge deleted by hand is listed, --repair makes it and its veth again" {
  dn create --subnet 10.91.0.0/24 web >/dev/null
  br=$(bridge_of web)
  ip netns add c1
  dn connect web c1
  veth=$(ip -o link show master "$br" | awk -F': ' '{print $2}' | sed 's/@.*//')
  ip link del "$br"
  run dn check
  [ "$status" -eq 1 ]
  [[ "$output" == *"network web: missing bridge $br"* ]]
  [[ "$output" == *"network web: veth $veth of container c1 is not on $br"* ]]
  run dn check --repair
  [ "$status" -eq 0 ]
  [[ "$output" == *"network web: missing bridge $br"* ]]
  run dn check
  [ "$status" -eq 0 ]
  assert_output ''
  ip -o addr show dev "$br" | grep -q 10.91.0.1/24
  ip netns exec c1 ping -c1 -W2 10.91.0.1 >/dev/null
  dn disconnect web c1; ip netns del c1
  dn rm web
}

@test "check: an address taken off and a bridge set down are listed and repaired" {
  dn create --subnet 10.92.0.0/24 web >/dev/null
  br=$(bridge_of web)
  ip addr del 10.92.0.1/24 dev "$br"
  ip link set "$br" down
  run dn check web
  [ "$status" -eq 1 ]
  assert_output "network web: bridge $br is down
network web: missing address 10.92.0.1/24 on $br"
  run dn check --repair web
  [ "$status" -eq 0 ]
  run dn check
  [ "$status" -eq 0 ]
  dn rm web
}

@test "check: a deleted rule and a stray are listed; --repair keeps every rule that is not docknet's" {
  dn create web >/dev/null
  br=$(bridge_of web)
  $IPT -D DOCKER-CT -o "$br" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
  $IPT -A DOCKER -i "$br" -j ACCEPT
  # Not docknet's, though in its chains: a bridge it does not know (a Docker daemon's, another
  # state root's), a wildcard, a target docknet never writes.
  $IPT -A DOCKER-FORWARD -i br-0123456789ab -j ACCEPT
  $IPT -A DOCKER-FORWARD -o "${br:0:6}+" -j ACCEPT
  $IPT -A DOCKER -i "$br" -j LOG
  $IPT -A DOCKER-USER -i br-0123456789ab -j DROP
  $IPT -A DOCKER-USER -s 192.0.2.0/24 -j RETURN
  run dn check
  [ "$status" -eq 1 ]
  assert_output "network web: missing rule iptables -t filter -A DOCKER-CT -o $br -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
network web: stray rule iptables -t filter -A DOCKER -i $br -j ACCEPT"
  run dn check --repair
  [ "$status" -eq 0 ]
  run dn check
  [ "$status" -eq 0 ]
  assert_output ''
  $IPT -S DOCKER-CT | grep -q -- "-o $br -m conntrack"
  ! $IPT -S DOCKER | grep -q -- "-i $br -j ACCEPT"
  $IPT -S DOCKER | grep -q -- "-i $br -j LOG"
  $IPT -S DOCKER-FORWARD | grep -q -- "-i br-0123456789ab -j ACCEPT"
  $IPT -S DOCKER-FORWARD | grep -q -- "-o ${br:0:6}+ -j ACCEPT"
  $IPT -D DOCKER -i "$br" -j LOG
  $IPT -D DOCKER-FORWARD -i br-0123456789ab -j ACCEPT
  $IPT -D DOCKER-FORWARD -o "${br:0:6}+" -j ACCEPT
  [ "$($IPT -S DOCKER-USER)" = "-N DOCKER-USER
-A DOCKER-USER -i br-0123456789ab -j DROP
-A DOCKER-USER -s 192.0.2.0/24 -j RETURN" ]
  $IPT -F DOCKER-USER
  dn rm web
}

@test "check: a flushed chain and a deleted IPv6 rule are repaired" {
  dn create --ipv6 --subnet fd00:93::/64 web6 >/dev/null
  br=$(bridge_of web6)
  $IPT -F DOCKER-BRIDGE
  $IP6T -D DOCKER-FORWARD -i "$br" -j ACCEPT
  run dn check
  [ "$status" -eq 1 ]
  [[ "$output" == *"network web6: missing rule ip6tables -t filter -A DOCKER-FORWARD -i $br -j ACCEPT"* ]]
  [[ "$output" == *"network bridge: missing rule iptables -t filter -A DOCKER-BRIDGE -o docker0 -j DOCKER"* ]]
  dn check --repair >/dev/null
  dn check
  dn rm web6
}

@test "check: a veth deleted by hand, and the container end gone, are repaired" {
  dn create --subnet 10.94.0.0/24 web >/dev/null
  ip netns add c1; ip netns add c2
  dn connect web c1
  dn connect web c2
  veth=$(ip -o link show master "$(bridge_of web)" | head -1 | awk -F': ' '{print $2}' | sed 's/@.*//')
  ip link del "$veth"
  ip -n c2 link del eth0 2>/dev/null || true
  run dn check
  [ "$status" -eq 1 ]
  [[ "$output" == *"missing veth $veth of container"* ]]
  [[ "$output" == *"missing interface eth0 in container"* ]]
  dn check --repair >/dev/null
  run dn check
  [ "$status" -eq 0 ]
  ip netns exec c1 ping -c1 -W2 10.94.0.1 >/dev/null
  ip netns exec c2 ping -c1 -W2 10.94.0.1 >/dev/null
  dn disconnect web c1; dn disconnect web c2; ip netns del c1; ip netns del c2
  dn rm web
}

@test "check: a bridge name taken by a veth is reported, never repaired by taking it over" {
  dn create -o com.docker.network.bridge.name=brq q >/dev/null
  ip link del brq
  ip link add brq type veth peer name brqp
  run --separate-stderr dn check --repair q
  [ "$status" -eq 1 ]
  [[ "$output" == "network q: existing interface brq is not a bridge (veth)"* ]]
  [[ "$stderr" == *"not repaired: network q: existing interface brq is not a bridge"* ]]
  [[ "$output" == *"network q: rule on a link that is not a bridge iptables -t filter -A DOCKER-FORWARD -i brq -j ACCEPT"* ]]
  ! ip -o addr show dev brq | grep -q inet
  # its rules would filter that link's traffic: the repair took them away, in every table
  ! $IPT-save | grep -q brq
  dn rm q
  ip link del brq
}

@test "check: unknown network, help, a plain check changes nothing" {
  run --separate-stderr dn check nosuch
  [ "$status" -eq 1 ]
  assert_stderr 'Error response from daemon: network nosuch not found'
  run dn check --help
  [[ "$output" == *"--repair"* ]]
  dn create web >/dev/null
  ip link del "$(bridge_of web)"
  snapshot "$BATS_TEST_TMPDIR/s1"
  run dn check
  [ "$status" -eq 1 ]
  snapshot "$BATS_TEST_TMPDIR/s2"
  diff -u "$BATS_TEST_TMPDIR/s1" "$BATS_TEST_TMPDIR/s2"
  dn check --repair >/dev/null
  dn rm web
}

# --repair at each of its steps failed or killed: a later --repair still makes it whole.
@test "check --repair: fail or crash at every step, then another --repair converges" {
  dn create --subnet 10.95.0.0/24 web >/dev/null
  ip netns add c1
  dn connect web c1
  br=$(bridge_of web)
  damage() { ip link del "$br"; $IPT -A DOCKER -i "$br" -j ACCEPT; }
  damage
  log=$BATS_TEST_TMPDIR/steps
  DOCKNET_TEST_STEPS_LOG=$log "$HOOKS" check --repair >/dev/null
  grep -q '^repair\.bridge$' "$log"
  grep -q '^repair\.interface$' "$log"
  grep -q '^repair\.remove_strays$' "$log"
  echo "repair: $(wc -l < "$log") steps: $(tr '\n' ' ' < "$log")" >&3
  while read -r step; do
    damage
    run env DOCKNET_TEST_FAIL_STEP="$step" "$HOOKS" check --repair
    [ "$status" -ne 0 ] || { echo "fail at $step: the call succeeded" >&2; return 1; }
    dn check --repair >/dev/null || { echo "after fail at $step: repair did not converge" >&2; return 1; }
    dn check
    damage
    run env DOCKNET_TEST_CRASH_STEP="$step" "$HOOKS" check --repair
    [ "$status" -eq 137 ] || { echo "crash at $step: status $status" >&2; return 1; }
    dn check --repair >/dev/null || { echo "after crash at $step: repair did not converge" >&2; return 1; }
    dn check
  done < "$log"
  dn disconnect web c1; ip netns del c1
  dn rm web
}
