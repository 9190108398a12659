#include "lib/service/prune.hpp"

#include <algorithm>

#include "lib/model/messages.hpp"
#include "lib/core/strings.hpp"
#include "lib/service/bootstrap.hpp"
#include "lib/service/remove_network.hpp"
#include "lib/service/retry.hpp"
#include "lib/service/steps.hpp"

namespace docknet::service {

namespace {

PruneResult prune_once(ServiceContext& ctx, const model::FilterArgs& filters) try {
  Operation op(ctx, "prune");
  Timestamp now = ctx.now();
  model::validate_prune_filters(filters, now);
  Session session = open_for_write(ctx);
  std::vector<const model::Network*> victims;
  for (const auto& n : session.state.networks) {
    if (n.is_predefined() || n.config_only || !n.containers.empty() || !n.remote_endpoints.empty()) continue;
    if (model::matches_prune_filters(n, filters, now)) victims.push_back(&n);
  }
  std::sort(victims.begin(), victims.end(),
            [](const model::Network* a, const model::Network* b) { return natural_less(a->name, b->name); });
  std::vector<std::string> ids;
  for (const auto* v : victims) ids.push_back(v->id);
  if (ids.empty()) return {};
  // One intent for the whole prune, and one save at the end: a killed prune is finished by the
  // next call, and a network that cannot be removed is left whole while the others go.
  mark_for_removal(ctx, session.state, ids);
  auto result = remove_marked(ctx, session.state, ids);
  PruneResult out{result.removed, {}};
  for (const auto& [name, error] : result.failed) out.failed.emplace_back(name, error.what());
  return out;
} catch (const KernelError& e) {  // a kernel or store fact leaves the service in Docker's words
  throw model::msg::in_docker_words(e);
}

}  // namespace

// Another host connecting to an overlay network being pruned makes the prune run again on a
// fresh read, which then leaves that network alone.
PruneResult prune_networks(ServiceContext& ctx, const model::FilterArgs& filters) {
  return with_cluster_retries(ctx, [&] { return prune_once(ctx, filters); });
}

}  // namespace docknet::service
