#include "lib/service/remove_network.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "lib/model/messages.hpp"
#include "lib/service/bootstrap.hpp"
#include "lib/service/kernel_plan.hpp"
#include "lib/service/query.hpp"

namespace docknet::service {
namespace {

void check_removable(const model::State& state, const model::Network& n) {
  if (n.is_predefined()) throw model::msg::predefined_network_removal(n.name);
  if (!n.containers.empty()) {
    const auto& [cid, ep] = *n.containers.begin();
    throw model::msg::active_endpoints(n.name, ep.name, cid);
  }
  if (n.config_only)
    for (const auto& other : state.networks)
      if (other.config_from == n.name)
        throw Error(ErrorKind::Forbidden, fmt::format("configuration network \"{}\" is in use", n.name));
}

}  // namespace

std::vector<RemoveOutcome> remove_networks(ServiceContext& ctx, const std::vector<std::string>& refs, bool force) {
  std::vector<RemoveOutcome> out;
  Session session = open_for_write(ctx);
  for (const auto& ref : refs) {
    RemoveOutcome o{ref, std::nullopt, false};
    try {
      const model::Network& n = resolve_network(session.state, ref);
      check_removable(session.state, n);
      model::Network removed = n;
      teardown_network_kernel(ctx, session.state, removed);
      auto& nets = session.state.networks;
      nets.erase(std::remove_if(nets.begin(), nets.end(), [&](const model::Network& x) { return x.id == removed.id; }),
                 nets.end());
      save(ctx, session);
    } catch (const Error& e) {
      if (force && e.kind() == ErrorKind::NotFound) o.skipped = true;
      else o.error = e;
    }
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace docknet::service
