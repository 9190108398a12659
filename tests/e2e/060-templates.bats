#!/usr/bin/env bats
# --format on real networks: the template language, docker's directives and its errors.
load helpers

setup() {
  snapshot "$BATS_TEST_TMPDIR/before"
  dn create --subnet 10.40.0.0/24 --label team=net --label com.example.tier=front-end \
    -o com.docker.network.driver.mtu=1400 tpl >/dev/null
}

teardown_extra() { dn rm tpl >/dev/null 2>&1 || true; }

teardown() {
  teardown_extra
  snapshot "$BATS_TEST_TMPDIR/after"
  diff -u "$BATS_TEST_TMPDIR/before" "$BATS_TEST_TMPDIR/after"
}

@test "ls: table headers from fields and labels, json keyword, plain templates" {
  run dn ls --filter name=^tpl$ --format 'table {{.Name}}\t{{.Label "com.example.tier"}}\t{{upper .Driver}}'
  assert_output $'NAME      tier        DRIVER\ntpl       front-end   BRIDGE'
  run dn ls --filter name=^tpl$ --format json
  echo "$output" | jq -e '.Name == "tpl" and .Labels == "com.example.tier=front-end,team=net"'
  run dn ls --filter name=^tpl$ --format '{{.Name}}:{{if eq .Driver "bridge"}}br{{end}}:{{len .Name}}'
  assert_output 'tpl:br:3'
}

@test "inspect -f: ranges, maps, functions, define/template, the completion's template" {
  run dn inspect -f '{{range .IPAM.Config}}{{.Subnet}} via {{.Gateway}}{{end}}' tpl
  assert_output '10.40.0.0/24 via 10.40.0.1'
  run dn inspect -f '{{index .Options "com.docker.network.driver.mtu"}} {{json .Labels}}' tpl
  assert_output '1400 {"com.example.tier":"front-end","team":"net"}'
  run dn inspect -f '{{range $k, $v := .Labels}}{{$k}}={{$v}} {{end}}' tpl
  assert_output 'com.example.tier=front-end team=net '
  run dn inspect -f '{{define "t"}}<{{.}}>{{end}}{{template "t" .Name}}{{printf " %05.1f" 2.5}}' tpl
  assert_output '<tpl> 002.5'
  run dn inspect -f '{{range $i, $c := .Containers}}{{$i}} {{$c.Name}} {{end}}' tpl
  assert_output ''
  run dn inspect -f '{{.Id}}' tpl   # a JSON name: docker retries on the raw map
  [[ "$output" =~ ^[0-9a-f]{64}$ ]]
}

@test "template errors: 64 for parse errors, 1 with docker's text for execution errors" {
  run --separate-stderr dn inspect -f '{{if .Name}}' tpl
  [ "$status" -eq 64 ]
  assert_stderr 'template parsing error: template: :1: unexpected EOF'
  run --separate-stderr dn inspect -f '{{.Nope}}' tpl bridge
  [ "$status" -eq 1 ]
  assert_output ''
  assert_stderr $'template parsing error: template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"\ntemplate parsing error: template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"'
  run --separate-stderr dn ls --format '{{.Nope}}'
  [ "$status" -eq 1 ]
  assert_stderr 'template parsing error: template: :1:2: executing "" at <.Nope>: can'"'"'t evaluate field Nope in type *network.networkContext'
}

@test "typed templates: Created's time.Time methods and the swarm-only fields (docker29-deltas rows 18, 20)" {
  dn create tt1 >/dev/null
  run dn inspect -f 'IFMT {{len .Name}} {{.Created.IsZero}}' tt1
  assert_output "IFMT 3 false"
  created=$(dn inspect -f '{{.Created.Unix}}' tt1)
  [ $(( $(date +%s) - created )) -lt 60 ]
  run dn inspect -f '{{.Created.Year}} {{json .Services}} {{json .Peers}}' tt1
  assert_output "$(date -u +%Y) null null"
  run dn inspect -f '{{.Created.Format "2006-01-02"}}' tt1
  assert_output "$(date -u +%Y-%m-%d)"
  dn rm tt1 >/dev/null
}
