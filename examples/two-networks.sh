#!/usr/bin/env bash
# Two user-defined networks side by side, inspected and removed; run it through
# tests/run-in-netns (as `make test` does) so the host's network is never touched.
set -euo pipefail
DOCKNET=${DOCKNET:-docknet}
fail() { echo "FAIL: $*" >&2; exit 1; }

front=$($DOCKNET network create --label tier=front front)
back=$($DOCKNET network create --internal --subnet 10.90.0.0/24 back)
echo "front: $front"
echo "back:  $back"
$DOCKNET network ls
[ "$($DOCKNET network inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' front)" = 172.18.0.0/16 ] || fail "front subnet"
[ "$($DOCKNET network inspect -f '{{.Internal}}' back)" = true ] || fail "back is internal"
ip -o -4 addr show "br-${back:0:12}" | grep -q 10.90.0.1/24 || fail "back gateway address"
$DOCKNET network rm front back
[ -z "$($DOCKNET network ls -q --filter type=custom)" ] || fail "networks left"
echo "ok"
