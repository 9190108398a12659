#include "lib/model/sublink_options.hpp"

#include <fmt/format.h>

#include "lib/core/error.hpp"

namespace docknet::model {

SublinkOptions parse_sublink_options(const std::string& driver, const StringMap& options) {
  bool ipvlan = driver == "ipvlan";
  SublinkOptions o;
  for (const auto& [key, value] : options) {
    if (key == "parent") o.parent = value;
    else if (key == (ipvlan ? "ipvlan_mode" : "macvlan_mode")) o.mode = value;
    else if (ipvlan && key == "ipvlan_flag") o.flag = value;
  }
  if (ipvlan) {
    if (o.mode.empty()) o.mode = "l2";
    if (o.mode != "l2" && o.mode != "l3" && o.mode != "l3s")
      throw Error(ErrorKind::System,
                  fmt::format("requested ipvlan mode '{}' is not valid, 'l2' mode is the ipvlan driver default", o.mode));
    if (o.flag.empty()) o.flag = "bridge";
    if (o.flag != "bridge" && o.flag != "private" && o.flag != "vepa")
      throw Error(ErrorKind::System,
                  fmt::format("requested ipvlan flag '{}' is not valid, 'bridge' is the ipvlan driver default", o.flag));
  } else {
    if (o.mode.empty()) o.mode = "bridge";
    if (o.mode != "bridge" && o.mode != "private" && o.mode != "vepa" && o.mode != "passthru")
      throw Error(ErrorKind::System,
                  fmt::format("requested macvlan mode '{}' is not valid, 'bridge' mode is the macvlan driver default", o.mode));
  }
  if (o.parent == "lo")
    throw Error(ErrorKind::System, fmt::format("loopback interface is not a valid {} parent link", driver));
  return o;
}

std::string dummy_parent_name(const std::string& driver, const std::string& network_id) {
  return (driver == "ipvlan" ? "di-" : "dm-") + network_id.substr(0, 12);
}

std::string sublink_parent(const Network& n) {
  auto it = n.options.find("parent");
  if (it != n.options.end() && !it->second.empty()) return it->second;
  return dummy_parent_name(n.driver, n.id);
}

VlanParent parse_vlan_parent(const std::string& parent) {
  if (parent.find('.') == std::string::npos)
    throw Error(ErrorKind::System,
                fmt::format("invalid subinterface vlan name {}, example formatting is eth0.10", parent));
  auto parts = split(parent, '.');
  if (parts.size() != 2)
    throw Error(ErrorKind::System,
                fmt::format("required interface name format is: name.vlan_id, ex. eth0.10 for vlan 10, instead received {}",
                            parent));
  auto vid = parse_int(parts[1]);
  if (!vid)
    throw Error(ErrorKind::System,
                fmt::format("unable to parse a valid vlan id from: {} (ex. eth0.10 for vlan 10)", parts[1]));
  return VlanParent{parts[0], *vid};
}

}  // namespace docknet::model
