#include "lib/service/prune.hpp"

#include <algorithm>

#include "lib/core/strings.hpp"
#include "lib/service/bootstrap.hpp"
#include "lib/service/kernel_plan.hpp"

namespace docknet::service {

std::vector<std::string> prune_networks(ServiceContext& ctx, const model::FilterArgs& filters) {
  Timestamp now = ctx.now();
  model::validate_prune_filters(filters, now);
  Session session = open_for_write(ctx);
  std::vector<model::Network> victims;
  for (const auto& n : session.state.networks) {
    if (n.is_predefined() || n.config_only || !n.containers.empty()) continue;
    if (model::matches_prune_filters(n, filters, now)) victims.push_back(n);
  }
  std::sort(victims.begin(), victims.end(),
            [](const model::Network& a, const model::Network& b) { return natural_less(a.name, b.name); });
  std::vector<std::string> removed;
  for (const auto& v : victims) {
    teardown_network_kernel(ctx, session.state, v);
    auto& nets = session.state.networks;
    nets.erase(std::remove_if(nets.begin(), nets.end(), [&](const model::Network& x) { return x.id == v.id; }),
               nets.end());
    save(ctx, session);
    removed.push_back(v.name);
  }
  return removed;
}

}  // namespace docknet::service
