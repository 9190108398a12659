#include "lib/service/kernel_plan.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <cerrno>
#include <vector>

#include <fmt/format.h>

#include "lib/core/error.hpp"
#include "lib/model/bridge_options.hpp"
#include "lib/model/firewall_rules.hpp"
#include "lib/model/messages.hpp"
#include "lib/model/naming.hpp"
#include "lib/model/sublink_options.hpp"
#include "lib/service/steps.hpp"

namespace docknet::service {
namespace {

using model::Family;
using model::GatewayMode;

bool found_on_bridge(const model::Network& n, const IpPrefix& address) {
  return std::find(n.bridge_addresses_found.begin(), n.bridge_addresses_found.end(), address) !=
         n.bridge_addresses_found.end();
}

/// The gateway addresses go on the bridge. On a bridge docknet did not make, each one it adds
/// (not one the bridge already had) is undone on failure: the bridge itself stays.
void add_gateway_addresses(ServiceContext& ctx, const model::Network& n, const std::string& br, bool tolerate_existing,
                           bool undo_each, Transaction& tx) {
  for (const IpPrefix& address : bridge_addresses(n)) {
    step(ctx, address.is_v4() ? "address" : "address6");
    try {
      ctx.links.add_address(br, address);
    } catch (const KernelError& e) {
      if (tolerate_existing && e.code() == EEXIST) continue;
      // Docker's text, with Go's errno wording (moby@docker-v29.7.2:daemon/libnetwork/drivers/
      // bridge/setup_ipv4_linux.go:51, interface_linux.go:142).
      throw Error(ErrorKind::System, fmt::format("failed to add IPv{} address {} to bridge: {}", address.is_v4() ? 4 : 6,
                                                 address.to_string(), go_errno_text(e.code())));
    }
    if (undo_each && !found_on_bridge(n, address))
      tx.on_rollback("delete address " + address.to_string() + " from " + br,
                     [&ctx, br, address] { ctx.links.delete_address(br, address); });
  }
}

/// Each gateway address the network needs must be on the foreign bridge already, exactly.
void require_foreign_gateways(ServiceContext& ctx, const model::Network& n, const std::string& br) {
  auto info = ctx.links.link_info(br);
  std::vector<IpPrefix> has = info ? info->addresses : std::vector<IpPrefix>{};
  for (const IpPrefix& want : bridge_addresses(n)) {
    if (std::find(has.begin(), has.end(), want) != has.end()) continue;
    std::vector<std::string> same_family;
    for (const auto& a : has)
      if (a.is_v4() == want.is_v4()) same_family.push_back(a.to_string());
    throw model::msg::foreign_bridge_address(br, want.to_string(), same_family);
  }
}

/// Sets a sysctl when it differs (passing the fail point `step` first, when given), registering
/// the undo. Returns whether it wrote.
bool set_sysctl(ServiceContext& ctx, Transaction& tx, const std::string& key, const std::string& value,
                const char* step_name = nullptr) {
  std::string before = ctx.host.read_sysctl(key);
  if (before == value) return false;
  if (step_name) step(ctx, step_name);
  ctx.host.write_sysctl(key, value);
  tx.on_rollback("restore " + key, [&ctx, key, before] { ctx.host.write_sysctl(key, before); });
  return true;
}

// Docker: no router advertisements accepted on a bridge it made; IPv6 enabled on the bridge of
// an IPv6 network, or disabled when its IPv6 gateway mode is isolated (setup_ipv6_linux.go).
void bridge_sysctls(ServiceContext& ctx, const model::Network& n, const model::BridgeOptions& opts, const std::string& br,
                    bool created, Transaction& tx) {
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
  bool isolated = opts.gateway_mode_ipv6 == GatewayMode::Isolated;
  try {
    set_sysctl(ctx, tx, conf + "disable_ipv6", isolated ? "1" : "0");
  } catch (const KernelError& e) {
    if (e.code() != ENOENT) throw;
    throw Error(ErrorKind::System, "Cannot read IPv6 setup for bridge " + br + ": " + e.what() +
                                       " (is IPv6 disabled in this kernel?)");
  }
}

// Docker enables forwarding itself and, when it had to, sets FORWARD's policy to DROP. The
// policy goes first: a call killed in between must never leave the host routing for everyone.
void enable_forwarding(ServiceContext& ctx, Family family, Transaction& tx) {
  if (!ctx.config.ip_forward) return;
  bool v6 = family == Family::Ipv6;
  static const std::vector<std::string> kIpv4Keys{"net.ipv4.ip_forward"};
  static const std::vector<std::string> kIpv6Keys{"net.ipv6.conf.default.forwarding", "net.ipv6.conf.all.forwarding"};
  const auto& keys = v6 ? kIpv6Keys : kIpv4Keys;
  if (std::all_of(keys.begin(), keys.end(), [&](const std::string& k) { return ctx.host.read_sysctl(k) == "1"; })) return;
  // As Docker: the DROP policy only where docknet writes rules, and not with ip-forward-no-drop.
  if (ctx.firewall.manages(family) && !ctx.config.ip_forward_no_drop) {
    std::string policy = ctx.firewall.forward_policy(family);
    if (policy != "DROP") {
      step(ctx, v6 ? "forward_policy6" : "forward_policy");
      ctx.firewall.set_forward_policy(family, "DROP");
      tx.on_rollback("restore FORWARD policy", [&ctx, family, policy] { ctx.firewall.set_forward_policy(family, policy); });
    }
  }
  for (const std::string& key : keys) set_sysctl(ctx, tx, key, "1", v6 ? "ipv6_forward" : "ip_forward");
}

/// The rules plus the base layout of every family they touch (and of IPv4 when asked).
model::RuleSet with_base(const std::vector<model::Rule>& rules, bool ipv4_base = false) {
  model::RuleSet set;
  for (Family f : {Family::Ipv4, Family::Ipv6}) {
    bool used = f == Family::Ipv4 && ipv4_base;
    for (const auto& r : rules) used = used || r.family == f;
    if (!used) continue;
    auto base = model::base_rules(f);
    set.chains.insert(set.chains.end(), base.chains.begin(), base.chains.end());
    set.rules.insert(set.rules.end(), base.rules.begin(), base.rules.end());
  }
  set.rules.insert(set.rules.end(), rules.begin(), rules.end());
  return set;
}

// Docker's CreatedSlaveLink: the dummy parent of an internal network, or the VLAN link of
// -o parent=eth0.10, made when missing and undone on failure.
void setup_parent_link(ServiceContext& ctx, const model::Network& n, Transaction& tx) {
  if (!n.parent_link_created) return;
  std::string parent = model::sublink_parent(n);
  if (ctx.links.link_exists(parent)) return;
  step(ctx, "parent_link");
  if (parent == model::dummy_parent_name(n.driver, n.id)) {
    ctx.links.create_dummy(parent);
  } else {
    auto vlan = model::parse_vlan_parent(parent);
    ctx.links.create_vlan(parent, vlan.master, static_cast<int>(vlan.vlan_id));  // 1-4094, checked
  }
  tx.on_rollback("delete parent link " + parent, [&ctx, parent] { ctx.links.delete_link(parent); });
}

void setup_bridge(ServiceContext& ctx, const model::Network& n, Transaction& tx, bool restoring) {
  std::string br = model::bridge_name(n);
  auto opts = model::parse_bridge_options(n.options);
  // Never adopt a link docknet did not make as a bridge (an eth0, lo, a veth with that name).
  if (auto taken = bridge_name_taken(ctx, n)) throw Error(ErrorKind::System, *taken);
  bool create = restoring ? !ctx.links.link_exists(br) : !n.bridge_preexisting;
  if (create) {
    step(ctx, "bridge");
    ctx.links.create_bridge(br, opts.mtu);
    tx.on_rollback("delete bridge " + br, [&ctx, br] { ctx.links.delete_link(br); });
  }
  // Sysctls, addresses and the up state go away with the bridge: no undo of their own then.
  bridge_sysctls(ctx, n, opts, br, create, tx);
  // A bridge docknet did not make keeps its addresses as they are: it must already have the
  // gateway (a docker0 left by Docker, an admin's bridge); docknet adds none to it.
  if (!create && n.bridge_preexisting) require_foreign_gateways(ctx, n, br);
  else add_gateway_addresses(ctx, n, br, n.bridge_preexisting || restoring, !create, tx);
  step(ctx, "link_up");
  ctx.links.set_up(br);
}

}  // namespace

std::vector<IpPrefix> bridge_addresses(const model::Network& n) {
  std::vector<IpPrefix> out;
  if (!n.is_bridge()) return out;
  auto opts = model::parse_bridge_options(n.options);
  // The gateway of each enabled family, unless the bridge must not route (inhibit_ipv4, an
  // isolated gateway mode).
  for (const auto& pool : n.ipam_config) {
    if (!pool.gateway) continue;
    bool v4 = pool.subnet.is_v4();
    if (v4 && (!n.enable_ipv4 || opts.inhibit_ipv4 || opts.gateway_mode_ipv4 == GatewayMode::Isolated)) continue;
    if (!v4 && (!n.enable_ipv6 || opts.gateway_mode_ipv6 == GatewayMode::Isolated)) continue;
    out.emplace_back(*pool.gateway, pool.subnet.len());
  }
  return out;
}

std::optional<std::string> bridge_name_taken(ServiceContext& ctx, const model::Network& n) {
  if (!n.is_bridge()) return std::nullopt;
  std::string br = model::bridge_name(n);
  auto info = ctx.links.link_info(br);
  if (!info || info->kind == "bridge") return std::nullopt;
  return "existing interface " + br + " is not a bridge";
}

void setup_network_kernel(ServiceContext& ctx, const model::Network& n, Transaction& tx) {
  if (n.is_sublink_driver()) return setup_parent_link(ctx, n, tx);
  if (!n.is_bridge()) return;
  setup_bridge(ctx, n, tx, false);
  for (Family f : model::network_families(n)) enable_forwarding(ctx, f, tx);
  auto rules = model::network_rules(n);
  tx.on_rollback("remove rules of " + model::bridge_name(n), [&ctx, rules] { ctx.firewall.remove(rules); });
  step(ctx, "firewall");
  ctx.firewall.install(with_base(rules));
}

void teardown_network_kernel(ServiceContext& ctx, const model::State& state, const model::Network& n,
                             TeardownBatch* batch) {
  if (n.is_sublink_driver()) {
    if (!n.parent_link_created) return;
    std::string parent = model::sublink_parent(n);
    // Networks on their way out (a prune's batch, an interrupted create or rm) do not keep the
    // parent: otherwise two of them would each leave it to the other and it would leak.
    for (const auto& other : state.networks)
      if (other.id != n.id && !other.removing && !other.pending && other.is_sublink_driver() &&
          model::sublink_parent(other) == parent)
        return;
    if (batch) {
      batch->links.push_back(parent);
      return;
    }
    step(ctx, "delete_parent_link");
    ctx.links.delete_link(parent);
    return;
  }
  if (!n.is_bridge()) return;
  if (batch) {
    auto rules = model::network_rules(n);
    batch->rules.insert(batch->rules.end(), rules.begin(), rules.end());
  } else {
    step(ctx, "remove_firewall");
    ctx.firewall.remove(model::network_rules(n));
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
  for (const IpPrefix& address : bridge_addresses(n)) {
    if (found_on_bridge(n, address)) continue;
    if (std::find(info->addresses.begin(), info->addresses.end(), address) == info->addresses.end()) continue;
    step(ctx, address.is_v4() ? "delete_address" : "delete_address6");
    ctx.links.delete_address(br, address);
  }
}

void flush_teardowns(ServiceContext& ctx, TeardownBatch& batch) {
  if (!batch.rules.empty()) {
    step(ctx, "remove_firewall");
    ctx.firewall.remove(batch.rules);
  }
  std::sort(batch.links.begin(), batch.links.end());  // two networks may share a parent link
  batch.links.erase(std::unique(batch.links.begin(), batch.links.end()), batch.links.end());
  if (!batch.links.empty()) {
    step(ctx, "delete_links");
    ctx.links.delete_links(batch.links);
  }
  batch = {};
}

void reinstate_network_kernel(ServiceContext& ctx, const model::Network& n) {
  Transaction tx(ctx.cleanup_failures);
  if (n.is_sublink_driver()) setup_parent_link(ctx, n, tx);
  if (n.is_bridge()) {
    setup_bridge(ctx, n, tx, true);
    ctx.firewall.install(with_base(model::network_rules(n)));
  }
  tx.commit();
}

void restore_kernel_state(ServiceContext& ctx, const model::State& state) {
  std::vector<model::Rule> all;
  Transaction tx(ctx.cleanup_failures);
  for (const auto& n : state.networks) {
    if (n.is_sublink_driver()) setup_parent_link(ctx, n, tx);
    if (!n.is_bridge()) continue;
    // Its name taken by another kind of link since: the network gets neither bridge nor rules
    // (its rules would cut that link's traffic), and the call says so instead of failing.
    if (auto taken = bridge_name_taken(ctx, n)) {
      ctx.warnings.push_back("network " + n.name + " not restored: " + *taken +
                             " (rename that link, or remove the network)");
      continue;
    }
    setup_bridge(ctx, n, tx, true);
    auto rules = model::network_rules(n);
    all.insert(all.end(), rules.begin(), rules.end());
  }
  bool any_ipv6 = std::any_of(all.begin(), all.end(), [](const model::Rule& r) { return r.family == Family::Ipv6; });
  // The default bridge always exists, so IPv4 forwarding is always restored as Docker does.
  enable_forwarding(ctx, Family::Ipv4, tx);
  if (any_ipv6) enable_forwarding(ctx, Family::Ipv6, tx);
  tx.on_rollback("remove restored rules", [&ctx, all] { ctx.firewall.remove(all); });
  step(ctx, "firewall");
  ctx.firewall.install(with_base(all, true));
  // Docker makes its ip6tables chains at start-up too; a kernel without ip6tables only loses
  // IPv6 networks, which then fail with the kernel's own error.
  if (!any_ipv6) {
    try {
      ctx.firewall.install(model::base_rules(Family::Ipv6));
    } catch (const KernelError&) {
    }
  }
  tx.commit();
}

model::RuleSet all_rules(const model::State& state) {
  std::vector<model::Rule> all;
  for (const auto& n : state.networks) {
    if (n.pending || n.removing) continue;
    auto rules = model::network_rules(n);
    all.insert(all.end(), rules.begin(), rules.end());
  }
  model::RuleSet set = with_base(all, true);
  // The IPv6 base layout too, as restore makes it: Docker keeps it whether or not IPv6 is used.
  if (std::none_of(all.begin(), all.end(), [](const model::Rule& r) { return r.family == Family::Ipv6; })) {
    auto v6 = model::base_rules(Family::Ipv6);
    set.chains.insert(set.chains.end(), v6.chains.begin(), v6.chains.end());
    set.rules.insert(set.rules.end(), v6.rules.begin(), v6.rules.end());
  }
  return set;
}

}  // namespace docknet::service
