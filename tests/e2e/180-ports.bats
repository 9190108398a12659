#!/usr/bin/env bats
# Publishing ports (issue 14): `connect -p` and `docknet port` as Docker's networking tutorials use
# them, on the backend under test. An "outside machine" is a namespace on a veth to the host
# (192.0.2.0/24, TEST-NET-1); listeners are netcat-openbsd inside the containers.
load helpers

setup() {
  snapshot "$BATS_TEST_TMPDIR/before"
  ip netns add outside
  ip link add hostside type veth peer name outs netns outside
  ip addr add 192.0.2.1/24 dev hostside
  ip link set hostside up
  ip -n outside addr add 192.0.2.2/24 dev outs
  ip -n outside link set outs up
  ip -n outside link set lo up
  LISTENERS=()
}

teardown() {
  local pid
  for pid in "${LISTENERS[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
  for pid in "${LISTENERS[@]}"; do wait "$pid" 2>/dev/null || true; done
  ip link del hostside 2>/dev/null || true
  ip netns del outside
  snapshot "$BATS_TEST_TMPDIR/after"
  diff -u "$BATS_TEST_TMPDIR/before" "$BATS_TEST_TMPDIR/after"
}

# serve NS PORT TEXT [udp]: answers every connection to PORT in NS with TEXT. In a session of
# its own (teardown ends the whole group), with bats' fd 3 closed so bats does not wait for it.
serve() {
  if [ "${4:-}" = udp ]; then
    setsid ip netns exec "$1" sh -c "while true; do echo $3 | nc -u -l -W1 $2; done" >/dev/null 2>&1 3>&- &
  else
    setsid ip netns exec "$1" sh -c "while true; do echo $3 | nc -l -N $2; done" >/dev/null 2>&1 3>&- &
  fi
  LISTENERS+=($!)
  local i
  for i in $(seq 50); do
    ip netns exec "$1" ss -lntu | grep -q ":$2 " && return 0
    sleep 0.1
  done
  return 1
}

