// The bridge driver's kernel objects: the bridge, its sysctls and gateway addresses, the
// forwarding it needs and its rules (moby bridge_linux.go, setup_*_linux.go).
#include <algorithm>
#include <cerrno>

#include "lib/core/error.hpp"
#include "lib/model/messages.hpp"
#include "lib/model/naming.hpp"
#include "lib/service/drivers/bridge.hpp"
#include "lib/service/kernel_plan.hpp"
#include "lib/service/steps.hpp"

namespace docknet::service {
namespace {

bool found_on_bridge(const model::Network& n, const IpPrefix& address) {
  return std::find(n.bridge_addresses_found.begin(), n.bridge_addresses_found.end(), address) !=
         n.bridge_addresses_found.end();
}

}  // namespace

/// The gateway addresses go on the bridge. On a bridge docknet did not make, each one it adds
/// (not one the bridge already had) is undone on failure: the bridge itself stays.
void BridgeDriver::add_gateway_addresses(ServiceContext& ctx, const model::Network& n, const std::string& br,
                                         bool tolerate_existing, bool undo_each, Transaction& tx) const {
  for (const IpPrefix& address : gateway_addresses(n)) {
    step(ctx, address.is_v4() ? "address" : "address6");
    try {
      ctx.links.add_address(br, address);
    } catch (const KernelError& e) {
      if (e.fault() != KernelFault::Failed) throw;  // not root, say: that text, not this one
      if (tolerate_existing && e.code() == EEXIST) continue;
      throw model::msg::bridge_address_failed(address, e.code());
    }
    if (undo_each && !found_on_bridge(n, address))
      tx.on_rollback("delete address " + address.to_string() + " from " + br,
                     [&ctx, br, address] { ctx.links.delete_address(br, address); });
  }
}

/// Each gateway address the network needs must be on the foreign bridge already, exactly.
void BridgeDriver::require_foreign_gateways(ServiceContext& ctx, const model::Network& n, const std::string& br) const {
  auto info = ctx.links.link_info(br);
  std::vector<IpPrefix> has = info ? info->addresses : std::vector<IpPrefix>{};
  for (const IpPrefix& want : gateway_addresses(n)) {
    if (std::find(has.begin(), has.end(), want) != has.end()) continue;
    std::vector<std::string> same_family;
    for (const auto& a : has)
      if (a.is_v4() == want.is_v4()) same_family.push_back(a.to_string());
    throw model::msg::foreign_bridge_address(br, want.to_string(), same_family);
  }
}

// Docker: no router advertisements accepted on a bridge it made; IPv6 enabled on the bridge of
// an IPv6 network, or disabled when its IPv6 gateway mode is isolated (setup_ipv6_linux.go).
void BridgeDriver::set_bridge_sysctls(ServiceContext& ctx, const model::Network& n, const std::string& br,
                                      bool created, Transaction& tx) const {
  std::string conf = "net/ipv6/conf/" + br + "/";
  if (created) {
    try {
      ctx.host.write_sysctl(conf + "accept_ra", "0");
    } catch (const KernelError& e) {
      if (e.code() != ENOENT) throw;  // no IPv6 in this kernel: Docker only logs that too
    }
  }
  if (!n.enable_ipv6) return;
  step(ctx, "bridge_ipv6");
  bool isolated = o_.gateway_mode_ipv6 == model::GatewayMode::Isolated;
  try {
    set_sysctl(ctx, tx, conf + "disable_ipv6", isolated ? "1" : "0");
  } catch (const KernelError& e) {
    if (e.code() != ENOENT) throw;
    throw model::msg::ipv6_setup_unreadable(br, e.what());
  }
}

void BridgeDriver::make_bridge(ServiceContext& ctx, const model::Network& n, Transaction& tx, bool restoring) const {
  std::string br = model::bridge_name(n);
  // Never adopt a link docknet did not make as a bridge (an eth0, lo, a veth with that name).
  if (auto taken = link_conflict(ctx, n)) throw model::msg::link_not_bridge_at_setup(*taken);
  bool create = restoring ? !ctx.links.link_exists(br) : !n.bridge_preexisting;
  if (create) {
    step(ctx, "bridge");
    ctx.links.create_bridge(br, o_.mtu);
    tx.on_rollback("delete bridge " + br, [&ctx, br] { ctx.links.delete_link(br); });
  }
  // Sysctls, addresses and the up state go away with the bridge: no undo of their own then.
  set_bridge_sysctls(ctx, n, br, create, tx);
  // A bridge docknet did not make keeps its addresses as they are: it must already have the
  // gateway (a docker0 left by Docker, an admin's bridge); docknet adds none to it.
  if (!create && n.bridge_preexisting) require_foreign_gateways(ctx, n, br);
  else add_gateway_addresses(ctx, n, br, n.bridge_preexisting || restoring, !create, tx);
  // No userland proxy: 127.0.0.1:PORT reaches a published port through the DNAT in nat OUTPUT,
  // which the kernel routes out of the bridge only with route_localnet on it (Docker's
  // setupLoopbackAddressesRouting with --userland-proxy=false; every bridge, internal too).
  if (n.enable_ipv4) {
    std::string localnet = "net/ipv4/conf/" + br + "/route_localnet";
    if (create) ctx.host.write_sysctl(localnet, "1");
    else set_sysctl(ctx, tx, localnet, "1");
  }
  step(ctx, "link_up");
  ctx.links.set_up(br);
}

void BridgeDriver::setup(ServiceContext& ctx, const model::Network& n, Transaction& tx) const {
  make_bridge(ctx, n, tx, false);
  for (model::Family f : model::bridge_families(n, o_)) enable_forwarding(ctx, f, tx);
  auto own = rules(n);
  tx.on_rollback("remove rules of " + model::bridge_name(n), [&ctx, own] { ctx.firewall.remove(own); });
  step(ctx, "firewall");
  ctx.firewall.install(with_base(own));
}

bool BridgeDriver::restore(ServiceContext& ctx, const model::Network& n, Restore mode, Transaction& tx,
                           std::vector<model::Rule>& to_install) const {
  // After a reboot, a name taken by another kind of link since: the network gets neither bridge
  // nor rules (its rules would cut that link's traffic), and the call says so instead of failing.
  if (mode == Restore::AfterReboot) {
    if (auto taken = link_conflict(ctx, n)) {
      ctx.warnings.push_back("network " + n.name + " not restored: " + *taken +
                             " (rename that link, or remove the network)");
      return false;
    }
  }
  make_bridge(ctx, n, tx, true);
  auto own = rules(n);
  to_install.insert(to_install.end(), own.begin(), own.end());
  return true;
}

void BridgeDriver::teardown(ServiceContext& ctx, const model::State&, const model::Network& n,
                            TeardownBatch* batch) const {
  if (batch) {
    auto own = rules(n);
    batch->rules.insert(batch->rules.end(), own.begin(), own.end());
  } else {
    step(ctx, "remove_firewall");
    ctx.firewall.remove(rules(n));
  }
  // Whatever now has the bridge's name is left alone unless it is a bridge: never a foreign link.
  std::string br = model::bridge_name(n);
  auto info = ctx.links.link_info(br);
  if (!info || info->kind != "bridge") return;
  if (!n.bridge_preexisting) {
    if (batch) {
      batch->links.push_back(br);
      return;
    }
    step(ctx, "delete_bridge");
    ctx.links.delete_link(br);
    return;
  }
  // A bridge docknet found keeps its own addresses; only the gateways docknet added go.
  for (const IpPrefix& address : gateway_addresses(n)) {
    if (found_on_bridge(n, address)) continue;
    if (std::find(info->addresses.begin(), info->addresses.end(), address) == info->addresses.end()) continue;
    step(ctx, address.is_v4() ? "delete_address" : "delete_address6");
    ctx.links.delete_address(br, address);
  }
}

}  // namespace docknet::service
