#!/usr/bin/env bats
# Failure at every step, concurrent calls, first use and restore after a reboot.
load helpers

@test "an rm that fails midway leaves the internal network whole, isolation rules included" {
  dn create --internal sec >/dev/null
  br=$(bridge_of sec)
  before=$(rules | grep -c -- "$br")
  run env DOCKNET_TEST_FAIL_STEP=rm.delete_links "$DOCKNET_HOOKS" rm sec
  [ "$status" -eq 1 ]
  [ "$(dn inspect -f '{{.Internal}}' sec)" = true ]
  [ "$(rules | grep -c -- "$br")" -eq "$before" ]
  rules | grep -q -- "-A DOCKER-INTERNAL ! -s 172.18.0.0/16 -o $br -j DROP"
  run dn rm sec
  [ "$status" -eq 0 ]
  ! ip link show "$br" 2>/dev/null
}

@test "a create killed midway is invisible to readers and undone by the next mutating call" {
  run env DOCKNET_TEST_CRASH_STEP=create.firewall "$DOCKNET_HOOKS" create crashy
  [ "$status" -eq 137 ]
  grep -q 'pending: true' "$STATE"
  ! dn inspect crashy >/dev/null 2>&1
  [ -z "$(dn ls -q --filter name=crashy)" ]
  dn create after >/dev/null
  ! grep -q 'pending: true' "$STATE"
  [ "$(ip -o link | grep -c 'br-')" -eq 1 ]
  dn rm after >/dev/null
}

@test "a connect killed midway does not poison the next one nor hand its address out twice" {
  dn create pois >/dev/null
  ip netns add p1; ip netns add p2
  run env DOCKNET_TEST_CRASH_STEP=connect.store "$DOCKNET_HOOKS" network connect pois p1
  [ "$status" -eq 137 ]
  [ "$(dn network inspect -f '{{len .Containers}}' pois)" = 0 ]  # readers never see it
  dn network connect pois p2
  [ "$(dn network inspect -f '{{range .Containers}}{{.Name}} {{.IPv4Address}}{{end}}' pois)" = "p2 172.18.0.2/16" ]
  [ "$(ip -n p1 -o link | grep -c eth0)" = 0 ]
  dn network connect pois p1
  [ "$(dn network inspect -f '{{range .Containers}}{{.Name}} {{.IPv4Address}} {{end}}' pois)" = "p1 172.18.0.3/16 p2 172.18.0.2/16 " ] ||
    [ "$(dn network inspect -f '{{range .Containers}}{{.Name}} {{.IPv4Address}} {{end}}' pois)" = "p2 172.18.0.2/16 p1 172.18.0.3/16 " ]
  dn network disconnect pois p1; dn network disconnect pois p2
  ip netns del p1; ip netns del p2
  dn rm pois >/dev/null
}

@test "Ctrl-C or SIGTERM during a change lands after it: the change is made whole" {
  # The call stops itself at a step mid-change (after its intent, before its bridge), gets the
  # signal while stopped, and goes on.
  for sig in INT TERM; do
    DOCKNET_TEST_PAUSE_STEP=create.bridge "$DOCKNET_HOOKS" create "sig$sig" >/dev/null &
    pid=$!
    for i in $(seq 1 200); do [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = T ] && break; sleep 0.05; done
    [ "$(awk '{print $3}' "/proc/$pid/stat")" = T ]
    grep -q 'pending: true' "$STATE"  # mid-change
    kill -s "$sig" "$pid"
    kill -s CONT "$pid"
    rc=0; wait "$pid" || rc=$?
    # SIGTERM did land, once the change was done (a background job of a script ignores SIGINT).
    [ "$sig" = INT ] || [ "$rc" -eq 143 ]
    dn network prune -f --filter label=none >/dev/null
    [ "$(dn inspect -f '{{.Name}}' "sig$sig")" = "sig$sig" ]
    ip -o -4 addr show "$(bridge_of "sig$sig")" | grep -q inet
    rules | grep -q -- "-A DOCKER-FORWARD -i $(bridge_of "sig$sig") -j ACCEPT"
    dn rm "sig$sig" >/dev/null
  done
}

@test "SIGTERM while waiting for a stuck xtables lock ends the call, its work undone" {
  # Only the legacy x_tables have that lock; nf_tables changes are atomic batches with none.
  [ "$FIREWALL" = iptables-legacy ] || skip "the xtables lock is the legacy backend's"
  dn create warm >/dev/null  # the base chains exist: the next create waits at its own rules
  before_links=$(links); before_rules=$(rules)
  lock=$BATS_TEST_TMPDIR/xtables.lock
  flock "$lock" sleep 60 &
  holder=$!
  # the holder must own the lock before docknet starts, or docknet may take it first
  for _ in $(seq 1 100); do flock -n "$lock" true || break; sleep 0.05; done
  ! flock -n "$lock" true
  XTABLES_LOCKFILE=$lock "$DOCKNET" create stuck >/dev/null 2>&1 &
  pid=$!
  sleep 0.5
  kill -0 "$pid"  # still waiting for the lock
  kill -TERM "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  ! kill -0 "$pid" 2>/dev/null || { kill -9 "$pid"; kill "$holder"; echo "still waiting after SIGTERM" >&2; return 1; }
  rc=0; wait "$pid" || rc=$?
  kill "$holder"; wait "$holder" || true
  [ "$rc" -eq 143 ]
  [ -z "$(dn ls -q --filter name=stuck)" ]
  [ "$(links)" = "$before_links" ]
  [ "$(rules)" = "$before_rules" ]
  dn rm warm >/dev/null
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

# Since issue 13 a read makes no state directory (completion runs ls on every TAB): without one,
# ls shows the built-ins and writes nothing; in an existing one it records them (first use).
@test "first use: ls shows the built-ins, records them only in an existing state directory, touches no link or rule" {
  export DOCKNET_ROOT="$BATS_TEST_TMPDIR/fresh"
  before=$(links; rules)
  run dn ls --format '{{.Name}} {{.Driver}}'
  assert_output $'bridge bridge\nhost host\nnone null'
  [ ! -e "$DOCKNET_ROOT" ]
  mkdir -m 0700 "$DOCKNET_ROOT"
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
  $IPT -t nat -D POSTROUTING -s 172.18.0.0/16 ! -o "$br" -j MASQUERADE
  $IP6T -t nat -D POSTROUTING -s fd00:77::/64 ! -o "$br6" -j MASQUERADE
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
