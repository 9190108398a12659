#!/usr/bin/env bash
# Docker's "networking with the default bridge" tutorial: containers on `bridge` reach each
# other by IP address, but not by name.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

container alpine1; container alpine2
dn connect bridge alpine1
dn connect bridge alpine2
say "inspect bridge"
dn inspect -f '{{range .Containers}}{{.Name}} {{.IPv4Address}}{{"\n"}}{{end}}' bridge
ip2=$(dn inspect -f '{{range .Containers}}{{if eq .Name "alpine2"}}{{.IPv4Address}}{{end}}{{end}}' bridge)
expect_reach alpine1 "${ip2%/*}"
expect_no_reach alpine1 alpine2   # no name resolution on the default bridge
dn disconnect bridge alpine1; dn disconnect bridge alpine2
remove_container alpine1; remove_container alpine2
echo "default bridge: all checks passed"
