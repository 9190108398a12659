#!/usr/bin/env bats
# rm and prune.
load helpers

@test "rm: several names, printed as typed; -f ignores missing ones" {
  id=$(dn create r1)
  dn create r2 >/dev/null
  run --separate-stderr dn rm "${id:0:12}" nosuch r2
  [ "$status" -eq 1 ]
  assert_output "${id:0:12}
r2"
  assert_stderr $'Error response from daemon: network nosuch not found\nexit status 1'
  run dn rm -f nosuch
  [ "$status" -eq 0 ]
  assert_output ''
}

@test "prune: prompt, EOF means no, -f, filters, names printed" {
  dn create --label keep=1 keeper >/dev/null
  dn create p1 >/dev/null
  run dn prune </dev/null
  [ "$status" -eq 0 ]
  assert_output 'WARNING! This will remove all custom networks not used by at least one container.
Are you sure you want to continue? [y/N] '
  dn inspect p1 >/dev/null
  # docker ends the list with an empty line; keep the stream's trailing newlines to check it.
  dn prune -f --filter label!=keep > "$BATS_TEST_TMPDIR/out"
  [ "$(cat "$BATS_TEST_TMPDIR/out"; echo .)" = $'Deleted Networks:\np1\n\n.' ]
  run bash -c "echo y | $DOCKNET network prune --filter until=1s"
  sleep 1.1
  run bash -c "echo y | $DOCKNET network prune --filter until=1s"
  [[ "$output" == *$'[y/N] Deleted Networks:\nkeeper' ]]
  ! dn inspect keeper >/dev/null 2>&1
}
