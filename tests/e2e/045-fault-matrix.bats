#!/usr/bin/env bats
# The fault matrix: every mutating operation, failed and killed at each of its steps in turn.
# The steps are not listed here: a successful run of the test build (docknet-testhooks) logs
# the steps it passes, so a step added to the code is covered by construction.
#  - fail at step k: the call exits 1 and the world (links, addresses, rules, namespaces, hosts
#    files, store) equals what it was before the call;
#  - crash at step k (no unwinding, as kill -9): after the next mutating call the world equals
#    what it was before the call or what a successful call makes, nothing in between.
# The passes every mutating call runs first (recover, release, restore) have no "before" to go
# back to: they are redone by the next call until done, so a failure there is judged as a crash.
load helpers

HOOKS=${DOCKNET_HOOKS:?set DOCKNET_HOOKS to the docknet-testhooks binary}

# A mutating call that changes nothing by itself: it only runs the recovery of earlier calls.
next_call() { dn network prune -f --filter label=docknet.fault-matrix.none >/dev/null; }

# The world, with what differs between two equal runs masked: random IDs, MACs, veth names.
masked() { sed -E 's/[0-9a-f]{64}/ID/g; s/br-[0-9a-f]{12}/br-ID/g; s/veth[0-9a-f]{7}/vethX/g;
  s/([0-9a-f]{2}:){5}[0-9a-f]{2}/MAC/g; s/[0-9a-f]{12}/ID12/g; s/^(    created|boot_id): .*/\1: T/; s/ino: [0-9]+/ino: N/'; }
# WORLD_SETTINGS=no leaves out the forwarding sysctls and FORWARD policies: a killed create
# may leave them as docknet sets them for every bridge (policy DROP first, then forwarding on),
# which safe_forwarding checks instead. Sets are sorted after masking; rules keep their order.
# A namespace's lo is left out: connect brings it up, as every container has it, and keeps it.
world() {
  local settings=${WORLD_SETTINGS:-yes}
  ip -o link show | awk '{ $1=""; sub(/link\/.*/, ""); print }' | sed 's/@[^:]*:/:/; s/ qlen [0-9]*//' | masked | sort
  echo ---; addresses | masked | sort
  if [ "$settings" = yes ]; then
    echo ---; cat /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv6/conf/{all,default}/forwarding
  fi
  for save in rules rules6; do
    echo ---; $save | { [ "$settings" = yes ] && cat || grep -v '^:FORWARD '; } | masked
  done
  echo ---; ip route | masked | sort
  for ns in $(ip netns list | awk '{print $1}' | sort); do
    echo "netns $ns"
    { ip -n "$ns" -o addr show | awk '$2 != "lo" {print $2, $4}' | grep -v fe80::; ip -n "$ns" route; } | masked | sort
  done
  for f in $(find /etc/netns -type f | sort); do echo "file $f"; masked < "$f"; done
  echo ---; [ ! -f "$STATE" ] || masked < "$STATE" | sort
}

# Forwarding on with FORWARD accepting would route for everyone: docknet never leaves that.
safe_forwarding() {
  if [ "$(cat /proc/sys/net/ipv4/ip_forward)" = 1 ] && $IPT -S FORWARD | grep -qx -- '-P FORWARD ACCEPT'; then
    echo "$1: IPv4 forwarding on with FORWARD ACCEPT" >&2; return 1
  fi
  if [ "$(cat /proc/sys/net/ipv6/conf/all/forwarding)" = 1 ] && $IP6T -S FORWARD | grep -qx -- '-P FORWARD ACCEPT'; then
    echo "$1: IPv6 forwarding on with FORWARD ACCEPT" >&2; return 1
  fi
}

# Runs the scenario's call with the test hooks, in a child that knows the scenario's functions.
hooked() { env "$@" DOCKNET="$HOOKS" bash -c "$(declare -f dn next_call "${s}_op"); ${s}_op"; }

# Asserts the world is what it was before the call, or what a successful call makes.
before_or_after() {
  safe_forwarding "$1"
  WORLD_SETTINGS=no world > "$BATS_TEST_TMPDIR/w-now"
  cmp -s "$BATS_TEST_TMPDIR/w-before-ns" "$BATS_TEST_TMPDIR/w-now" && return 0
  cmp -s "$BATS_TEST_TMPDIR/w-after-ns" "$BATS_TEST_TMPDIR/w-now" && return 0
  echo "$1: neither before nor after:" >&2
  diff -u "$BATS_TEST_TMPDIR/w-before-ns" "$BATS_TEST_TMPDIR/w-now" >&2 || true
  diff -u "$BATS_TEST_TMPDIR/w-after-ns" "$BATS_TEST_TMPDIR/w-now" >&2 || true
  return 1
}

# run_matrix SCENARIO [redo]: SCENARIO_prepare sets the scene, SCENARIO_op is the call under
# test, SCENARIO_cleanup returns to the test's baseline from either outcome.
run_matrix() {
  local s=$1 mode=${2:-undo} log="$BATS_TEST_TMPDIR/steps" step
  "${s}_prepare"; world > "$BATS_TEST_TMPDIR/w-before"; WORLD_SETTINGS=no world > "$BATS_TEST_TMPDIR/w-before-ns"
  rm -f "$log"
  hooked DOCKNET_TEST_STEPS_LOG="$log"
  WORLD_SETTINGS=no world > "$BATS_TEST_TMPDIR/w-after-ns"
  "${s}_cleanup"
  [ -s "$log" ] || { echo "no steps logged for $s" >&2; return 1; }
  ! grep -Ev '^[a-z]+\.[a-z0-9_]+(#[0-9]+)?$' "$log"  # every step is OPERATION.NAME
  echo "$s: $(wc -l < "$log") steps: $(tr '\n' ' ' < "$log")" >&3
  while read -r step; do
    "${s}_prepare"
    run hooked DOCKNET_TEST_FAIL_STEP="$step"
    # prune, as Docker's, skips a network it cannot remove (with a warning here) and exits 0.
    [ "$status" -ne 0 ] || [[ "$output" == *"was not removed: injected failure at step $step"* ]] ||
      { echo "fail at $step: the call succeeded" >&2; return 1; }
    if [ "$mode" = undo ]; then
      world > "$BATS_TEST_TMPDIR/w-now"
      diff -u "$BATS_TEST_TMPDIR/w-before" "$BATS_TEST_TMPDIR/w-now" || { echo "fail at $step left this" >&2; return 1; }
    else
      next_call
      before_or_after "fail at $step"
    fi
    "${s}_cleanup"

    "${s}_prepare"
    run hooked DOCKNET_TEST_CRASH_STEP="$step"
    [ "$status" -eq 137 ] || { echo "crash at $step: status $status" >&2; return 1; }
    next_call
    before_or_after "crash at $step"
    "${s}_cleanup"
  done < "$log"
}

forget() { dn rm "$@" >/dev/null 2>&1 || true; }
drop_ns() { for ns in "$@"; do ip netns del "$ns" 2>/dev/null || true; done; }

create_prepare() { :; }
create_op() { dn create --subnet 10.77.0.0/24 fm >/dev/null; }
create_cleanup() { forget fm; }

create6_prepare() { :; }
create6_op() { dn create --ipv6 --internal --subnet 10.78.0.0/24 --subnet fd00:78::/64 fm >/dev/null; }
create6_cleanup() { forget fm; }

macvlan_prepare() { ip link add fmp0 type veth peer name fmp1; }
macvlan_op() { dn create -d macvlan -o parent=fmp0 --subnet 10.79.0.0/24 fm >/dev/null; }
macvlan_cleanup() { forget fm; ip link del fmp0; }

# With forwarding off and FORWARD accepting, create also runs its forwarding and policy steps.
forwarding() {
  echo "$1" > /proc/sys/net/ipv4/ip_forward; echo "$1" > /proc/sys/net/ipv6/conf/all/forwarding
  echo "$1" > /proc/sys/net/ipv6/conf/default/forwarding
}
create_fwd_prepare() { forwarding 0; $IPT -P FORWARD ACCEPT; $IP6T -P FORWARD ACCEPT; }
create_fwd_op() { dn create --ipv6 --subnet fd00:79::/64 fm >/dev/null; }
create_fwd_cleanup() { forget fm; forwarding 1; $IPT -P FORWARD DROP; $IP6T -P FORWARD DROP; }

rm_prepare() { dn create --internal --ipv6 --subnet fd00:80::/64 fm >/dev/null; }
rm_op() { dn rm fm >/dev/null; }
rm_cleanup() { forget fm; }

# One victim: with two, a failure on one leaves the other removed, as Docker's prune does; the
# recovery of a killed prune of two is below.
prune_prepare() { dn create --label fm --internal fm1 >/dev/null; }
prune_op() { dn network prune -f --filter label=fm >/dev/null; }
prune2_prepare() { dn create --label fm fm1 >/dev/null; dn create --label fm --internal fm2 >/dev/null; }
prune_cleanup() { forget fm1 fm2; }

connect_prepare() { dn create --ipv6 --subnet fd00:81::/64 fm >/dev/null; ip netns add fa; ip netns add fb; dn network connect fm fb; }
connect_op() { dn network connect --alias db fm fa; }
connect_cleanup() { dn network disconnect fm fa 2>/dev/null || true; dn network disconnect fm fb; drop_ns fa fb; forget fm; }

disconnect_prepare() { connect_prepare; dn network connect --alias db fm fa; }
disconnect_op() { dn network disconnect fm fa; }
disconnect_cleanup() { connect_cleanup; }

# A connect that takes the default route over (libnetwork's order: "fm-aa" before "fm-zz"), and
# the disconnect that hands it back: the container's routes are part of the world compared.
# fb keeps a port on fm-aa, so the bridge's carrier (reported up to a second late) never changes.
gwconnect_prepare() {
  dn create --subnet 10.82.0.0/24 fm-zz >/dev/null; dn create --subnet 10.83.0.0/24 fm-aa >/dev/null
  ip netns add fa; ip netns add fb; dn network connect fm-zz fa; dn network connect fm-aa fb
}
gwconnect_op() { dn network connect fm-aa fa; }
gwconnect_cleanup() {
  dn network disconnect fm-aa fa 2>/dev/null || true
  dn network disconnect fm-zz fa; dn network disconnect fm-aa fb; drop_ns fa fb; forget fm-aa fm-zz
}

gwdisconnect_prepare() { gwconnect_prepare; dn network connect fm-aa fa; }
gwdisconnect_op() { dn network disconnect fm-aa fa; }
gwdisconnect_cleanup() { gwconnect_cleanup; }

subconnect_prepare() { macvlan_prepare; macvlan_op; ip netns add fa; }
subconnect_op() { dn network connect fm fa; }
subconnect_cleanup() { dn network disconnect fm fa 2>/dev/null || true; drop_ns fa; macvlan_cleanup; }

# A container whose namespace went away is released by the next mutating call.
release_prepare() { connect_prepare; dn network connect --alias db fm fa; ip netns del fa; }
release_op() { next_call; }
release_cleanup() { next_call; dn network disconnect fm fb; drop_ns fb; forget fm; }

# A reboot: no bridges, no chains, forwarding off, a new boot ID; the next call makes it all.
restore_prepare() {
  dn create --internal fm >/dev/null
  dn create --ipv6 --subnet fd00:82::/64 fm6 >/dev/null
  ip link del docker0; ip link del "$(bridge_of fm)"; ip link del "$(bridge_of fm6)"
  for t in filter nat raw; do
    $IPT -t $t -F; $IPT -t $t -X; $IP6T -t $t -F; $IP6T -t $t -X
  done
  $IPT -P FORWARD ACCEPT; $IP6T -P FORWARD ACCEPT
  forwarding 0
  sed -i 's/^boot_id: .*/boot_id: "before-reboot"/' "$STATE"
}
restore_op() { next_call; }
restore_cleanup() { next_call; forget fm fm6; }

# What the next call finds after a call killed halfway: its steps, failed and killed in turn.
recover_connect_prepare() { connect_prepare; DOCKNET_TEST_CRASH_STEP=connect.hosts "$HOOKS" network connect fm fa || true; }
recover_connect_op() { next_call; }
recover_connect_cleanup() { connect_cleanup; }
recover_disconnect_prepare() { disconnect_prepare; DOCKNET_TEST_CRASH_STEP=disconnect.endpoint_firewall "$HOOKS" network disconnect fm fa || true; }
recover_disconnect_op() { next_call; }
recover_disconnect_cleanup() { connect_cleanup; }
recover_rm_prepare() { prune2_prepare; DOCKNET_TEST_CRASH_STEP=prune.delete_links "$HOOKS" network prune -f || true; }
recover_rm_op() { next_call; }
recover_rm_cleanup() { prune_cleanup; }

@test "create: fail or crash at every step, then the next call" { run_matrix create; }
@test "create --ipv6 --internal: fail or crash at every step" { run_matrix create6; }
@test "create with forwarding off: fail or crash at every step" { run_matrix create_fwd; }
@test "create -d macvlan: fail or crash at every step" { run_matrix macvlan; }
@test "rm: fail or crash at every step" { run_matrix rm; }
@test "prune: fail or crash at every step" { run_matrix prune; }
@test "connect: fail or crash at every step" { run_matrix connect; }
@test "disconnect: fail or crash at every step" { run_matrix disconnect; }
@test "connect to macvlan: fail or crash at every step" { run_matrix subconnect; }
@test "connect that takes the default route over: fail or crash at every step" { run_matrix gwconnect; }
@test "disconnect that hands the default route back: fail or crash at every step" { run_matrix gwdisconnect; }
@test "release of a gone namespace: fail or crash at every step" { run_matrix release redo; }
@test "restore after a reboot: fail or crash at every step" { run_matrix restore redo; }
@test "recovery of a killed connect: fail or crash at every step" { run_matrix recover_connect redo; }
@test "recovery of a killed disconnect: fail or crash at every step" { run_matrix recover_disconnect redo; }
@test "recovery of a killed prune: fail or crash at every step" { run_matrix recover_rm redo; }

@test "the installed binary has no fault hooks" {
  run env DOCKNET_TEST_FAIL_STEP=create.intent DOCKNET_TEST_CRASH_STEP=create.intent "$DOCKNET" create nohooks
  [ "$status" -eq 0 ]
  run env DOCKNET_TEST_FAIL_STEP=create.intent "$HOOKS" create hooks
  [ "$status" -eq 1 ]
  [ "$output" = "Error response from daemon: injected failure at step create.intent" ]
  dn rm nohooks
}
