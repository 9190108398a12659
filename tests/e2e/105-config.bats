#!/usr/bin/env bats
# daemon.json keys in the config file: Docker keys docknet does not apply are told (once per
# file content, by changing commands; always by -D and check; never by reads or completion)
# and their values ignored; a key neither Docker nor docknet knows is refused by every command.
load helpers

# Every test here rewrites the config: put the suite's back afterwards, whatever happened.
eval "helpers_$(declare -f teardown)"
setup() {
  cp "$DOCKNET_CONFIG" "$BATS_TEST_TMPDIR/config.orig" 2>/dev/null || touch "$BATS_TEST_TMPDIR/config.orig"
  snapshot "$BATS_TEST_TMPDIR/before"
}
teardown() {
  cp "$BATS_TEST_TMPDIR/config.orig" "$DOCKNET_CONFIG"
  helpers_teardown
}

# The suite's config plus the given lines.
config_with() { { cat "$BATS_TEST_TMPDIR/config.orig"; printf '%s\n' "$@"; } > "$DOCKNET_CONFIG"; }

WARN_NET="WARNING: $DOCKNET_CONFIG: docknet does not apply these daemon.json network keys, their values are ignored:"
WARN_DAEMON="WARNING: $DOCKNET_CONFIG: docknet has no daemon and no containers: these daemon.json keys are ignored:"

@test "ignored daemon.json keys are told once per file content by changing commands, never by reads" {
  config_with 'log-driver: journald' 'bridge: br-nope' 'storage-driver: overlay2' \
    'default-network-opts: {bridge: {com.docker.network.driver.mtu: "1300"}}' 'ipv6: false'
  warning="$WARN_NET bridge, default-network-opts
$WARN_DAEMON log-driver, storage-driver"
  # Reads and completion say nothing.
  run --separate-stderr dn ls -q
  [ "$status" -eq 0 ]; assert_stderr ""
  run --separate-stderr dn network inspect bridge
  [ "$status" -eq 0 ]; assert_stderr ""
  run --separate-stderr dn __complete network rm ""
  [ "$status" -eq 0 ]; [[ "$stderr" != *WARNING* ]]
  run --separate-stderr dn network create --help
  [ "$status" -eq 0 ]; [[ "$stderr" != *WARNING* ]]
  # The first changing command tells, once; the next ones do not.
  run --separate-stderr dn network create cfg1
  [ "$status" -eq 0 ]; assert_stderr "$warning"
  [ "$(cat "$DOCKNET_ROOT/config-warned")" = "$(sha256sum < "$DOCKNET_CONFIG" | cut -d' ' -f1)" ]
  run --separate-stderr dn network create cfg2
  [ "$status" -eq 0 ]; assert_stderr ""
  # check and -D always tell.
  run --separate-stderr dn network check cfg1
  [ "$status" -eq 0 ]; assert_stderr "$warning"
  run --separate-stderr dn -D network ls -q
  [ "$status" -eq 0 ]; [[ "$stderr" == "$warning"* ]]
  # The values are ignored: no default MTU option on the new network, no bridge br-nope.
  [ "$(dn network inspect -f '{{json .Options}}' cfg1)" = "{}" ]
  # (ip, not /sys: /sys may be another namespace's)
  [[ "$(ip -o link show "$(bridge_of cfg1)")" == *" mtu 1500 "* ]]
  ! ip link show br-nope 2>/dev/null
  # Another content is told again (once).
  config_with 'log-driver: syslog' 'userland-proxy: true'
  run --separate-stderr dn network rm cfg1
  [ "$status" -eq 0 ]; assert_stderr "$WARN_NET userland-proxy
$WARN_DAEMON log-driver"
  run --separate-stderr dn network rm cfg2
  [ "$status" -eq 0 ]; assert_stderr ""
}

@test "an unknown config key is refused by every command, naming file and key, and changes nothing" {
  dn network create cfg-keep >/dev/null
  cp "$STATE" "$BATS_TEST_TMPDIR/state.before"
  config_with 'log-driver: journald' 'mut: 1400'
  for cmd in "network create cfg-new" "network rm cfg-keep" "network ls" "network inspect cfg-keep" "network check"; do
    run --separate-stderr dn $cmd
    [ "$status" -eq 1 ]
    assert_stderr "Error response from daemon: $DOCKNET_CONFIG: unknown key mut: not a daemon.json key of Docker or docknet (did you mean mtu?)"
  done
  config_with 'default-address-pools: [{base: 10.66.0.0/16, sise: 24}]'
  run --separate-stderr dn network create cfg-new
  [ "$status" -eq 1 ]
  assert_stderr "Error response from daemon: $DOCKNET_CONFIG: default-address-pools: unknown key sise: an entry has only base and size (did you mean size?)"
  config_with 'Log_Driver: journald'
  run --separate-stderr dn network create cfg-new
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"unknown key Log_Driver: not a daemon.json key of Docker or docknet (did you mean log-driver?)" ]]
  # Nothing changed: the store (teardown compares links, addresses and rules).
  cmp "$STATE" "$BATS_TEST_TMPDIR/state.before"
  cp "$BATS_TEST_TMPDIR/config.orig" "$DOCKNET_CONFIG"
  dn network rm cfg-keep >/dev/null
}
