#pragma once
#include <optional>
#include <string>
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

/// Docker 27+: the host's own IPv6 pool, a ULA /48 split into /64s, whose 40-bit Global ID is
/// the low 40 bits of the first 8 bytes of sha256(host_id) (moby daemon.go deriveULABaseNetwork).
AddressPool ula_pool(const std::string& host_id);

/// The pools of one family: the configured ones, or for IPv6 with none configured, the ULA pool.
std::vector<AddressPool> pools_for_family(const std::vector<AddressPool>& configured, bool v6, const std::string& host_id);

/// Docker 27+: the lowest free prefix of the family over all pools sorted by address, skipping
/// any prefix that overlaps `taken` (existing networks, on-link routes, resolv.conf nameservers).
std::optional<IpPrefix> allocate_subnet(const std::vector<AddressPool>& pools, const std::vector<IpPrefix>& taken,
                                        bool v6 = false);

}  // namespace docknet::model
