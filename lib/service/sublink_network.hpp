#pragma once
#include "lib/model/network.hpp"
#include "lib/service/context.hpp"

namespace docknet::service {

/// macvlan/ipvlan create checks, as the drivers make them: the options, a parent shared with
/// another network of the driver (passthru for macvlan, any for ipvlan), and whether docknet
/// must make the parent (no -o parent: a dummy link; a missing "eth0.10": a VLAN link on eth0).
/// Sets network.parent_link_created; changes nothing in the kernel.
void prepare_sublink_network(ServiceContext& ctx, const model::State& state, model::Network& network);

}  // namespace docknet::service
