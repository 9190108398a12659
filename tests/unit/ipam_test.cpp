#include <catch2/catch.hpp>

#include <algorithm>

#include "lib/core/error.hpp"
#include "lib/model/ipam.hpp"
#include "lib/model/subnet_allocator.hpp"

using namespace docknet;
using namespace docknet::model;

static IpPrefix P(const char* s) { return *IpPrefix::parse(s); }
static IpAddress A(const char* s) { return *IpAddress::parse(s); }

TEST_CASE("default pools: lowest free prefix first, as Docker 27+") {
  auto pools = default_address_pools();
  CHECK(allocate_subnet(pools, {})->to_string() == "172.17.0.0/16");
  CHECK(allocate_subnet(pools, {P("172.17.0.0/16")})->to_string() == "172.18.0.0/16");
  // A freed subnet is reused at once (20.10 rotated instead).
  CHECK(allocate_subnet(pools, {P("172.17.0.0/16"), P("172.19.0.0/16")})->to_string() == "172.18.0.0/16");
}

TEST_CASE("after 172.31.0.0/16 come the 192.168.0.0/20 pools") {
  std::vector<IpPrefix> taken;
  for (int i = 17; i <= 31; ++i) taken.push_back(*IpPrefix::parse("172." + std::to_string(i) + ".0.0/16"));
  CHECK(allocate_subnet(default_address_pools(), taken)->to_string() == "192.168.0.0/20");
  taken.push_back(P("192.168.0.0/20"));
  CHECK(allocate_subnet(default_address_pools(), taken)->to_string() == "192.168.16.0/20");
}

TEST_CASE("31 default subnets, then exhaustion") {
  std::vector<IpPrefix> taken;
  for (int i = 0; i < 31; ++i) {
    auto s = allocate_subnet(default_address_pools(), taken);
    REQUIRE(s);
    taken.push_back(*s);
  }
  CHECK_FALSE(allocate_subnet(default_address_pools(), taken));
}

TEST_CASE("pools overlapping on-link routes or nameservers are skipped") {
  auto pools = default_address_pools();
  CHECK(allocate_subnet(pools, {P("172.17.0.0/16"), P("172.18.5.0/24")})->to_string() == "172.19.0.0/16");
  CHECK(allocate_subnet(pools, {P("172.17.0.0/16"), P("172.18.0.53/32")})->to_string() == "172.19.0.0/16");
  // A wide route covering several pools blocks all of them.
  CHECK(allocate_subnet(pools, {P("172.16.0.0/12")})->to_string() == "192.168.0.0/20");
}

TEST_CASE("configured pools replace the defaults") {
  std::vector<AddressPool> pools{{P("10.10.0.0/16"), 24}};
  CHECK(allocate_subnet(pools, {})->to_string() == "10.10.0.0/24");
  CHECK(allocate_subnet(pools, {P("10.10.0.0/24")})->to_string() == "10.10.1.0/24");
}

TEST_CASE("the gateway is the first free address; with an ip-range, the range's first") {
  IpamConfig c;
  c.subnet = P("172.18.0.0/16");
  CHECK(complete_pool(c).gateway->to_string() == "172.18.0.1");
  c.ip_range = P("172.18.5.0/24");
  CHECK(complete_pool(c).gateway->to_string() == "172.18.5.0");
  IpamConfig given;
  given.subnet = P("10.10.0.0/24");
  given.gateway = A("10.10.0.254");
  CHECK(complete_pool(given).gateway->to_string() == "10.10.0.254");
}

TEST_CASE("aux addresses are reserved after the gateway") {
  IpamConfig c;
  c.subnet = P("10.0.0.0/24");
  c.aux_addresses["router"] = A("10.0.0.1");
  CHECK_THROWS_WITH(complete_pool(c), "failed to allocate secondary ip address (router:10.0.0.1): Address already in use");
  c.aux_addresses = {{"dns", A("10.0.0.2")}};
  auto done = complete_pool(c);
  CHECK(first_free_address(done, {})->to_string() == "10.0.0.3");
}

