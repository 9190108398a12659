#!/bin/sh
# Builds docknet's .deb with dpkg-deb from a staged tree (no debhelper, no root: the files are
# owned by root inside the package through --root-owner-group). `make deb` builds the binary
# first and calls this with its build directory:
#   make-deb.sh BUILD_DIR      -> BUILD_DIR/docknet_VERSION_ARCH.deb
# DEB_VERSION and DEB_MAINTAINER override the version (default: CMakeLists.txt's project
# version) and the Maintainer field (default: the author of the commit built).
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: make-deb.sh BUILD_DIR}" && pwd)
bin=$build/docknet
[ -x "$bin" ] || { echo "make-deb: no $bin (build it first: make deb)" >&2; exit 1; }
# The package promises one static binary with no Depends: refuse a dynamic one.
if readelf -l "$bin" | grep -q INTERP; then
  echo "make-deb: $bin is dynamically linked (configure with DOCKNET_STATIC=ON)" >&2
  exit 1
fi

version=${DEB_VERSION:-$(sed -n 's/^project(docknet VERSION \([0-9][0-9.]*\).*/\1/p' "$src/CMakeLists.txt")}
[ -n "$version" ] || { echo "make-deb: no version in CMakeLists.txt" >&2; exit 1; }
arch=$(dpkg --print-architecture)
commit=$(git -C "$src" rev-parse --short=7 HEAD 2>/dev/null || echo unknown)
# The commit's time, not the build's: the same commit gives the same package.
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$src" log -1 --format=%ct 2>/dev/null || date +%s)}
export SOURCE_DATE_EPOCH
maintainer=${DEB_MAINTAINER:-$(git -C "$src" log -1 --format='%an <%ae>' 2>/dev/null || true)}
[ -n "$maintainer" ] || maintainer="docknet maintainers <docknet@users.noreply.github.com>"

umask 022
stage=$build/deb-root
rm -rf "$stage"
doc=$stage/usr/share/doc/docknet
mkdir -p "$stage/DEBIAN" "$stage/usr/bin" "$stage/usr/share/man/man1" "$doc" \
  "$stage/usr/share/bash-completion/completions" "$stage/usr/share/zsh/vendor-completions" \
  "$stage/usr/share/fish/vendor_completions.d" "$stage/lib/systemd/system"

# Stripped as dh_strip strips.
install -m 0755 "$bin" "$stage/usr/bin/docknet"
strip --remove-section=.comment --remove-section=.note --strip-unneeded "$stage/usr/bin/docknet"
for page in "$src"/man/*.1; do
  install -m 0644 "$page" "$stage/usr/share/man/man1/"
  gzip -9n "$stage/usr/share/man/man1/$(basename "$page")"
done
install -m 0644 "$src/completions/docknet.bash" "$stage/usr/share/bash-completion/completions/docknet"
# zsh: vendor-completions is in the fpath of Debian's zsh for packages (site-functions is the admin's).
install -m 0644 "$src/completions/_docknet" "$stage/usr/share/zsh/vendor-completions/_docknet"
install -m 0644 "$src/completions/docknet.fish" "$stage/usr/share/fish/vendor_completions.d/docknet.fish"
# /lib/systemd/system: where Debian 12's packages put units; on 13 /lib is /usr/lib (merged /usr).
# The boot unit and the cluster watcher (docknet-reconcile.service: overlay networks).
for unit in docknet docknet-reconcile; do
  sed 's|@DOCKNET_BINDIR@|/usr/bin|' "$src/packaging/$unit.service.in" > "$stage/lib/systemd/system/$unit.service"
  chmod 0644 "$stage/lib/systemd/system/$unit.service"
done
install -m 0644 "$src/packaging/copyright" "$doc/copyright"
# docknet is static on purpose: lintian's statically-linked-binary is overridden, saying why.
install -D -m 0644 "$src/packaging/lintian-overrides" "$stage/usr/share/lintian/overrides/docknet"
# A native package's changelog (its version has no Debian revision).
date=$(date -u -R -d "@$SOURCE_DATE_EPOCH")
printf 'docknet (%s) unstable; urgency=medium\n\n  * Built from docknet commit %s.\n\n -- %s  %s\n' \
  "$version" "$commit" "$maintainer" "$date" | gzip -9n > "$doc/changelog.gz"
chmod 0644 "$doc/changelog.gz"

for script in postinst prerm postrm; do
  install -m 0755 "$src/packaging/debian/$script" "$stage/DEBIAN/$script"
done
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
cat > "$stage/DEBIAN/control" <<CONTROL
Package: docknet
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $size
Recommends: iptables
Section: net
Priority: optional
Description: docker network, without a daemon
 A drop-in, docker network-compatible command line tool: one statically
 linked binary and no daemon. Each call reads the networks stored as YAML
 under /var/lib/docknet, makes the kernel match them through netlink
 (bridges, veth, macvlan and ipvlan links, addresses, routes) and
 nf_tables or the legacy x_tables (Docker's iptables layout), and exits.
 .
 A systemd unit (docknet.service) makes every stored network's bridge,
 addresses and firewall rules again at boot, before container runtimes.
 Overlay networks span hosts over VXLAN with etcd as the shared store;
 docknet-reconcile.service follows the store and keeps this host in step.
CONTROL
(cd "$stage" && find usr lib -type f | LC_ALL=C sort | xargs md5sum) > "$stage/DEBIAN/md5sums"
chmod 0644 "$stage/DEBIAN/control" "$stage/DEBIAN/md5sums"
find "$stage" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

out=$build/docknet_${version}_${arch}.deb
dpkg-deb --root-owner-group -Zxz --build "$stage" "$out" >/dev/null
echo "$out"
