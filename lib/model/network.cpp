#include "lib/model/network.hpp"

namespace docknet::model {

bool is_predefined_name(const std::string& name) {
  return name == "bridge" || name == "host" || name == "none" || name == "default";
}

bool Network::is_predefined() const { return is_predefined_name(name); }

bool operator==(const Network& a, const Network& b) {
  return a.name == b.name && a.id == b.id && a.created.seconds == b.created.seconds &&
         a.created.nanos == b.created.nanos && a.created.offset == b.created.offset &&
         a.scope == b.scope && a.driver == b.driver && a.enable_ipv4 == b.enable_ipv4 &&
         a.enable_ipv6 == b.enable_ipv6 && a.ipam_driver == b.ipam_driver &&
         a.ipam_options == b.ipam_options && a.ipam_config == b.ipam_config &&
         a.internal == b.internal && a.attachable == b.attachable && a.ingress == b.ingress &&
         a.config_only == b.config_only && a.config_from == b.config_from && a.options == b.options &&
         a.labels == b.labels && a.containers == b.containers &&
         a.bridge_preexisting == b.bridge_preexisting && a.bridge_addresses_found == b.bridge_addresses_found && a.pending == b.pending && a.removing == b.removing && a.user_subnet == b.user_subnet &&
         a.parent_link_created == b.parent_link_created;
}

}  // namespace docknet::model
