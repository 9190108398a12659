# Helpers for the tutorial scripts. They run inside tests/run-in-netns (as `make test` does):
# every namespace and link they make lives in a throwaway network namespace.
DOCKNET=${DOCKNET:-docknet}
dn() { "$DOCKNET" network "$@"; }
say() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
reach() { ip netns exec "$1" ping -c1 -W2 "$2" >/dev/null 2>&1; }
expect_reach() { reach "$1" "$2" || fail "$1 cannot reach $2"; echo "ok: $1 reaches $2"; }
expect_no_reach() { ! reach "$1" "$2" || fail "$1 reaches $2, but should not"; echo "ok: $1 does not reach $2"; }
container() { ip netns add "$1"; }        # a "container" is a named network namespace
remove_container() { ip netns del "$1"; }
