#pragma once
#include <memory>

#include "lib/service/drivers/driver.hpp"

namespace docknet::service {

/// Each driver file's factory; driver_for (registry.cpp) is the one place that picks among them.
std::unique_ptr<NetworkDriver> make_bridge_driver(const StringMap& options);
std::unique_ptr<NetworkDriver> make_macvlan_driver(const StringMap& options);
std::unique_ptr<NetworkDriver> make_ipvlan_driver(const StringMap& options);
std::unique_ptr<NetworkDriver> make_null_driver();
std::unique_ptr<NetworkDriver> make_host_driver();
std::unique_ptr<NetworkDriver> make_overlay_driver(const StringMap& options);

}  // namespace docknet::service
