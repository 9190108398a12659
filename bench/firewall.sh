#!/usr/bin/env bash
# make bench, second part: the cost of a change as the firewall grows, on one backend
# (DOCKNET_TEST_FIREWALL=iptables-nft|iptables-legacy|none, set by the Makefile; tests/run-in-netns
# writes it to config.yaml). create+rm and connect+disconnect at 10 and at 1000 networks; `none`
# is the baseline: what the store, IPAM and links cost without any firewall.
set -euo pipefail
D=${DOCKNET:?}
work=${DOCKNET_TEST_WORK:?run through tests/run-in-netns}
fw=${DOCKNET_TEST_FIREWALL:?}
runs=${BENCH_RUNS:-30}
sizes=${BENCH_FIREWALL_SIZES:-10 1000}

printf 'firewall-backend: %s\ndefault-address-pools:\n  - base: 10.128.0.0/9\n    size: 24\n' "$fw" > "$DOCKNET_CONFIG"
$D create warmup >/dev/null && $D rm warmup >/dev/null

median() {  # median NAME PREPARE COMMAND: seconds
  hyperfine -N --style none --warmup 3 --runs "$runs" ${2:+--prepare "$2"} --export-json "$work/$1.json" "$3" >/dev/null 2>&1
  jq -r '.results[0].median' "$work/$1.json"
}

ip netns add fwbench
printf '#!/bin/sh\n%s network disconnect bn fwbench >/dev/null 2>&1; exit 0\n' "$D" > "$work/off.sh"
printf '#!/bin/sh\n%s network connect bn fwbench >/dev/null 2>&1; exit 0\n' "$D" > "$work/on.sh"
chmod +x "$work/off.sh" "$work/on.sh"

echo "== firewall backend $fw: medians of $runs runs"
have=3  # bridge, host, none
for size in $sizes; do
  # User networks up to `size` networks in all (each with its rules), counting bn itself.
  for i in $(seq "$have" $((size - 2))); do $D create "fwnet$i" >/dev/null; done
  have=$((size - 1))
  $D create bn >/dev/null
  rules=0
  if [ "$fw" != none ]; then rules=$("$fw-save" | grep -c '^-A' || true); fi
  $D rm bn >/dev/null
  c=$(median create "$D rm -f bn" "$D create bn")
  $D rm -f bn >/dev/null
  r=$(median rm "$D create bn" "$D rm bn")
  $D create bn >/dev/null
  cn=$(median connect "$work/off.sh" "$D network connect bn fwbench")
  "$work/off.sh"
  dc=$(median disconnect "$work/on.sh" "$D network disconnect bn fwbench")
  "$work/off.sh"
  $D rm bn >/dev/null
  awk -v n="$size" -v rules="$rules" -v c="$c" -v r="$r" -v cn="$cn" -v dc="$dc" -v fw="$fw" 'BEGIN {
    printf "%-16s %5d networks (%5d rules): create+rm %7.2f ms (create %.2f, rm %.2f); connect+disconnect %6.2f ms\n",
      fw, n, rules, (c + r) * 1000, c * 1000, r * 1000, (cn + dc) * 1000 }'
done
ip netns del fwbench
