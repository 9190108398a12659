#pragma once
#include <functional>
#include <string>
#include <vector>

#include "lib/core/time.hpp"
#include "lib/kernel/firewall_backend.hpp"
#include "lib/kernel/host_system.hpp"
#include "lib/kernel/link_backend.hpp"
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
  /// Called before each named kernel or store step; the test hook throws there to prove rollback.
  std::function<void(const std::string& step)> fail_point = [](const std::string&) {};
  /// Rollback steps that failed, for main to print as "warning: cleanup: ...".
  std::vector<std::string> cleanup_failures;
};

}  // namespace docknet::service
