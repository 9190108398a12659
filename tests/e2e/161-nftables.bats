#!/usr/bin/env bats
# The nf_tables backend as an nf_tables host sees it: encoded as iptables-nft encodes the same
# rules, editable through DOCKER-USER, effective next to a ufw-style FORWARD drop; plus backend
# switches and daemon.json's iptables/ip6tables keys. Runs in the nf_tables pass of `make e2e`.
load helpers

setup() {
  [ "$FIREWALL" = iptables-nft ] || skip "nf_tables backend tests"
  cp "$DOCKNET_CONFIG" "$BATS_TEST_TMPDIR/config"
  snapshot "$BATS_TEST_TMPDIR/before"
}

teardown() {
  [ "$FIREWALL" = iptables-nft ] || return 0
  cp "$BATS_TEST_TMPDIR/config" "$DOCKNET_CONFIG"
  snapshot "$BATS_TEST_TMPDIR/after"
  diff -u "$BATS_TEST_TMPDIR/before" "$BATS_TEST_TMPDIR/after"
}

nft_rules() { nft --debug=netlink list ruleset 2>/dev/null | normalize_nft; }

@test "rules are encoded exactly as iptables-nft encodes them" {
  dn create --ipv6 --subnet fd00:5::/64 enc1 >/dev/null
  dn create --internal enc2 >/dev/null
  dn create -o com.docker.network.bridge.enable_icc=false --subnet 10.77.0.0/17 enc3 >/dev/null
  dn create -o com.docker.network.bridge.gateway_mode_ipv4=routed enc4 >/dev/null
  dn create --ipv6 -o com.docker.network.host_ipv4=192.0.2.7 -o com.docker.network.host_ipv6=fd34::7 enc5 >/dev/null
  ip netns add ec1
  dn connect -p 8080:80 -p 127.0.0.1:9000:53/udp -p '[::1]:8082:80' enc1 ec1
  iptables-nft-save > "$BATS_TEST_TMPDIR/v4"
  ip6tables-nft-save > "$BATS_TEST_TMPDIR/v6"
  nft_rules > "$BATS_TEST_TMPDIR/docknet"
  # The same listing loaded by iptables-nft itself, in a namespace of its own.
  unshare --net sh -c "iptables-nft-restore < $BATS_TEST_TMPDIR/v4 && ip6tables-nft-restore < $BATS_TEST_TMPDIR/v6 &&
    nft --debug=netlink list ruleset" 2>/dev/null | normalize_nft > "$BATS_TEST_TMPDIR/iptables-nft"
  dn disconnect enc1 ec1; ip netns del ec1
  dn rm enc1 enc2 enc3 enc4 enc5 >/dev/null
  [ "$(wc -l < "$BATS_TEST_TMPDIR/docknet")" -gt 40 ]
  grep -q 'match name conntrack rev 3' "$BATS_TEST_TMPDIR/docknet"
  grep -q 'ip nat POSTROUTING.*target name SNAT rev 0' "$BATS_TEST_TMPDIR/docknet"
  grep -q 'ip6 nat POSTROUTING.*target name SNAT rev 1' "$BATS_TEST_TMPDIR/docknet"
  grep -q 'ip nat DOCKER.*target name DNAT rev 2' "$BATS_TEST_TMPDIR/docknet"
  grep -q 'ip6 nat DOCKER.*target name DNAT rev 2' "$BATS_TEST_TMPDIR/docknet"
  grep -q 'ip raw PREROUTING.*cmp eq reg 1 0x00002823' "$BATS_TEST_TMPDIR/docknet"
  # docknet writes the expressions iptables-nft 1.8.9 writes (Debian 12's). A later iptables-nft
  # (1.8.11 on Debian 13) lays the same rules out another way, so there the check is that it reads
  # docknet's rules back as exactly the listing it writes for itself.
  if [[ "$(iptables-nft --version)" == "iptables v1.8.9 (nf_tables)" ]]; then
    diff -u "$BATS_TEST_TMPDIR/iptables-nft" "$BATS_TEST_TMPDIR/docknet"
  else
    unshare --net sh -c "iptables-nft-restore < $BATS_TEST_TMPDIR/v4 && iptables-nft-save" | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]/[0:0]/' > "$BATS_TEST_TMPDIR/v4.own"
    unshare --net sh -c "ip6tables-nft-restore < $BATS_TEST_TMPDIR/v6 && ip6tables-nft-save" | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]/[0:0]/' > "$BATS_TEST_TMPDIR/v6.own"
    diff -u "$BATS_TEST_TMPDIR/v4.own" <(grep -v '^#' "$BATS_TEST_TMPDIR/v4" | sed 's/\[[0-9]*:[0-9]*\]/[0:0]/')
    diff -u "$BATS_TEST_TMPDIR/v6.own" <(grep -v '^#' "$BATS_TEST_TMPDIR/v6" | sed 's/\[[0-9]*:[0-9]*\]/[0:0]/')
  fi
}

