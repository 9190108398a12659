#pragma once
// The firewall rules of a stored network as the use cases get them: through its driver.
#include "lib/model/firewall_rules.hpp"
#include "lib/service/drivers/driver.hpp"

namespace docknet::testing {

inline std::vector<model::Rule> network_rules(const model::Network& n) { return service::driver_for(n)->rules(n); }

inline std::vector<model::Rule> endpoint_rules(const model::Network& n, const model::Endpoint& e) {
  return service::driver_for(n)->endpoint_rules(n, e);
}

inline std::vector<model::Family> network_families(const model::Network& n) {
  return model::bridge_families(n, model::parse_bridge_options(n.options));
}

}  // namespace docknet::testing
