#pragma once
#include <optional>
#include <string>

#include "lib/kernel/link_backend.hpp"
#include "lib/model/network.hpp"
#include "lib/service/context.hpp"
#include "lib/service/endpoint_link_base.hpp"

namespace docknet::service {

/// The daemon's endpoint checks, all reported at once as "invalid endpoint settings:" in Docker
/// 29.7's order: static addresses and aliases only on user-defined networks, each address of its
/// own family and not unspecified, each inside one of the network's subnets of that family
/// (29.1+: automatic pools too), then the endpoint sysctls.
void check_endpoint_settings(const model::Network& network, const std::optional<IpAddress>& ip,
                             const std::optional<IpAddress>& ip6, bool aliases, const StringMap& driver_opts);

/// The endpoint's address in the network's first pool of one family: `wanted` (--ip/--ip6,
/// checked as Docker does) or the lowest free one. nullopt when the family is off or has no pool.
std::optional<IpPrefix> pick_address(const model::Network& network, bool v6, const std::optional<IpAddress>& wanted);

/// The container's interface name: the ifname driver-opt, else the lowest free
/// <prefix>N, where the prefix is com.docker.network.container_iface_prefix or "eth".
std::string next_ifname(ServiceContext& ctx, const model::Network& network, const std::string& netns_path,
                        const StringMap& driver_opts);

/// What the kernel must make for an endpoint: a veth on the bridge, or a macvlan/ipvlan link on
/// the parent; the default routes of the families in `routes` (those the endpoint is the
/// container's gateway for, see gateway_choice.hpp), as far as the network can give them.
kernel::EndpointLink endpoint_link(const model::Network& network, const model::Endpoint& endpoint,
                                   const model::Container& container, Routes routes);

}  // namespace docknet::service