@test "iptables -L, -S and Docker's iptables -I DOCKER-USER work on docknet's rules" {
  dn create u1 >/dev/null
  run --separate-stderr iptables-nft -L -n -v
  [ "$status" -eq 0 ]
  [[ "$stderr" != *incompatible* ]]
  [[ "$output" == *"Chain DOCKER-USER"* ]]
  iptables-nft -I DOCKER-USER -s 192.0.2.0/24 -j DROP
  dn create u2 >/dev/null
  dn rm u2 >/dev/null
  # A change of docknet's keeps the user's rule, and FORWARD still goes through DOCKER-USER first.
  [ "$(iptables-nft -S DOCKER-USER)" = "-N DOCKER-USER
-A DOCKER-USER -s 192.0.2.0/24 -j DROP" ]
  [ "$(iptables-nft -S FORWARD | sed -n 2p)" = "-A FORWARD -j DOCKER-USER" ]
  iptables-nft -D DOCKER-USER -s 192.0.2.0/24 -j DROP
  dn rm u1 >/dev/null
}

@test "next to a ufw-style nf_tables FORWARD drop, containers reach each other and the outside" {
  # An "outside" machine behind the host, and ufw's way of closing FORWARD (policy and a final drop).
  ip netns add out1
  ip link add up0 type veth peer name eth0 netns out1
  ip addr add 198.51.100.1/24 dev up0; ip link set up0 up
  ip -n out1 addr add 198.51.100.2/24 dev eth0; ip -n out1 link set eth0 up
  iptables-nft -N ufw-reject-forward
  iptables-nft -A ufw-reject-forward -j DROP
  iptables-nft -A FORWARD -j ufw-reject-forward
  iptables-nft -P FORWARD DROP
  dn create fw1 >/dev/null
  ip netns add fc1; ip netns add fc2
  dn connect fw1 fc1; dn connect fw1 fc2
  ip2=$(dn inspect -f '{{range .Containers}}{{if eq .Name "fc2"}}{{.IPv4Address}}{{end}}{{end}}' fw1); ip2=${ip2%/*}
  ip netns exec fc1 ping -c1 -W2 "$ip2"
  ip netns exec fc1 ping -c1 -W2 198.51.100.2
  # Docker's documented way to filter container traffic works: DOCKER-USER comes first.
  iptables-nft -I DOCKER-USER -d 198.51.100.2 -j DROP
  ! ip netns exec fc1 ping -c1 -W1 198.51.100.2
  iptables-nft -D DOCKER-USER -d 198.51.100.2 -j DROP
  dn disconnect fw1 fc1; dn disconnect fw1 fc2; ip netns del fc1; ip netns del fc2
  dn rm fw1 >/dev/null
  iptables-nft -D FORWARD -j ufw-reject-forward; iptables-nft -F ufw-reject-forward; iptables-nft -X ufw-reject-forward
  ip link del up0; ip netns del out1
}

@test "a switch of firewall backend moves docknet's rules and leaves nothing in the old one" {
  dn create sw1 >/dev/null
  ip netns add sc1; dn connect sw1 sc1
  br=$(bridge_of sw1)
  printf 'firewall-backend: iptables-legacy\n' > "$DOCKNET_CONFIG"
  run --separate-stderr dn -D create sw2
  [ "$status" -eq 0 ]
  [[ "$stderr" == *"firewall backend changed from iptables-nft to iptables-legacy"* ]]
  ! iptables-nft-save | grep -q -e "$br" -e DOCKER
  ! ip6tables-nft-save | grep -q DOCKER
  iptables-legacy -S DOCKER-FORWARD | grep -qx -- "-A DOCKER-FORWARD -i $br -j ACCEPT"
  iptables-legacy -t raw -S PREROUTING | grep -q -- "! -i $br -j DROP"
  cp "$BATS_TEST_TMPDIR/config" "$DOCKNET_CONFIG"
  dn rm sw2 >/dev/null
  ! iptables-legacy-save | grep -q -e "$br" -e DOCKER
  ! ip6tables-legacy-save | grep -q DOCKER
  iptables-nft -S DOCKER-FORWARD | grep -qx -- "-A DOCKER-FORWARD -i $br -j ACCEPT"
  dn disconnect sw1 sc1; ip netns del sc1
  dn rm sw1 >/dev/null
}

@test "a switch killed at any of its steps is finished by the next call, both ways" {
  dn create ks1 >/dev/null
  br=$(bridge_of ks1)
  for s in firewall_switch_install firewall_switch_remove firewall_switch_record; do
    printf 'firewall-backend: iptables-legacy\n' > "$DOCKNET_CONFIG"
    run env DOCKNET_TEST_CRASH_STEP=create.$s "$DOCKNET_HOOKS" create ks2
    [ "$status" -eq 137 ]
    # Never in neither: still in nf_tables, in both, or (killed before the record) moved.
    in_nft() { iptables-nft -S DOCKER-FORWARD 2>/dev/null | grep -qx -- "-A DOCKER-FORWARD -i $br -j ACCEPT"; }
    in_legacy() { iptables-legacy -S DOCKER-FORWARD 2>/dev/null | grep -qx -- "-A DOCKER-FORWARD -i $br -j ACCEPT"; }
    in_nft || in_legacy
    dn network check --repair >/dev/null
    ! iptables-nft-save | grep -q -e "$br" -e DOCKER
    iptables-legacy -S DOCKER-FORWARD | grep -qx -- "-A DOCKER-FORWARD -i $br -j ACCEPT"
    cp "$BATS_TEST_TMPDIR/config" "$DOCKNET_CONFIG"
    run env DOCKNET_TEST_CRASH_STEP=repair.$s "$DOCKNET_HOOKS" network check --repair
    [ "$status" -eq 137 ]
    in_nft || in_legacy
    dn network check --repair >/dev/null
    ! iptables-legacy-save | grep -q -e "$br" -e DOCKER
    iptables-nft -S DOCKER-FORWARD | grep -qx -- "-A DOCKER-FORWARD -i $br -j ACCEPT"
  done
  dn rm ks1 >/dev/null
}

@test "iptables: false and ip6tables: false: networks work and no firewall call is made" {
  printf 'firewall-backend: iptables-legacy\niptables: false\nip6tables: false\n' > "$DOCKNET_CONFIG"
  before=$(iptables-legacy-save | grep -v '^#')
  # Any legacy firewall call would wait for this lock; none may.
  flock -x "$XTABLES_LOCKFILE" sleep 30 &
  holder=$!
  until ! flock -n "$XTABLES_LOCKFILE" true; do sleep 0.05; done
  timeout 10 "$DOCKNET" create --ipv6 off1 >/dev/null
  ip netns add oc1
  timeout 10 "$DOCKNET" connect off1 oc1
  timeout 10 "$DOCKNET" network check
  timeout 10 "$DOCKNET" disconnect off1 oc1
  timeout 10 "$DOCKNET" rm off1 >/dev/null
  kill "$holder"; wait "$holder" || true
  ip netns del oc1
  diff -u <(echo "$before" | sed 's/\[[0-9]*:[0-9]*\]//') <(iptables-legacy-save | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]//')
  # The rules docknet had in nf_tables went when the firewall was turned off; on again, they are back.
  ! iptables-nft-save | grep -q DOCKER
  cp "$BATS_TEST_TMPDIR/config" "$DOCKNET_CONFIG"
  dn network check --repair >/dev/null
  iptables-nft -S DOCKER-FORWARD | grep -qx -- "-A DOCKER-FORWARD -i docker0 -j ACCEPT"
}

@test "firewall-backend none: no rules anywhere, and --debug says so" {
  printf 'firewall-backend: none\n' > "$DOCKNET_CONFIG"
  rules_before=$(rules)
  run --separate-stderr dn -D create none1
  [ "$status" -eq 0 ]
  [[ "$stderr" == *"debug: firewall backend: none (firewall-backend in config.yaml)"* ]]
  dn rm none1 >/dev/null
  [ -z "$(rules | grep DOCKER)" ]
  cp "$BATS_TEST_TMPDIR/config" "$DOCKNET_CONFIG"
  dn network check --repair >/dev/null
  [ "$(rules)" = "$rules_before" ]
}

@test "a bad firewall-backend is refused, naming the choices" {
  printf 'firewall-backend: pf\n' > "$DOCKNET_CONFIG"
  run --separate-stderr dn create bad1
  [ "$status" -eq 1 ]
  [[ "$stderr" == *'firewall-backend: "pf" is not auto, iptables-nft, iptables-legacy or none'* ]]
}

@test "on nf_tables, docknet never touches the legacy x_tables: a host without them works" {
  # A namespace of its own, where no legacy table exists yet: the whole life of a network and a
  # container, on the auto choice, must leave it so (iptables-nft would then warn on every call).
  run --separate-stderr unshare --net env DOCKNET_ROOT="$BATS_TEST_TMPDIR/root" \
    DOCKNET_CONFIG="$BATS_TEST_TMPDIR/auto.yaml" sh -c '
    set -e
    ip link set lo up
    "$0" -D create --ipv6 nl1 >/dev/null
    ip netns add nlc 2>/dev/null || true
    "$0" connect nl1 nlc
    "$0" network check
    "$0" disconnect nl1 nlc
    "$0" rm nl1 >/dev/null
    echo "legacy tables: [$(cat /proc/net/ip_tables_names /proc/net/ip6_tables_names 2>/dev/null | tr "\n" " ")]"
    iptables-nft -S DOCKER-USER' "$DOCKNET"
  ip netns del nlc 2>/dev/null || true
  [ "$status" -eq 0 ]
  [[ "$stderr" == *"debug: firewall backend: iptables-nft (auto: iptables is "*"(nf_tables))"* ]]
  assert_output "legacy tables: []
-N DOCKER-USER"
}

@test "ip-forward-no-drop: forwarding is turned on and the FORWARD policy left as it was" {
  # Fresh namespaces, where forwarding is still off: with the key, and without it for contrast.
  for cfg in "ip-forward-no-drop: true" ""; do
    printf 'firewall-backend: iptables-nft\n%s\n' "$cfg" > "$BATS_TEST_TMPDIR/fwd.yaml"
    run unshare --net env DOCKNET_ROOT="$BATS_TEST_TMPDIR/root-${#cfg}" DOCKNET_CONFIG="$BATS_TEST_TMPDIR/fwd.yaml" sh -c '
      before=$(cat /proc/sys/net/ipv4/ip_forward)
      "$0" create fw1 >/dev/null || exit 1
      echo "$before $(cat /proc/sys/net/ipv4/ip_forward) $(iptables-nft -S FORWARD | head -1)"' "$DOCKNET"
    [ "$status" -eq 0 ]
    if [ -n "$cfg" ]; then assert_output "0 1 -P FORWARD ACCEPT"; else assert_output "0 1 -P FORWARD DROP"; fi
  done
}

@test "auto keeps the backend docknet's rules are in when only the tables' contents would decide" {
  bin=$BATS_TEST_TMPDIR/bin
  mkdir -p "$bin"
  ln -s "$(command -v xtables-legacy-multi)" "$bin/iptables"  # a host whose iptables is the legacy variant
  run unshare --net env PATH="$bin:$PATH" DOCKNET_ROOT="$BATS_TEST_TMPDIR/root" \
    DOCKNET_CONFIG="$BATS_TEST_TMPDIR/auto.yaml" sh -c '
    nft add table inet other  # nf_tables in use, the legacy tables empty: auto picks nf_tables
    "$0" -D create k1 2>&1 >/dev/null | grep -o "firewall backend: [a-z-]*"
    iptables-legacy -t filter -L >/dev/null  # another tool makes an empty legacy table
    "$0" -D create k2 2>&1 >/dev/null | grep -o "firewall backend: [a-z-]*.*kept.*" | cut -d" " -f1-3
    iptables-nft -S DOCKER-FORWARD 2>/dev/null | grep -c -- "-j ACCEPT$"' "$DOCKNET"
  assert_output "firewall backend: iptables-nft
firewall backend: iptables-nft
3"
}
