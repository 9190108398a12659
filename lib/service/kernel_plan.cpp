#include "lib/service/kernel_plan.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <cerrno>
#include <vector>

#include <fmt/format.h>

#include "lib/core/error.hpp"
#include "lib/model/firewall_rules.hpp"
#include "lib/service/drivers/driver.hpp"
#include "lib/service/steps.hpp"

namespace docknet::service {

using model::Family;

/// Sets a sysctl when it differs (passing the fail point `step` first, when given), registering
/// the undo. Returns whether it wrote.
bool set_sysctl(ServiceContext& ctx, Transaction& tx, const std::string& key, const std::string& value,
                const char* step_name) {
  std::string before = ctx.host.read_sysctl(key);
  if (before == value) return false;
  if (step_name) step(ctx, step_name);
  ctx.host.write_sysctl(key, value);
  tx.on_rollback("restore " + key, [&ctx, key, before] { ctx.host.write_sysctl(key, before); });
  return true;
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
model::RuleSet with_base(const std::vector<model::Rule>& rules, bool ipv4_base) {
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

void setup_network_kernel(ServiceContext& ctx, const model::Network& n, Transaction& tx) {
  driver_for(n)->setup(ctx, n, tx);
}

void teardown_network_kernel(ServiceContext& ctx, const model::State& state, const model::Network& n,
                             TeardownBatch* batch) {
  driver_for(n)->teardown(ctx, state, n, batch);
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
  std::vector<model::Rule> rules;
  if (driver_for(n)->restore(ctx, n, Restore::Reinstate, tx, rules)) ctx.firewall.install(with_base(rules));
  tx.commit();
}

void restore_kernel_state(ServiceContext& ctx, const model::State& state, bool after_reboot) {
  std::vector<model::Rule> all;
  Transaction tx(ctx.cleanup_failures);
  for (const auto& n : state.networks) driver_for(n)->restore(ctx, n, Restore::AfterReboot, tx, all);
  bool any_ipv6 = std::any_of(all.begin(), all.end(), [](const model::Rule& r) { return r.family == Family::Ipv6; });
  // The default bridge always exists, so IPv4 forwarding is always restored as Docker does.
  enable_forwarding(ctx, Family::Ipv4, tx);
  if (any_ipv6) enable_forwarding(ctx, Family::Ipv6, tx);
  if (after_reboot) tx.on_rollback("remove restored rules", [&ctx, all] { ctx.firewall.remove(all); });
  step(ctx, "firewall");
  ctx.firewall.install(with_base(all, true));
  // Docker makes its ip6tables chains at start-up too; a kernel without ip6tables only loses
  // IPv6 networks, which then fail with the kernel's own error.
  if (!any_ipv6) {
    try {
      ctx.firewall.install(model::base_rules(Family::Ipv6));
    } catch (const KernelError& e) {
      if (e.fault() != KernelFault::Failed) throw;  // not root, or no nf_tables: said as such
    }
  }
  // Rules an earlier docknet wrote in the shared layout and this one no longer does (the boot
  // unit runs this after an upgrade too). Docker 29 likewise deletes the other proxy variant.
  for (Family f : {Family::Ipv4, Family::Ipv6}) try {
      ctx.firewall.remove(model::obsolete_base_rules(f));
    } catch (const KernelError& e) {
      if (e.fault() != KernelFault::Failed || f == Family::Ipv4) throw;
    }
  tx.commit();
}

model::RuleSet all_rules(const model::State& state) {
  std::vector<model::Rule> all;
  for (const auto& n : state.networks) {
    if (n.pending || n.removing) continue;
    auto rules = driver_for(n)->rules(n);
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
