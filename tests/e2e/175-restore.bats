#!/usr/bin/env bats
# docknet network restore and its boot unit (issue 13). A reboot is simulated inside the throwaway
# namespace: the container's namespace goes, every link docknet made is deleted, the firewall is
# flushed, forwarding is off and the recorded boot ID is another one; restore must make it all
# again, and a second run must change nothing at all.
load helpers

FAKE_DOCKERD="$(dirname "$DOCKNET_HOOKS")/docknet-fake-dockerd"
SRC="$BATS_TEST_DIRNAME/../.."

# What a reboot leaves: no docknet link, no rule, no chain, forwarding off, the FORWARD policies
# ACCEPT. nf_tables loses its tables too, as after `nft flush ruleset` (Debian's nftables.conf).
reboot_kernel() {
  local l
  for l in "$@"; do ip link del "$l"; done
  if [ "$FIREWALL" = iptables-nft ]; then
    nft flush ruleset
  else
    for t in filter nat raw; do
      "$IPT" -t "$t" -F; "$IPT" -t "$t" -X; "$IP6T" -t "$t" -F; "$IP6T" -t "$t" -X
    done
    "$IPT" -P FORWARD ACCEPT; "$IP6T" -P FORWARD ACCEPT
  fi
  echo 0 > /proc/sys/net/ipv4/ip_forward
  echo 0 > /proc/sys/net/ipv6/conf/all/forwarding
  sed -i 's/^boot_id: .*/boot_id: "before-reboot"/' "$STATE"
}

# The raw table shows in dumps once used: the baseline has it (setup_file), so make it again.
touch_raw() { for t in "$IPT" "$IP6T"; do "$t" -t raw -A PREROUTING -j ACCEPT; "$t" -t raw -D PREROUTING -j ACCEPT; done; }

# Byte-for-byte views for "nothing changed": addresses and links with their indexes, the rules
# (without the save's timestamp comments), the store and its previous version.
world() {
  { ip -o link; ip -o addr; rules; rules6; sysctl -n net.ipv4.ip_forward net.ipv6.conf.all.forwarding; } > "$1.kernel"
  cp -p "$STATE" "$1.yaml"
  stat -c '%i %Y' "$STATE" "$STATE.prev" > "$1.stat"
}

@test "restore: after a simulated reboot bridges, addresses, rules and the store are back; a second run changes nothing" {
  dn create --internal --subnet 10.175.1.0/24 rin >/dev/null
  dn create --ipv6 --subnet 10.175.2.0/24 --subnet fd00:175::/64 r6 >/dev/null
  dn create --subnet 10.175.3.0/24 rc >/dev/null
  br_in=$(bridge_of rin); br6=$(bridge_of r6); brc=$(bridge_of rc)
  # What restore must give back: the networks as they are before the container joins (its
  # namespace will not survive the reboot, so its endpoint is released).
  addresses > "$BATS_TEST_TMPDIR/expected.addresses"
  { rules; rules6; } > "$BATS_TEST_TMPDIR/expected.rules"
  ip netns add rc1
  dn connect rc rc1
  [ -f /etc/netns/rc1/hosts ]
  [ "$(dn inspect -f '{{len .Containers}}' rc)" = 1 ]

  ip netns del rc1  # its veth goes with it
  reboot_kernel "$br_in" "$br6" "$brc" docker0
  [ -z "$(ip -o link show type bridge)" ]

  run --separate-stderr dn network restore
  [ "$status" -eq 0 ]
  [ -z "$output" ] && [ -z "$stderr" ]
  for br in "$br_in" "$br6" "$brc" docker0; do ip -o link show "$br" | grep -q ',UP'; done
  ip -o -4 addr show "$br_in" | grep -q 'inet 10.175.1.1/24'
  ip -o -6 addr show "$br6" | grep -q 'inet6 fd00:175::1/64'
  diff -u "$BATS_TEST_TMPDIR/expected.addresses" <(addresses)
  touch_raw  # an empty raw table lists only once used, as after setup_file
  diff -u "$BATS_TEST_TMPDIR/expected.rules" <({ rules; rules6; })
  rules | grep -qx -- "-A DOCKER-INTERNAL ! -s 10.175.1.0/24 -o $br_in -j DROP"
  rules -t nat | grep -qx -- "-A POSTROUTING -s 10.175.3.0/24 ! -o $brc -j MASQUERADE"
  [ "$(cat /proc/sys/net/ipv4/ip_forward)" = 1 ]
  [ "$(cat /proc/sys/net/ipv6/conf/all/forwarding)" = 1 ]
  # The store: the gone container released (and its hosts file), this boot recorded.
  [ "$(dn inspect -f '{{len .Containers}}' rc)" = 0 ]
  ! grep -q 'rc1' "$STATE"
  [ ! -e /etc/netns/rc1 ]
  grep -qx "boot_id: \"\\?$(cat /proc/sys/kernel/random/boot_id)\"\\?" "$STATE"

  world "$BATS_TEST_TMPDIR/w1"
  run --separate-stderr dn restore  # the short form
  [ "$status" -eq 0 ]
  [ -z "$output" ] && [ -z "$stderr" ]
  world "$BATS_TEST_TMPDIR/w2"
  cmp "$BATS_TEST_TMPDIR/w1.kernel" "$BATS_TEST_TMPDIR/w2.kernel"
  cmp "$BATS_TEST_TMPDIR/w1.yaml" "$BATS_TEST_TMPDIR/w2.yaml"
  cmp "$BATS_TEST_TMPDIR/w1.stat" "$BATS_TEST_TMPDIR/w2.stat"  # not even rewritten

  dn rm rin r6 rc >/dev/null
}

