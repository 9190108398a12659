#!/usr/bin/env bash
# make bench, overlay part: in the two-host lab of tests/e2e/lab.bash (etcd on the underlay
# bridge, hosts h1 and h2), the medians of `connect` and `disconnect` on an overlay network on h1
# (hyperfine -N, as bench.sh), and the propagation delay to h2: with `docknet network reconcile
# --watch` on h2, the time from `connect` returning on h1 until h2 has the new container's
# forwarding entry (a neighbour or fdb entry in the network's namespace on h2),
# and until a container on h2 gets a ping answered. Runs inside tests/run-in-netns.
set -euo pipefail
D=${DOCKNET:?}
work=${DOCKNET_TEST_WORK:?run through tests/run-in-netns}
runs=${BENCH_RUNS:-30}
rounds=${BENCH_OVERLAY_ROUNDS:-20}
. "$(dirname "$0")/../tests/e2e/lab.bash"
trap lab_stop EXIT

lab_start 2
for h in h1 h2; do lab_warmup "$h"; done
watch_start h2
id=$(dnh h1 network create -d overlay bov)
ns="/run/docknet/netns/1-${id:0:10}"
on h2 ip netns add b2
dnh h2 network connect bov b2
on h1 ip netns add b1

# Commands for hyperfine -N (no shell: split on spaces; the lab's paths have none).
on_argv h1
printf '#!/bin/sh\n%s %s network disconnect bov b1 >/dev/null 2>&1; exit 0\n' "${ON_ARGV[*]}" "$D" > "$work/ov-off.sh"
printf '#!/bin/sh\n%s %s network connect bov b1 >/dev/null 2>&1; exit 0\n' "${ON_ARGV[*]}" "$D" > "$work/ov-on.sh"
chmod +x "$work/ov-off.sh" "$work/ov-on.sh"
bench() {  # bench LABEL PREPARE NAME COMMAND
  hyperfine -N --style none --warmup 3 --runs "$runs" ${2:+--prepare "$2"} --export-json "$work/ov-$3.json" "$4" >/dev/null 2>&1
  printf '%-52s %8s ms\n' "$1" "$(jq -r '.results[0].median * 1000 | . * 100 | round / 100' "$work/ov-$3.json")"
}

echo "docknet overlay bench: medians of $runs runs (hyperfine -N), $(nproc) cores, $(uname -r); two lab hosts, etcd $(etcd --version | sed -n 's/^etcd Version: //p')"
bench "exec floor in a lab host: docknet --version" "" floor "${ON_ARGV[*]} $D --version"
bench "overlay connect (h1; reconcile --watch on h2)" "$work/ov-off.sh" connect "${ON_ARGV[*]} $D network connect bov b1"
"$work/ov-off.sh" || true
bench "overlay disconnect" "$work/ov-on.sh" disconnect "${ON_ARGV[*]} $D network disconnect bov b1"
"$work/ov-off.sh" || true

# Propagation, one round: connect b1 on h1 (it gets the address b2 does not have, 10.0.0.3,
# checked after); from the moment connect returns, h2 polls (one shell there, so no nsenter per
# poll) for a forwarding entry toward it in the network's namespace on h2 (a neighbour entry of
# 10.0.0.3 with a link-layer address, or an fdb entry with dst 192.168.77.11), and pings it
# (-W 0.05) from b2 until answered. Prints "FDB_US PING_US" ("-" when not within 5 s).
known_h2='{ nsenter --net="$ns" ip neigh show to "$ip" 2>/dev/null | grep -q lladdr; } ||
    { nsenter --net="$ns" bridge fdb show 2>/dev/null | grep -q "dst 192.168.77.11 "; }'
poll_h2='
  t0=$1 ip=$2 ns=$3 fdb=- ping=- end=$(( $1 + 5000000000 ))
  while [ "$(date +%s%N)" -lt "$end" ]; do
    if [ "$fdb" = - ] && '"$known_h2"'; then fdb=$(( ($(date +%s%N) - t0) / 1000 )); fi
    if [ "$ping" = - ] && ip netns exec b2 ping -n -c1 -W0.05 "$ip" >/dev/null 2>&1; then
      ping=$(( ($(date +%s%N) - t0) / 1000 ))
    fi
    [ "$fdb" != - ] && [ "$ping" != - ] && break
  done
  echo "$fdb $ping"'
gone_h2='
  ip=$1 ns=$2
  for i in $(seq 100); do
    '"$known_h2"' || exit 0
    sleep 0.05
  done
  exit 1'
: > "$work/ov-prop"
ip=10.0.0.3
for r in $(seq 1 "$rounds"); do
  on h2 ip -n b2 neigh flush all
  dnh h1 network connect bov b1
  t0=$(date +%s%N)
  on h2 sh -c "$poll_h2" poll "$t0" "$ip" "$ns" >> "$work/ov-prop"
  got=$(on h1 ip -n b1 -o -4 addr show dev eth0 | awk '{print $4}')
  [ "$got" = "$ip/24" ] || { echo "round $r: b1 got $got, not $ip/24" >&2; exit 1; }
  dnh h1 network disconnect bov b1
  on h2 sh -c "$gone_h2" gone "$ip" "$ns" || echo "round $r: h2 keeps a forwarding entry to $ip for 5 s after the disconnect" >&2
done
# median of a column of microseconds ("-" rounds counted apart), printed in ms
median_col() {
  awk -v c="$1" '$c != "-" { print $c }' "$work/ov-prop" | sort -n | awk '
    { v[NR] = $1 } END { if (NR == 0) { print "n/a"; exit } m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f", m / 1000 }'
}
missed() { awk -v c="$1" '$c == "-"' "$work/ov-prop" | wc -l; }
printf '%-52s %8s ms  (%d of %d rounds not within 5 s)\n' "propagation to h2: fdb/neighbour entry" "$(median_col 1)" "$(missed 1)" "$rounds"
printf '%-52s %8s ms  (%d of %d rounds not within 5 s)\n' "propagation to h2: first ping answered" "$(median_col 2)" "$(missed 2)" "$rounds"

watch_stop h2  # measured; the cleanup below is not
dnh h2 network disconnect bov b2
dnh h1 network rm bov >/dev/null
on h1 ip netns del b1; on h2 ip netns del b2
