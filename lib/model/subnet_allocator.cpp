#include "lib/model/subnet_allocator.hpp"

#include <algorithm>

namespace docknet::model {

std::vector<AddressPool> default_address_pools() {
  auto p = [](const char* s, int size) { return AddressPool{*IpPrefix::parse(s), size}; };
  return {p("172.17.0.0/16", 16), p("172.18.0.0/16", 16), p("172.19.0.0/16", 16), p("172.20.0.0/14", 16),
          p("172.24.0.0/14", 16), p("172.28.0.0/14", 16), p("192.168.0.0/16", 20)};
}

std::optional<IpPrefix> allocate_subnet(const std::vector<AddressPool>& pools, const std::vector<IpPrefix>& taken) {
  std::vector<AddressPool> sorted;
  for (const auto& p : pools)
    if (p.base.is_v4() && p.size >= p.base.len() && p.size <= 32) sorted.push_back(p);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const AddressPool& a, const AddressPool& b) { return a.base.first() < b.base.first(); });
  for (const auto& pool : sorted) {
    IpPrefix base = pool.base.masked();
    u128 step = u128(1) << (32 - pool.size);
    u128 count = u128(1) << (pool.size - base.len());
    for (u128 i = 0; i < count; ++i) {
      IpPrefix candidate(base.first().plus(i * step), pool.size);
      bool clash = std::any_of(taken.begin(), taken.end(), [&](const IpPrefix& t) { return t.overlaps(candidate); });
      if (!clash) return candidate;
    }
  }
  return std::nullopt;
}

}  // namespace docknet::model
