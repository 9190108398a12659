#include "lib/model/sublink_options.hpp"

#include "lib/model/messages.hpp"

namespace docknet::model {

std::string dummy_parent_name(DriverKind kind, const std::string& network_id) {
  return (kind == DriverKind::Ipvlan ? "di-" : "dm-") + network_id.substr(0, 12);
}

std::string sublink_parent(const Network& n) {
  auto it = n.options.find("parent");
  if (it != n.options.end() && !it->second.empty()) return it->second;
  return dummy_parent_name(driver_kind(n).value_or(DriverKind::Macvlan), n.id);
}

bool uses_parent_link(const Network& n) {
  auto kind = driver_kind(n);
  return kind == DriverKind::Macvlan || kind == DriverKind::Ipvlan;
}

VlanParent parse_vlan_parent(const std::string& parent) {
  if (parent.find('.') == std::string::npos) throw msg::vlan_parent_without_dot(parent);
  auto parts = split(parent, '.');
  if (parts.size() != 2) throw msg::vlan_parent_format(parent);
  auto vid = parse_int(parts[1]);
  if (!vid) throw msg::vlan_id_unparsable(parts[1]);
  return VlanParent{parts[0], *vid};
}

}  // namespace docknet::model
