#pragma once
#include <set>
#include <vector>

#include "lib/model/network.hpp"

namespace docknet::model {

/// Addresses of a pool that no endpoint may take: network, IPv4 broadcast, gateway, aux addresses.
std::set<IpAddress> reserved_addresses(const IpamConfig& pool);

/// Lowest free address for dynamic allocation: inside ip_range when set, else the subnet.
std::optional<IpAddress> first_free_address(const IpamConfig& pool, const std::set<IpAddress>& used);

/// Docker 29's daemon-side checks (validateIpamConfig); throws "invalid network config:\n...".
void validate_ipam_config(const std::vector<IpamConfig>& configs, bool enable_ipv6);

/// Fills in the gateway (first free address) unless the driver skips it (macvlan, ipvlan,
/// isolated bridges), and checks aux addresses, as libnetwork's ipamAllocate does for each
/// requested pool. Throws Docker's messages.
IpamConfig complete_pool(IpamConfig pool, bool allocate_gateway = true);

struct SubnetStatus {
  u128 ips_in_use = 0;
  u128 dynamic_ips_available = 0;
};
/// Docker 29's Status.IPAM.Subnets entry for one pool (both saturate at 2^64-1).
SubnetStatus subnet_status(const IpamConfig& pool, const std::vector<IpAddress>& endpoint_addresses);

}  // namespace docknet::model
