# A multi-host lab for overlay networks, inside the throwaway namespace tests/run-in-netns makes
# (the "underlay"): an etcd and N "hosts", each a holder process with its own network, mount and
# UTS namespaces, joined by a bridge. Sourced by tests/e2e/190-overlay.bats, examples/08-overlay.sh
# and bench/overlay.sh.
#
#   underlay (run-in-netns)         ul-etcd 192.168.77.1/24 (a veth to the switch); etcd on
#                                   192.168.77.1:2379 (client) and 127.0.0.1:2380 (peer), data
#                                   under $DOCKNET_TEST_WORK/lab
#   switch                          a network namespace of its own (a holder process) with the
#                                   bridge ul0 and the ports port-etcd, port-h1, ...: frames
#                                   between hosts never cross the underlay's firewall (other test
#                                   files leave FORWARD DROP there, and br_netfilter would apply
#                                   it to bridged frames)
#   host hN (N = 1..9)              eth0 192.168.77.1N/24 (a veth to port-hN on the switch),
#                                   lo up, hostname hN, private tmpfs on /run (and on /run/netns,
#                                   /etc/netns, /run/docknet), its own sysfs (so /sys/class/net is its own),
#                                   DOCKNET_ROOT=$LAB/hN/state, DOCKNET_CONFIG=$LAB/hN/config.yaml
#                                   (cluster-store, cluster-advertise, firewall-backend),
#                                   XTABLES_LOCKFILE=$LAB/hN/xtables.lock
#
#   lab_start N            etcd and hosts h1..hN (lab_etcd_start + lab_host_start each)
#   on hN CMD...           runs CMD in host hN (its namespaces and docknet's variables)
#   on_argv hN             sets ON_ARGV to that prefix, to background a command and get its PID:
#                            on_argv h1; "${ON_ARGV[@]}" "$DOCKNET" network connect ov c1 & pid=$!
#   dnh hN ARGS...         docknet ARGS in host hN
#   etcd_stop / etcd_start the store goes away and comes back (same data)
#   watch_start hN         `docknet network reconcile --watch` in hN (log $LAB/logs/watch-hN.log)
#   watch_stop hN
#   host_reboot hN         everything volatile of hN gone (namespaces, tmpfs, links, rules, its
#                          processes), its state directory and config kept; a new holder, same name
#   host_destroy hN        the host is gone for good (holder killed, nothing reconciled)
#   lab_stop               stops every process the lab started, by the PIDs it recorded
#
# Safety: every process is started in the current (throwaway) namespace or a host's, through
# `setsid` so it leads its own process group; each group ID is recorded in a file under
# $LAB/pids and only those groups are ever signalled (`kill -- -PGID`), after checking that the
# process still leads that group. No pattern matching of process names anywhere.

LAB=${LAB:-${DOCKNET_TEST_WORK:?run inside tests/run-in-netns}/lab}
LAB_NET=192.168.77
LAB_ETCD=$LAB_NET.1:2379
LAB_STORE=etcd://$LAB_ETCD
LAB_FIREWALL=${DOCKNET_TEST_FIREWALL:-iptables-nft}
export ETCDCTL_API=3

# --- processes ---------------------------------------------------------------------------------

# _lab_spawn NAME CMD...: CMD in the background under setsid (its own session and process
# group; `setsid` execs CMD in place since a background job leads no group), stdin from
# /dev/null, stdout/stderr to $LAB/logs/NAME.log, fd 3 (bats') closed. Records the PID in
# $LAB/pids/NAME.
_lab_spawn() {
  local name=$1; shift
  mkdir -p "$LAB/pids" "$LAB/logs"
  setsid "$@" </dev/null >"$LAB/logs/$name.log" 2>&1 3>&- 4>&- &
  echo $! > "$LAB/pids/$name"
  disown $!  # no job notices; bash still reaps it, and _lab_kill waits by polling
}

_lab_pid() { [ -f "$LAB/pids/$1" ] && cat "$LAB/pids/$1"; }

# _lab_alive PID: the process exists and is not a zombie.
_lab_alive() {
  local st
  st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [ -n "$st" ] && [ "${st:0:1}" != Z ]
}

