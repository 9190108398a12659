#!/usr/bin/env bats
# zsh completion driven through zsh/zpty (an interactive zsh with compinit and the repo's
# completions/ in fpath, a line typed, then TAB), and fish through `complete -C`.
load helpers

setup() {
  snapshot "$BATS_TEST_TMPDIR/before"
  mkdir -p "$BATS_TEST_TMPDIR/bin"
  ln -sf "$DOCKNET" "$BATS_TEST_TMPDIR/bin/docknet"
  export PATH="$BATS_TEST_TMPDIR/bin:$PATH"
  COMPLETIONS="$BATS_TEST_DIRNAME/../../completions"
}

# The candidates zsh offers for the line (as typed, TAB at its end), one per line, sorted.
zsh_complete() { zsh -f "$BATS_TEST_DIRNAME/zsh-complete.zsh" "$COMPLETIONS" "$1"; }
# The candidates fish offers, without descriptions, sorted.
fish_complete() {
  fish --no-config -c 'source $argv[1]; complete -C $argv[2]' "$COMPLETIONS/docknet.fish" "$1" | cut -f1 | sort
}

@test "zsh: TAB after 'docknet network rm ' with POSIXLY_CORRECT=1 offers the networks and deletes nothing" {
  dn create comp-z >/dev/null
  cd "$BATS_TEST_TMPDIR"
  touch network ls
  POSIXLY_CORRECT=1 run zsh_complete 'docknet network rm '
  assert_output comp-z
  [ -e network ] && [ -e ls ]
  run zsh_complete 'docknet network inspect comp'
  assert_output comp-z
  dn rm comp-z >/dev/null
}

@test "zsh: subcommands without 'network network'; -o by driver; --filter values; disconnect" {
  dn create comp-z2 >/dev/null
  ip netns add comp-zon
  ip netns add comp-zoff
  dn connect comp-z2 comp-zon
  run zsh_complete 'docknet network '
  assert_output $'check\nconnect\ncreate\ndisconnect\ninspect\nlist\nls\nprune\nreconcile\nremove\nrestore\nrm'
  run zsh_complete 'docknet '
  assert_output $'check\nconnect\ncreate\ndisconnect\ninspect\nlist\nls\nnetwork\nnode\nport\nprune\nreconcile\nremove\nrestore\nrm\nversion'
  run zsh_complete 'docknet network create --driver=ipvlan -o '
  assert_output $'ipvlan_flag=\nipvlan_mode=\nparent='
  run zsh_complete 'docknet network create -dmacvlan --opt='
  assert_output $'macvlan_mode=\nparent='
  run zsh_complete 'docknet network create -d ipvlan -o ipvlan_mode='
  assert_output $'l2\nl3\nl3s'
  run zsh_complete 'docknet network ls --filter name=comp'
  assert_output comp-z2
  run zsh_complete 'docknet network ls -f driver=mac'
  assert_output macvlan
  run zsh_complete 'docknet network disconnect comp-z2 '
  assert_output comp-zon
  run zsh_complete 'docknet network connect comp-z2 comp-z'
  assert_output comp-zoff
  dn disconnect comp-z2 comp-zon
  dn rm comp-z2 >/dev/null
  ip netns del comp-zon
  ip netns del comp-zoff
}

@test "zsh and fish: --root DIR on the line (quoted, with spaces and \$) is the state read" {
  dn create comp-r >/dev/null
  other="$BATS_TEST_TMPDIR/other \$root"
  cp -r "$DOCKNET_ROOT" "$other"
  dn rm comp-r >/dev/null
  cd "$BATS_TEST_TMPDIR"
  run zsh_complete 'docknet network rm comp'
  assert_output ''
  run zsh_complete "docknet --root 'other \$root' network rm comp"
  assert_output comp-r
  run zsh_complete "docknet --root=other\\ \\\$root network inspect comp"
  assert_output comp-r
  run fish_complete 'docknet network rm comp'
  assert_output ''
  run fish_complete "docknet --root 'other \$root' network rm comp"
  assert_output comp-r
}

