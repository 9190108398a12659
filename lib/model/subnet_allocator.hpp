#pragma once
#include <optional>
#include <vector>

#include "lib/core/ip.hpp"

namespace docknet::model {

/// One entry of daemon.json's default-address-pools: split `base` into prefixes of length `size`.
struct AddressPool {
  IpPrefix base;
  int size = 0;
  friend bool operator==(const AddressPool&, const AddressPool&) = default;
};

/// Docker's predefined local pools (ipamutils): 172.17-31 as /16, then 192.168.0.0/16 as /20.
std::vector<AddressPool> default_address_pools();

/// Docker 27+: the lowest free prefix over all pools sorted by address, skipping any prefix
/// that overlaps `taken` (existing networks, on-link routes, resolv.conf nameservers).
std::optional<IpPrefix> allocate_subnet(const std::vector<AddressPool>& pools, const std::vector<IpPrefix>& taken);

}  // namespace docknet::model
