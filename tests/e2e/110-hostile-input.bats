#!/usr/bin/env bats
# Hostile input: names that would add lines to hosts files, and /etc/netns entries that are not
# what docknet expects (symlinks, FIFOs, an admin's own hosts file).
load helpers

# The world a refused call must leave as it was: links, rules, hosts files, the store.
world() { { links; rules; find /etc/netns -printf '%p %y %m\n' | sort; for f in $(find /etc/netns -type f); do echo "== $f"; cat "$f"; done; cat "$STATE"; } 2>&1; }

setup_pair() {
  ip netns add c1; ip netns add c2
  dn network create hnet >/dev/null
  dn network connect hnet c2
}

teardown_pair() {
  dn network disconnect hnet c2 >/dev/null 2>&1 || true
  dn network rm hnet >/dev/null
  ip netns del c1; ip netns del c2
}

@test "a newline in --alias or --link is refused, and nothing is written" {
  setup_pair
  world > "$BATS_TEST_TMPDIR/w0"
  run --separate-stderr dn network connect --alias $'db\n6.6.6.6 bank.example.com' hnet c1
  [ "$status" -eq 1 ]
  assert_stderr "Error response from daemon: invalid alias \"db\\n6.6.6.6 bank.example.com\": an alias must be non-empty, without whitespace, commas, control characters or '#'"
  run --separate-stderr dn network connect --link $'c2:x\n6.6.6.6 bank' hnet c1
  [ "$status" -eq 1 ]
  assert_stderr "Error response from daemon: invalid link \"c2:x\\n6.6.6.6 bank\": NAME[:ALIAS] must be non-empty, without whitespace, commas, control characters or '#'"
  run --separate-stderr dn network connect --alias 'a b' hnet c1
  [ "$status" -eq 1 ]
  # The docker CLI's own check of --link, with its exit code.
  run --separate-stderr dn network connect --link c2:a:b hnet c1
  [ "$status" -eq 125 ]
  [ "${stderr%%$'\n'*}" = 'invalid argument "c2:a:b" for "--link" flag: bad format for links: c2:a:b' ]
  world > "$BATS_TEST_TMPDIR/w1"
  diff -u "$BATS_TEST_TMPDIR/w0" "$BATS_TEST_TMPDIR/w1"
  ! grep -rq bank /etc/netns
  teardown_pair
}

@test "a named namespace that breaks Docker's container-name rule is refused" {
  ip netns add $'bad\n6.6.6.6'
  ip netns add x
  dn network create hnet >/dev/null
  world > "$BATS_TEST_TMPDIR/w0"
  run --separate-stderr dn network connect hnet $'bad\n6.6.6.6'
  [ "$status" -eq 1 ]
  assert_stderr $'Error response from daemon: Invalid container name (bad\n6.6.6.6), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed'
  run --separate-stderr dn network connect hnet x
  [ "$status" -eq 1 ]
  assert_stderr 'Error response from daemon: Invalid container name (x), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed'
  world > "$BATS_TEST_TMPDIR/w1"
  diff -u "$BATS_TEST_TMPDIR/w0" "$BATS_TEST_TMPDIR/w1"
  dn network rm hnet >/dev/null
  ip netns del $'bad\n6.6.6.6'; ip netns del x
}

@test "a symlinked /etc/netns/NAME/hosts is refused and its target untouched" {
  setup_pair
  echo precious > "$BATS_TEST_TMPDIR/target"
  mkdir -p /etc/netns/c1; ln -s "$BATS_TEST_TMPDIR/target" /etc/netns/c1/hosts
  run --separate-stderr dn network connect hnet c1
  [ "$status" -eq 1 ]
  assert_stderr 'Error response from daemon: refusing to use /etc/netns/c1/hosts: it is a symbolic link'
  [ "$(cat "$BATS_TEST_TMPDIR/target")" = precious ]
  [ -L /etc/netns/c1/hosts ]
  # Not connected: the store did not keep it.
  run dn network inspect -f '{{len .Containers}}' hnet
  assert_output 1
  rm /etc/netns/c1/hosts; rmdir /etc/netns/c1
  teardown_pair
}

@test "a symlinked /etc/netns/NAME directory is refused and the target directory untouched" {
  setup_pair
  mkdir "$BATS_TEST_TMPDIR/elsewhere"
  ln -s "$BATS_TEST_TMPDIR/elsewhere" /etc/netns/c1
  run --separate-stderr dn network connect hnet c1
  [ "$status" -eq 1 ]
  assert_stderr 'Error response from daemon: refusing to use /etc/netns/c1: it is a symbolic link, not a directory'
  [ -z "$(ls -A "$BATS_TEST_TMPDIR/elsewhere")" ]
  rm /etc/netns/c1
  teardown_pair
}

@test "a FIFO in place of the hosts file is refused without blocking" {
  setup_pair
  mkdir -p /etc/netns/c1; mkfifo /etc/netns/c1/hosts
  run --separate-stderr timeout 10 "$DOCKNET" network connect hnet c1
  [ "$status" -eq 1 ]
  assert_stderr 'Error response from daemon: refusing to use /etc/netns/c1/hosts: it is a FIFO'
  [ -p /etc/netns/c1/hosts ]
  rm /etc/netns/c1/hosts; rmdir /etc/netns/c1
  teardown_pair
}

@test "an admin's own hosts lines stay through connect and disconnect" {
  setup_pair
  mkdir -p /etc/netns/c1
  printf '127.0.0.1\tlocalhost\n192.0.2.1\tadmin-box\n' > /etc/netns/c1/hosts
  chmod 0640 /etc/netns/c1/hosts
  cp /etc/netns/c1/hosts "$BATS_TEST_TMPDIR/admin"
  dn network connect --alias web hnet c1
  head -2 /etc/netns/c1/hosts | cmp - "$BATS_TEST_TMPDIR/admin"
  grep -qx '# BEGIN docknet managed' /etc/netns/c1/hosts
  grep -q $'^172.18.0.3\tc1 web ' /etc/netns/c1/hosts
  [ "$(stat -c %a /etc/netns/c1/hosts)" = 640 ]
  ip netns exec c1 getent hosts admin-box | grep -q 192.0.2.1
  ip netns exec c1 getent hosts c2 | grep -q 172.18.0.2
  # c2's own file, which docknet made, lists c1 now; the admin's file of c1 is c1's alone.
  grep -q $'^172.18.0.3\tc1 web ' /etc/netns/c2/hosts
  dn network disconnect hnet c1
  cmp /etc/netns/c1/hosts "$BATS_TEST_TMPDIR/admin"
  rm /etc/netns/c1/hosts; rmdir /etc/netns/c1
  teardown_pair
  [ ! -e /etc/netns/c2 ]
}

@test "hosts files are 0644 under umask 077" {
  ip netns add c1
  dn network create hnet >/dev/null
  (umask 077; "$DOCKNET" network connect hnet c1)
  [ "$(stat -c %a /etc/netns/c1/hosts)" = 644 ]
  [ "$(stat -c %a /etc/netns/c1)" = 755 ]
  ip netns exec c1 getent hosts c1 | grep -q 172.18.0.2
  dn network disconnect hnet c1
  [ ! -e /etc/netns/c1 ]
  dn network rm hnet >/dev/null
  ip netns del c1
}
