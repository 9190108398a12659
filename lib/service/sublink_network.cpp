#include "lib/service/sublink_network.hpp"

#include <fmt/format.h>

#include "lib/core/error.hpp"
#include "lib/model/sublink_options.hpp"

namespace docknet::service {
namespace {

void check_parent_unshared(const model::State& state, const model::Network& n, const model::SublinkOptions& o,
                           const std::string& parent) {
  for (const auto& other : state.networks) {
    if (other.driver != n.driver || other.config_only || other.id == n.id || model::sublink_parent(other) != parent)
      continue;
    if (n.driver == "ipvlan")
      throw Error(ErrorKind::System, fmt::format("network {} is already using parent interface {}",
                                                 model::dummy_parent_name("ipvlan", other.id), parent));
    if (o.mode == "passthru")
      throw Error(ErrorKind::System, fmt::format("cannot use mode passthru, macvlan network {} is already using parent interface {}",
                                                 other.id, parent));
    if (model::parse_sublink_options(other.driver, other.options).mode == "passthru")
      throw Error(ErrorKind::System, fmt::format("macvlan network {} is already using parent interface {} in mode passthru",
                                                 other.id, parent));
  }
}

// A parent that does not exist must be Docker's dot1q form on an existing master link.
void check_vlan_parent(ServiceContext& ctx, const std::string& parent) {
  auto vlan = model::parse_vlan_parent(parent);
  if (!ctx.links.link_exists(vlan.master))
    throw Error(ErrorKind::System,
                fmt::format("-o parent interface was not found on the host: {}", vlan.master));
  if (vlan.vlan_id < 1 || vlan.vlan_id > 4094)
    throw Error(ErrorKind::System, fmt::format("vlan id must be between 1-4094, received: {}", vlan.vlan_id));
}

}  // namespace

void prepare_sublink_network(ServiceContext& ctx, const model::State& state, model::Network& n) {
  auto opts = model::parse_sublink_options(n.driver, n.options);
  std::string parent = model::sublink_parent(n);
  check_parent_unshared(state, n, opts, parent);
  if (opts.parent.empty()) {
    n.parent_link_created = true;  // the dummy link dm-/di-<short ID>
  } else if (!ctx.links.link_exists(parent)) {
    check_vlan_parent(ctx, parent);
    n.parent_link_created = true;
  } else {
    // A VLAN link another network made stays docknet's, and goes with its last user.
    for (const auto& other : state.networks)
      if (other.is_sublink_driver() && other.parent_link_created && model::sublink_parent(other) == parent)
        n.parent_link_created = true;
  }
}

}  // namespace docknet::service