# _lab_kill NAME [SIG]: signals the process group the lab recorded as NAME, waits (up to 10 s,
# then SIGKILL) until its leader is gone, forgets it. Only a recorded PID > 1 that still leads
# its own group is signalled.
_lab_kill() {
  local name=$1 sig=${2:-TERM} pid pgid i
  pid=$(_lab_pid "$name") || return 0
  rm -f "$LAB/pids/$name"
  [[ "$pid" =~ ^[0-9]+$ ]] && [ "$pid" -gt 1 ] || return 0
  pgid=$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ') || return 0
  [ "$pgid" = "$pid" ] || return 0  # gone, or no longer the group we made
  kill -"$sig" -- "-$pid" 2>/dev/null || true
  for i in $(seq 100); do _lab_alive "$pid" || break; sleep 0.1; done
  if _lab_alive "$pid"; then kill -KILL -- "-$pid" 2>/dev/null || true; fi
  # Reap it if it is our child (started in this shell); else init does.
  wait "$pid" 2>/dev/null || true
  for i in $(seq 50); do _lab_alive "$pid" || return 0; sleep 0.1; done
  echo "lab: $name ($pid) does not die" >&2
  return 1
}

# --- etcd --------------------------------------------------------------------------------------

# on_switch CMD...: CMD in the switch's network namespace.
on_switch() {
  local pid
  pid=$(_lab_pid switch) && _lab_alive "$pid" || { echo "lab: no switch" >&2; return 1; }
  nsenter -t "$pid" -n -- "$@"
}

# lab_underlay_up: the switch (ul0) and the underlay's port on it, ul-etcd 192.168.77.1/24.
# Fixed MACs everywhere: a bridge takes its lowest port's MAC unless given one, so a host's new
# veth after host_reboot would change ul0's; and a host keeps its eth0's MAC across a reboot,
# as a NIC does, so the others' ARP caches stay right.
lab_underlay_up() {
  local pid i
  if pid=$(_lab_pid switch) && _lab_alive "$pid"; then return 0; fi
  _lab_spawn switch unshare --net sleep infinity
  pid=$(_lab_pid switch)
  for i in $(seq 100); do
    [ "$(readlink "/proc/$pid/ns/net" 2>/dev/null)" != "$(readlink /proc/self/ns/net)" ] && break
    sleep 0.05
  done
  [ "$(readlink "/proc/$pid/ns/net")" != "$(readlink /proc/self/ns/net)" ] || { echo "lab: the switch has no namespace" >&2; return 1; }
  ip link set lo up
  on_switch ip link add ul0 address 02:77:00:00:00:ff type bridge
  on_switch ip link set ul0 up
  ip link del ul-etcd 2>/dev/null || true
  ip link add ul-etcd address 02:77:00:00:00:01 type veth peer name port-etcd address 02:77:00:00:01:01 netns "$pid"
  ip addr add "$LAB_NET.1/24" dev ul-etcd
  ip link set ul-etcd up
  on_switch ip link set port-etcd master ul0
  on_switch ip link set port-etcd up
}

etcdctl_lab() { etcdctl --endpoints "http://$LAB_ETCD" --dial-timeout=2s --command-timeout=5s "$@"; }
etcd_healthy() { curl --noproxy '*' -fsS -m 1 "http://$LAB_ETCD/health" 2>/dev/null | grep -q '"health":"true"'; }

etcd_start() {
  lab_underlay_up
  mkdir -p "$LAB/etcd"
  _lab_spawn etcd /usr/bin/etcd --name lab --data-dir "$LAB/etcd" \
    --listen-client-urls "http://$LAB_ETCD" --advertise-client-urls "http://$LAB_ETCD" \
    --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
    --initial-cluster lab=http://127.0.0.1:2380 --initial-cluster-state new \
    --log-level warn
  local i
  for i in $(seq 100); do
    etcd_healthy && return 0
    _lab_alive "$(_lab_pid etcd)" || break
    sleep 0.1
  done
  echo "lab: etcd does not answer on $LAB_ETCD; its log:" >&2
  cat "$LAB/logs/etcd.log" >&2
  return 1
}

# etcd_stop: the store goes away (its data directory stays for etcd_start).
etcd_stop() {
  _lab_kill etcd TERM
  ! etcd_healthy
}

# --- hosts -------------------------------------------------------------------------------------

_lab_ip() { echo "$LAB_NET.1${1#h}"; }

_lab_holder() { local pid; pid=$(_lab_pid "host-$1") && _lab_alive "$pid" && echo "$pid"; }