@test "restore: on the same boot it makes only what is missing and keeps the rest" {
  dn create --subnet 10.175.4.0/24 keep >/dev/null
  dn create --subnet 10.175.5.0/24 lost >/dev/null
  keep=$(bridge_of keep); lost=$(bridge_of lost)
  ip netns add rk
  dn connect keep rk
  # ip(8), not /sys: /sys here is the host namespace's.
  index=$(ip -o link show "$keep" | cut -d: -f1)
  { rules; rules6; } | sort > "$BATS_TEST_TMPDIR/expected.rules"
  cp -p "$STATE" "$BATS_TEST_TMPDIR/state"
  ip link del "$lost"
  "$IPT" -t nat -D POSTROUTING -s 10.175.5.0/24 ! -o "$lost" -j MASQUERADE
  "$IPT" -D DOCKER-FORWARD -i "$keep" -j ACCEPT
  run --separate-stderr dn network restore
  [ "$status" -eq 0 ]
  [ -z "$output" ] && [ -z "$stderr" ]
  ip -o -4 addr show "$lost" | grep -q 'inet 10.175.5.1/24'
  [ "$(ip -o link show "$keep" | cut -d: -f1)" = "$index" ]  # the bridge in use was kept, not made again
  ip netns exec rk ip -o link show eth0 >/dev/null         # and the container's interface with it
  # Sorted: a rule made again is appended after the ones kept (these ACCEPTs name other bridges).
  diff -u "$BATS_TEST_TMPDIR/expected.rules" <({ rules; rules6; } | sort)
  cmp "$BATS_TEST_TMPDIR/state" "$STATE"
  dn disconnect keep rk
  ip netns del rk
  dn rm keep lost >/dev/null
}

@test "restore: refused while a Docker daemon runs, and takes no argument; nothing stored, nothing done" {
  dn create rdock >/dev/null
  world "$BATS_TEST_TMPDIR/w1"
  sock=$BATS_TEST_TMPDIR/docker.sock
  "$FAKE_DOCKERD" "$sock" & fake=$!
  for _ in $(seq 1 50); do [ -S "$sock" ] && break; sleep 0.05; done
  DOCKER_HOST=unix://$sock run --separate-stderr dn network restore
  kill "$fake"; wait "$fake" || true
  [ "$status" -eq 1 ]
  [[ "$stderr" == "a Docker daemon is running on this host (it answers on $sock): docknet changes no network while it runs"* ]]
  run --separate-stderr dn network restore rdock
  [ "$status" -eq 1 ]
  [[ "$stderr" == "docknet: 'docknet network restore' accepts no arguments"* ]]
  world "$BATS_TEST_TMPDIR/w2"
  cmp "$BATS_TEST_TMPDIR/w1.kernel" "$BATS_TEST_TMPDIR/w2.kernel"
  cmp "$BATS_TEST_TMPDIR/w1.yaml" "$BATS_TEST_TMPDIR/w2.yaml"
  run dn network restore --help
  [ "$status" -eq 0 ]
  [[ "$output" == "Usage:  docknet network restore"$'\n'* ]]
  dn rm rdock >/dev/null
  # A root where nothing was ever stored: no built-ins recorded, no docker0 or chain made.
  before=$(links; rules; rules6)
  DOCKNET_ROOT=$BATS_TEST_TMPDIR/empty run --separate-stderr dn restore
  [ "$status" -eq 0 ]
  [ -z "$output" ] && [ -z "$stderr" ]
  [ ! -e "$BATS_TEST_TMPDIR/empty/networks.yaml" ]
  [ "$(links; rules; rules6)" = "$before" ]
}

@test "boot unit: systemd-analyze verify accepts it; restore runs after the firewall loaders, before the runtimes" {
  command -v systemd-analyze >/dev/null || skip "no systemd-analyze"
  unit=$BATS_TEST_TMPDIR/docknet.service
  sed "s|@DOCKNET_BINDIR@|$(dirname "$DOCKNET")|" "$SRC/packaging/docknet.service.in" > "$unit"
  # Documentation=man:docknet-network-restore(1) is checked with man(1): the page must exist.
  mkdir -p "$BATS_TEST_TMPDIR/man" && ln -s "$SRC/man" "$BATS_TEST_TMPDIR/man/man1"
  MANPATH=$BATS_TEST_TMPDIR/man run systemd-analyze verify "$unit"
  [ "$status" -eq 0 ]
  [[ "$output" != *docknet.service* ]]  # no complaint about the unit itself
  grep -qx "ExecStart=$DOCKNET network restore" "$unit"
  grep -qx 'Type=oneshot' "$unit"
  grep -qx 'RemainAfterExit=yes' "$unit"
  grep -qx 'ConditionPathExists=/var/lib/docknet/networks.yaml' "$unit"
  for u in nftables netfilter-persistent firewalld ufw systemd-sysctl; do grep -E "^After=.*\\b$u\\.service" "$unit"; done
  for u in docker containerd podman; do grep -E "^Before=.*\\b$u\\.service" "$unit"; done
  grep -qE '^Before=.*network-online\.target' "$unit"
  grep -qx 'WantedBy=multi-user.target' "$unit"
}