# fetch [NS] HOST PORT: what the service at HOST:PORT answers (from NS, else from the host).
fetch() {
  if [ $# = 3 ]; then ip netns exec "$1" timeout 5 nc -w2 "$2" "$3" </dev/null; else timeout 5 nc -w2 "$1" "$2" </dev/null; fi
}

published_rules() { { rules; rules6; } | grep -e --dport -e 'src-type LOCAL' | grep -v docker0 || true; }

@test "tutorial: a free host port and given host ports, reached from outside, the host, another network and the container itself" {
  dn create web >/dev/null
  dn create other >/dev/null
  ip netns add c1
  ip netns add c2
  run dn network connect --publish 54321 -p 80:54321 -p 8080:54321 web c1
  [ "$status" -eq 0 ]
  [ -z "$output" ]
  dn network connect other c2
  serve c1 54321 hello
  run dn port c1
  assert_output "54321/tcp -> 0.0.0.0:80
54321/tcp -> 0.0.0.0:8080
54321/tcp -> 0.0.0.0:32768"
  run dn port c1 54321
  assert_output "0.0.0.0:80
0.0.0.0:8080
0.0.0.0:32768"
  [ "$(fetch outside 192.0.2.1 80)" = hello ]
  [ "$(fetch outside 192.0.2.1 32768)" = hello ]
  [ "$(fetch 127.0.0.1 8080)" = hello ]
  [ "$(fetch 192.0.2.1 80)" = hello ]
  [ "$(fetch c2 192.0.2.1 8080)" = hello ]
  [ "$(fetch c1 192.0.2.1 80)" = hello ]  # hairpin
  # The store holds the bindings with the endpoint.
  grep -q 'ports: "0.0.0.0:80->54321/tcp,0.0.0.0:8080->54321/tcp,0.0.0.0:32768->54321/tcp"' "$STATE"
  br=$(bridge_of web)
  [ "$(sysctl -n "net.ipv4.conf.$br.route_localnet")" = 1 ]
  bridge -d link show master "$br" | grep -q 'hairpin on'
  run published_rules
  [ "$(grep -c 'DNAT --to-destination 172' <<<"$output")" -eq 3 ]
  dn network disconnect web c1
  run dn port c1
  assert_output ""
  ! published_rules | grep -q -e 54321 -e DNAT
  ! grep -q 'ports:' "$STATE"
  dn network disconnect other c2
  ip netns del c1
  ip netns del c2
  dn rm web other >/dev/null
}

@test "udp, a port on 127.0.0.1 only, and IPv6: bindings for 0.0.0.0 and [::] get the same port" {
  dn create --ipv6 --subnet fd00:18::/64 --subnet 10.18.0.0/24 d6 >/dev/null
  ip netns add c1
  dn network connect -p 127.0.0.1:9000:53/udp -p 8081:80 -p '[::1]:8082:80' d6 c1
  serve c1 53 pong udp
  run dn port c1
  assert_output "53/udp -> 127.0.0.1:9000
80/tcp -> 0.0.0.0:8081
80/tcp -> [::1]:8082
80/tcp -> [::]:8081"
  [ "$(echo ping | timeout 5 nc -u -w1 127.0.0.1 9000)" = pong ]
  # From elsewhere, 127.0.0.1:9000 is dropped before NAT (raw PREROUTING).
  ip -n outside route add 127.0.0.0/8 via 192.0.2.1
  [ -z "$(echo ping | ip netns exec outside timeout 5 nc -u -w1 127.0.0.1 9000)" ]
  rules -t raw | grep -qx -- '-A PREROUTING -d 127.0.0.1/32 ! -i lo -p udp -m udp --dport 9000 -j DROP'
  rules6 -t nat | grep -qx -- '-A DOCKER ! -s fe80::/10 -p tcp -m tcp --dport 8081 -j DNAT --to-destination \[fd00:18::2\]:80'
  rules6 -t nat | grep -qx -- '-A DOCKER ! -s fe80::/10 -d ::1/128 -p tcp -m tcp --dport 8082 -j DNAT --to-destination \[fd00:18::2\]:80'
  dn network disconnect d6 c1
  ip netns del c1
  dn rm d6 >/dev/null
}

@test "a taken host port: Docker's error, exit 1, and nothing changed; a process holding it too" {
  dn create web >/dev/null
  ip netns add c1
  ip netns add c2
  dn network connect -p 8080:80 web c1
  cp "$STATE" "$BATS_TEST_TMPDIR/state"
  rules > "$BATS_TEST_TMPDIR/v4"
  run --separate-stderr dn network connect -p 8080:80 web c2
  [ "$status" -eq 1 ]
  [[ $stderr =~ ^"Error response from daemon: driver failed programming external connectivity on endpoint c2 ("[0-9a-f]{64}"): Bind for 0.0.0.0:8080 failed: port is already allocated"$ ]]
  cmp "$STATE" "$BATS_TEST_TMPDIR/state"
  diff -u "$BATS_TEST_TMPDIR/v4" <(rules)
  # 127.0.0.1:8080 collides with the 0.0.0.0 binding too; another protocol does not.
  run dn network connect -p 127.0.0.1:8080:80 web c2
  [ "$status" -eq 1 ]
  [[ $output == *"Bind for 0.0.0.0:8080 failed: port is already allocated" ]]
  dn network connect -p 8080:80/udp web c2
  dn network disconnect web c2
  # One container port on 0.0.0.0 and on 127.0.0.1 with the same host port: Docker binds the
  # group's addresses together, so the second bind fails.
  dn network disconnect web c1
  run dn network connect -p 9090:80 -p 127.0.0.1:9090:80 web c1
  [ "$status" -eq 1 ]
  [[ $output == *": failed to bind host port 127.0.0.1:9090/tcp: address already in use" ]]
  # A UDP port a service shares with SO_REUSEADDR (avahi's 5353) is taken, as Docker's probe says.
  python3 -c 'import socket,time; s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1); s.bind(("0.0.0.0",5353)); time.sleep(30)' 3>&- &
  LISTENERS+=($!)
  for i in $(seq 50); do ss -lnu | grep -q ':5353 ' && break; sleep 0.1; done
  run dn network connect -p 5353:53/udp web c1
  [ "$status" -eq 1 ]
  [[ $output == *": failed to bind host port 0.0.0.0:5353/udp: address already in use" ]]
  dn network connect -p 8080:80 web c1
  # A port a process has bound on the host.
  nc -l -p 8095 >/dev/null 2>&1 3>&- &
  LISTENERS+=($!)
  for i in $(seq 50); do ss -lnt | grep -q ':8095 ' && break; sleep 0.1; done
  run dn network connect -p 8095:80 web c2
  [ "$status" -eq 1 ]
  [[ $output == *": failed to bind host port 0.0.0.0:8095/tcp: address already in use" ]]
  dn network disconnect web c1
  ip netns del c1
  ip netns del c2
  dn rm web >/dev/null
}

@test "host ranges and the ephemeral range: lowest free port, then Docker's 'all ports are allocated'" {
  dn create web >/dev/null
  ip netns add c1
  ip netns add c2
  sysctl -qw net.ipv4.ip_local_port_range="40000 40001"
  dn network connect -p 7000-7001:90-91 -p 7100-7110:92 -p 80 -p 81 web c1
  run dn port c1
  assert_output "80/tcp -> 0.0.0.0:40000
81/tcp -> 0.0.0.0:40001
90/tcp -> 0.0.0.0:7000
91/tcp -> 0.0.0.0:7001
92/tcp -> 0.0.0.0:7100"
  run dn network connect -p 80 web c2
  [ "$status" -eq 1 ]
  [[ $output == *": all ports are allocated" ]]
  dn network connect -p 7100-7110:92 web c2
  run dn port c2
  assert_output "92/tcp -> 0.0.0.0:7101"
  sysctl -qw net.ipv4.ip_local_port_range="32768 60999"
  dn network disconnect web c1
  dn network disconnect web c2
  ip netns del c1
  ip netns del c2
  dn rm web >/dev/null
}

@test "internal and routed networks: nothing published on the first, only the container's port opened on the second" {
  dn create --internal ni >/dev/null
  dn create -o com.docker.network.bridge.gateway_mode_ipv4=routed nr >/dev/null
  ip netns add c1
  ip netns add c2
  dn network connect -p 8085:80 ni c1
  run dn port c1
  assert_output ""
  dn network connect -p 8086:80 nr c2
  run dn port c2
  assert_output "80/tcp -> 0.0.0.0:"
  br=$(bridge_of nr)
  rules | grep -qx -- "-A DOCKER -d 172.[0-9.]*/32 ! -i $br -o $br -p tcp -m tcp --dport 80 -j ACCEPT"
  ! rules -t nat | grep -q DNAT
  dn network disconnect ni c1
  dn network disconnect nr c2
  ip netns del c1
  ip netns del c2
  dn rm ni nr >/dev/null
}

@test "bad specs and docknet port's errors, with Docker 29's texts and exit codes" {
  dn create web >/dev/null
  ip netns add c1
  run --separate-stderr dn network connect -p 80:abc web c1
  [ "$status" -eq 125 ]
  [[ $stderr == "invalid containerPort: abc"* ]]
  run --separate-stderr dn network connect -p 80/xyz web c1
  [ "$status" -eq 125 ]
  [[ $stderr == "invalid proto: xyz"* ]]
  run --separate-stderr dn network connect -p 0 web c1
  [ "$status" -eq 1 ]
  [ "$stderr" = 'Error response from daemon: invalid port specification: "0/tcp"' ]
  dn network connect -p 8080:80 web c1
  run --separate-stderr dn port c1 81
  [ "$status" -eq 1 ]
  [ "$stderr" = "no public port '81' published for c1" ]
  run --separate-stderr dn port c1 abc
  [ "$status" -eq 1 ]
  [ "$stderr" = "invalid port 'abc': invalid syntax" ]
  run --separate-stderr dn port nosuch
  [ "$status" -eq 1 ]
  [ "$stderr" = "Error response from daemon: No such container: nosuch" ]
  run --separate-stderr dn port
  [ "$status" -eq 1 ]
  [[ $stderr == "docknet: 'docknet port' requires at least 1 and at most 2 arguments"* ]]
  run --separate-stderr dn network port c1
  [ "$status" -eq 1 ]
  dn network disconnect web c1
  ip netns del c1
  dn rm web >/dev/null
}

@test "a stale namespace releases its ports; restore and check know the port rules" {
  dn create web >/dev/null
  ip netns add c1
  ip netns add c2
  dn network connect -p 8080:80 web c2
  # Rules flushed behind docknet's back: check reports them, restore brings them back.
  "$IPT" -t nat -F DOCKER
  run dn network check
  [ "$status" -eq 1 ]
  [[ $output == *"DNAT --to-destination 172."*":80"* ]]
  dn network restore
  dn network check
  rules -t nat | grep -q -- '--dport 8080 -j DNAT'
  # route_localnet turned off by hand: 127.0.0.1 no longer reaches the port; check says so and
  # --repair sets it again.
  br=$(bridge_of web)
  sysctl -qw "net.ipv4.conf.$br.route_localnet=0"
  run dn network check
  [ "$status" -eq 1 ]
  [[ $output == *"route_localnet is off on $br"* ]]
  dn network check --repair
  [ "$(sysctl -n "net.ipv4.conf.$br.route_localnet")" = 1 ]
  dn network check
  # The namespace goes: the next change releases the endpoint, its port and its rules.
  ip netns del c2
  dn network connect -p 8080:80 web c1
  run dn port c1
  assert_output "80/tcp -> 0.0.0.0:8080"
  [ "$(rules -t nat | grep -c -- '--dport 8080 -j DNAT')" -eq 1 ]
  dn network disconnect web c1
  ip netns del c1
  dn rm web >/dev/null
}

@test "a connect killed after claiming its ports gives them back on the next call" {
  dn create web >/dev/null
  ip netns add c1
  ip netns add c2
  run env DOCKNET_TEST_CRASH_STEP=connect.interface "$DOCKNET_HOOKS" network connect -p 8080:80 web c1
  [ "$status" -ne 0 ]
  dn network connect -p 8080:80 web c2
  run dn port c2
  assert_output "80/tcp -> 0.0.0.0:8080"
  ! dn port c1 | grep -q .
  [ "$(rules -t nat | grep -c -- '--dport 8080 -j DNAT')" -eq 1 ]
  dn network disconnect web c2
  ip netns del c1
  ip netns del c2
  dn rm web >/dev/null
}
