#!/usr/bin/env bats
# Failure at every step, concurrent calls, first use and restore after a reboot.
load helpers

@test "a create that fails at any kernel or store step leaves nothing behind" {
  for step in bridge address link_up firewall store; do
    run --separate-stderr env DOCKNET_TEST_FAIL_STEP=$step "$DOCKNET" create broken
    [ "$status" -eq 1 ]
    assert_stderr "Error response from daemon: injected failure at step $step"
    ! dn inspect broken >/dev/null 2>&1
    ! ip -o link | grep -q 'br-'
  done
}

@test "a create killed midway is invisible to readers and undone by the next mutating call" {
  for step in link_up firewall store; do
    run env DOCKNET_TEST_CRASH_STEP=$step "$DOCKNET" create crashy
    [ "$status" -eq 137 ]
    grep -q 'pending: true' "$STATE"
    ! dn inspect crashy >/dev/null 2>&1
    [ -z "$(dn ls -q --filter name=crashy)" ]
    dn create after >/dev/null
    ! grep -q 'pending: true' "$STATE"
    [ "$(ip -o link | grep -c 'br-')" -eq 1 ]
    dn rm after >/dev/null
  done
}

@test "an rm that fails midway keeps the record, and a second rm finishes the job" {
  dn create half >/dev/null
  br=$(bridge_of half)
  run env DOCKNET_TEST_FAIL_STEP=delete_bridge "$DOCKNET" rm half
  [ "$status" -eq 1 ]
  dn inspect half >/dev/null
  ! rules | grep -q "$br"
  run dn rm half
  [ "$status" -eq 0 ]
  ! ip link show "$br" 2>/dev/null
}

@test "concurrent creates never lose an update nor share a subnet" {
  for i in $(seq 1 8); do dn create "par$i" >/dev/null & done
  wait
  [ "$(dn ls -q --filter name=^par | wc -l)" -eq 8 ]
  [ "$(dn inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' par1 par2 par3 par4 par5 par6 par7 par8 | sort -u | wc -l)" -eq 8 ]
  for i in $(seq 1 8); do dn rm "par$i" >/dev/null & done
  wait
  [ -z "$(dn ls -q --filter name=^par)" ]
}

@test "first use: ls records the built-ins but touches no link or rule" {
  export DOCKNET_ROOT="$BATS_TEST_TMPDIR/fresh"
  before=$(links; rules)
  run dn ls --format '{{.Name}} {{.Driver}}'
  assert_output $'bridge bridge\nhost host\nnone null'
  [ "$(links; rules)" = "$before" ]
  [ -f "$DOCKNET_ROOT/networks.yaml" ]
}

@test "after a reboot the next mutating call makes bridges and rules again" {
  dn create survivor >/dev/null
  dn create --ipv6 --subnet fd00:77::/64 survivor6 >/dev/null
  br=$(bridge_of survivor); br6=$(bridge_of survivor6)
  # A reboot: the kernel state is gone and the boot ID has changed.
  dn inspect survivor >/dev/null
  ip link del "$br"; ip link del "$br6"
  iptables-legacy -t nat -D POSTROUTING -s 172.18.0.0/16 ! -o "$br" -j MASQUERADE
  ip6tables-legacy -t nat -D POSTROUTING -s fd00:77::/64 ! -o "$br6" -j MASQUERADE
  echo 0 > /proc/sys/net/ipv6/conf/all/forwarding
  sed -i 's/^boot_id: .*/boot_id: before-reboot/' "$STATE"
  dn create other >/dev/null
  ip -o -4 addr show "$br" | grep -q 'inet 172.18.0.1/16'
  rules -t nat | grep -qx -- "-A POSTROUTING -s 172.18.0.0/16 ! -o $br -j MASQUERADE"
  ip -o -6 addr show "$br6" | grep -q 'inet6 fd00:77::1/64'
  rules6 -t nat | grep -qx -- "-A POSTROUTING -s fd00:77::/64 ! -o $br6 -j MASQUERADE"
  [ "$(cat /proc/sys/net/ipv6/conf/all/forwarding)" = 1 ]
  dn rm other survivor survivor6
}

@test "without root: a clear permission error, exit 1, nothing changed" {
  chmod 755 "$DOCKNET_TEST_WORK"
  run --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups "$DOCKNET" create x
  [ "$status" -eq 1 ]
  assert_stderr "permission denied while trying to open $DOCKNET_ROOT/lock: docknet must run as root"
  run --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups "$DOCKNET" network ls
  [ "$status" -eq 1 ]
  [[ "$stderr" == "permission denied while trying to open"* ]]
}
