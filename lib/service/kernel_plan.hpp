#pragma once
#include "lib/model/firewall_rules.hpp"
#include <optional>
#include <string>
#include <vector>

#include "lib/model/network.hpp"
#include "lib/service/context.hpp"
#include "lib/service/transaction.hpp"

namespace docknet::service {

/// The addresses docknet puts on a bridge network's bridge: each enabled family's gateway,
/// with the subnet's prefix length.
std::vector<IpPrefix> bridge_addresses(const model::Network& network);

/// "existing interface eth0 is not a bridge" when a link of another kind holds the name of the
/// network's bridge (Docker's words); nullopt when it is a bridge, or missing.
std::optional<std::string> bridge_name_taken(ServiceContext& ctx, const model::Network& network);

/// Makes the kernel match a network. Bridge: bridge, sysctls, addresses, up, forwarding,
/// iptables and ip6tables rules. macvlan/ipvlan: the parent link when docknet makes it (a dummy
/// or a VLAN link). Every step registers its undo in `tx` before or right after it runs.
void setup_network_kernel(ServiceContext& ctx, const model::Network& network, Transaction& tx);

/// What several teardowns leave to the end, to hand to the kernel in one go: each rule removal
/// commits a table, and each link deletion waits for an RCU grace period.
struct TeardownBatch {
  std::vector<model::Rule> rules;
  std::vector<std::string> links;
};

/// Removes exactly what setup_network_kernel made for the stored network: rules first, bridge
/// last; a parent link docknet made goes with the last network of `state` that uses it. With a
/// batch, the rules and the links are added to it instead, for flush_teardowns.
void teardown_network_kernel(ServiceContext& ctx, const model::State& state, const model::Network& network,
                             TeardownBatch* batch = nullptr);

/// The batched part of the teardowns: every rule in one removal, then every link in one deletion.
void flush_teardowns(ServiceContext& ctx, TeardownBatch& batch);

/// Makes again whatever of one stored network's bridge, addresses, parent link and rules is
/// missing, keeping what exists (the undo of a teardown that failed halfway).
void reinstate_network_kernel(ServiceContext& ctx, const model::Network& network);

/// After a reboot (boot ID changed), re-creates the bridges, parent links and rules of every
/// stored network.
void restore_kernel_state(ServiceContext& ctx, const model::State& state);

/// Every stored network's rules and the base layout: what docknet has in the firewall.
model::RuleSet all_rules(const model::State& state);

}  // namespace docknet::service
