#!/bin/sh
# Installs the Debian packages docknet needs (Debian 12 and 13), only those missing: when
# nothing is missing it neither runs apt nor needs the network.
#   install-deps.sh build   what building and installing the binary needs (make install)
#   install-deps.sh [test]  that, plus what the tests need (make, make test)
#   install-deps.sh --list  prints both lists' packages (scripts/distro-check installs them)
# On Debian 13 `catch2` is a transitional package for libcatch2-dev (Catch2 3); both work.
set -eu
pkgs="build-essential cmake pkg-config xz-utils libcli11-dev libfmt-dev libyaml-cpp-dev libre2-dev
 libnl-3-dev libnl-route-3-dev libip4tc-dev libip6tc-dev libxtables-dev"
if [ "${1:-test}" != build ]; then
  pkgs="$pkgs catch2 iptables nftables iproute2 bats iputils-ping netcat-openbsd file util-linux procps jq hyperfine zsh fish
 etcd-server etcd-client"
fi
[ "${1:-}" = --list ] && { echo $pkgs; exit 0; }
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
# etcd-server's postinst enables and starts an etcd service; the tests run their own etcd in a
# throwaway namespace, so one this run installed is stopped and disabled (one installed before
# is the machine owner's and left alone).
case " $missing " in
  *" etcd-server "*)
    if [ -d /run/systemd/system ]; then $SUDO systemctl disable --now etcd >/dev/null 2>&1 || true; fi ;;
esac
