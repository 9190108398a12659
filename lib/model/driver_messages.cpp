#include <fmt/format.h>

#include "lib/model/messages.hpp"

// The daemon's texts for network create and its drivers' checks (Docker 29 wording;
// docker-compat.md §b.4).
namespace docknet::model::msg {

using K = ErrorKind;

Error not_swarm_manager() {
  return Error(K::Forbidden, "This node is not a swarm manager. Use \"docker swarm init\" or "
                             "\"docker swarm join\" to connect this node to swarm and try again.");
}

Error config_only_with_operator_fields() {
  return Error(K::Forbidden, "configuration network can only contain network specific fields. Network operator "
                             "fields like [ ingress | internal | attachable | scope ] are not supported.");
}

Error config_from_config_only() {
  return Error(K::Forbidden, "a configuration network cannot depend on another configuration network");
}

Error ingress_not_global() { return Error(K::Forbidden, "Ingress network can only be global scope network"); }

Error swarm_scope_inactive() { return Error(K::Forbidden, "cannot create a swarm scoped network when swarm is not active"); }

Error null_ipam_with_pools() {
  return Error(K::InvalidParameter, "null ipam driver does not handle specific address pool requests");
}

Error no_address_family() { return Error(K::InvalidParameter, "IPv4 or IPv6 must be enabled"); }

Error empty_pool(bool v4) { return Error(K::InvalidParameter, v4 ? "ipv4 pool is empty" : "ipv6 pool is empty"); }

Error multicast_subnet(const std::string& subnet) {
  return Error(K::InvalidParameter, fmt::format("multicast subnet '{}' is not allowed", subnet));
}

Error link_local_clash(const std::string& subnet) {
  return Error(K::InvalidParameter, fmt::format("'{}' clashes with the Link-Local prefix 'fe80::/64'", subnet));
}

Error isolated_not_internal() {
  return Error(K::System, "gateway mode 'isolated' can only be used for an internal network");
}

Error bridge_multiple_subnets() { return Error(K::Forbidden, "bridge driver doesn't support multiple subnets"); }

Error same_bridge_name(const std::string& id, const std::string& other_id, const std::string& bridge) {
  return Error(K::Forbidden, fmt::format("cannot create network {} ({}): conflicts with network {} ({}): networks have "
                                         "same bridge name",
                                         id, bridge, other_id, bridge));
}

Error link_exists(const std::string& name) { return Error(K::Conflict, fmt::format("a link named {} already exists", name)); }

Error invalid_sublink_mode(const std::string& driver, const std::string& mode, const std::string& default_mode) {
  return Error(K::System, fmt::format("requested {} mode '{}' is not valid, '{}' mode is the {} driver default", driver,
                                      mode, default_mode, driver));
}

Error invalid_ipvlan_flag(const std::string& flag) {
  return Error(K::System, fmt::format("requested ipvlan flag '{}' is not valid, 'bridge' is the ipvlan driver default", flag));
}

Error loopback_parent(const std::string& driver) {
  return Error(K::System, fmt::format("loopback interface is not a valid {} parent link", driver));
}

Error parent_in_use(const std::string& network, const std::string& parent) {
  return Error(K::System, fmt::format("network {} is already using parent interface {}", network, parent));
}

Error passthru_parent_in_use(const std::string& network, const std::string& parent) {
  return Error(K::System,
               fmt::format("cannot use mode passthru, macvlan network {} is already using parent interface {}", network, parent));
}

Error parent_in_passthru(const std::string& network, const std::string& parent) {
  return Error(K::System, fmt::format("macvlan network {} is already using parent interface {} in mode passthru", network,
                                      parent));
}

Error vlan_parent_not_found(const std::string& parent) {
  return Error(K::System, fmt::format("-o parent interface was not found on the host: {}", parent));
}

Error vlan_id_out_of_range(long long id) {
  return Error(K::System, fmt::format("vlan id must be between 1-4094, received: {}", id));
}

// A link of another kind holds the bridge's name (Docker's words).
std::string not_a_bridge(const std::string& link) { return "existing interface " + link + " is not a bridge"; }

Error link_not_bridge(const std::string& conflict) { return Error(K::Forbidden, conflict); }

Error link_not_bridge_at_setup(const std::string& conflict) { return Error(K::System, conflict); }

// The bridge's disable_ipv6 sysctl is missing; the hint in parentheses is docknet's.
Error ipv6_setup_unreadable(const std::string& bridge, const std::string& why) {
  return Error(K::System, "Cannot read IPv6 setup for bridge " + bridge + ": " + why + " (is IPv6 disabled in this kernel?)");
}

}  // namespace docknet::model::msg
