#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "lib/core/time.hpp"
#include "lib/kernel/firewall_backend.hpp"
#include "lib/kernel/host_system.hpp"
#include "lib/kernel/link_backend.hpp"
#include "lib/kernel/overlay_backend.hpp"
#include "lib/store/daemon_config.hpp"
#include "lib/store/store.hpp"

namespace docknet::service {

/// Everything a use case may touch, passed down explicitly (no globals).
struct ServiceContext {
  store::Store& store;
  kernel::LinkBackend& links;
  kernel::FirewallBackend& firewall;
  kernel::HostSystem& host;
  const store::DaemonConfig& config;
  std::function<Timestamp()> now;
  std::function<std::string()> new_id;
  /// Called before each named kernel or store step ("create.bridge", see steps.hpp); test builds
  /// throw or die there to prove rollback and crash recovery.
  std::function<void(const std::string& step)> fail_point = [](const std::string&) {};
  /// Rollback steps that failed, for main to print as "warning: cleanup: ...".
  std::vector<std::string> cleanup_failures;
  /// Things a call left alone and says so ("warning: ..."), e.g. a stored bridge whose name is
  /// now taken by another kind of link after a reboot.
  std::vector<std::string> warnings;
  /// The operation whose steps are running (set by service::Operation).
  std::string operation = "docknet";
  /// Holds SIGINT, SIGTERM, SIGHUP and SIGQUIT back while the result lives, so Ctrl-C in the
  /// middle of a change lands after it, not halfway (kill -9 is left to the intent records).
  std::function<std::shared_ptr<void>()> defer_termination = [] { return std::shared_ptr<void>(); };
  /// The firewall in use by name ("iptables-nft", "iptables-legacy", "none"), and a way to open
  /// another one by name: a backend switch empties the one docknet used before (firewall_switch.cpp).
  std::function<std::string()> firewall_name = [] { return std::string("iptables-legacy"); };
  std::function<std::unique_ptr<kernel::FirewallBackend>(const std::string&)> open_firewall =
      [](const std::string&) { return std::unique_ptr<kernel::FirewallBackend>(); };
  /// --debug: one line per decision worth knowing (which firewall, and why).
  std::function<void(const std::string&)> debug = [](const std::string&) {};
  /// Overlay sandboxes; null without a cluster store (and in tests that need none).
  kernel::OverlayBackend* overlay = nullptr;
  /// Blocks until the cluster store changes after what this call last read (true), or returns
  /// false at once when there is no cluster store. Throws when the store goes away.
  std::function<bool()> wait_for_cluster_change = [] { return false; };
};

}  // namespace docknet::service
