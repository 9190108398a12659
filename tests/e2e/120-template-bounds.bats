#!/usr/bin/env bats
# Issue 9: hostile --format templates end quickly with a clear error (exit 1, like docknet's other
# template errors) instead of exhausting memory or time. Each runs under a 1 GB address-space
# limit and a 10 s timeout: before the bounds, pad took 24 GB, printf 4.9 GB and 29 s, an empty
# range over 1e9 ran for minutes and a doubling define reached 12.9 GB.
load helpers

# bounded ARGS...: docknet under `ulimit -v 1000000` and `timeout 10`; sets status/output/stderr.
bounded() {
  run --separate-stderr bash -c 'ulimit -v 1000000 && exec timeout 10 "$@"' _ "$DOCKNET" "$@"
}

@test "ls: pad with a width of 1e9 is refused" {
  bounded ls --filter name=^none$ --format '{{pad .Name 1000000000 0}}'
  [ "$status" -eq 1 ]
  assert_stderr 'template parsing error: template: :1:2: executing "" at <pad .Name 1000000000 0>: error calling pad: padding of 1000000000 exceeds the limit of 1000000'
}

@test "ls: printf precision over Go's bound prints what Go prints" {
  bounded ls --filter name=^none$ --format '{{printf "%.999999999f" 1.0}}'
  [ "$status" -eq 0 ]
  assert_output '%!(NOVERB)%!(EXTRA float64=1)'
  bounded ls --filter name=^none$ --format '{{printf "%*d|%.*d" 1000001 1 2000000 2}}'
  [ "$status" -eq 0 ]
  assert_output '%!(BADWIDTH)1|%!(BADPREC)2'
}

@test "ls: range over 1e9 stops at once" {
  bounded ls --filter name=^none$ --format '{{range $i,$e := 1000000000}}{{end}}'
  [ "$status" -eq 1 ]
  assert_stderr 'template parsing error: template: :1:17: executing "" at <1000000000>: range over 1000000000 exceeds the limit of 1000000 iterations'
}

@test "inspect: a 22-level doubling define ends at the step limit in bounded memory" {
  t='{{define "t0"}}ab{{end}}'
  for i in $(seq 1 22); do t+="{{define \"t$i\"}}{{template \"t$((i - 1))\" .}}{{template \"t$((i - 1))\" .}}{{end}}"; done
  t+='{{template "t22" .}}'
  bounded inspect -f "$t" none
  [ "$status" -eq 1 ]
  [[ "$stderr" == *'template execution exceeded 20000000 steps' ]]
}

@test "inspect: the output cap, the value cap and the call depth" {
  bounded inspect -f '{{range 1000}}{{pad "x" 1000000 0}}{{end}}' none
  [ "$status" -eq 1 ]
  [[ "$stderr" == *'template output exceeded 64 MiB' ]]
  bounded inspect -f '{{$x := pad "x" 1000000 0}}{{range 30}}{{$x = printf "%s%s" $x $x}}{{end}}' none
  [ "$status" -eq 1 ]
  [[ "$stderr" == *'error calling printf: result of '*' bytes exceeds the limit of 16 MiB' ]]
  bounded inspect -f '{{define "r"}}{{template "r" .}}{{end}}{{template "r" .}}' none
  [ "$status" -eq 1 ]
  [[ "$stderr" == *'exceeded maximum template depth (1000)' ]]
}

@test "a single-value flag given twice takes the last value, as docker's pflag does" {
  run dn ls --filter name=^none$ --format a --format '{{.Name}}'
  [ "$status" -eq 0 ]
  assert_output 'none'
  run dn inspect -f a -f '{{.Name}}' none
  assert_output 'none'
  run dn create -d nosuchdriver -d bridge --ipam-driver x --ipam-driver default twice
  [ "$status" -eq 0 ]
  run dn inspect -f '{{.Driver}} {{.IPAM.Driver}}' twice
  assert_output 'bridge default'
  dn rm twice >/dev/null
}