@test "fish: networks, subcommands, -o by driver, --filter values, disconnect" {
  dn create comp-f2 >/dev/null
  ip netns add comp-fon
  ip netns add comp-foff
  dn connect comp-f2 comp-fon
  cd "$BATS_TEST_TMPDIR"
  touch network ls
  run fish_complete 'docknet network rm '
  assert_output comp-f2
  [ -e network ] && [ -e ls ]
  run fish_complete 'docknet network '
  assert_output $'check\nconnect\ncreate\ndisconnect\ninspect\nlist\nls\nprune\nreconcile\nremove\nrestore\nrm'
  run fish_complete 'docknet network create --driver=ipvlan -o '
  assert_output $'ipvlan_flag=\nipvlan_mode=\nparent='
  run fish_complete 'docknet network create -dmacvlan -o '
  assert_output $'macvlan_mode=\nparent='
  run fish_complete 'docknet network ls --filter name=comp'
  assert_output name=comp-f2
  run fish_complete 'docknet network disconnect comp-f2 '
  assert_output comp-fon
  run fish_complete 'docknet network connect comp-f2 comp-f'
  assert_output comp-foff
  dn disconnect comp-f2 comp-fon
  dn rm comp-f2 >/dev/null
  ip netns del comp-fon
  ip netns del comp-foff
}

# A review found that an empty --root value let the next word become the root, so the query
# `__completeNoDesc network connect NET ''` ran a real `network connect` (docker0, DOCKER chains,
# a ./__completeNoDesc state). A --root that names no existing directory is now not passed at all.
@test "zsh, fish and bash: an empty or missing --root never runs a changing command nor makes a state" {
  dn create comp-e >/dev/null
  ip netns add comp-e1
  cd "$BATS_TEST_TMPDIR"
  run zsh_complete 'docknet --root= network connect comp-e '
  run zsh_complete "docknet --root '' network disconnect comp-e "
  run zsh_complete 'docknet --root ~/nowhere network rm comp'
  run fish_complete 'docknet network connect comp-e --root '
  run fish_complete 'docknet network inspect --root '
  run bash -c 'source "$1"; COMP_WORDS=(docknet --root "" network connect comp-e ""); COMP_CWORD=6; _docknet' _ "$COMPLETIONS/docknet.bash"
  ! ip link show docker0 2>/dev/null
  [ -z "$(ls -A "$BATS_TEST_TMPDIR" | grep -v '^bin$\|^before$')" ]
  [ "$(dn network inspect -f '{{len .Containers}}' comp-e)" = 0 ]
  ip netns del comp-e1
  dn rm comp-e >/dev/null
}

# Issue 13, the review's findings, for zsh and fish.
@test "fish: a typed -o key is never a printf format" {
  run fish_complete 'docknet network create -o x%d%s.gateway_mode_ipv4='
  assert_output $'x%d%s.gateway_mode_ipv4=isolated\nx%d%s.gateway_mode_ipv4=nat\nx%d%s.gateway_mode_ipv4=nat-unprotected\nx%d%s.gateway_mode_ipv4=routed'
  run fish_complete 'docknet network create -o %b.enable_icc='
  assert_output $'%b.enable_icc=false\n%b.enable_icc=true'
}

@test "zsh and fish: network names with a newline or a tab are not offered, nor their pieces" {
  dn create $'comp-nl\ncomp-piece' >/dev/null
  dn create $'comp-tab\tx' >/dev/null
  dn create comp-whole >/dev/null
  run fish_complete 'docknet network inspect comp'
  assert_output comp-whole
  run fish_complete 'docknet network rm comp'
  assert_output comp-whole
  run zsh_complete 'docknet network rm comp'
  assert_output comp-whole
  run zsh_complete 'docknet network ls --filter name=comp'
  assert_output comp-whole
  for n in $(dn ls -q --filter name=comp-); do dn rm "$n" >/dev/null; done
}

@test "zsh and fish: --root ~/DIR is expanded as the shell does" {
  dn create comp-zhome >/dev/null
  mkdir "$BATS_TEST_TMPDIR/home"
  cp -r "$DOCKNET_ROOT" "$BATS_TEST_TMPDIR/home/st"
  dn rm comp-zhome >/dev/null
  HOME="$BATS_TEST_TMPDIR/home" run zsh_complete 'docknet --root ~/st network rm comp'
  assert_output comp-zhome
  HOME="$BATS_TEST_TMPDIR/home" run fish_complete 'docknet --root ~/st network rm comp'
  assert_output comp-zhome
}