# on_argv hN: ON_ARGV=(nsenter ... env ...) for host hN. nsenter and env exec in place, so a
# command started as "${ON_ARGV[@]}" CMD & has $! = CMD's own PID.
on_argv() {
  local h=$1 pid
  pid=$(_lab_holder "$h") || { echo "lab: no host $h" >&2; return 1; }
  ON_ARGV=(nsenter -t "$pid" -n -m -u -- env DOCKNET_ROOT="$LAB/$h/state"
    DOCKNET_CONFIG="$LAB/$h/config.yaml" XTABLES_LOCKFILE="$LAB/$h/xtables.lock"
    "${LAB_EXTRA_ENV[@]}")
}
on() { local ON_ARGV; on_argv "$1" || return 1; shift; "${ON_ARGV[@]}" "$@"; }
dnh() { local h=$1; shift; on "$h" "${DOCKNET:?set DOCKNET}" "$@"; }

# lab_host_config hN: the host's config.yaml (firewall backend, cluster store, its address).
lab_host_config() {
  local h=$1
  mkdir -p "$LAB/$h"
  printf 'firewall-backend: %s\n' "$LAB_FIREWALL" > "$LAB/$h/config.yaml"
  # DOCKNET_LAB_CLUSTER=0: no cluster keys (to try the lab itself with a docknet that knows none).
  [ "${DOCKNET_LAB_CLUSTER:-1}" = 0 ] ||
    printf 'cluster-store: %s\ncluster-advertise: %s\n' "$LAB_STORE" "$(_lab_ip "$h")" >> "$LAB/$h/config.yaml"
}

# lab_host_start hN: a holder with new network, mount and UTS namespaces, plumbed into the switch.
lab_host_start() {
  local h=$1 ip pid i
  ip=$(_lab_ip "$h")
  lab_underlay_up
  mkdir -p "$LAB/$h/state"
  [ -f "$LAB/$h/config.yaml" ] || lab_host_config "$h"
  _lab_spawn "host-$h" unshare --net --mount --uts --propagation private sleep infinity
  pid=$(_lab_pid "host-$h")
  # unshare has made the namespaces once its net namespace differs from ours.
  for i in $(seq 100); do
    [ "$(readlink "/proc/$pid/ns/net" 2>/dev/null)" != "$(readlink /proc/self/ns/net)" ] \
      && [ "$(readlink "/proc/$pid/ns/uts" 2>/dev/null)" != "$(readlink /proc/self/ns/uts)" ] && break
    sleep 0.05
  done
  [ "$(readlink "/proc/$pid/ns/net")" != "$(readlink /proc/self/ns/net)" ] || { echo "lab: $h has no namespace" >&2; return 1; }
  on_switch ip link del "port-$h" 2>/dev/null || true
  ip link add "port-$h" address "02:77:00:00:01:1${h#h}" netns "$(_lab_pid switch)" type veth \
    peer name eth0 address "02:77:00:00:00:1${h#h}" netns "$pid"
  on_switch ip link set "port-$h" master ul0
  on_switch ip link set "port-$h" up
  nsenter -t "$pid" -n -m -u -- sh -ec "
    hostname $h
    ip link set lo up
    ip addr add $ip/24 dev eth0
    ip link set eth0 up
    mount -t sysfs sysfs /sys
    # A tmpfs over all of /run first: mkdir on the /run below would reach the machine's own.
    # /etc/netns exists already (tests/run-in-netns made it).
    mount -t tmpfs -o mode=0755 tmpfs /run
    mkdir -p /run/netns /run/docknet
    for d in /run/netns /etc/netns /run/docknet; do mount -t tmpfs -o mode=0755 tmpfs \$d; done"
  # The underlay answers (no duplicate address detection to wait for on IPv4; the bridge port
  # forwards at once as STP is off).
  for i in $(seq 50); do
    on "$h" ping -c1 -W1 "$LAB_NET.1" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "lab: $h does not reach the underlay" >&2
  return 1
}

# host_stop hN: its reconcile --watch (if any) and its holder; with them go its namespaces.
_lab_host_stop() {
  local h=$1 pid
  watch_stop "$h"
  pid=$(_lab_pid "host-$h") || true
  _lab_kill "host-$h" KILL
  # The host's net namespace (and the veth in it) goes when its last user does: wait for port-hN.
  local i
  for i in $(seq 50); do on_switch ip link show "port-$h" >/dev/null 2>&1 || return 0; sleep 0.1; done
  on_switch ip link del "port-$h" 2>/dev/null || true
}

