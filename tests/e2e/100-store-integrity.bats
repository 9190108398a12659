#!/usr/bin/env bats
# Issue 9: the store is all-or-nothing. A state file cut short, mistyped or planted is refused
# with an error naming the file, left byte for byte as it was, and never written through.
load helpers

# Every test corrupts the store on purpose: keep the good one and put it back afterwards.
setup() {
  snapshot "$BATS_TEST_TMPDIR/before"
  cp -p "$STATE" "$BATS_TEST_TMPDIR/good.yaml"
}
teardown() {
  chmod 0700 "$DOCKNET_ROOT"
  for f in networks.yaml networks.yaml.tmp lock; do
    if [ -L "$DOCKNET_ROOT/$f" ] || [ -p "$DOCKNET_ROOT/$f" ]; then rm -f "$DOCKNET_ROOT/$f"; fi
  done
  cp -p "$BATS_TEST_TMPDIR/good.yaml" "$STATE"
  snapshot "$BATS_TEST_TMPDIR/after"
  diff -u "$BATS_TEST_TMPDIR/before" "$BATS_TEST_TMPDIR/after"
}

@test "the store ends with the end marker" {
  [ "$(tail -n1 "$STATE")" = "# end of docknet state" ]
}

@test "a truncated store is refused by ls and create and left byte-identical" {
  dn create keep1 >/dev/null
  dn create keep2 >/dev/null
  cp "$STATE" "$BATS_TEST_TMPDIR/full"
  links > "$BATS_TEST_TMPDIR/links"
  printf 'schema: 1\n' > "$STATE"
  cp "$STATE" "$BATS_TEST_TMPDIR/cut"
  run --separate-stderr dn ls
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"corrupt state file $STATE: its last line is not \"# end of docknet state\""* ]]
  [[ "$stderr" == *"cp $STATE.prev $STATE"* ]]
  run --separate-stderr dn network create z
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"corrupt state file $STATE"* ]]
  cmp "$STATE" "$BATS_TEST_TMPDIR/cut"
  links | diff "$BATS_TEST_TMPDIR/links" -  # create made nothing in the kernel either
  # Cut in the middle of a line, and cut at a line boundary: refused alike.
  head -c 300 "$BATS_TEST_TMPDIR/full" > "$STATE"
  run dn inspect bridge
  [ "$status" -eq 1 ]
  head -n -1 "$BATS_TEST_TMPDIR/full" > "$STATE"
  run dn rm keep1
  [ "$status" -eq 1 ]
  cmp "$STATE" <(head -n -1 "$BATS_TEST_TMPDIR/full")
  # An empty file is not "no networks" either.
  : > "$STATE"
  run dn ls
  [ "$status" -eq 1 ]
  [ ! -s "$STATE" ]
  cp "$BATS_TEST_TMPDIR/full" "$STATE"
  dn rm keep1 keep2 >/dev/null
  cp -p "$STATE" "$BATS_TEST_TMPDIR/good.yaml"
}

@test "networks.yaml.prev keeps the state before the last change and can be restored" {
  dn create prev1 >/dev/null
  cp "$STATE" "$BATS_TEST_TMPDIR/with-prev1"
  dn create prev2 >/dev/null
  # The last save of create is the whole change; .prev is the store as it was before that save.
  [ -f "$STATE.prev" ]
  grep -q 'name: "prev1"' "$STATE.prev"
  printf 'schema: 1\nnetworks:\n  - name: "pr' > "$STATE"
  run dn ls
  [ "$status" -eq 1 ]
  cp "$STATE.prev" "$STATE"
  run dn ls -q --filter name=prev1
  [ "$status" -eq 0 ]; [ -n "$output" ]
  dn rm prev1 >/dev/null
  dn rm prev2 >/dev/null 2>&1 || true
  [ -z "$(dn ls -q --filter name=prev)" ]
  cp -p "$STATE" "$BATS_TEST_TMPDIR/good.yaml"
}

@test "a mistyped or unknown key is refused, naming the key and value" {
  sed -i '0,/internal: false/s//internal: ture/' "$STATE"
  cp "$STATE" "$BATS_TEST_TMPDIR/typo"
  run --separate-stderr dn network create t1
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"internal: \"ture\" is not true or false"* ]]
  cmp "$STATE" "$BATS_TEST_TMPDIR/typo"
  cp "$BATS_TEST_TMPDIR/good.yaml" "$STATE"
  sed -i '0,/    internal: false/s//    internl: false/' "$STATE"
  run --separate-stderr dn ls
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"internl: unknown key"* ]]
}

@test "a symlink planted as networks.yaml.tmp, lock or networks.yaml is refused, its target untouched" {
  echo precious > "$BATS_TEST_TMPDIR/victim"
  for f in networks.yaml.tmp lock networks.yaml; do
    mv "$DOCKNET_ROOT/$f" "$BATS_TEST_TMPDIR/saved-$f" 2>/dev/null || true
    ln -s "$BATS_TEST_TMPDIR/victim" "$DOCKNET_ROOT/$f"
    run --separate-stderr dn network create planted
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"$DOCKNET_ROOT/$f is a symbolic link"* ]]
    run dn ls
    [ "$f" = networks.yaml.tmp ] || [ "$status" -eq 1 ]
    [ "$(cat "$BATS_TEST_TMPDIR/victim")" = precious ]
    rm "$DOCKNET_ROOT/$f"
    mv "$BATS_TEST_TMPDIR/saved-$f" "$DOCKNET_ROOT/$f" 2>/dev/null || true
  done
  [ -z "$(dn ls -q --filter name=planted)" ]
}

@test "a FIFO in place of networks.yaml is refused at once" {
  rm "$STATE"
  mkfifo "$STATE"
  run --separate-stderr timeout 5 "$DOCKNET" ls
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"$STATE is a FIFO, not a regular file"* ]]
  run timeout 5 "$DOCKNET" network create f1
  [ "$status" -eq 1 ]
  rm "$STATE"
}

@test "a state directory writable by group or others is refused" {
  for mode in 0777 0770 0702; do
    chmod "$mode" "$DOCKNET_ROOT"
    run --separate-stderr dn ls
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"state directory $DOCKNET_ROOT is writable by group or others"* ]]
  done
  chmod 0755 "$DOCKNET_ROOT"
  dn ls >/dev/null
}

@test "config values of the wrong type are refused, naming key and value" {
  cp "$DOCKNET_CONFIG" "$BATS_TEST_TMPDIR/config" 2>/dev/null || true
  printf 'icc: maybe\n' > "$DOCKNET_CONFIG"
  run --separate-stderr dn network create c1
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"$DOCKNET_CONFIG: icc: \"maybe\" is not true or false"* ]]
  printf 'mtu: abc\n' > "$DOCKNET_CONFIG"
  run --separate-stderr dn network create c1
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"mtu: \"abc\" is not an integer"* ]]
  rm "$DOCKNET_CONFIG"; mkfifo "$DOCKNET_CONFIG"
  run timeout 5 "$DOCKNET" network create c1
  [ "$status" -eq 1 ]
  rm "$DOCKNET_CONFIG"
  cp "$BATS_TEST_TMPDIR/config" "$DOCKNET_CONFIG" 2>/dev/null || true
  [ -z "$(dn ls -q --filter name=c1)" ]
}
