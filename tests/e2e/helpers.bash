# Shared helpers for docknet's end-to-end tests. The whole suite runs inside tests/run-in-netns:
bats_require_minimum_version 1.5.0
# a throwaway network namespace with a temporary DOCKNET_ROOT and xtables lock.

DOCKNET=${DOCKNET:?set DOCKNET to the docknet binary}
STATE="$DOCKNET_ROOT/networks.yaml"

dn() { "$DOCKNET" "$@"; }

# The firewall backend under test (tests/run-in-netns puts it in config.yaml), and the iptables
# commands that show it: iptables-nft or iptables-legacy.
FIREWALL=${DOCKNET_TEST_FIREWALL:-iptables-nft}
IPT=$FIREWALL
IP6T="ip6tables-${FIREWALL#iptables-}"
# iptables-save without comments and counters, so two dumps compare as text.
rules() { "$IPT-save" "$@" | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]/[0:0]/'; }
rules6() { "$IP6T-save" "$@" | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]/[0:0]/'; }
# nft's view of every rule, one line per rule: "family table chain | expression | ...", handles
# and counters left out, the lines sorted (rule order is compared through iptables-nft-save). A
# rule's header is "family table chain handle", or "... handle position" after a chain's first.
normalize_nft() {
  awk '
    /^ip6? [a-z]+ [A-Za-z0-9_-]+ [0-9]+( [0-9]+)?$/ { if (r != "") print r; r = $1 " " $2 " " $3; next }
    /^  \[/ { sub(/counter pkts [0-9]+ bytes [0-9]+/, "counter"); r = r " |" $0; next }
    { if (r != "") print r; r = "" }
    END { if (r != "") print r }' | sort
}
links() { ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sort; }
addresses() { ip -o addr show | awk '{print $2, $4}' | grep -v ' fe80::' | sort; }
stored_names() { [ -f "$STATE" ] && grep -E '^  - name: ' "$STATE" | sed 's/.*name: //; s/"//g' | sort; }
bridge_of() { echo "br-$(dn network inspect -f '{{.Id}}' "$1" | cut -c1-12)"; }

# Makes docker0 and the base chains exist, so each test's baseline already has them.
setup_file() {
  dn create --ipv6 e2e-warmup >/dev/null  # IPv4 and IPv6 forwarding on, FORWARD policies DROP
  dn rm e2e-warmup >/dev/null
  # The raw table appears in dumps once used (and stays): use it now, on either backend.
  for t in "$IPT" "$IP6T"; do "$t" -t raw -A PREROUTING -j ACCEPT; "$t" -t raw -D PREROUTING -j ACCEPT; done
}

snapshot() {
  { links; echo ---; addresses; echo ---; rules; echo ---; rules6; echo ---; stored_names; echo ---; ip netns list; ls -R /etc/netns; } > "$1"
}

setup() {
  snapshot "$BATS_TEST_TMPDIR/before"
}

# After each test nothing may be left behind: same links, addresses, rules and stored networks.
teardown() {
  snapshot "$BATS_TEST_TMPDIR/after"
  if ! diff -u "$BATS_TEST_TMPDIR/before" "$BATS_TEST_TMPDIR/after"; then
    # Clean up so one failure does not cascade, then fail this test.
    for ns in $(ip netns list | awk '{print $1}'); do ip netns del "$ns"; done
    for n in $(dn ls -q --filter type=custom); do dn rm "$n" >/dev/null 2>&1 || true; done
    echo "test left state behind (diff above)" >&2
    return 1
  fi
}

# Asserts $output equals the given text exactly.
assert_output() {
  if [ "$output" != "$1" ]; then
    printf 'expected output:\n%s\nactual output:\n%s\n' "$1" "$output" >&2
    return 1
  fi
}
assert_stderr() {
  if [ "$stderr" != "$1" ]; then
    printf 'expected stderr:\n%s\nactual stderr:\n%s\n' "$1" "$stderr" >&2
    return 1
  fi
}
