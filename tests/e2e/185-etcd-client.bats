#!/usr/bin/env bats
# docknet's etcd v3 client (lib/store/etcd) against Debian's real etcd (3.4 on Debian 12),
# driven by docknet-kv-probe (tests/tools/kv_probe.cpp). Each test gets an etcd of its own,
# listening on 127.0.0.1 of the suite's throwaway namespace only, in a session of its own that
# teardown ends by the process group it recorded.
load helpers

PROBE="$(dirname "$DOCKNET")/docknet-kv-probe"
S=etcd://127.0.0.1:23790

# No docknet networks here: none of helpers.bash's warm-up or before/after snapshots.
setup_file() { :; }

start_etcd() {
  setsid /usr/bin/etcd --name e2e --data-dir "$ETCD_DATA" \
    --listen-client-urls http://127.0.0.1:23790 --advertise-client-urls http://127.0.0.1:23790 \
    --listen-peer-urls http://127.0.0.1:23800 --initial-advertise-peer-urls http://127.0.0.1:23800 \
    --initial-cluster e2e=http://127.0.0.1:23800 >>"$BATS_TEST_TMPDIR/etcd.log" 2>&1 3>&- &
  ETCD_PID=$!
  local i
  for i in $(seq 100); do
    "$PROBE" "$S" range /ready >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "etcd did not start:" >&2
  cat "$BATS_TEST_TMPDIR/etcd.log" >&2
  return 1
}

stop_etcd() {
  [ -n "${ETCD_PID:-}" ] || return 0
  kill -- "-$ETCD_PID" 2>/dev/null || true
  wait "$ETCD_PID" 2>/dev/null || true
  ETCD_PID=
}

setup() {
  ETCD_DATA="$DOCKNET_TEST_WORK/etcd-$BATS_TEST_NUMBER"
  OTHERS=()
  start_etcd
}

teardown() {
  local pid
  for pid in "${OTHERS[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
  for pid in "${OTHERS[@]}"; do wait "$pid" 2>/dev/null || true; done
  stop_etcd
}

revision() { "$PROBE" "$S" range /any | sed -n 's/^revision //p'; }

