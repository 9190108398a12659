#!/usr/bin/env bats
# network ls and inspect on real networks.
load helpers

@test "ls: default table, natural order, quiet, no-trunc, json and templates" {
  dn create net-10 >/dev/null
  dn create net-2 >/dev/null
  run dn ls
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "NETWORK ID     NAME      DRIVER    SCOPE" ]
  [[ "${lines[1]}" =~ ^[0-9a-f]{12}\ \ \ bridge\ \ \ \ bridge\ \ \ \ local$ ]]
  [[ "${lines[3]}" =~ ^[0-9a-f]{12}\ \ \ net-2\ \ \ \ \ bridge\ \ \ \ local$ ]]
  [[ "${lines[4]}" =~ ^[0-9a-f]{12}\ \ \ net-10\ \ \ \ bridge\ \ \ \ local$ ]]
  run dn ls -q --filter name=^net- --no-trunc
  [ "${#lines[@]}" -eq 2 ]
  [[ "${lines[0]}" =~ ^[0-9a-f]{64}$ ]]
  run dn ls --format '{{.Name}}:{{.Driver}}:{{.Internal}}' --filter driver=null
  assert_output 'none:null:false'
  run dn ls --format json --filter name=net-2
  echo "$output" | jq -e '.Name == "net-2" and .Driver == "bridge" and .IPv4 == "true" and (.ID | length) == 12'
  [ "$(echo "$output" | jq -r 'keys | join(",")')" = "CreatedAt,Driver,ID,IPv4,IPv6,Internal,Labels,Name,Scope" ]
  dn rm net-10 net-2
}

@test "ls filters: label (AND), type, dangling, and docker's filter errors" {
  dn create --label a=1 --label b=2 both >/dev/null
  dn create --label a=1 one >/dev/null
  run dn ls --format '{{.Name}}' --filter label=a=1 --filter label=b
  assert_output both
  run dn ls --format '{{.Name}}' --filter type=builtin
  assert_output $'bridge\nhost\nnone'
  run dn ls --format '{{.Name}}' --filter dangling=true
  assert_output $'both\none'
  run --separate-stderr dn ls --filter foo=bar
  [ "$status" -eq 1 ]
  assert_stderr "Error response from daemon: invalid filter 'foo'"
  # An empty key: moby names no key then (docker29-deltas row 16, daemon/internal/filters/errors.go:11-20).
  run --separate-stderr dn ls --filter =
  [ "$status" -eq 1 ]
  assert_stderr "Error response from daemon: invalid filter"
  run --separate-stderr dn ls --filter foo
  [ "$status" -eq 125 ]
  assert_stderr "invalid argument \"foo\" for \"-f, --filter\" flag: bad format of filter (expected name=value)

Usage:  docknet network ls [OPTIONS]

Run 'docknet network ls --help' for more information"
  dn rm both one
}

@test "inspect: Docker's JSON shape, several targets, prefixes and errors" {
  id=$(dn create --subnet 10.30.0.0/24 --label team=net insp)
  run dn inspect insp
  [ "$status" -eq 0 ]
  echo "$output" | jq -e --arg id "$id" '.[0] | .Id == $id and .Name == "insp" and .EnableIPv4 == true
    and .IPAM.Config == [{"Subnet":"10.30.0.0/24","Gateway":"10.30.0.1"}] and .IPAM.Options == {}
    and .Containers == {} and .Labels == {"team":"net"}
    and .Status.IPAM.Subnets["10.30.0.0/24"] == {"IPsInUse":3,"DynamicIPsAvailable":253}'
  [ "$(echo "$output" | jq -r '.[0] | keys_unsorted | join(",")')" = "Name,Id,Created,Scope,Driver,EnableIPv4,EnableIPv6,IPAM,Internal,Attachable,Ingress,ConfigFrom,ConfigOnly,Options,Labels,Containers,Status" ]
  [ "${lines[1]}" = "    {" ]
  run dn inspect -f '{{.Name}}' "${id:0:6}" bridge
  assert_output $'insp\nbridge'
  run --separate-stderr dn inspect nosuch
  [ "$status" -eq 1 ]
  assert_output '[]'
  assert_stderr 'Error response from daemon: network nosuch not found'
  run --separate-stderr dn inspect -f '{{.Nope' insp
  [ "$status" -eq 64 ]
  assert_stderr 'template parsing error: template: :1: unclosed action'
  run dn inspect -f json insp
  [[ "$output" == '[{"Name":"insp",'* ]]
  dn rm insp
}

