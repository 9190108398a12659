#include "lib/model/messages.hpp"

#include <fmt/format.h>

#include "lib/core/strings.hpp"

namespace docknet::model::msg {

using K = ErrorKind;

Error network_not_found(const std::string& ref) { return Error(K::NotFound, fmt::format("network {} not found", ref)); }

Error ambiguous_network(const std::string& ref, size_t matches, bool by_name) {
  return Error(K::InvalidParameter, fmt::format("network {} is ambiguous ({} matches found based on {})", ref,
                                                matches, by_name ? "name" : "ID prefix"));
}

// The inspect route wraps the same error the other way round (moby@docker-v29.7.2:
// daemon/server/router/network/network_routes.go:104, :227, :237; docker29-deltas row 13).
Error ambiguous_network_inspect(const std::string& ref, size_t matches, bool by_name) {
  return Error(K::InvalidParameter, fmt::format("{} matches found based on {}: network {} is ambiguous", matches,
                                                by_name ? "name" : "ID prefix", ref));
}

Error network_exists(const std::string& name) {
  return Error(K::Conflict, fmt::format("network with name {} already exists", name));
}

// The trailing space is Docker's (PredefinedNetworkError).
Error predefined_network_operation(const std::string& name) {
  return Error(K::Forbidden, fmt::format("operation is not permitted on predefined {} network ", name));
}

Error predefined_network_removal(const std::string& name) {
  return Error(K::Forbidden, fmt::format("{} is a pre-defined network and cannot be removed", name));
}

// libnetwork lists every endpoint as name:%q id:%q with the endpoint's short ID
// (moby@docker-v29.7.2:daemon/libnetwork/network.go:1033-1038, error.go:37).
Error active_endpoints(const std::string& name, const std::vector<std::pair<std::string, std::string>>& endpoints) {
  std::string list;
  for (const auto& [ep_name, ep_id] : endpoints) {
    if (!list.empty()) list += ", ";
    list += fmt::format("name:\"{}\" id:\"{}\"", ep_name, ep_id.substr(0, 12));
  }
  return Error(K::Forbidden, fmt::format("error while removing network: network {} has active endpoints ({})", name, list));
}

Error empty_name() { return Error(K::InvalidParameter, "invalid name: name is empty"); }

Error pools_exhausted() { return Error(K::InvalidParameter, "all predefined address pools have been fully subnetted"); }

Error pool_overlaps() {
  return Error(K::Forbidden, "invalid pool request: Pool overlaps with other one on this address space");
}

Error plugin_not_found(const std::string& driver) {
  return Error(K::NotFound, fmt::format("plugin \"{}\" not found", driver));
}

Error single_instance_driver(const std::string& driver) {
  return Error(K::Forbidden, fmt::format("only one instance of \"{}\" network is allowed", driver));
}

// moby's invalidFilter.Error() names the key only when there is one (daemon/internal/filters/
// errors.go:11-20): `ls --filter =` gets the bare "invalid filter" (docker29-deltas row 16).
Error invalid_filter(const std::string& key) {
  return Error(K::InvalidParameter, key.empty() ? std::string("invalid filter") : fmt::format("invalid filter '{}'", key));
}

Error invalid_filter_value(const std::string& key, const std::string& value) {
  return Error(K::InvalidParameter, fmt::format("invalid filter: '{}'='{}'", key, value));
}

Error invalid_dangling_value() {
  return Error(K::InvalidParameter,
               "invalid value for filter 'dangling', must be \"true\" (or \"1\"), or \"false\" (or \"0\")");
}

// moby@docker-v29.7.2:daemon/libnetwork/controller.go:587 (docker29-deltas row 7b).
Error config_only_network_not_found(const std::string& ref) {
  return Error(K::NotFound, fmt::format("configuration network \"{}\" does not exist", ref));
}

Error not_config_only(const std::string& name) {
  return Error(K::Forbidden, fmt::format("network {} is not a configuration-only network", name));
}

// libnetwork's text, wrapped by the daemon's deleteNetwork as every Delete error is
// (moby@docker-v29.7.2:daemon/network.go:671, daemon/libnetwork/network.go:1022; docker29-deltas row 7c).
Error configuration_network_in_use(const std::string& name) {
  return Error(K::Forbidden, fmt::format("error while removing network: configuration network \"{}\" is in use", name));
}

// 29.2+ spells it with a hyphen (moby@docker-v29.7.2:daemon/libnetwork/network.go:418;
// docker29-deltas row 23).
Error config_from_with_options() {
  return Error(K::Forbidden, "user-specified configurations are not supported if the network depends on a "
                             "configuration network");
}

Error invalid_scope(const std::string& scope) {
  return Error(K::InvalidParameter, fmt::format("invalid scope value: {}", scope));
}

// Like docker's "permission denied while trying to connect to the Docker daemon socket", this is
// the client's own failure, so it carries no "Error response from daemon" prefix.
Error permission_denied(const std::string& what) {
  return Error(K::Client, fmt::format("permission denied while trying to {}: docknet must run as root", what));
}

// docknet's own refusal (Docker has no such text), so no "Error response from daemon" prefix.
Error docker_daemon_running(const std::string& why) {
  return Error(K::Client, fmt::format("a Docker daemon is running on this host ({}): docknet changes no network while "
                                      "it runs, as both would manage the same bridges and iptables chains. Use "
                                      "`docker network` while Docker runs, or stop it first (systemctl stop "
                                      "docker.service docker.socket); ls and inspect still work",
                                      why));
}

// docknet's own (Docker would replace the bridge's address): a bridge it did not make is used
// only with the gateway it already has.
Error foreign_bridge_address(const std::string& bridge, const std::string& gateway, const std::vector<std::string>& has) {
  std::string found = has.empty() ? fmt::format("has no IPv{} address", gateway.find(':') == std::string::npos ? 4 : 6)
                                  : "has " + join(has, ", ");
  return Error(K::Forbidden,
               fmt::format("bridge {} was not made by docknet and {}, not the gateway {} this network needs: docknet "
                           "adds no address to a bridge it did not make (create the network with the subnet and "
                           "gateway the bridge has, or add {} to {} yourself)",
                           bridge, found, gateway, gateway, bridge));
}

}  // namespace docknet::model::msg
