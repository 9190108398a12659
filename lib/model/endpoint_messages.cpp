#include <fmt/format.h>

#include "lib/core/strings.hpp"
#include "lib/model/messages.hpp"

// The daemon's texts for connect and disconnect (Docker 29 wording; docker-compat.md §b.4).
namespace docknet::model::msg {

using K = ErrorKind;

Error config_only_not_connectable(const std::string& network) {
  return Error(K::Forbidden, fmt::format("network {} is a configuration-only network and cannot be connected", network));
}

Error shared_namespace_not_connectable() {
  return Error(K::InvalidParameter,
               "container sharing network namespace with another container or host cannot be connected to any other network");
}

Error none_network_exclusive() {
  return Error(K::InvalidParameter,
               "container cannot be connected to multiple networks with one of the networks in private (none) mode");
}

Error link_container_not_found(const std::string& name) { return Error(K::NotFound, "Could not get container for " + name); }

Error invalid_link_local_ip(const std::string& ip) {
  return Error(K::InvalidParameter, "invalid link-local IP address: " + ip);
}

// libnetwork's CreateEndpoint spells it without the hyphen (network.go:1199-1202).
Error not_link_local_ip(const std::string& ip) { return Error(K::InvalidParameter, "invalid link local IP address: " + ip); }

Error ambiguous_container(const std::string& ref) {
  return Error(K::InvalidParameter, "multiple IDs found with provided prefix: " + ref);
}

Error cannot_connect(const std::string& network, const std::string& why) {
  return Error(K::System, fmt::format("cannot connect to network {}: {}", network, why));
}

Error no_such_container(const std::string& ref) { return Error(K::NotFound, "No such container: " + ref); }

Error endpoint_exists(const std::string& endpoint, const std::string& network) {
  return Error(K::Forbidden, fmt::format("endpoint with name {} already exists in network {}", endpoint, network));
}

Error endpoint_not_found(const std::string& ref) { return Error(K::NotFound, fmt::format("endpoint {} not found", ref)); }

Error not_connected(const std::string& container, const std::string& network) {
  return Error(K::Forbidden, fmt::format("container {} is not connected to network {}", container, network));
}

Error host_network_not_connectable() {
  return Error(K::InvalidParameter, "cannot connect container to host network - container must be created in host network mode");
}

Error address_in_use() { return Error(K::Conflict, "Address already in use"); }

Error no_free_address(bool v6, const std::string& network, const std::string& id) {
  return Error(K::System,
               fmt::format("no available IPv{} addresses on this network's address pools: {} ({})", v6 ? 6 : 4, network, id));
}

// The lines of the endpoint-settings check (moby@docker-v29.7.2:daemon/container_operations.go:545-585;
// docker29-deltas rows 14a, 14c).
std::string ip_on_predefined_network() { return "user-specified IP address is supported on user-defined networks only"; }

std::string aliases_on_predefined_network() { return "network-scoped aliases are only supported for user-defined networks"; }

std::string invalid_endpoint_ip(const IpAddress& ip, bool v6) {
  return fmt::format("invalid IPv{} address: {}", v6 ? 6 : 4, ip.to_string());
}

std::string ip_not_in_subnet(const IpAddress& ip) {
  return fmt::format("no configured subnet contains IP address {}", ip.to_string());
}

// moby's multierror.Join: one error as it is, several as "* a\n* b"
// (moby@docker-v29.7.2:daemon/internal/multierror/multierror.go:34-41).
Error invalid_endpoint_settings(const std::vector<std::string>& errors) {
  if (errors.size() == 1) return Error(K::InvalidParameter, "invalid endpoint settings:\n" + errors[0]);
  std::vector<std::string> bulleted;
  for (const auto& e : errors) bulleted.push_back("* " + e);
  return Error(K::InvalidParameter, "invalid endpoint settings:\n" + join(bulleted, "\n"));
}

}  // namespace docknet::model::msg
