#!/usr/bin/env bash
# Records Docker 29's per-network iptables layout from moby's own golden listings
# (tag docker-v29.7.2, daemon/libnetwork/drivers/bridge/internal/iptabler/testdata/TestIptabler/)
# into this directory, for tests/e2e/160-firewall-layout.bats:
#   tests/golden/firewall/record.sh MOBY_GIT_DIR
# Only the cases docknet can make are kept: no userland-proxy hairpin (there is no daemon to run
# a proxy), no WSL2, no localhost binding; and port-mapping lines (-p tcp ... --dport, DNAT) are
# dropped until docknet publishes ports. Everything else is moby's text, unchanged.
set -euo pipefail
moby=${1:?usage: record.sh MOBY_GIT_DIR}
tag=docker-v29.7.2
dir=daemon/libnetwork/drivers/bridge/internal/iptabler/testdata/TestIptabler
here=$(cd "$(dirname "$0")" && pwd)
cases=(
  "internal=true,icc=true"
  "internal=true,icc=false"
  "internal=false,icc=true,masq=true,snat=false,gwm=nat,bindlh=false"
  "internal=false,icc=false,masq=true,snat=false,gwm=nat,bindlh=false"
  "internal=false,icc=true,masq=false,snat=false,gwm=nat,bindlh=false"
  "internal=false,icc=true,masq=true,snat=true,gwm=nat,bindlh=false"
  "internal=false,icc=true,masq=true,snat=false,gwm=routed,bindlh=false"
  "internal=false,icc=true,masq=true,snat=false,gwm=nat-unprotected,bindlh=false"
)
for c in "${cases[@]}"; do
  for fam in iptables ip6tables; do
    git -C "$moby" show "$tag:$dir/hairpin=false,${c}__${fam}.golden" |
      grep -v -e '--dport' -e 'DNAT' > "$here/${c}__${fam}.golden"
  done
done
echo "recorded ${#cases[@]} cases from moby $tag"
