#!/usr/bin/env bats
# The .deb (issue 13), built by scripts/make-deb.sh from the binary under test: every file where
# Debian wants it, root-owned, the unit naming /usr/bin/docknet, no Depends (one static binary).
load helpers

SRC="$BATS_TEST_DIRNAME/../.."

@test "deb: files, owners, control fields and the unit as Debian 12 and 13 want them" {
  command -v dpkg-deb >/dev/null || skip "no dpkg-deb"
  build=$BATS_TEST_TMPDIR/build
  mkdir -p "$build" && cp "$DOCKNET" "$build/docknet"
  run sh "$SRC/scripts/make-deb.sh" "$build"
  [ "$status" -eq 0 ]
  deb=$output
  [ -f "$deb" ] && [[ "$deb" == */docknet_*_"$(dpkg --print-architecture)".deb ]]
  dpkg-deb -c "$deb" | awk '{print $2, $6}' > "$BATS_TEST_TMPDIR/files"
  for f in ./usr/bin/docknet ./lib/systemd/system/docknet.service ./lib/systemd/system/docknet-reconcile.service \
    ./usr/share/man/man1/docknet-network-reconcile.1.gz ./usr/share/man/man1/docknet-node.1.gz \
    ./usr/share/man/man1/docknet.1.gz ./usr/share/man/man1/docknet-network-restore.1.gz \
    ./usr/share/bash-completion/completions/docknet ./usr/share/zsh/vendor-completions/_docknet \
    ./usr/share/fish/vendor_completions.d/docknet.fish ./usr/share/doc/docknet/copyright \
    ./usr/share/doc/docknet/changelog.gz; do
    grep -qx "root/root $f" "$BATS_TEST_TMPDIR/files"
  done
  ! grep -q '\.1$' "$BATS_TEST_TMPDIR/files"  # every man page gzipped
  [ "$(dpkg-deb -f "$deb" Package)" = docknet ]
  [ "$(dpkg-deb -f "$deb" Version)" = "$(sed -n 's/^project(docknet VERSION \([0-9.]*\).*/\1/p' "$SRC/CMakeLists.txt")" ]
  [ -z "$(dpkg-deb -f "$deb" Depends)" ]
  x=$BATS_TEST_TMPDIR/x
  dpkg-deb -R "$deb" "$x"
  ! readelf -l "$x/usr/bin/docknet" | grep -q INTERP     # static
  [ -z "$(readelf -S "$x/usr/bin/docknet" | grep -w .symtab)" ]  # stripped
  grep -qx 'ExecStart=/usr/bin/docknet network restore' "$x/lib/systemd/system/docknet.service"
  grep -qx 'ExecStart=/usr/bin/docknet network reconcile --watch' "$x/lib/systemd/system/docknet-reconcile.service"
  head -1 "$x/usr/share/doc/docknet/copyright" | grep -qx 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/'
  for s in postinst prerm postrm; do [ -x "$x/DEBIAN/$s" ] && sh -n "$x/DEBIAN/$s"; done
  grep -q 'rm -rf /var/lib/docknet /etc/docknet' "$x/DEBIAN/postrm"
  # The cluster watcher is enabled, started, stopped, masked and purged as the boot unit is.
  grep -q 'for unit in docknet.service docknet-reconcile.service' "$x/DEBIAN/postinst"
  grep -q 'deb-systemd-invoke restart docknet-reconcile.service' "$x/DEBIAN/postinst"
  grep -q 'deb-systemd-invoke stop docknet-reconcile.service' "$x/DEBIAN/prerm"
  grep -q 'deb-systemd-helper mask docknet-reconcile.service' "$x/DEBIAN/postrm"
  grep -q 'for unit in docknet.service docknet-reconcile.service' "$x/DEBIAN/postrm"
  (cd "$x" && md5sum --quiet -c DEBIAN/md5sums)
}

