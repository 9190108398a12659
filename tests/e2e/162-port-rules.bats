#!/usr/bin/env bats
# Docker's port-publishing rules (userland-proxy=false: DNAT, hairpin and local MASQUERADE, the
# DOCKER filter ACCEPT, raw PREROUTING DROP for loopback-bound ports) written by docknet's
# firewall backend and read back by iptables itself, in both passes of `make e2e` (nf_tables and
# legacy). docknet-firewall-probe (tests/tools/firewall_probe.cpp) drives the backend with every
# rule shape directly, sctp included (what `connect -p` makes is checked in 160, 161 and 180). Each test runs the probe in a
# network namespace of its own, nested in the suite's, so the suite's baseline never sees them.
load helpers

PROBE="$(dirname "$DOCKNET_HOOKS")/docknet-firewall-probe"
GOLDEN="$BATS_TEST_DIRNAME/../golden/rule-bytes"

# iptables-save's rules of one family, each as "ipv4 nat -A ...", the form `probe list` prints.
saved() { "$1-save" | awk -v f="$2" '/^\*/ { t = substr($0, 2) } /^-A/ { print f, t, $0 }'; }
scratch_ns() {
  export PROBE FIREWALL IPT IP6T T="$BATS_TEST_TMPDIR"
  unshare --net bash -ec "$(declare -f saved normalize_nft); $1"
}

@test "port rules: iptables-save prints them as render_rule does; docknet lists them back, keeps them once, removes them" {
  scratch_ns '
    $PROBE $FIREWALL expected > $T/expected
    $PROBE $FIREWALL install
    $PROBE $FIREWALL list > $T/listed
    { saved $IPT ipv4; saved $IP6T ipv6; } > $T/saved
    $PROBE $FIREWALL install
    { saved $IPT ipv4; saved $IP6T ipv6; } > $T/saved-again
    $PROBE $FIREWALL remove
    $PROBE $FIREWALL list > $T/after
    { saved $IPT ipv4; saved $IP6T ipv6; } > $T/saved-after'
  T="$BATS_TEST_TMPDIR"
  [ "$(wc -l < "$T/expected")" -eq 16 ]
  grep -q -- '-j DNAT --to-destination \[fd00:7::2\]:80' "$T/expected"
  diff -u "$T/expected" "$T/listed"
  diff -u <(sort "$T/expected") <(sort "$T/saved")
  diff -u "$T/saved" "$T/saved-again"
  [ ! -s "$T/after" ]
  [ ! -s "$T/saved-after" ]
}

@test "port rules (legacy): iptables -C finds each one, so iptables' own entry is docknet's byte for byte" {
  [ "$FIREWALL" = iptables-legacy ] || skip "legacy backend test"
  # -C builds the entry with iptables' extensions and compares it with the kernel's.
  scratch_ns '
    $PROBE $FIREWALL install
    set -f  # the rules hold [fd00:7::2]:80, no glob
    $PROBE $FIREWALL expected | while read -r family table _ chain rest; do
      cmd=$IPT; [ "$family" = ipv6 ] && cmd=$IP6T
      $cmd -t "$table" -C "$chain" $rest
    done'
}

@test "port rules (nf_tables): nft shows the expressions iptables-nft writes for the same rules" {
  [ "$FIREWALL" = iptables-nft ] || skip "nf_tables backend test"
  scratch_ns '$PROBE $FIREWALL install; nft --debug=netlink list ruleset 2>/dev/null | normalize_nft > $T/docknet'
  unshare --net sh -c "iptables-nft-restore < '$GOLDEN/ipv4.rules' && ip6tables-nft-restore < '$GOLDEN/ipv6.rules' &&
    nft --debug=netlink list ruleset" 2>/dev/null | normalize_nft > "$BATS_TEST_TMPDIR/iptables-nft"
  [ "$(wc -l < "$BATS_TEST_TMPDIR/docknet")" -eq 16 ]
  grep -q 'payload load 2b @ transport header + 2' "$BATS_TEST_TMPDIR/docknet"
  grep -q 'match name sctp rev 0' "$BATS_TEST_TMPDIR/docknet"
  grep -q 'ip6 nat DOCKER.*target name DNAT rev 2' "$BATS_TEST_TMPDIR/docknet"
  # iptables-nft 1.8.9's layout (Debian 12's); a later one (1.8.11) may lay the rules out another
  # way, so there only the listing is compared (first test).
  if [[ "$(iptables-nft --version)" == "iptables v1.8.9 (nf_tables)" ]]; then
    diff -u "$BATS_TEST_TMPDIR/iptables-nft" "$BATS_TEST_TMPDIR/docknet"
  fi
}
