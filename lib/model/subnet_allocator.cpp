#include "lib/model/subnet_allocator.hpp"

#include <algorithm>

#include "lib/core/sha256.hpp"

namespace docknet::model {

std::vector<AddressPool> default_address_pools() {
  auto p = [](const char* s, int size) { return AddressPool{*IpPrefix::parse(s), size}; };
  return {p("172.17.0.0/16", 16), p("172.18.0.0/16", 16), p("172.19.0.0/16", 16), p("172.20.0.0/14", 16),
          p("172.24.0.0/14", 16), p("172.28.0.0/14", 16), p("192.168.0.0/16", 20)};
}

AddressPool ula_pool(const std::string& host_id) {
  auto digest = sha256(host_id);
  u128 global_id = 0;
  for (int i = 3; i < 8; ++i) global_id = global_id << 8 | digest[i];
  IpAddress base = IpAddress::parse("fd00::")->plus(global_id << 80);
  return AddressPool{IpPrefix(base, 48), 64};
}

std::vector<AddressPool> pools_for_family(const std::vector<AddressPool>& configured, bool v6, const std::string& host_id) {
  std::vector<AddressPool> out;
  for (const auto& p : configured)
    if (p.base.is_v4() != v6) out.push_back(p);
  if (v6 && out.empty()) out.push_back(ula_pool(host_id));
  return out;
}

namespace {

/// The taken prefixes of one family sorted by first address, each with the highest last
/// address of it and every prefix before it: an overlap test is then one binary search.
class TakenRanges {
 public:
  TakenRanges(const std::vector<IpPrefix>& taken, bool v6) {
    for (const auto& t : taken)
      if (t.is_v4() != v6) ranges_.push_back({t.first().value(), t.last().value(), 0});
    std::sort(ranges_.begin(), ranges_.end(), [](const Range& a, const Range& b) { return a.first < b.first; });
    u128 reach = 0;
    for (auto& r : ranges_) r.reach = reach = std::max(reach, r.last);
  }
  /// nullopt when [first, last] is free; otherwise an address all clashes end by, so the next
  /// candidate worth trying starts after it.
  std::optional<u128> clash(u128 first, u128 last) const {
    auto it = std::upper_bound(ranges_.begin(), ranges_.end(), last, [](u128 v, const Range& r) { return v < r.first; });
    if (it == ranges_.begin()) return std::nullopt;
    const Range& before = *std::prev(it);
    if (before.reach < first) return std::nullopt;
    return before.reach;
  }

 private:
  struct Range {
    u128 first, last, reach;
  };
  std::vector<Range> ranges_;
};

}  // namespace

std::optional<IpPrefix> allocate_subnet(const std::vector<AddressPool>& pools, const std::vector<IpPrefix>& taken,
                                        bool v6) {
  std::vector<AddressPool> sorted;
  int bits = v6 ? 128 : 32;
  for (const auto& p : pools)
    if (p.base.is_v4() != v6 && p.size >= p.base.len() && p.size <= bits) sorted.push_back(p);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const AddressPool& a, const AddressPool& b) { return a.base.first() < b.base.first(); });
  TakenRanges in_use(taken, v6);
  for (const auto& pool : sorted) {
    IpPrefix base = pool.base.masked();
    u128 step = pool.size == 0 ? 0 : u128(1) << (bits - pool.size);
    int split_bits = pool.size - base.len();
    // A huge split (an IPv6 /16 into /64s) is scanned only as far as any real host gets.
    u128 count = split_bits >= 20 ? u128(1) << 20 : u128(1) << split_bits;
    u128 start = base.first().value();
    for (u128 i = 0; i < count;) {
      IpPrefix candidate(base.first().plus(i * step), pool.size);
      auto clash_end = in_use.clash(candidate.first().value(), candidate.last().value());
      if (!clash_end) return candidate;
      // Skip every candidate that starts at or before the end of what clashed.
      u128 next = step == 0 ? count : (*clash_end - start) / step + 1;
      i = std::max(i + 1, next);
    }
  }
  return std::nullopt;
}

}  // namespace docknet::model
