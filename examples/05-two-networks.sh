#!/usr/bin/env bash
# Two user-defined networks side by side, inspected and removed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

front=$(dn create --label tier=front front)
back=$(dn create --internal --subnet 10.90.0.0/24 back)
echo "front: $front"
echo "back:  $back"
dn ls
[ "$(dn inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' front)" = 172.18.0.0/16 ] || fail "front subnet"
[ "$(dn inspect -f '{{.Internal}}' back)" = true ] || fail "back is internal"
grep -q 10.90.0.1/24 <<<"$(ip -o -4 addr show "br-${back:0:12}")" || fail "back gateway address"
dn rm front back
[ -z "$(dn ls -q --filter type=custom)" ] || fail "networks left"
echo "two networks: all checks passed"