TEST_CASE("endpoint addresses: lowest free, network and broadcast held back") {
  IpamConfig c;
  c.subnet = P("10.0.0.0/30");
  c.gateway = A("10.0.0.1");
  CHECK(first_free_address(c, {})->to_string() == "10.0.0.2");
  CHECK_FALSE(first_free_address(c, {A("10.0.0.2")}));
}

TEST_CASE("daemon-side validation uses Docker 29's words") {
  IpamConfig c;
  c.subnet = P("172.18.0.1/16");
  CHECK_THROWS_WITH(validate_ipam_config({c}, false), "invalid network config:\ninvalid subnet 172.18.0.1/16: it should be 172.18.0.0/16");
  IpamConfig r;
  r.subnet = P("10.0.0.0/24");
  r.ip_range = P("10.0.0.0/16");
  CHECK_THROWS_WITH(validate_ipam_config({r}, false),
                    "invalid network config:\ninvalid ip-range 10.0.0.0/16: CIDR block is bigger than its parent subnet 10.0.0.0/24");
  IpamConfig g;
  g.subnet = P("10.0.0.0/24");
  g.gateway = A("10.0.1.1");
  CHECK_THROWS_WITH(validate_ipam_config({g}, false),
                    "invalid network config:\ninvalid gateway 10.0.1.1: parent subnet 10.0.0.0/24 doesn't contain this address");
}

TEST_CASE("subnet status counts what Docker 29's inspect shows") {
  IpamConfig c;
  c.subnet = P("172.18.0.0/16");
  c.gateway = A("172.18.0.1");
  auto s = subnet_status(c, {A("172.18.0.2"), A("172.18.0.3")});
  CHECK(s.ips_in_use == 5);
  CHECK(s.dynamic_ips_available == 65531);
  IpamConfig small;
  small.subnet = P("172.20.0.0/24");
  small.gateway = A("172.20.0.1");
  auto t = subnet_status(small, {A("172.20.0.10"), A("172.20.0.11")});
  CHECK(t.ips_in_use == 5);
  CHECK(t.dynamic_ips_available == 251);
}

// The allocator skips over taken ranges with a binary search; it must pick exactly the subnet
// a one-by-one scan would, whatever the taken prefixes are (nested, wider than the pool's
// size, outside the pools, of the other family).
TEST_CASE("allocate_subnet picks what a one-by-one scan picks") {
  auto brute = [](const std::vector<AddressPool>& pools, const std::vector<IpPrefix>& taken) -> std::optional<IpPrefix> {
    std::vector<AddressPool> sorted = pools;
    std::stable_sort(sorted.begin(), sorted.end(), [](const AddressPool& a, const AddressPool& b) { return a.base.first() < b.base.first(); });
    for (const auto& p : sorted)
      for (u128 i = 0; i < (u128(1) << (p.size - p.base.len())); ++i) {
        IpPrefix c(p.base.masked().first().plus(i << (32 - p.size)), p.size);
        if (std::none_of(taken.begin(), taken.end(), [&](const IpPrefix& t) { return t.overlaps(c); })) return c;
      }
    return std::nullopt;
  };
  uint32_t seed = 12345;
  auto rnd = [&](uint32_t n) { seed = seed * 1103515245u + 12345u; return (seed >> 8) % n; };
  std::vector<AddressPool> pools{{*IpPrefix::parse("10.0.0.0/20"), 24}, {*IpPrefix::parse("10.1.0.0/22"), 26}};
  for (int round = 0; round < 300; ++round) {
    std::vector<IpPrefix> taken;
    int n = static_cast<int>(rnd(40));
    for (int k = 0; k < n; ++k) {
      int len = 18 + static_cast<int>(rnd(12));
      uint32_t addr = (10u << 24) | (rnd(2) << 16) | (rnd(64) << 10) | (rnd(1024));
      taken.push_back(IpPrefix(IpAddress::from_v4(addr), len).masked());
    }
    if (rnd(4) == 0) taken.push_back(*IpPrefix::parse("fd00::/64"));
    INFO("round " << round);
    CHECK(allocate_subnet(pools, taken, false) == brute(pools, taken));
  }
}
