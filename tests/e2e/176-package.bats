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
  for f in ./usr/bin/docknet ./lib/systemd/system/docknet.service \
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
  head -1 "$x/usr/share/doc/docknet/copyright" | grep -qx 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/'
  for s in postinst prerm postrm; do [ -x "$x/DEBIAN/$s" ] && sh -n "$x/DEBIAN/$s"; done
  grep -q 'rm -rf /var/lib/docknet /etc/docknet' "$x/DEBIAN/postrm"
  (cd "$x" && md5sum --quiet -c DEBIAN/md5sums)
}
