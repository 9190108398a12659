#include "lib/model/ipam.hpp"

#include <algorithm>

#include "lib/model/messages.hpp"

namespace docknet::model {

static bool has_broadcast(const IpPrefix& subnet) { return subnet.is_v4() && subnet.len() < 31; }

std::set<IpAddress> reserved_addresses(const IpamConfig& pool) {
  std::set<IpAddress> r;
  IpPrefix subnet = pool.subnet.masked();
  // /31 and /32 (RFC 3021) have no network or broadcast address to hold back.
  if (!(subnet.is_v4() && subnet.len() >= 31)) r.insert(subnet.first());
  if (has_broadcast(subnet)) r.insert(subnet.last());
  if (pool.gateway) r.insert(*pool.gateway);
  for (const auto& [_, ip] : pool.aux_addresses) r.insert(ip);
  return r;
}

std::optional<IpAddress> first_free_address(const IpamConfig& pool, const std::set<IpAddress>& used) {
  IpPrefix range = pool.ip_range ? pool.ip_range->masked() : pool.subnet.masked();
  auto reserved = reserved_addresses(pool);
  u128 size = range.size();
  // Bounded scan: a pool with more than 2^20 taken addresses is not a case docknet meets.
  u128 limit = size < (u128(1) << 20) ? size : (u128(1) << 20);
  for (u128 i = 0; i < limit; ++i) {
    IpAddress candidate = range.nth(i);
    if (!pool.subnet.contains(candidate)) break;
    if (reserved.count(candidate) || used.count(candidate)) continue;
    return candidate;
  }
  return std::nullopt;
}

static void check_address(std::vector<std::string>& errs, const std::string& what, const IpAddress& ip,
                          const IpPrefix& subnet) {
  int family = subnet.is_v4() ? 4 : 6;
  if (ip.is_v4() != subnet.is_v4())
    errs.push_back(msg::address_wrong_family(what, family));
  else if (!subnet.contains(ip))
    errs.push_back(msg::address_outside_subnet(what, subnet));
}

void validate_ipam_config(const std::vector<IpamConfig>& configs, bool enable_ipv6) {
  std::vector<std::string> errs;
  for (const auto& c : configs) {
    if (!enable_ipv6 && !c.subnet.is_v4()) continue;
    int family = c.subnet.is_v4() ? 4 : 6;
    if (!c.subnet.is_masked()) errs.push_back(msg::subnet_not_masked(c.subnet));
    if (c.ip_range) {
      const auto& r = *c.ip_range;
      if (r.is_v4() != c.subnet.is_v4()) {
        errs.push_back(msg::ip_range_wrong_family(r, family));
      } else {
        if (r.len() < c.subnet.len()) errs.push_back(msg::ip_range_bigger_than_subnet(r, c.subnet));
        if (!r.is_masked()) errs.push_back(msg::ip_range_not_masked(r));
        if (!c.subnet.overlaps(r)) errs.push_back(msg::ip_range_outside_subnet(r, c.subnet));
      }
    }
    if (c.gateway) check_address(errs, msg::gateway_subject(*c.gateway), *c.gateway, c.subnet);
    for (const auto& [name, ip] : c.aux_addresses) check_address(errs, msg::aux_address_subject(name), ip, c.subnet);
  }
  if (!errs.empty()) throw msg::invalid_network_config(errs);
}

IpamConfig complete_pool(IpamConfig pool, bool allocate_gateway) {
  auto aux = std::move(pool.aux_addresses);
  pool.aux_addresses.clear();
  if (!pool.gateway && allocate_gateway) {
    pool.gateway = first_free_address(pool, {});
    if (!pool.gateway) throw msg::no_gateway_address();
  }
  // libnetwork reserves the gateway first, then each aux address; a clash is an allocation error.
  std::set<IpAddress> taken = reserved_addresses(pool);
  for (const auto& [name, ip] : aux) {
    if (!pool.subnet.contains(ip)) throw msg::aux_address_outside_pool(name, ip, pool.subnet);
    if (taken.count(ip) && !(pool.subnet.is_v4() && pool.subnet.len() >= 31)) throw msg::aux_address_in_use(name, ip);
    taken.insert(ip);
    pool.aux_addresses[name] = ip;
  }
  return pool;
}

SubnetStatus subnet_status(const IpamConfig& pool, const std::vector<IpAddress>& endpoint_addresses) {
  std::set<IpAddress> used = reserved_addresses(pool);
  for (const auto& ip : endpoint_addresses)
    if (pool.subnet.contains(ip)) used.insert(ip);
  IpPrefix range = pool.ip_range ? pool.ip_range->masked() : pool.subnet.masked();
  u128 used_in_range = 0;
  for (const auto& ip : used)
    if (range.contains(ip)) ++used_in_range;
  SubnetStatus s;
  // Exact counts, saturating at 2^64-1 as Docker's uint64 fields do.
  const u128 max = (u128(1) << 64) - 1;
  int host_bits = range.addr().bits() - range.len();
  u128 size = host_bits >= 127 ? ~u128(0) : u128(1) << host_bits;
  u128 available = size > used_in_range ? size - used_in_range : 0;
  s.ips_in_use = std::min<u128>(used.size(), max);
  s.dynamic_ips_available = std::min(available, max);
  return s;
}

}  // namespace docknet::model
