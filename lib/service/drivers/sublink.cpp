#include "lib/service/drivers/sublink.hpp"

#include <fmt/format.h>

#include "lib/core/error.hpp"
#include "lib/model/messages.hpp"
#include "lib/service/steps.hpp"

namespace docknet::service {
namespace {

// A parent that does not exist must be Docker's dot1q form on an existing master link.
void check_vlan_parent(ServiceContext& ctx, const std::string& parent) {
  auto vlan = model::parse_vlan_parent(parent);
  if (!ctx.links.link_exists(vlan.master))
    throw model::msg::vlan_parent_not_found(vlan.master);
  if (vlan.vlan_id < 1 || vlan.vlan_id > 4094)
    throw model::msg::vlan_id_out_of_range(vlan.vlan_id);
}

}  // namespace

// The drivers' create checks, in their order: the options, a parent shared with another network
// of the driver, and whether docknet must make the parent (no -o parent: a dummy link; a missing
// "eth0.10": a VLAN link on eth0).
void SublinkDriver::prepare(ServiceContext& ctx, const model::State& state, model::Network& n) const {
  check_options();
  std::string parent = model::sublink_parent(n);
  for (const auto& other : state.networks)
    if (other.driver == n.driver && !other.config_only && other.id != n.id && model::sublink_parent(other) == parent)
      refuse_shared_parent(other, parent);
  if (o_.parent.empty()) {
    n.parent_link_created = true;  // the dummy link dm-/di-<short ID>
  } else if (!ctx.links.link_exists(parent)) {
    check_vlan_parent(ctx, parent);
    n.parent_link_created = true;
  } else {
    // A VLAN link another network made stays docknet's, and goes with its last user.
    for (const auto& other : state.networks)
      if (model::uses_parent_link(other) && other.parent_link_created && model::sublink_parent(other) == parent)
        n.parent_link_created = true;
  }
}

// Docker's CreatedSlaveLink: the dummy parent of an internal network, or the VLAN link of
// -o parent=eth0.10, made when missing and undone on failure.
void SublinkDriver::make_parent_link(ServiceContext& ctx, const model::Network& n, Transaction& tx) const {
  if (!n.parent_link_created) return;
  std::string parent = model::sublink_parent(n);
  if (ctx.links.link_exists(parent)) return;
  step(ctx, "parent_link");
  if (o_.parent.empty()) {
    ctx.links.create_dummy(parent);
  } else {
    auto vlan = model::parse_vlan_parent(parent);
    ctx.links.create_vlan(parent, vlan.master, static_cast<int>(vlan.vlan_id));  // 1-4094, checked
  }
  tx.on_rollback("delete parent link " + parent, [&ctx, parent] { ctx.links.delete_link(parent); });
}

void SublinkDriver::setup(ServiceContext& ctx, const model::Network& n, Transaction& tx) const {
  make_parent_link(ctx, n, tx);
}

bool SublinkDriver::restore(ServiceContext& ctx, const model::Network& n, Restore, Transaction& tx,
                            std::vector<model::Rule>&) const {
  make_parent_link(ctx, n, tx);
  return false;
}

void SublinkDriver::teardown(ServiceContext& ctx, const model::State& state, const model::Network& n,
                             TeardownBatch* batch) const {
  if (!n.parent_link_created) return;
  std::string parent = model::sublink_parent(n);
  // Networks on their way out (a prune's batch, an interrupted create or rm) do not keep the
  // parent: otherwise two of them would each leave it to the other and it would leak.
  for (const auto& other : state.networks)
    if (other.id != n.id && !other.removing && !other.pending && model::uses_parent_link(other) &&
        model::sublink_parent(other) == parent)
      return;
  if (batch) {
    batch->links.push_back(parent);
    return;
  }
  step(ctx, "delete_parent_link");
  ctx.links.delete_link(parent);
}

std::vector<KernelFinding> SublinkDriver::check(ServiceContext& ctx, const model::Network& n) const {
  std::string parent = model::sublink_parent(n);
  if (ctx.links.link_exists(parent)) return {};
  if (n.parent_link_created) return {{"missing parent link " + parent, true}};
  return {{"missing parent interface " + parent + "; not repaired: docknet did not make it", false}};
}

kernel::EndpointLink SublinkDriver::endpoint_link(const model::Network& n, const model::Endpoint& e,
                                                  const model::Container& c, Routes routes) const {
  kernel::EndpointLink l = endpoint_link_base(n, e, c);
  routes = usable_routes(n, routes);
  l.kind = link_kind();
  l.parent = model::sublink_parent(n);
  l.mode = o_.mode;
  l.flag = o_.flag;
  // The gateway is the user's router outside docknet: a route only when --gateway named it.
  const model::IpamConfig* pool4 = first_pool(n, false);
  const model::IpamConfig* pool6 = first_pool(n, true);
  if (routes.v4 && pool4 && e.ipv4) l.gateway = pool4->gateway;
  if (routes.v6 && pool6 && e.ipv6) l.gateway6 = pool6->gateway;
  return l;
}

Routes SublinkDriver::usable_routes(const model::Network& n, Routes routes) const {
  if (n.internal || o_.parent.empty()) return {};  // no parent: internal, as the drivers treat it
  return routes;
}

// Endpoints on a network with a parent count as a gateway of each family they have an address
// of, even without --gateway (ForceGw4/6: macvlan_joinleave.go:58-63, ipvlan_joinleave.go:84-89):
// winning then leaves that family without a default route.
Routes SublinkDriver::forced_gateway(const model::Network& n, const kernel::EndpointLink& link) const {
  if (n.internal || o_.parent.empty()) return {};
  return Routes{link.address.has_value(), link.address6.has_value()};
}

}  // namespace docknet::service
