#pragma once
#include <string>

#include "lib/model/network.hpp"
#include "lib/service/endpoint_plan.hpp"

namespace docknet::service {

/// The networks whose endpoints give a container its default routes, one per family ("" for
/// none). As libnetwork: the container's endpoints ordered by Endpoint.Less (highest
/// --gw-priority, then non-internal, then those with both families' gateways, then one, then
/// the network name), and each family's gateway is the first endpoint that has a route of it
/// (moby@docker-v29.7.2:daemon/libnetwork/sandbox.go:627-673, default_gateway.go:187-207).
struct GatewayChoice {
  std::string v4;  // network ID
  std::string v6;
  friend bool operator==(const GatewayChoice&, const GatewayChoice&) = default;
};

GatewayChoice choose_gateways(const model::State& state, const std::string& container_id);

/// The families `network` is the gateway of in `choice`.
inline Routes routes_of(const GatewayChoice& choice, const model::Network& network) {
  return Routes{choice.v4 == network.id, choice.v6 == network.id};
}

}  // namespace docknet::service
