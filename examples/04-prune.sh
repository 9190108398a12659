#!/usr/bin/env bash
# prune removes networks nobody uses; a network with a container, and the built-ins, stay.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

dn create unused1 >/dev/null
dn create unused2 >/dev/null
dn create --label keep=yes kept >/dev/null
dn create busy >/dev/null
container worker
dn connect busy worker
out=$(dn prune -f --filter label!=keep)
echo "$out"
[ "$out" = $'Deleted Networks:\nunused1\nunused2' ] || fail "unexpected prune output"
[ "$(dn ls --format '{{.Name}}' --filter type=custom | tr '\n' ' ')" = "busy kept " ] || fail "busy and kept should remain"
dn disconnect busy worker
remove_container worker
[ "$(dn prune -f)" = $'Deleted Networks:\nbusy\nkept' ] || fail "second prune"
echo "prune: all checks passed"
