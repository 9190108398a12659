#include "lib/service/drivers/registry.hpp"

namespace docknet::service {

std::unique_ptr<NetworkDriver> driver_for(model::DriverKind kind, const StringMap& options) {
  switch (kind) {
    case model::DriverKind::Bridge: return make_bridge_driver(options);
    case model::DriverKind::Macvlan: return make_macvlan_driver(options);
    case model::DriverKind::Ipvlan: return make_ipvlan_driver(options);
    case model::DriverKind::Null: return make_null_driver();
    case model::DriverKind::Host: return make_host_driver();
    case model::DriverKind::Overlay: return make_overlay_driver(options);
  }
  return make_null_driver();
}

std::unique_ptr<NetworkDriver> driver_for(const model::Network& network) {
  // A driver name docknet does not know (only a hand-edited store has one) makes nothing.
  return driver_for(model::driver_kind(network).value_or(model::DriverKind::Null), network.options);
}

}  // namespace docknet::service