@test "zsh and fish: port offers the publishing containers; connect --publish" {
  dn create comp-p >/dev/null
  ip netns add comp-pub
  dn connect -p 8080:80 comp-p comp-pub
  run zsh_complete 'docknet port '
  assert_output comp-pub
  run fish_complete 'docknet port '
  assert_output comp-pub
  run fish_complete 'docknet network connect --pub'
  assert_output --publish
  run zsh_complete 'docknet network connect -p 80 '
  assert_output $'bridge\ncomp-p\nhost\nnone'
  dn disconnect comp-p comp-pub
  dn rm comp-p >/dev/null
  ip netns del comp-pub
}

# An etcd of the test's own (as 050's), holding the cluster's hosts; a config naming it.
start_cluster() {
  PROBE="$(dirname "$DOCKNET")/docknet-kv-probe"
  [ -x "$PROBE" ] && [ -x /usr/bin/etcd ] || skip "no etcd or docknet-kv-probe"
  S=etcd://127.0.0.1:23793
  setsid /usr/bin/etcd --name compz --data-dir "$DOCKNET_TEST_WORK/etcd-compz-$BATS_TEST_NUMBER" \
    --listen-client-urls http://127.0.0.1:23793 --advertise-client-urls http://127.0.0.1:23793 \
    --listen-peer-urls http://127.0.0.1:23803 --initial-advertise-peer-urls http://127.0.0.1:23803 \
    --initial-cluster compz=http://127.0.0.1:23803 >>"$BATS_TEST_TMPDIR/etcd.log" 2>&1 3>&- &
  ETCD_PID=$!
  local i
  for i in $(seq 100); do "$PROBE" "$S" range /ready >/dev/null 2>&1 && break; sleep 0.1; done
  "$PROBE" "$S" put /docknet/v1/hosts/far-a 192.0.2.1 >/dev/null
  "$PROBE" "$S" put /docknet/v1/hosts/far-b 192.0.2.2 >/dev/null
  "$PROBE" "$S" put "/docknet/v1/hosts/$(hostname)" 127.0.0.1 >/dev/null
  { cat "$DOCKNET_CONFIG" 2>/dev/null; echo "cluster-store: $S"; echo "cluster-advertise: 127.0.0.1"; } > "$BATS_TEST_TMPDIR/cluster.yaml"
  export DOCKNET_CONFIG=$BATS_TEST_TMPDIR/cluster.yaml
}

eval "helpers_$(declare -f teardown)"
teardown() {
  if [ -n "${ETCD_PID:-}" ]; then kill -- "-$ETCD_PID" 2>/dev/null || true; wait "$ETCD_PID" 2>/dev/null || true; fi
  helpers_teardown
}

@test "zsh and fish: reconcile --watch, overlay's -o keys, node ls/rm, node rm's hosts from the cluster" {
  run zsh_complete 'docknet network reconcile --w'
  assert_output --watch
  run fish_complete 'docknet reconcile --w'
  assert_output --watch
  run zsh_complete 'docknet network create -d ov'
  assert_output overlay
  run fish_complete 'docknet network create -d ov'
  assert_output overlay
  run zsh_complete 'docknet network create -d overlay -o '
  assert_output $'com.docker.network.driver.mtu=\ncom.docker.network.driver.overlay.vxlanid_list='
  run fish_complete 'docknet network create -d overlay -o '
  assert_output $'com.docker.network.driver.mtu=\ncom.docker.network.driver.overlay.vxlanid_list='
  run zsh_complete 'docknet node '
  assert_output $'list\nls\nremove\nrm'
  run fish_complete 'docknet node '
  assert_output $'list\nls\nremove\nrm'
  run fish_complete 'docknet n'
  assert_output $'network\nnode'
  run fish_complete 'docknet network '
  [[ $output != *node* ]]  # top-level only, as docker node
  start_cluster
  run zsh_complete 'docknet node rm '
  assert_output $'far-a\nfar-b'
  run zsh_complete 'docknet node rm far-b '
  assert_output far-a
  run fish_complete 'docknet node rm '
  assert_output $'far-a\nfar-b'
  run fish_complete 'docknet node rm far-a '
  assert_output far-b
  run fish_complete 'docknet node ls '
  assert_output ''
}
