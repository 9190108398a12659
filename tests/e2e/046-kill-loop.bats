#!/usr/bin/env bats
# The kill loop: random mutating calls, each killed with SIGKILL after a random delay (or let
# finish), then the next call; after it the kernel and the store must agree, with nothing
# leaked and nothing lost. KILL_LOOP_ITERATIONS sets the count (`make stress` runs thousands).
load helpers

ITERATIONS=${KILL_LOOP_ITERATIONS:-150}

# A mutating call that changes nothing by itself: it only runs the recovery of earlier calls.
next_call() { dn network prune -f --filter label=docknet.kill-loop.none >/dev/null; }

stored() { grep -oE "^    $1: \"[^\"]*\"|$1: \"[^\"]*\"" "$STATE" | sed 's/.*: "//; s/"$//' | sort -u; }

# Every stored bridge network has its bridge, up, with its gateway; every stored endpoint has
# its veth on that bridge and its address in the namespace; no br-/veth link or rule exists
# for anything that is not stored; no intent is left in the store; `network check` finds no drift.
consistent() {
  ! grep -qE 'pending: true|removing: true|intent:' "$STATE" || { echo "intent left in the store" >&2; return 1; }
  # docknet's own drift check compares every stored object and rule with the kernel.
  local drift; drift=$("$DOCKNET" network check 2>&1) || { echo "network check: $drift" >&2; return 1; }
  local want have
  want=$(for n in $(dn ls -q --filter driver=bridge --filter type=custom); do bridge_of "$n"; done | sort)
  have=$(links | grep '^br-' || true)
  [ "$want" = "$have" ] || { echo "bridges: stored [$want] kernel [$have]" >&2; return 1; }
  want=$(stored host_ifname | grep . || true)
  have=$(links | grep '^veth' || true)
  [ "$want" = "$have" ] || { echo "veths: stored [$want] kernel [$have]" >&2; return 1; }
  for br in $(links | grep '^br-'); do
    ip -o link show "$br" | grep -q 'UP' || { echo "$br is down" >&2; return 1; }
    [ -n "$(ip -o -4 addr show "$br")" ] || { echo "$br has no address" >&2; return 1; }
  done
  # Rules name only stored bridges, and each bridge has its full set (compared with the count a
  # fresh network of the same kind has).
  have=$(rules | grep -oE 'br-[0-9a-f]{12}' | sort -u)
  want=$(links | grep '^br-' || true)
  [ "$have" = "$want" ] || { echo "rules name [$have] but bridges are [$want]" >&2; return 1; }
  for n in $(dn ls -q --filter driver=bridge --filter type=custom); do
    local br eps base; br=$(bridge_of "$n")
    eps=$(dn network inspect -f '{{len .Containers}}' "$n")
    base=$BASE_RULES per=$ENDPOINT_RULES
    [ "$(dn network inspect -f '{{.Internal}}' "$n")" = false ] || { base=$INTERNAL_RULES per=$INTERNAL_ENDPOINT_RULES; }
    [ "$(rules | grep -c -- "$br")" -eq $((base + eps * per)) ] ||
      { echo "$n: $(rules | grep -c -- "$br") rules, $eps endpoints" >&2; rules | grep -- "$br" >&2; return 1; }
  done
  for ns in k1 k2 k3; do
    local addrs; addrs=$(dn network inspect -f '{{range .Containers}}{{if eq .Name "'$ns'"}}{{.IPv4Address}} {{end}}{{end}}' \
      $(dn ls -q --filter type=custom) 2>/dev/null | tr ' ' '\n' | grep . | sort || true)
    [ "$addrs" = "$(ip -n "$ns" -o -4 addr show | awk '$2 != "lo" {print $4}' | sort)" ] ||
      { echo "$ns: stored [$addrs] kernel [$(ip -n "$ns" -o -4 addr show)]" >&2; return 1; }
  done
}

random_call() {
  local n="kn$((RANDOM % 4))" ns="k$((RANDOM % 3 + 1))"
  case $((RANDOM % 6)) in
    0|1) echo create "$([ $((RANDOM % 2)) = 0 ] && echo --internal)" "$n" ;;
    2) echo rm "$n" ;;
    3) echo network connect --alias "a$ns" "$n" "$ns" ;;
    4) echo network disconnect "$n" "$ns" ;;
    5) echo network prune -f ;;
  esac
}

@test "kill -9 at random moments of random calls: the next call leaves kernel and store consistent" {
  for ns in k1 k2 k3; do ip netns add "$ns"; done
  # The rule counts of a quiet network and of one endpoint, measured on this kernel.
  dn create kref >/dev/null; br=$(bridge_of kref)
  BASE_RULES=$(rules | grep -c -- "$br")
  dn network connect kref k1; ENDPOINT_RULES=$(( $(rules | grep -c -- "$br") - BASE_RULES ))
  dn network disconnect kref k1; dn rm kref >/dev/null
  dn create --internal kref >/dev/null; br=$(bridge_of kref)
  INTERNAL_RULES=$(rules | grep -c -- "$br")
  dn network connect kref k1; INTERNAL_ENDPOINT_RULES=$(( $(rules | grep -c -- "$br") - INTERNAL_RULES ))
  dn network disconnect kref k1; dn rm kref >/dev/null
  local killed=0 finished=0
  for i in $(seq 1 "$ITERATIONS"); do
    # 0 to 40 ms: most calls take 5 to 60 ms here, so most kills land mid-call.
    delay=$(printf '0.%03d' $((RANDOM % 40)))
    set +e
    call=$(random_call)
    timeout -s KILL "$delay" "$DOCKNET" $call >/dev/null 2>&1
    rc=$?
    set -e
    [ "$rc" -eq 137 ] && killed=$((killed + 1)) || finished=$((finished + 1))
    next_call
    consistent || { echo "iteration $i ($call, rc $rc) left the state inconsistent" >&2; return 1; }
  done
  echo "kill loop: $ITERATIONS calls, $killed killed, $finished finished, 0 inconsistent" >&3
  for ns in k1 k2 k3; do ip netns del "$ns"; done
  next_call
  for n in $(dn ls -q --filter type=custom); do dn rm "$n" >/dev/null; done
}
