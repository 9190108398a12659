#pragma once
#include "lib/model/network.hpp"
#include "lib/service/context.hpp"

namespace docknet::service {

/// When the firewall backend in use differs from the one the store says docknet last wrote to
/// (firewall-backend changed, or the host moved from legacy x_tables to nf_tables), takes
/// docknet's rules and chains out of the old one and puts them in the new one, then records it.
/// Called by every changing command, under the store lock.
void follow_firewall_switch(ServiceContext& ctx, const model::State& state);

}  // namespace docknet::service