# host_reboot hN: as a power cycle: namespaces, mounts (/run/*), links and rules gone; the state
# directory and config (a disk) kept; same name and address.
host_reboot() { _lab_host_stop "$1"; lab_host_start "$1"; }

# host_destroy hN: the machine is gone for good (nothing reconciled); its disk too.
host_destroy() { _lab_host_stop "$1"; rm -rf "${LAB:?}/$1"; }

# --- reconcile --watch -------------------------------------------------------------------------

watch_start() {
  local h=$1 ON_ARGV
  on_argv "$h" || return 1
  _lab_spawn "watch-$h" "${ON_ARGV[@]}" "${DOCKNET:?}" network reconcile --watch
  sleep 0.2
  _lab_alive "$(_lab_pid "watch-$h")" || { echo "lab: reconcile --watch on $h exited:" >&2; cat "$LAB/logs/watch-$h.log" >&2; return 1; }
}
watch_stop() { _lab_kill "watch-$1" TERM; }

# --- the whole lab -----------------------------------------------------------------------------

lab_start() {
  local n=${1:-3} i
  etcd_start
  for i in $(seq 1 "$n"); do lab_host_start "h$i"; done
}

lab_stop() {
  local f name
  for f in "$LAB"/pids/watch-*; do [ -e "$f" ] && _lab_kill "$(basename "$f")" TERM; done
  for f in "$LAB"/pids/host-*; do
    [ -e "$f" ] || continue
    name=$(basename "$f"); _lab_host_stop "${name#host-}"
  done
  for f in "$LAB"/pids/*; do [ -e "$f" ] && _lab_kill "$(basename "$f")" TERM; done
  _lab_kill etcd TERM
  _lab_kill switch KILL
  ip link del ul-etcd 2>/dev/null || true  # went with the switch's end, unless that is slow
  return 0
}

# --- looking ----------------------------------------------------------------------------------

# eventually SECONDS CMD...: CMD succeeds within SECONDS (polled every 0.1 s).
eventually() {
  local t=$1 end; shift
  end=$(( $(date +%s%N) + t * 1000000000 ))
  while :; do
    "$@" && return 0
    [ "$(date +%s%N)" -lt "$end" ] || return 1
    sleep 0.1
  done
}

# ping_from hN NS TARGET: one ping (1 s) from container NS on host hN.
ping_from() { on "$1" ip netns exec "$2" ping -c1 -W1 "$3" >/dev/null 2>&1; }

# store_keys PREFIX: the keys under /docknet/v1/PREFIX, one a line, sorted.
store_keys() { etcdctl_lab get --prefix --keys-only "/docknet/v1/$1" | sed '/^$/d' | sort; }

# host_snapshot hN: what a host has that docknet may make: links, addresses, named namespaces,
# hosts files, overlay namespaces, firewall rules (no counters).
host_snapshot() {
  on "$1" sh -c '
    ip -o link show | awk -F": " "{print \$2}" | sed "s/@.*//" | sort
    echo ---; ip -o addr show | awk "{print \$2, \$4}" | grep -v " fe80::" | sort
    echo ---; ip netns list
    echo ---; ls -R /etc/netns
    echo ---; ls /run/docknet/netns 2>/dev/null
    echo ---; '"$LAB_FIREWALL"'-save | grep -v "^#" | sed "s/\[[0-9]*:[0-9]*\]/[0:0]/"
    echo ---; '"ip6tables-${LAB_FIREWALL#iptables-}"'-save | grep -v "^#" | sed "s/\[[0-9]*:[0-9]*\]/[0:0]/"'
}

# lab_warmup hN: what the first changing docknet command makes on a host (docker0, the base
# chains, forwarding), and the raw tables used once (they show in dumps from then on), so that
# a test's "before" already has them. As tests/e2e/helpers.bash's setup_file, in the host.
lab_warmup() {
  local t
  dnh "$1" network create --ipv6 lab-warmup >/dev/null
  dnh "$1" network rm lab-warmup >/dev/null
  for t in "$LAB_FIREWALL" "ip6tables-${LAB_FIREWALL#iptables-}"; do
    on "$1" "$t" -t raw -A PREROUTING -j ACCEPT
    on "$1" "$t" -t raw -D PREROUTING -j ACCEPT
  done
}

# lab_hosts: the hosts running now (h1 h2 ...).
lab_hosts() {
  local f
  for f in "$LAB"/pids/host-*; do [ -e "$f" ] && echo "${f##*/host-}"; done | sort
}