@test "etcd: put and range round trip, binary-ish and unicode values byte for byte" {
  value=$'tab\there "quoted" back\\slash \x01\x1f\x7f\xfe\xff é€😀 {"json":[1]}\nline two'
  run "$PROBE" "$S" put /t/bin "$value"
  [ "$status" -eq 0 ]
  rev=${output#revision }
  "$PROBE" "$S" get /t/bin > "$BATS_TEST_TMPDIR/got"
  printf %s "$value" > "$BATS_TEST_TMPDIR/want"
  cmp "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
  "$PROBE" "$S" put /t/ключ 'значение ✓' >/dev/null
  "$PROBE" "$S" put /t/empty '' >/dev/null
  run "$PROBE" "$S" prefix /t/к
  assert_output "revision $((rev + 2))
/t/ключ значение ✓ create=$((rev + 1)) mod=$((rev + 1)) version=1"
  run "$PROBE" "$S" range /t/empty
  assert_output "revision $((rev + 2))
/t/empty  create=$((rev + 2)) mod=$((rev + 2)) version=1"
  "$PROBE" "$S" put /t/empty again >/dev/null
  run "$PROBE" "$S" range /t/empty
  assert_output "revision $((rev + 3))
/t/empty again create=$((rev + 2)) mod=$((rev + 3)) version=2"
  run "$PROBE" "$S" range /t/absent
  assert_output "revision $((rev + 3))"
  [ "$("$PROBE" "$S" prefix '' | grep -c '^/t/')" -eq 3 ]  # the empty prefix: every key
}

@test "etcd: compare-and-create succeeds once, then reports the key exists" {
  run "$PROBE" "$S" cas-create /c/net1 first
  [ "$status" -eq 0 ]
  [[ "$output" == "created revision "* ]]
  run "$PROBE" "$S" cas-create /c/net1 second
  [ "$status" -eq 1 ]
  assert_output "exists"
  [ "$("$PROBE" "$S" get /c/net1)" = first ]
  "$PROBE" "$S" del /c/net1 >/dev/null
  run "$PROBE" "$S" cas-create /c/net1 third
  [ "$status" -eq 0 ]
}

@test "etcd: a range compare holds only if every key in the range does (none: one absent key)" {
  run "$PROBE" "$S" put-if-older /r/ 1 /out/a x  # empty range: mod_revision 0 < 1
  [ "$status" -eq 0 ]
  a=$("$PROBE" "$S" put /r/a 1 | sed 's/revision //')
  b=$("$PROBE" "$S" put /r/b 1 | sed 's/revision //')
  run "$PROBE" "$S" put-if-older /r/ "$b" /out/b x  # /r/b's mod_revision is b, not < b
  [ "$status" -eq 1 ]
  assert_output "failed"
  run "$PROBE" "$S" put-if-older /r/ "$((b + 1))" /out/b x
  [ "$status" -eq 0 ]
  assert_output "succeeded revision $((b + 1))"
  [ "$a" -lt "$b" ]
}

@test "etcd: a watch sees puts and deletes made after it started, one revision at a time" {
  rev=$(revision)
  timeout 20 "$PROBE" "$S" watch /w/ 3 "$((rev + 1))" > "$BATS_TEST_TMPDIR/events" 3>&- &
  watcher=$!
  OTHERS+=("$watcher")
  sleep 0.3
  "$PROBE" "$S" put /w/a 1 >/dev/null
  "$PROBE" "$S" put /elsewhere 1 >/dev/null
  "$PROBE" "$S" del /w/a >/dev/null
  "$PROBE" "$S" put /w/b 'two words' >/dev/null
  wait "$watcher"
  diff -u - "$BATS_TEST_TMPDIR/events" <<EOT
$((rev + 1)) put /w/a 1
$((rev + 3)) delete /w/a
$((rev + 4)) put /w/b two words
EOT
}

@test "etcd: a watch from now gets a later put; SIGTERM ends an idle watch" {
  timeout 20 "$PROBE" "$S" watch /now/ 1 > "$BATS_TEST_TMPDIR/events" 3>&- &
  watcher=$!
  OTHERS+=("$watcher")
  # The watch starts at some moment: put until it has seen one (it then exits).
  for i in $(seq 50); do
    kill -0 "$watcher" 2>/dev/null || break
    "$PROBE" "$S" put /now/k "v$i" >/dev/null
    sleep 0.2
  done
  wait "$watcher"
  grep -q ' put /now/k v' "$BATS_TEST_TMPDIR/events"
  timeout 20 "$PROBE" "$S" watch /idle/ 1 > "$BATS_TEST_TMPDIR/idle" 3>&- &
  idle=$!
  OTHERS+=("$idle")
  sleep 1
  kill -TERM "$idle"
  wait "$idle"
  [ "$(cat "$BATS_TEST_TMPDIR/idle")" = stopped ]
}

@test "etcd: a watch from a compacted revision fails, saying so" {
  "$PROBE" "$S" put /k/a 1 >/dev/null
  "$PROBE" "$S" put /k/a 2 >/dev/null
  rev=$(revision)
  ETCDCTL_API=3 etcdctl --endpoints=127.0.0.1:23790 compaction "$rev" >/dev/null
  run timeout 20 "$PROBE" "$S" watch /k/ 1 1
  [ "$status" -eq 1 ]
  assert_output "cluster store $S: watch canceled: revisions before $rev have been compacted"
}

@test "etcd: etcd's own error comes through; a bad cluster-store value is refused" {
  run "$PROBE" "$S" range ''
  [ "$status" -eq 1 ]
  assert_output "cluster store $S: etcdserver: key is not provided"
  run "$PROBE" https://127.0.0.1:23790 range /a
  [ "$status" -eq 1 ]
  assert_output 'invalid cluster-store "https://127.0.0.1:23790": unsupported scheme "https" (expected etcd://)'
}

@test "etcd: a stopped etcd is a clear error; the next member is used when the first is down" {
  "$PROBE" "$S" put /f/a ok >/dev/null
  run "$PROBE" etcd://127.0.0.1:23799,127.0.0.1:23790 get /f/a
  [ "$status" -eq 0 ]
  assert_output ok
  run "$PROBE" etcd://127.0.0.1:23799,etcd://127.0.0.1:23790 get /f/a
  assert_output ok
  stop_etcd
  run "$PROBE" "$S" range /f/a
  [ "$status" -eq 1 ]
  assert_output "cannot reach the cluster store etcd://127.0.0.1:23790: connection refused"
  run "$PROBE" etcd://127.0.0.1:23799,127.0.0.1:23790 range /f/a
  [ "$status" -eq 1 ]
  assert_output "cannot reach the cluster store etcd://127.0.0.1:23799,127.0.0.1:23790: 127.0.0.1:23799: connection refused, 127.0.0.1:23790: connection refused"
}

@test "etcd: a member that accepts but never answers times out" {
  setsid nc -l 127.0.0.1 23791 </dev/null >/dev/null 2>&1 3>&- &
  OTHERS+=($!)
  for i in $(seq 50); do ss -ltn | grep -q '127.0.0.1:23791 ' && break; sleep 0.1; done
  run "$PROBE" etcd://127.0.0.1:23791 range /a
  [ "$status" -eq 1 ]
  assert_output "cannot reach the cluster store etcd://127.0.0.1:23791: timed out"
}

@test "etcd: one connection serves a client's calls, and a new one replaces it after a restart" {
  run "$PROBE" "$S" repeat 20 /a
  assert_output "ok connections=1"
  "$PROBE" "$S" repeat 2 /a 4 > "$BATS_TEST_TMPDIR/repeat" 3>&- &
  client=$!
  OTHERS+=("$client")
  sleep 0.5
  stop_etcd
  start_etcd
  wait "$client"
  [ "$(cat "$BATS_TEST_TMPDIR/repeat")" = "ok connections=2" ]
}

@test "etcd: a watch fails with the store's error when etcd goes away" {
  timeout 20 "$PROBE" "$S" watch /gone/ 1 > "$BATS_TEST_TMPDIR/out" 2>&1 3>&- &
  watcher=$!
  OTHERS+=("$watcher")
  sleep 1
  stop_etcd
  status=0
  wait "$watcher" || status=$?
  [ "$status" -eq 1 ]
  # etcd stopping cleanly ends the stream (the last chunk); a crash would drop the connection.
  out=$(cat "$BATS_TEST_TMPDIR/out")
  [ "$out" = "cannot reach the cluster store $S: the watch stream ended" ] ||
    [ "$out" = "cannot reach the cluster store $S: connection closed by the server" ]
}
