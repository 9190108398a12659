#!/bin/sh
# Fetch Debian's iptables source package (for libiptc) into OUTDIR, using a private apt
# state so the machine's own sources.list and lists stay untouched. The deb-src entries
# are derived from the machine's Debian entries: no host name is written here.
set -eu
out=${1:?usage: fetch-iptables-src.sh OUTDIR}
w="$out/.apt"
mkdir -p "$w/lists/partial" "$w/cache/archives/partial" "$w/parts"
: > "$w/deb-src.list"
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  grep -q debian-archive-keyring "$f" || continue
  sed 's/^Types:.*/Types: deb-src/' "$f" > "$w/parts/$(basename "$f")"
done
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [ -f "$f" ] || continue
  grep -E '^deb [^ ]+ bookworm' "$f" | sed 's/^deb /deb-src /' >> "$w/deb-src.list" || true
done
opts="-o Dir::Etc::SourceList=$w/deb-src.list -o Dir::Etc::SourceParts=$w/parts \
 -o Dir::State::Lists=$w/lists -o Dir::Cache=$w/cache -o APT::Sandbox::User=root"
# shellcheck disable=SC2086
apt-get -qq $opts update >/dev/null
cd "$out"
# shellcheck disable=SC2086
apt-get -qq $opts source --download-only iptables >/dev/null
tar --no-same-owner -xf iptables_*.orig.tar.*
ls -d "$out"/iptables-*/libiptc >/dev/null
