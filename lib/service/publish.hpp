#pragma once
#include <vector>

#include "lib/model/bridge_options.hpp"
#include "lib/model/network.hpp"
#include "lib/model/port_spec.hpp"
#include "lib/service/context.hpp"

namespace docknet::service {

/// `connect --publish`: the bindings for endpoint `e` (its addresses already chosen), with host
/// ports chosen as Docker's allocator would and checked free in the kernel. Ports other
/// endpoints of `state` hold count as taken. Throws Docker's "driver failed programming external
/// connectivity" error when a port is taken or none is free.
std::vector<model::PortBinding> choose_host_ports(ServiceContext& ctx, const model::State& state,
                                                  const model::Network& n, const model::BridgeOptions& o,
                                                  const model::Endpoint& e,
                                                  const std::vector<model::PortRequest>& publish);

}  // namespace docknet::service
