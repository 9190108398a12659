# docknet: thin wrapper around CMake. `make` installs missing Debian packages itself.
BUILD   ?= build
PREFIX  ?= /usr/local
JOBS    ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release
FUZZ_SECONDS ?= 5

.PHONY: all deps configure build install uninstall deb test unit e2e compat stress examples bench clean format distro-check

all: build

deps:
	@sh scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

# `sudo make install` builds only the binary, in a directory of its own (so a later `make test`
# does not find a root-owned build/), and installs only what building needs: no test package.
INSTALL_BUILD ?= build-install
install:
	@sh scripts/install-deps.sh build
	@cmake -S . -B $(INSTALL_BUILD) $(CMAKE_FLAGS) -DDOCKNET_BUILD_TESTS=OFF >/dev/null
	@cmake --build $(INSTALL_BUILD) -j $(JOBS) --target docknet
	cmake --install $(INSTALL_BUILD) --prefix $(PREFIX) --strip
	@# The empty state directory, as a daemon makes its own on start: the first `docknet ls` then
	@# records the built-in networks (a read never creates it), so their IDs stay the same after.
	@[ -e $(DESTDIR)/var/lib/docknet ] || install -d -m 0700 $(DESTDIR)/var/lib/docknet

# Removes every file `make install` put under PREFIX (CMake's install manifest), the boot unit
# and the cluster watcher included, and the links `systemctl enable docknet.service` and
# `systemctl enable docknet-reconcile.service` made to those units (a link to another unit of
# that name, a package's, stays). The state (/var/lib/docknet), the config (/etc/docknet)
# and the networks themselves are left alone: remove the networks first (`docknet network
# prune`, `docknet network rm`) if they should go.
SYSTEMD_WANTS ?= /etc/systemd/system/multi-user.target.wants
uninstall:
	@test -f $(INSTALL_BUILD)/install_manifest.txt || { echo "uninstall: no $(INSTALL_BUILD)/install_manifest.txt (run from the tree make install ran in)" >&2; exit 1; }
	@for name in docknet.service docknet-reconcile.service; do \
	  unit=$$(grep "/$$name\$$" $(INSTALL_BUILD)/install_manifest.txt || true); \
	  if [ -n "$$unit" ] && [ "$$(readlink $(SYSTEMD_WANTS)/$$name)" = "$$unit" ]; then rm -fv $(SYSTEMD_WANTS)/$$name; fi; \
	done
	@while IFS= read -r f || [ -n "$$f" ]; do rm -fv "$$f"; done < $(INSTALL_BUILD)/install_manifest.txt
	@rmdir --ignore-fail-on-non-empty $(PREFIX)/share/doc/docknet 2>/dev/null || true

# A Debian package (dpkg-deb from a staged tree, scripts/make-deb.sh), built as any user: the
# static stripped binary, man pages, completions, the boot unit (enabled by its postinst) and a
# machine-readable copyright. It lands in $(DEB_BUILD)/docknet_VERSION_ARCH.deb.
DEB_BUILD ?= build-deb
deb:
	@sh scripts/install-deps.sh build
	@cmake -S . -B $(DEB_BUILD) $(CMAKE_FLAGS) -DDOCKNET_BUILD_TESTS=OFF >/dev/null
	@cmake --build $(DEB_BUILD) -j $(JOBS) --target docknet
	@sh scripts/make-deb.sh $(DEB_BUILD)

# Every test. Anything that touches links, addresses or iptables runs inside a throwaway
# network + mount namespace made by tests/run-in-netns; the host's network is never touched.
test: build unit e2e compat examples

unit:
	$(BUILD)/docknet_unit_tests
	$(BUILD)/docknet_template_fuzz --seconds $(FUZZ_SECONDS)

# The suite runs against the nf_tables backend (what `auto` picks on Debian 12 and most hosts),
# then the files that read or damage rules run again against the legacy x_tables.
E2E_LEGACY ?= 010-create 030-rm-prune 040-robustness 070-connect 080-ipv6 130-adopt 140-check 160-firewall-layout 162-port-rules 175-restore 180-ports
e2e:
	DOCKNET=$(CURDIR)/$(BUILD)/docknet DOCKNET_HOOKS=$(CURDIR)/$(BUILD)/docknet-testhooks DOCKNET_TEST_FIREWALL=iptables-nft \
	  tests/run-in-netns bats --print-output-on-failure tests/e2e
	DOCKNET=$(CURDIR)/$(BUILD)/docknet DOCKNET_HOOKS=$(CURDIR)/$(BUILD)/docknet-testhooks DOCKNET_TEST_FIREWALL=iptables-legacy \
	  tests/run-in-netns bats --print-output-on-failure $(patsubst %,tests/e2e/%.bats,$(E2E_LEGACY))

# The differential suite: Docker's recorded output and kernel state (tests/compat/golden, made by
# tests/compat/record against a real engine) replayed against docknet; no engine needed.
compat:
	DOCKNET=$(CURDIR)/$(BUILD)/docknet tests/compat/replay

# The README's commands (and the .deb, where `make deb` exists) in fresh Debian 12 and 13 root
# filesystems made by mmdebstrap, run by a sudo user inside a throwaway namespace; HEAD as `git
# archive` makes it. Slow (downloads, two builds per distribution), so not part of `make test`.
DISTROS ?= bookworm trixie
distro-check:
	@command -v mmdebstrap >/dev/null || sh -c '$(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y -qq mmdebstrap'
	$(if $(filter 0,$(shell id -u)),,sudo) scripts/distro-check $(DISTROS)

# The kill loop of tests/e2e/046-kill-loop.bats, many more times than `make test` runs it.
STRESS_ITERATIONS ?= 3000
stress: build
	DOCKNET=$(CURDIR)/$(BUILD)/docknet DOCKNET_HOOKS=$(CURDIR)/$(BUILD)/docknet-testhooks DOCKNET_TEST_FIREWALL=iptables-nft \
	  KILL_LOOP_ITERATIONS=$(STRESS_ITERATIONS) tests/run-in-netns bats --print-output-on-failure tests/e2e/046-kill-loop.bats

examples:
	@for x in examples/[0-9]*.sh; do \
	  echo "example: $$x"; \
	  DOCKNET=$(CURDIR)/$(BUILD)/docknet tests/run-in-netns bash "$$x" || exit 1; \
	done

bench: build
	DOCKNET=$(CURDIR)/$(BUILD)/docknet tests/run-in-netns bash bench/bench.sh
	@for fw in iptables-nft iptables-legacy none; do \
	  DOCKNET=$(CURDIR)/$(BUILD)/docknet DOCKNET_TEST_FIREWALL=$$fw tests/run-in-netns bash bench/firewall.sh || exit 1; \
	done
	DOCKNET=$(CURDIR)/$(BUILD)/docknet DOCKNET_TEST_FIREWALL=iptables-nft tests/run-in-netns bash bench/overlay.sh

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD) $(INSTALL_BUILD)
