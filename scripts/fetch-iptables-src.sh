#!/bin/sh
# Fetch Debian's iptables source package (for libiptc) into OUTDIR, using a private apt
# state so the machine's own sources.list and lists stay untouched. The deb-src entries
# are derived from the machine's Debian entries (any release: the suites are the machine's
# own codename's): no host name is written here.
#
# Cache: the upstream tarball of the installed iptables version is kept in
# $DOCKNET_SRC_CACHE (/var/cache/docknet) when this runs as root (`sudo make install`), and
# taken from there when present, so a second build directory (`make test`'s build/) or an
# offline machine needs no network. apt checked it against the signed Sources index when it
# was fetched; the directory is root's.
set -eu
out=${1:?usage: fetch-iptables-src.sh OUTDIR}
cache=${DOCKNET_SRC_CACHE:-/var/cache/docknet}
mkdir -p "$out"
ver=$(dpkg-query -W -f='${source:Upstream-Version}' libip4tc-dev 2>/dev/null || true)
if [ -n "$ver" ]; then
  for t in "$cache"/iptables_"$ver".orig.tar.gz "$cache"/iptables_"$ver".orig.tar.xz "$cache"/iptables_"$ver".orig.tar.bz2; do
    [ -f "$t" ] || continue
    (cd "$out" && tar --no-same-owner -xf "$t")
    ls -d "$out"/iptables-*/libiptc >/dev/null && exit 0
  done
fi
w="$out/.apt"
mkdir -p "$w/lists/partial" "$w/cache/archives/partial" "$w/parts"
: > "$w/deb-src.list"
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  grep -q debian-archive-keyring "$f" || continue
  sed 's/^Types:.*/Types: deb-src/' "$f" > "$w/parts/$(basename "$f")"
done
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [ -f "$f" ] || continue
  grep -E "^deb (\[[^]]*\] )?[^ ]+ $codename" "$f" | sed 's/^deb /deb-src /' >> "$w/deb-src.list" || true
done
opts="-o Dir::Etc::SourceList=$w/deb-src.list -o Dir::Etc::SourceParts=$w/parts \
 -o Dir::State::Lists=$w/lists -o Dir::Cache=$w/cache -o APT::Sandbox::User=root"
# shellcheck disable=SC2086
apt-get -qq $opts update >/dev/null
cd "$out"
# Only the upstream tarball is needed (Debian's patches do not touch libiptc). Some mirrors
# serve it but not the .dsc or debian.tar (seen for Debian 13's 1.8.11): apt checked each file
# it did fetch against the signed Sources index, so the tarball alone is enough.
# shellcheck disable=SC2086
apt-get -qq $opts source --download-only iptables >/dev/null 2>apt-source.err || true
orig=$(ls iptables_*.orig.tar.gz iptables_*.orig.tar.xz iptables_*.orig.tar.bz2 2>/dev/null | head -n1)
[ -n "$orig" ] || { cat apt-source.err >&2; exit 1; }
tar --no-same-owner -xf "$orig"
ls -d "$out"/iptables-*/libiptc >/dev/null
if [ "$(id -u)" -eq 0 ] && mkdir -p "$cache" 2>/dev/null; then
  cp "$orig" "$cache/" 2>/dev/null || true
fi
