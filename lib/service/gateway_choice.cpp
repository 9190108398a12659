#include "lib/service/gateway_choice.hpp"

#include <algorithm>
#include <vector>

#include "lib/model/sublink_options.hpp"

namespace docknet::service {
namespace {

struct Candidate {
  const model::Network* network;
  const model::Endpoint* endpoint;
  Routes could;  // the routes the endpoint would give as the gateway (hasGatewayOrDefaultRoute)
};

Routes possible_routes(const model::Network& n, const model::Endpoint& e) {
  auto link = endpoint_link(n, e, model::Container{}, Routes{true, true});
  Routes r{link.address && (link.gateway || link.default_dev_v4), link.address6 && (link.gateway6 || link.default_dev_v6)};
  // macvlan and ipvlan endpoints with a parent count as a gateway of each family they have an
  // address of, even without --gateway (ForceGw4/6: macvlan_joinleave.go:58-63,
  // ipvlan_joinleave.go:84-89): winning then leaves that family without a default route.
  if ((n.driver == "macvlan" || n.driver == "ipvlan") && !n.internal &&
      !model::parse_sublink_options(n.driver, n.options).parent.empty()) {
    r.v4 = r.v4 || link.address.has_value();
    r.v6 = r.v6 || link.address6.has_value();
  }
  return r;
}

// Endpoint.Less: true when `a` is the better gateway.
bool better(const Candidate& a, const Candidate& b) {
  if (a.endpoint->gw_priority != b.endpoint->gw_priority) return a.endpoint->gw_priority > b.endpoint->gw_priority;
  if (a.network->internal != b.network->internal) return b.network->internal;
  auto count = [](Routes r) { return int(r.v4) + int(r.v6); };
  if (count(a.could) != count(b.could)) return count(a.could) > count(b.could);
  return a.network->name < b.network->name;
}

}  // namespace

GatewayChoice choose_gateways(const model::State& state, const std::string& cid) {
  std::vector<Candidate> candidates;
  for (const auto& n : state.networks) {
    auto it = n.containers.find(cid);
    if (it == n.containers.end() || n.driver == "null" || n.driver == "host") continue;
    candidates.push_back({&n, &it->second, possible_routes(n, it->second)});
  }
  std::stable_sort(candidates.begin(), candidates.end(), better);
  GatewayChoice choice;
  for (const auto& c : candidates) {
    if (c.could.v4 && choice.v4.empty()) choice.v4 = c.network->id;
    if (c.could.v6 && choice.v6.empty()) choice.v6 = c.network->id;
  }
  return choice;
}

}  // namespace docknet::service
