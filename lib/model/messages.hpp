#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/core/error.hpp"

/// Every Docker-visible error text lives here (Docker 29 wording; docker-compat.md §b.4).
namespace docknet::model::msg {

Error network_not_found(const std::string& ref);
Error ambiguous_network_inspect(const std::string& ref, size_t matches, bool by_name);
Error ambiguous_network(const std::string& ref, size_t matches, bool by_name);
Error network_exists(const std::string& name);
Error predefined_network_operation(const std::string& name);
Error predefined_network_removal(const std::string& name);
/// endpoints: (endpoint name, endpoint ID) of each endpoint still on the network.
Error active_endpoints(const std::string& name, const std::vector<std::pair<std::string, std::string>>& endpoints);
Error empty_name();
Error pools_exhausted();
Error pool_overlaps();
Error plugin_not_found(const std::string& driver);
Error single_instance_driver(const std::string& driver);
Error invalid_filter(const std::string& key);
Error invalid_filter_value(const std::string& key, const std::string& value);
Error invalid_dangling_value();
Error config_only_network_not_found(const std::string& ref);
Error not_config_only(const std::string& name);
Error config_from_with_options();
Error invalid_scope(const std::string& scope);
Error permission_denied(const std::string& what);
/// A mutating command while a Docker daemon runs on the host; `why` says how it was seen.
Error docker_daemon_running(const std::string& why);
Error configuration_network_in_use(const std::string& name);
Error foreign_bridge_address(const std::string& bridge, const std::string& gateway, const std::vector<std::string>& has);
/// The daemon's endpoint-settings check: "invalid endpoint settings:" and one line per error.
Error invalid_endpoint_settings(const std::vector<std::string>& errors);

}  // namespace docknet::model::msg
