#!/usr/bin/env bash
# make bench: per-command medians of docknet, with 100 networks in the state, against the
# kernel's own cost of adding and deleting a bridge (one `ip` call each). Runs inside
# tests/run-in-netns; speed is measured here only, never by timed tests.
set -euo pipefail
D=${DOCKNET:?}
work=${DOCKNET_TEST_WORK:?run through tests/run-in-netns}
runs=${BENCH_RUNS:-60}

cat > "$DOCKNET_CONFIG" <<CFG
default-address-pools:
  - base: 10.128.0.0/9
    size: 24
CFG
$D create warmup >/dev/null && $D rm warmup >/dev/null  # docker0 and the base chains

median_ms() { jq -r '.results[] | "\(.command)\t\(.median * 1000 | . * 100 | round / 100)"' "$1"; }
bench() {  # bench NAME PREPARE COMMAND
  hyperfine -N --style none --warmup 3 --runs "$runs" ${2:+--prepare "$2"} --export-json "$work/$1.json" "$3" >/dev/null 2>&1
  printf '%-44s %8s ms\n' "$1" "$(jq -r '.results[0].median * 1000 | . * 100 | round / 100' "$work/$1.json")"
}

echo "docknet bench: medians of $runs runs (hyperfine -N), $(nproc) cores, $(uname -r)"
echo
echo "== with 3 networks (built-ins only)"
bench "ls" "" "$D ls"
bench "create" "$D rm -f bn" "$D create bn"
$D rm -f bn >/dev/null
bench "rm" "$D create bn" "$D rm bn"

for i in $(seq 1 100); do $D create "net$i" >/dev/null; done
echo
echo "== with 100 user networks"
bench "ls" "" "$D ls"
bench "ls --format json" "" "$D ls --format json"
bench "ls --filter name=net5" "" "$D ls --filter name=net5"
bench "inspect net50" "" "$D inspect net50"
bench "inspect -f {{.Name}} net50" "" "$D inspect -f {{.Name}} net50"
bench "create" "$D rm -f bn" "$D create bn"
$D rm -f bn >/dev/null
bench "rm" "$D create bn" "$D rm bn"
bench "network check (nothing to report)" "" "$D network check"

ip netns add benchc
$D network create bn >/dev/null
printf '#!/bin/sh\n%s network disconnect bn benchc >/dev/null 2>&1; exit 0\n' "$D" > "$work/off.sh"
printf '#!/bin/sh\n%s network connect bn benchc >/dev/null 2>&1; exit 0\n' "$D" > "$work/on.sh"
chmod +x "$work/off.sh" "$work/on.sh"
bench "connect" "$work/off.sh" "$D network connect bn benchc"
"$work/off.sh"
bench "disconnect" "$work/on.sh" "$D network disconnect bn benchc"
"$work/off.sh"
# The same with two published ports (one ephemeral): their DNAT, ACCEPT, masquerade rules too.
printf '#!/bin/sh\n%s network connect -p 80 -p 443:8443 bn benchc >/dev/null 2>&1; exit 0\n' "$D" > "$work/onp.sh"
chmod +x "$work/onp.sh"
bench "connect -p 80 -p 443:8443" "$work/off.sh" "$D network connect -p 80 -p 443:8443 bn benchc"
"$work/off.sh"
bench "disconnect (2 published ports)" "$work/onp.sh" "$D network disconnect bn benchc"
"$work/off.sh"
$D network rm bn >/dev/null

bench "create --ipv6 (dual stack, ip6tables too)" "$D rm -f ds-net" "$D create --ipv6 ds-net"
$D rm -f ds-net >/dev/null
bench "rm (dual stack)" "$D create --ipv6 ds-net" "$D rm ds-net"

ip link add mvpar type veth peer name mvpeer
ip link set mvpar up
$D network create -d macvlan -o parent=mvpar mvn >/dev/null
sed -i 's/ bn benchc/ mvn benchc/' "$work/off.sh" "$work/on.sh"
bench "connect (macvlan)" "$work/off.sh" "$D network connect mvn benchc"
"$work/off.sh"
bench "disconnect (macvlan)" "$work/on.sh" "$D network disconnect mvn benchc"
"$work/off.sh"
$D network rm mvn >/dev/null

echo
echo "== the kernel's own cost (iproute2, one exec per call)"
ip link add kbr type bridge
bench "ip link add type bridge" "ip link del kbr" "ip link add kbr type bridge"
ip link del kbr
bench "ip link del" "ip link add kbr type bridge" "ip link del kbr"
bench "exec floor: docknet --version" "" "$D --version"
ip link add kv type veth peer name kvp netns benchc
bench "ip link add type veth (peer in netns)" "ip link del kv" "ip link add kv type veth peer name kvp netns benchc"
ip link del kv
bench "ip link del veth" "ip link add kv type veth peer name kvp netns benchc" "ip link del kv"
ip link add km link mvpar netns benchc type macvlan mode bridge
bench "ip link add type macvlan (in netns)" "ip -n benchc link del km" "ip link add km link mvpar netns benchc type macvlan mode bridge"
ip -n benchc link del km
bench "ip -n link del macvlan" "ip link add km link mvpar netns benchc type macvlan mode bridge" "ip -n benchc link del km"
ip link del mvpar
ip netns del benchc

median() { jq '.results[0].median' "$work/$1.json"; }
ratio() {  # ratio LABEL OURS1 OURS2 KERNEL_LABEL KERNEL1 KERNEL2: a pair of commands against another (iproute2's)
  awk -v l="$1" -v a="$(median "$2")" -v b="$(median "$3")" -v k="$4" -v c="$(median "$5")" -v d="$(median "$6")" 'BEGIN {
    printf "%s: %.2f ms; %s: %.2f ms; ratio %.2fx\n", l, (a+b)*1000, k, (c+d)*1000, (a+b)/(c+d) }'
}
echo
ratio "create+rm (100 networks)" create rm "ip link add+del" "ip link add type bridge" "ip link del"
ratio "connect+disconnect" connect disconnect "veth add+del" "ip link add type veth (peer in netns)" "ip link del veth"
ratio "connect+disconnect with 2 published ports" "connect -p 80 -p 443:8443" "disconnect (2 published ports)" \
  "connect+disconnect" connect disconnect
ratio "macvlan connect+disconnect" "connect (macvlan)" "disconnect (macvlan)" "macvlan add+del" \
  "ip link add type macvlan (in netns)" "ip -n link del macvlan"

# prune: the rules of all its networks go in one table change and their bridges in one link-group
# deletion (one RTM_DELLINK), against what 100 single deletions of a bridge cost the kernel.
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
start=$(date +%s%N)
$D network prune -f >/dev/null
pruned=$(ms "$start")
for i in $(seq 1 100); do ip link add "kb$i" type bridge; ip link set "kb$i" group 77; done
start=$(date +%s%N)
ip link del group 77
grouped=$(ms "$start")
awk -v p="$pruned" -v g="$grouped" -v d="$(median "ip link del")" 'BEGIN {
  printf "prune (100 networks): %d ms; 100 bridges by ip link del group: %d ms; 100 x ip link del: %.0f ms\n", p, g, d * 100000 }'
[ -z "$($D ls -q --filter type=custom)" ]
