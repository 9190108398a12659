#include "lib/service/gateway_choice.hpp"

#include <algorithm>
#include <vector>

#include "lib/service/drivers/driver.hpp"

namespace docknet::service {
namespace {

struct Candidate {
  const model::Network* network;
  const model::Endpoint* endpoint;
  Routes could;  // the routes the endpoint would give as the gateway (hasGatewayOrDefaultRoute)
};

Routes possible_routes(const model::Network& n, const NetworkDriver& driver, const model::Endpoint& e) {
  auto link = driver.endpoint_link(n, e, model::Container{}, Routes{true, true});
  Routes r{link.address && (link.gateway || link.default_dev_v4), link.address6 && (link.gateway6 || link.default_dev_v6)};
  Routes forced = driver.forced_gateway(n, link);
  return Routes{r.v4 || forced.v4, r.v6 || forced.v6};
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
    if (it == n.containers.end()) continue;
    auto driver = driver_for(n);
    if (!driver->has_interface()) continue;
    candidates.push_back({&n, &it->second, possible_routes(n, *driver, it->second)});
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
