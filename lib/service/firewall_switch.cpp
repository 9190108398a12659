#include "lib/service/firewall_switch.hpp"

#include "lib/core/error.hpp"
#include "lib/model/messages.hpp"
#include "lib/service/kernel_plan.hpp"
#include "lib/service/steps.hpp"

namespace docknet::service {
namespace {

/// docknet's own chains: on a switch they go from the old backend when empty and unreferenced
/// (a user's rule in DOCKER-USER keeps that chain, as `iptables -X` would).
std::vector<model::ChainRef> own_chains() {
  std::vector<model::ChainRef> out;
  for (model::Family f : {model::Family::Ipv4, model::Family::Ipv6})
    for (const auto& c : model::base_rules(f).chains) out.push_back(c);
  return out;
}

/// Whether the old backend holds none of docknet's rules any more. When it cannot be emptied
/// (its kernel module gone, say), the call goes on with a warning and the next one tries again.
bool empty_old_firewall(ServiceContext& ctx, const std::string& old_name, const model::RuleSet& rules) {
  auto old = ctx.open_firewall(old_name);
  if (!old) return true;  // "none": nothing was written there
  try {
    step(ctx, "firewall_switch_remove");
    old->remove(rules.rules);
    old->remove_chains(own_chains());
    return true;
  } catch (const Error& e) {
    ctx.warnings.push_back("firewall backend changed from " + old_name + ": docknet's rules there could not all be "
                           "removed, the next change tries again (" + model::msg::docker_text(e) + ")");
    return false;
  }
}

}  // namespace

void follow_firewall_switch(ServiceContext& ctx, const model::State& state) {
  std::string current = ctx.firewall_name();
  std::string recorded = ctx.store.recorded_firewall();
  if (recorded == current) return;
  // Before docknet recorded its backend, every rule it wrote went to the legacy x_tables.
  std::string old = recorded.empty() ? "iptables-legacy" : recorded;
  model::RuleSet rules = all_rules(state);
  if (old != current) {
    ctx.debug("firewall backend changed from " + old + " to " + current + ": moving docknet's rules");
    // Into the new one first: a call killed in between leaves rules in both, never in neither,
    // and the record still names the old one, so the next call does this again.
    step(ctx, "firewall_switch_install");
    ctx.firewall.install(rules);
    if (!empty_old_firewall(ctx, old, rules)) return;
  }
  step(ctx, "firewall_switch_record");
  ctx.store.record_firewall(current);
}

}  // namespace docknet::service
