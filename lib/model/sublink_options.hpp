#pragma once
#include <string>

#include "lib/core/strings.hpp"
#include "lib/model/driver_kind.hpp"
#include "lib/model/network.hpp"

namespace docknet::model {

/// The -o options of the macvlan and ipvlan drivers (moby drivers/{macvlan,ipvlan}), typed; each
/// driver reads and checks its own (lib/service/drivers/{macvlan,ipvlan}.cpp).
struct SublinkOptions {
  std::string parent;  // empty: an internal network on a dummy link docknet makes
  std::string mode;    // macvlan: bridge|private|vepa|passthru; ipvlan: l2|l3|l3s
  std::string flag;    // ipvlan only: bridge|private|vepa
};

/// The dummy parent of a network created without -o parent: "dm-"/"di-" and the short ID.
std::string dummy_parent_name(DriverKind kind, const std::string& network_id);

/// The link a macvlan/ipvlan network's endpoints hang from: -o parent, or its dummy link.
std::string sublink_parent(const Network& network);

/// Whether the network's endpoints hang from a parent link (macvlan, ipvlan).
bool uses_parent_link(const Network& network);

/// Docker's dot1q form "eth0.10": the master link and the VLAN ID (range and the master's
/// existence are checked by the caller, in Docker's order); throws Docker's messages.
struct VlanParent {
  std::string master;
  long long vlan_id = 0;  // as parsed (strconv.Atoi), checked against 1-4094 by the caller
};
VlanParent parse_vlan_parent(const std::string& parent);

}  // namespace docknet::model
