#!/usr/bin/env bash
# Records Docker 29's per-network iptables layout from moby's own golden listings
# (tag docker-v29.7.2, daemon/libnetwork/drivers/bridge/internal/iptabler/testdata/TestIptabler/)
# into this directory, for tests/e2e/160-firewall-layout.bats:
#   tests/golden/firewall/record.sh MOBY_GIT_DIR
# Only the cases docknet can make are kept: hairpin=true (the userland proxy off: docknet has no
# daemon to run one), no WSL2. Each listing holds moby's endpoint with one published port,
# 8080->80/tcp, on 0.0.0.0 and [::] (bindlh=false) or on 127.0.0.1 and [::1] (bindlh=true), as
# `connect -p` makes it. One edit: in gateway mode routed, the daemon's "routed" port mapper maps
# no host port (HostPort 0, so setPerPortNAT adds nothing: moby@docker-v29.7.2:daemon/libnetwork/
# drivers/bridge/port_mapping_linux.go configurePortBindingIPv4/6 and iptabler/port.go), while the
# test hands the iptabler 8080 directly: the DNAT and per-port MASQUERADE lines are dropped there.
# Everything else is moby's text, unchanged.
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
  "internal=false,icc=true,masq=true,snat=false,gwm=nat,bindlh=true"
)
for c in "${cases[@]}"; do
  for fam in iptables ip6tables; do
    if [[ $c == *gwm=routed* ]]; then unmapped=(-e 'DNAT' -e '^-A POSTROUTING -s .* --dport .* -j MASQUERADE$')
    else unmapped=(-e '^$'); fi
    git -C "$moby" show "$tag:$dir/hairpin=true,${c}__${fam}.golden" |
      grep -v "${unmapped[@]}" > "$here/${c}__${fam}.golden"
  done
done
echo "recorded ${#cases[@]} cases from moby $tag"
