#pragma once
// --debug: every change docknet makes to the store and the kernel, one line each on stderr,
// by wrapping the backends (nothing below the composition root knows about tracing).
#include <functional>
#include <memory>
#include <string>

#include "lib/kernel/firewall_backend.hpp"
#include "lib/kernel/host_system.hpp"
#include "lib/kernel/link_backend.hpp"
#include "lib/store/store.hpp"

namespace docknet::cli {

using TraceFn = std::function<void(const std::string&)>;

std::unique_ptr<kernel::LinkBackend> traced_links(kernel::LinkBackend& inner, TraceFn trace);
std::unique_ptr<kernel::FirewallBackend> traced_firewall(kernel::FirewallBackend& inner, TraceFn trace);
std::unique_ptr<kernel::HostSystem> traced_host(kernel::HostSystem& inner, TraceFn trace);
std::unique_ptr<store::Store> traced_store(store::Store& inner, TraceFn trace);

}  // namespace docknet::cli
