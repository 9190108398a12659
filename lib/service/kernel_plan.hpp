#pragma once
#include "lib/model/firewall_rules.hpp"
#include <optional>
#include <string>
#include <vector>

#include "lib/model/network.hpp"
#include "lib/service/context.hpp"
#include "lib/service/drivers/driver.hpp"
#include "lib/service/transaction.hpp"

namespace docknet::service {

/// Sets a sysctl when it differs (passing the fail point `step_name` first, when given),
/// registering the undo. Returns whether it wrote.
bool set_sysctl(ServiceContext& ctx, Transaction& tx, const std::string& key, const std::string& value,
                const char* step_name = nullptr);

/// Turns the family's forwarding on as Docker does, FORWARD's policy set to DROP first where
/// docknet writes rules (unless ip-forward-no-drop); each change undone by `tx` on failure.
void enable_forwarding(ServiceContext& ctx, model::Family family, Transaction& tx);

/// The rules plus the base layout of every family they touch (and of IPv4 when asked).
model::RuleSet with_base(const std::vector<model::Rule>& rules, bool ipv4_base = false);

/// Makes the kernel match a network, through its driver (bridge: bridge, sysctls, addresses, up,
/// forwarding, rules; macvlan/ipvlan: the parent link when docknet makes it). Every step
/// registers its undo in `tx` before or right after it runs.
void setup_network_kernel(ServiceContext& ctx, const model::Network& network, Transaction& tx);

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
/// stored network. With `after_reboot` false (a restore on the same boot) a failure leaves the
/// rules in place: they may have been there before the call, and networks in use need them.
void restore_kernel_state(ServiceContext& ctx, const model::State& state, bool after_reboot = true);

/// Every stored network's rules and the base layout: what docknet has in the firewall.
model::RuleSet all_rules(const model::State& state);

}  // namespace docknet::service
