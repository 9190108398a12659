#pragma once
#include <string>

#include "lib/kernel/link_backend.hpp"
#include "lib/model/network.hpp"

/// The pieces of an endpoint's link that every driver builds on. They live apart from
/// endpoint_plan.hpp because the drivers use them and endpoint_plan.cpp uses the drivers:
/// in one header, driver.hpp and endpoint_plan.hpp would include each other.
namespace docknet::service {

/// The families whose default route an endpoint gives the container.
struct Routes {
  bool v4 = false;
  bool v6 = false;
  friend bool operator==(const Routes&, const Routes&) = default;
};

/// The network's first pool of a family, nullptr when the family is off or has none.
const model::IpamConfig* first_pool(const model::Network& network, bool v6);

/// A MAC address from 12 hex digits: random, locally administered, unicast (Docker 28+).
std::string random_mac(const std::string& hex);

/// The part of an endpoint's link every driver fills the same way: the container's side, its
/// name, MAC, addresses and sysctls.
kernel::EndpointLink endpoint_link_base(const model::Network& network, const model::Endpoint& endpoint,
                                        const model::Container& container);

}  // namespace docknet::service