@test "the built-in networks: Docker's options, null IPAM options, refusals" {
  run dn inspect -f '{{json .Options}} {{json .IPAM.Options}} {{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}' bridge
  assert_output '{"com.docker.network.bridge.default_bridge":"true","com.docker.network.bridge.enable_icc":"true","com.docker.network.bridge.enable_ip_masquerade":"true","com.docker.network.bridge.host_binding_ipv4":"0.0.0.0","com.docker.network.bridge.name":"docker0","com.docker.network.driver.mtu":"1500"} null 172.17.0.0/16 172.17.0.1'
  run dn inspect -f '{{.Driver}} {{len .IPAM.Config}}' host none
  assert_output $'host 0\nnull 0'
  run --separate-stderr dn rm bridge
  [ "$status" -eq 1 ]
  assert_stderr $'Error response from daemon: bridge is a pre-defined network and cannot be removed\nexit status 1'
}

@test "Docker 29 shapes: a configuration network is of driver null; host and none allocate nothing" {
  dn create --config-only --subnet 10.93.0.0/24 cfgnull >/dev/null
  run dn ls --filter name=cfgnull --format '{{.Name}} {{.Driver}} {{.Scope}}'
  assert_output "cfgnull null local"  # controller.go:564-567 (docker29-deltas row 7a)
  run dn inspect -f '{{.Driver}} {{json .IPAM.Config}} {{json .Status}}' cfgnull
  # A configuration network never allocates its pools, so Config is nil (daemon/network.go:827,
  # docker29-deltas row 7d); the subnet still serves its --config-from networks.
  assert_output 'null null {"IPAM":{}}'
  dn create --config-from cfgnull fromnull >/dev/null
  run dn inspect -f '{{json .IPAM.Config}}' fromnull
  assert_output '[{"Subnet":"10.93.0.0/24","Gateway":"10.93.0.1"}]'
  dn rm fromnull >/dev/null
  # network.go:2172-2180 and daemon/network.go:821 (rows 12c, 12d)
  run dn inspect -f '{{json .IPAM.Config}} {{json .Status}} {{len .IPAM.Config}}' none host
  assert_output $'null {"IPAM":{}} 0\nnull {"IPAM":{}} 0'
  dn rm cfgnull >/dev/null
}

@test "an ambiguous ID prefix: inspect's text and rm's (docker29-deltas row 13)" {
  # 17 networks: two of them share the first hex digit of their ID.
  for i in $(seq 1 17); do dn create "amb$i" >/dev/null; done
  p=$(dn ls -q --no-trunc --filter name=amb | cut -c1 | sort | uniq -d | head -1)
  n=$(dn ls -q --no-trunc | grep -c "^$p")
  run --separate-stderr dn inspect "$p"
  [ "$status" -eq 1 ]
  assert_output "[]"
  assert_stderr "Error response from daemon: $n matches found based on ID prefix: network $p is ambiguous"
  run --separate-stderr dn rm "$p"
  [ "$status" -eq 1 ]
  assert_stderr "Error response from daemon: network $p is ambiguous ($n matches found based on ID prefix)
exit status 1"
  for i in $(seq 1 17); do dn rm "amb$i" >/dev/null; done
}

@test "docker's global flags: accepted ones pass, another host is refused before anything runs, an unknown one is exit 125" {
  dn create gf1 >/dev/null
  run dn -l warn --config /nonexistent --tls -c default -H unix:///var/run/docker.sock ls --filter name=gf1 --format '{{.Name}}'
  assert_output gf1
  run --separate-stderr dn -H tcp://192.0.2.1:2376 rm gf1
  [ "$status" -eq 1 ]
  assert_stderr "docknet manages this host's networks only: -H tcp://192.0.2.1:2376 names another Docker host; nothing was done (use the docker CLI for remote hosts)"
  run dn ls -q --filter name=gf1
  [ -n "$output" ]  # still there
  run --separate-stderr dn --bogus rm gf1
  [ "$status" -eq 125 ]
  assert_stderr $'unknown flag: --bogus\n\nUsage:  docknet [OPTIONS] COMMAND [ARG...]\n\nRun \'docknet --help\' for more information'
  run --separate-stderr dn -l loud ls
  [ "$status" -eq 1 ]
  assert_stderr "Unable to parse logging level: loud"
  dn rm gf1 >/dev/null
}
