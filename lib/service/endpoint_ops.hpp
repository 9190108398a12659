#pragma once
#include <map>
#include <string>

#include "lib/model/hosts.hpp"
#include "lib/model/network.hpp"
#include "lib/service/context.hpp"
#include "lib/service/gateway_choice.hpp"
#include "lib/service/transaction.hpp"

namespace docknet::service {

/// Whether the container has an endpoint on a network other than `except_network`.
bool has_other_endpoint(const model::State& state, const std::string& cid, const std::string& except_network);

/// Forgets a container that no longer has any endpoint.
void drop_container_if_unused(model::State& state, const std::string& cid);

/// The stored container with this ID (every stored endpoint has one).
const model::Container& container_of(const model::State& state, const std::string& cid);

/// Sets docknet's block in the hosts files `after` differs in and removes it from those it lacks
/// (a file or directory docknet made goes with its block when nothing else is left); the undo
/// puts back each file as it was found. Both are model::hosts_files() of the state before and
/// after the change.
/// Docker's unsolicited ARP/NA for a new endpoint's addresses (count and interval from the
/// network's advertise_addr_* options); a failure is only traced, as Docker only logs it.
void advertise_endpoint(ServiceContext& ctx, const model::Network& n, const model::Endpoint& e,
                        const model::Container& c);

void sync_hosts(ServiceContext& ctx, const std::map<std::string, model::HostsLines>& before,
                const std::map<std::string, model::HostsLines>& after, Transaction& tx);

/// Gives the container the default routes of `choice` for the families asked (v4, v6), as the
/// endpoints chosen there make them; a family without a gateway is left without a default route.
void route_through(ServiceContext& ctx, const model::State& state, const model::Container& container,
                   const GatewayChoice& choice, bool v4, bool v6);

/// Removes what connect made for an endpoint, from the stored record alone: its rules, then its
/// interface. Whatever is already gone is skipped, so this also finishes a killed disconnect
/// and undoes a killed connect. A sub-interface inside a namespace that has been replaced is
/// left alone: it went with the old namespace, and the name may now be someone else's.
/// With `tx`, each removal registers its undo there (`had_routes`: the families whose default
/// route the interface held, to be made again on undo).
void remove_endpoint_kernel(ServiceContext& ctx, const model::Network& network, const model::Endpoint& endpoint,
                            const model::Container& container, Transaction* tx = nullptr, Routes had_routes = {});

}  // namespace docknet::service
