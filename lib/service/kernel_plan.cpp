#include "lib/service/kernel_plan.hpp"

#include <cerrno>

#include "lib/core/error.hpp"
#include "lib/model/bridge_options.hpp"
#include "lib/model/firewall_rules.hpp"
#include "lib/model/naming.hpp"

namespace docknet::service {
namespace {

constexpr const char* kIpForward = "net.ipv4.ip_forward";

void add_gateway_addresses(ServiceContext& ctx, const model::Network& n, const std::string& br, bool tolerate_existing) {
  for (const auto& pool : n.ipam_config) {
    if (!pool.gateway || !pool.subnet.is_v4()) continue;
    ctx.fail_point("address");
    try {
      ctx.links.add_address(br, IpPrefix(*pool.gateway, pool.subnet.len()));
    } catch (const KernelError& e) {
      if (!(tolerate_existing && e.code() == EEXIST)) throw;
    }
  }
}

// Docker enables forwarding itself and, when it had to, sets FORWARD's policy to DROP.
void enable_forwarding(ServiceContext& ctx, Transaction& tx) {
  if (!ctx.config.ip_forward) return;
  std::string before = ctx.host.read_sysctl(kIpForward);
  if (before == "1") return;
  ctx.fail_point("ip_forward");
  ctx.host.write_sysctl(kIpForward, "1");
  tx.on_rollback("restore " + std::string(kIpForward), [&ctx, before] { ctx.host.write_sysctl(kIpForward, before); });
  std::string policy = ctx.firewall.forward_policy();
  if (policy == "DROP") return;
  ctx.fail_point("forward_policy");
  ctx.firewall.set_forward_policy("DROP");
  tx.on_rollback("restore FORWARD policy", [&ctx, policy] { ctx.firewall.set_forward_policy(policy); });
}

model::RuleSet with_base(std::vector<model::Rule> rules) {
  model::RuleSet set = model::base_rules();
  set.rules.insert(set.rules.end(), rules.begin(), rules.end());
  return set;
}

}  // namespace

void setup_network_kernel(ServiceContext& ctx, const model::Network& n, Transaction& tx) {
  if (!n.is_bridge()) return;
  std::string br = model::bridge_name(n);
  auto opts = model::parse_bridge_options(n.options);
  if (!n.bridge_preexisting) {
    ctx.fail_point("bridge");
    ctx.links.create_bridge(br, opts.mtu);
    tx.on_rollback("delete bridge " + br, [&ctx, br] { ctx.links.delete_link(br); });
  }
  // Addresses and the up state go away with the bridge, so they need no undo of their own.
  add_gateway_addresses(ctx, n, br, n.bridge_preexisting);
  ctx.fail_point("link_up");
  ctx.links.set_up(br);
  enable_forwarding(ctx, tx);
  auto rules = model::network_rules(n);
  tx.on_rollback("remove rules of " + br, [&ctx, rules] { ctx.firewall.remove(rules); });
  ctx.fail_point("firewall");
  ctx.firewall.install(with_base(rules));
}

void teardown_network_kernel(ServiceContext& ctx, const model::Network& n) {
  if (!n.is_bridge()) return;
  ctx.fail_point("remove_firewall");
  ctx.firewall.remove(model::network_rules(n));
  if (!n.bridge_preexisting) {
    ctx.fail_point("delete_bridge");
    ctx.links.delete_link(model::bridge_name(n));
  }
}

void restore_kernel_state(ServiceContext& ctx, const model::State& state) {
  std::vector<model::Rule> all;
  Transaction tx(ctx.cleanup_failures);
  for (const auto& n : state.networks) {
    if (!n.is_bridge()) continue;
    std::string br = model::bridge_name(n);
    if (!ctx.links.link_exists(br)) {
      ctx.fail_point("bridge");
      ctx.links.create_bridge(br, model::parse_bridge_options(n.options).mtu);
      tx.on_rollback("delete bridge " + br, [&ctx, br] { ctx.links.delete_link(br); });
      add_gateway_addresses(ctx, n, br, true);
    }
    ctx.links.set_up(br);
    auto rules = model::network_rules(n);
    all.insert(all.end(), rules.begin(), rules.end());
  }
  enable_forwarding(ctx, tx);
  tx.on_rollback("remove restored rules", [&ctx, all] { ctx.firewall.remove(all); });
  ctx.fail_point("firewall");
  ctx.firewall.install(with_base(all));
  tx.commit();
}

}  // namespace docknet::service
