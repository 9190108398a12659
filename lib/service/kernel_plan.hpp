#pragma once
#include "lib/model/network.hpp"
#include "lib/service/context.hpp"
#include "lib/service/transaction.hpp"

namespace docknet::service {

/// Makes the kernel match a bridge network: bridge, addresses, up, forwarding, rules. Every
/// step registers its undo in `tx` before or right after it runs.
void setup_network_kernel(ServiceContext& ctx, const model::Network& network, Transaction& tx);

/// Removes exactly what setup_network_kernel made for the stored network: rules first, bridge last.
void teardown_network_kernel(ServiceContext& ctx, const model::Network& network);

/// After a reboot (boot ID changed), re-creates the bridges and rules of every stored network.
void restore_kernel_state(ServiceContext& ctx, const model::State& state);

}  // namespace docknet::service
