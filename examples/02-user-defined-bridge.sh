#!/usr/bin/env bash
# Docker's "user-defined bridge" tutorial: containers on alpine-net resolve each other by name;
# alpine3 on the default bridge is isolated from them; alpine4 is on both and reaches everyone.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

dn create --driver bridge alpine-net >/dev/null
for c in alpine1 alpine2 alpine3 alpine4; do container "$c"; done
dn connect alpine-net alpine1
dn connect alpine-net alpine2
dn connect bridge alpine3
dn connect alpine-net alpine4
dn connect bridge alpine4
say "alpine-net and bridge"
dn inspect -f '{{.Name}}: {{range .Containers}}{{.Name}} {{end}}' alpine-net bridge
expect_reach alpine1 alpine2
expect_reach alpine1 alpine4
expect_no_reach alpine1 alpine3
ip3=$(dn inspect -f '{{range .Containers}}{{if eq .Name "alpine3"}}{{.IPv4Address}}{{end}}{{end}}' bridge)
expect_no_reach alpine1 "${ip3%/*}"        # isolation between networks
expect_reach alpine4 alpine1
expect_reach alpine4 "${ip3%/*}"           # on both networks
[ "$(dn inspect -f '{{len .Containers}}' alpine-net)" = 3 ] || fail "alpine-net should have 3 containers"
[ "$(dn inspect -f '{{len .Containers}}' bridge)" = 2 ] || fail "bridge should have 2 containers"
for c in alpine1 alpine2 alpine4; do dn disconnect alpine-net "$c"; done
for c in alpine3 alpine4; do dn disconnect bridge "$c"; done
dn rm alpine-net >/dev/null
for c in alpine1 alpine2 alpine3 alpine4; do remove_container "$c"; done
echo "user-defined bridge: all checks passed"
