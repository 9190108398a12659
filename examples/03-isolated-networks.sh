#!/usr/bin/env bash
# Two isolated networks, joined through a third: frontend and backend cannot talk to each other
# until `api` joins a shared network, and an internal network has no way out.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

dn create frontend >/dev/null
dn create backend >/dev/null
dn create --internal --subnet 10.99.0.0/24 shared >/dev/null
container web; container db; container api
dn connect frontend web
dn connect backend db
dn connect frontend api
db_ip=$(dn inspect -f '{{range .Containers}}{{.IPv4Address}}{{end}}' backend)
expect_no_reach web "${db_ip%/*}"
expect_no_reach api db
say "api and db join the internal network 'shared'"
dn connect shared api
dn connect shared db
expect_reach api db
expect_no_reach web db
gw=$(dn inspect -f '{{range .IPAM.Config}}{{.Gateway}}{{end}}' frontend)
expect_reach web "$gw"
dn inspect -f '{{.Name}} internal={{.Internal}} containers={{len .Containers}}' frontend backend shared
for pair in frontend:web backend:db frontend:api shared:api shared:db; do dn disconnect "${pair%%:*}" "${pair##*:}"; done
dn rm frontend backend shared >/dev/null
for c in web db api; do remove_container "$c"; done
echo "isolated networks: all checks passed"
