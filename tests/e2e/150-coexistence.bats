#!/usr/bin/env bats
# Next to a running Docker daemon (issue 10): changing commands refuse and change nothing; ls
# and inspect still work. A fake daemon answers Docker's /_ping on a unix socket.
load helpers

FAKE_DOCKERD="$(dirname "$DOCKNET_HOOKS")/docknet-fake-dockerd"
world() { { links; echo ---; addresses; echo ---; rules; echo ---; rules6; echo ---; cat "$STATE"; } > "$1"; }

start_fake_dockerd() {
  sock=$BATS_TEST_TMPDIR/docker.sock
  "$FAKE_DOCKERD" "$sock" & fake=$!
  for _ in $(seq 1 50); do [ -S "$sock" ] && break; sleep 0.05; done
  [ -S "$sock" ]
}

@test "coexist: a running Docker daemon is named, every changing command refuses, nothing changes" {
  dn create kept >/dev/null
  ip netns add cx
  world "$BATS_TEST_TMPDIR/w1"
  start_fake_dockerd
  export DOCKER_HOST=unix://$sock
  why="a Docker daemon is running on this host (it answers on $sock): docknet changes no network while it runs"
  for cmd in "create other" "rm kept" "prune -f" "connect kept cx" "disconnect kept cx" "check --repair"; do
    # shellcheck disable=SC2086
    run --separate-stderr dn network $cmd
    [ "$status" -eq 1 ]
    [[ "$stderr" == "$why"* ]]
    [[ "$stderr" == *"systemctl stop docker.service docker.socket"* ]]
  done
  run dn ls --format '{{.Name}}' --filter name=kept
  assert_output kept
  [ "$(dn inspect -f '{{.Name}}' kept)" = kept ]
  run dn network check
  [ "$status" -eq 0 ]
  world "$BATS_TEST_TMPDIR/w2"
  diff -u "$BATS_TEST_TMPDIR/w1" "$BATS_TEST_TMPDIR/w2"
  kill "$fake"; wait "$fake" || true
  dn rm kept >/dev/null  # Docker gone: changes go through again
  ip netns del cx
}

@test "coexist: a socket that is not Docker does not block docknet; a remote DOCKER_HOST is refused before anything runs" {
  export DOCKER_HOST=unix://$BATS_TEST_TMPDIR/none.sock  # nothing listens
  dn create free1 >/dev/null
  # A script aimed at a remote daemon must never change this host (docker29: the CLI would talk to it).
  export DOCKER_HOST=tcp://127.0.0.1:1
  run --separate-stderr dn rm free1
  [ "$status" -eq 1 ]
  assert_stderr "docknet manages this host's networks only: DOCKER_HOST=tcp://127.0.0.1:1 names another Docker host; nothing was done (use the docker CLI for remote hosts)"
  unset DOCKER_HOST
  [ -n "$(dn ls -q --filter name=free1)" ]
  dn rm free1 >/dev/null
}

@test "coexist: a docker0 left by Docker keeps its address; another bip is refused naming both" {
  root=$BATS_TEST_TMPDIR/root
  # In a namespace of its own: a host where Docker made docker0 and is no longer running.
  run --separate-stderr unshare --net env DOCKNET_ROOT="$root" DOCKNET_CONFIG="$BATS_TEST_TMPDIR/none.yaml" \
    DOCKNET_TEST_FIREWALL= sh -c '
    ip link add docker0 type bridge && ip addr add 172.31.5.1/24 dev docker0 && ip link set docker0 up
    printf "firewall-backend: %s\n" "'"$FIREWALL"'" > "$DOCKNET_CONFIG"
    "$0" create n1 >/dev/null || exit 1
    "$0" inspect -f "{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}" bridge
    ip -o -4 addr show dev docker0 | awk "{print \$4}"
    "$0" rm n1 >/dev/null
    rm -rf "$DOCKNET_ROOT"
    printf "firewall-backend: %s\nbip: 172.30.0.1/16\n" "'"$FIREWALL"'" > "$DOCKNET_CONFIG"
    "$0" create n2' "$DOCKNET"
  [ "$status" -eq 1 ]
  assert_output "172.31.5.0/24 172.31.5.1
172.31.5.1/24"
  [[ "$stderr" == *"bridge docker0 was not made by docknet and has 172.31.5.1/24, not the gateway 172.30.0.1/16 this network needs"* ]]
}