@test "cluster watcher unit: systemd-analyze verify accepts it; after the boot restore and the network, restarted on failure" {
  command -v systemd-analyze >/dev/null || skip "no systemd-analyze"
  unit=$BATS_TEST_TMPDIR/docknet-reconcile.service
  sed "s|@DOCKNET_BINDIR@|$(dirname "$DOCKNET")|" "$SRC/packaging/docknet-reconcile.service.in" > "$unit"
  # Documentation= names man pages: they must exist.
  mkdir -p "$BATS_TEST_TMPDIR/man" && ln -s "$SRC/man" "$BATS_TEST_TMPDIR/man/man1"
  MANPATH=$BATS_TEST_TMPDIR/man run systemd-analyze verify "$unit"
  [ "$status" -eq 0 ]
  [[ "$output" != *docknet-reconcile.service* ]]  # no complaint about the unit itself
  grep -qx "ExecStart=$DOCKNET network reconcile --watch" "$unit"
  grep -qE '^After=.*\bdocknet\.service' "$unit"
  grep -qE '^After=.*\bnetwork-online\.target' "$unit"
  grep -qx 'Wants=network-online.target' "$unit"
  grep -qx 'Restart=on-failure' "$unit"
  grep -qx 'RestartSec=2s' "$unit"
  grep -qx 'WantedBy=multi-user.target' "$unit"
}

# `make install`'s step (cmake --install) from the build under test into $prefix, its manifest
# moved to $ib for `make uninstall`; cmake writes the manifest into the build directory, so one
# that was there is put back.
install_to_prefix() {
  local saved=$BATS_TEST_TMPDIR/manifest.saved u made=()
  [ ! -e "$build/install_manifest.txt" ] || cp -p "$build/install_manifest.txt" "$saved"
  # The units are written into the build directory at install time: remove those this made
  # (as root they would be root's, in a tree that is the user's).
  for u in docknet docknet-reconcile; do [ -e "$build/$u.service" ] || made+=("$build/$u.service"); done
  cmake --install "$build" --prefix "$prefix" >/dev/null
  mv "$build/install_manifest.txt" "$ib/"
  [ ! -e "$saved" ] || mv "$saved" "$build/install_manifest.txt"
  rm -f "${made[@]}"
}

@test "make install puts both units under the prefix; make uninstall removes them and their enable links" {
  build=$(dirname "$DOCKNET")
  [ -f "$build/cmake_install.cmake" ] || skip "$DOCKNET is not in a CMake build directory"
  command -v cmake >/dev/null || skip "no cmake"
  prefix=$BATS_TEST_TMPDIR/prefix wants=$BATS_TEST_TMPDIR/wants ib=$BATS_TEST_TMPDIR/ib
  mkdir -p "$ib"
  install_to_prefix
  for u in docknet docknet-reconcile; do [ -f "$prefix/lib/systemd/system/$u.service" ]; done
  grep -qx "ExecStart=$prefix/bin/docknet network reconcile --watch" "$prefix/lib/systemd/system/docknet-reconcile.service"
  for p in docknet-network-reconcile docknet-node; do [ -f "$prefix/share/man/man1/$p.1" ]; done
  # What `systemctl enable` makes, and a link of the same name to another unit (a package's).
  mkdir -p "$wants"
  ln -s "$prefix/lib/systemd/system/docknet.service" "$wants/docknet.service"
  ln -s "$prefix/lib/systemd/system/docknet-reconcile.service" "$wants/docknet-reconcile.service"
  run make -s -C "$SRC" uninstall INSTALL_BUILD="$ib" PREFIX="$prefix" SYSTEMD_WANTS="$wants"
  [ "$status" -eq 0 ]
  [ -z "$(find "$prefix" -type f)" ]
  [ ! -e "$wants/docknet.service" ] && [ ! -L "$wants/docknet.service" ]
  [ ! -L "$wants/docknet-reconcile.service" ]
  ln -s /lib/systemd/system/docknet-reconcile.service "$wants/docknet-reconcile.service"
  install_to_prefix
  run make -s -C "$SRC" uninstall INSTALL_BUILD="$ib" PREFIX="$prefix" SYSTEMD_WANTS="$wants"
  [ "$status" -eq 0 ]
  [ -L "$wants/docknet-reconcile.service" ]  # another unit's link stays
}
