#!/usr/bin/env bats
# The whole rule listing docknet makes for one network equals Docker 29's, on the backend under
# test (iptables-nft-save or iptables-legacy-save). The expected listings are moby's own goldens
# (tag docker-v29.7.2, TestIptabler), recorded by tests/golden/firewall/record.sh: the same bridge
# name, subnets and container addresses as moby's test, so the text compares as is.
load helpers

GOLDEN="$BATS_TEST_DIRNAME/../golden/firewall"

# Tables in name order: iptables-legacy-save lists them in the kernel's registration order, which
# differs from moby's; within a table the text is compared as is.
by_table() { awk '/^\*/ { t = $0 } { print t "\t" $0 }' | sort -s -t "$(printf '\t')" -k1,1 | cut -f2-; }

# The dump minus what is not this network's: docker0's rules, DOCKER-USER (the daemon adds it,
# moby's iptabler test does not) and the FORWARD policy (the daemon sets it with forwarding).
ours() {
  "$1-save" | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]/[0:0]/; s/^:FORWARD DROP/:FORWARD ACCEPT/' |
    grep -v -e docker0 -e DOCKER-USER | by_table
}

# layout_case CASE FAMILIES [create options...]: one network as in moby's test, a container at
# moby's endpoint addresses publishing 8080->80 as moby's test does (on 127.0.0.1 and [::1] for
# bindlh=true), the listing compared per family, then everything removed (and checked gone).
layout_case() {
  local case=$1 families=$2
  shift 2
  local publish=(-p 8080:80)
  [[ $case == *bindlh=true* ]] && publish=(-p 127.0.0.1:8080:80 -p '[::1]:8080:80')
  dn create -o com.docker.network.bridge.name=br-dummy --ipv6 --subnet 192.168.0.0/24 --gateway 192.168.0.1 \
    --subnet fd49:efd7:54aa::/64 --gateway fd49:efd7:54aa::ffff "$@" layout >/dev/null
  ip netns add lc
  dn connect --ip 192.168.0.2 --ip6 fd49:efd7:54aa::1 "${publish[@]}" layout lc
  local diffs=""
  for fam in $families; do
    local cmd=$IPT
    [ "$fam" = ip6tables ] && cmd=$IP6T
    diffs+=$(diff -u --label "docker 29 ($fam)" --label "docknet ($cmd)" <(by_table < "$GOLDEN/${case}__${fam}.golden") <(ours "$cmd")) || true
  done
  dn disconnect layout lc
  ip netns del lc
  dn rm layout >/dev/null
  diffs+=$("$IPT-save" | grep -e --dport -e br-dummy) || true
  diffs+=$("$IP6T-save" | grep -e --dport -e br-dummy) || true
  if [ -n "$diffs" ]; then
    echo "$diffs" >&2
    return 1
  fi
}

@test "Docker 29 layout: internal network" {
  layout_case "internal=true,icc=true" "iptables ip6tables" --internal
}

@test "Docker 29 layout: internal network without inter-container traffic" {
  layout_case "internal=true,icc=false" "iptables ip6tables" --internal -o com.docker.network.bridge.enable_icc=false
}

@test "Docker 29 layout: default bridge options (NAT)" {
  layout_case "internal=false,icc=true,masq=true,snat=false,gwm=nat,bindlh=false" "iptables ip6tables"
}

@test "Docker 29 layout: NAT without inter-container traffic" {
  layout_case "internal=false,icc=false,masq=true,snat=false,gwm=nat,bindlh=false" "iptables ip6tables" \
    -o com.docker.network.bridge.enable_icc=false
}

@test "Docker 29 layout: no masquerade" {
  layout_case "internal=false,icc=true,masq=false,snat=false,gwm=nat,bindlh=false" "iptables ip6tables" \
    -o com.docker.network.bridge.enable_ip_masquerade=false
}

@test "Docker 29 layout: SNAT to a host address" {
  layout_case "internal=false,icc=true,masq=true,snat=true,gwm=nat,bindlh=false" "iptables ip6tables" \
    -o com.docker.network.host_ipv4=192.168.123.0 -o com.docker.network.host_ipv6=fd34:d0d4:672f::123
}

@test "Docker 29 layout: routed gateway mode" {
  layout_case "internal=false,icc=true,masq=true,snat=false,gwm=routed,bindlh=false" "iptables ip6tables" \
    -o com.docker.network.bridge.gateway_mode_ipv4=routed -o com.docker.network.bridge.gateway_mode_ipv6=routed
}

@test "Docker 29 layout: a port published on 127.0.0.1 and [::1] (raw DROP from elsewhere)" {
  layout_case "internal=false,icc=true,masq=true,snat=false,gwm=nat,bindlh=true" "iptables ip6tables"
}

@test "Docker 29 layout: nat-unprotected gateway mode" {
  layout_case "internal=false,icc=true,masq=true,snat=false,gwm=nat-unprotected,bindlh=false" "iptables ip6tables" \
    -o com.docker.network.bridge.gateway_mode_ipv4=nat-unprotected \
    -o com.docker.network.bridge.gateway_mode_ipv6=nat-unprotected
}
