// IPv6 in the pure model: Docker's ULA derivation, per-family allocation, the ip6tables layout.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "lib/core/sha256.hpp"
#include "lib/core/strings.hpp"
#include "lib/model/bridge_options.hpp"
#include "lib/model/endpoint_options.hpp"
#include "lib/model/firewall_rules.hpp"
#include "lib/model/ipam.hpp"
#include "lib/model/subnet_allocator.hpp"
#include "tests/unit/rules_of.hpp"

using namespace docknet;
using namespace docknet::model;
using testing::endpoint_rules;
using testing::network_families;
using testing::network_rules;

namespace {

std::string hex(const std::array<uint8_t, 32>& d) {
  std::string s;
  for (auto b : d) s += fmt::format("{:02x}", b);
  return s;
}

Network dual_stack(StringMap options = {}, bool internal = false) {
  Network n;
  n.name = "x";
  n.id = "0123456789abcdef";
  n.enable_ipv6 = true;
  n.options = std::move(options);
  n.options[kOptBridgeName] = "br-dummy";
  n.internal = internal;
  n.ipam_config.push_back(IpamConfig{*IpPrefix::parse("192.168.0.0/24"), {}, {}, {}});
  n.ipam_config.push_back(IpamConfig{*IpPrefix::parse("fd49:efd7:54aa::/64"), {}, {}, {}});
  return n;
}

std::vector<std::string> render6(const std::vector<Rule>& rules) {
  std::vector<std::string> out;
  for (const auto& r : rules)
    if (r.family == Family::Ipv6) out.push_back(std::string(table_name(r.table)) + " " + render_rule(r));
  return out;
}

}  // namespace

TEST_CASE("sha256 matches FIPS 180-4 test vectors") {
  CHECK(hex(sha256("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(hex(sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(hex(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("the ULA pool is derived from the host ID exactly as moby's TestDeriveULABaseNetwork") {
  CHECK(ula_pool("").base.to_string() == "fd42:98fc:1c14::/48");
  CHECK(ula_pool("499d4bc0-b0b3-416f-b1ee-cf6486315593").base.to_string() == "fd62:fb69:18af::/48");
  CHECK(ula_pool("x").size == 64);
}

TEST_CASE("pools per family: configured IPv6 pools replace the ULA, IPv4 pools never mix in") {
  auto v6 = pools_for_family(default_address_pools(), true, "");
  REQUIRE(v6.size() == 1);
  CHECK(v6[0].base.to_string() == "fd42:98fc:1c14::/48");
  std::vector<AddressPool> configured{{*IpPrefix::parse("10.0.0.0/8"), 24}, {*IpPrefix::parse("2001:db8::/56"), 64}};
  auto only6 = pools_for_family(configured, true, "");
  REQUIRE(only6.size() == 1);
  CHECK(only6[0].base.to_string() == "2001:db8::/56");
  CHECK(pools_for_family(configured, false, "").size() == 1);
}

TEST_CASE("IPv6 subnets: the lowest free /64, skipping taken ones") {
  std::vector<AddressPool> pools{ula_pool("")};
  CHECK(allocate_subnet(pools, {}, true)->to_string() == "fd42:98fc:1c14::/64");
  std::vector<IpPrefix> taken{*IpPrefix::parse("fd42:98fc:1c14::/64"), *IpPrefix::parse("fd42:98fc:1c14:1::/64")};
  CHECK(allocate_subnet(pools, taken, true)->to_string() == "fd42:98fc:1c14:2::/64");
  CHECK(!allocate_subnet(pools, {}, false));  // no IPv4 pool in the list
}

TEST_CASE("IPv6 pools: gateway ::1, the subnet-router anycast reserved, no broadcast") {
  IpamConfig pool{*IpPrefix::parse("fd00:1::/64"), {}, {}, {}};
  auto done = complete_pool(pool);
  CHECK(done.gateway->to_string() == "fd00:1::1");
  CHECK(first_free_address(done, {})->to_string() == "fd00:1::2");
  CHECK(!complete_pool(pool, false).gateway);  // macvlan, ipvlan, isolated: no gateway
  auto status = subnet_status(done, {});
  CHECK(status.ips_in_use == 2);
  CHECK(status.dynamic_ips_available == (u128(1) << 64) - 2);
  IpamConfig huge{*IpPrefix::parse("fd00::/48"), {}, {}, {}};
  CHECK(subnet_status(huge, {}).dynamic_ips_available == (u128(1) << 64) - 1);  // saturates
}

// Expected lines are those of moby's iptabler ip6tables goldens, Docker 29.
TEST_CASE("ip6tables: nat network, hairpin=true,internal=false,icc=true,masq=true,gwm=nat") {
  auto n = dual_stack();
  n.containers["c"] = Endpoint{.container_id = "c", .ipv6 = IpPrefix::parse("fd49:efd7:54aa::1/64")};
  CHECK(render6(network_rules(n)) == std::vector<std::string>{
      "nat -A POSTROUTING -s fd49:efd7:54aa::/64 ! -o br-dummy -j MASQUERADE",
      "nat -A POSTROUTING -o br-dummy -m addrtype --src-type LOCAL -j MASQUERADE",
      "filter -A DOCKER-FORWARD -i br-dummy -j ACCEPT",
      "filter -A DOCKER ! -i br-dummy -o br-dummy -j DROP",
      "filter -A DOCKER-CT -o br-dummy -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
      "filter -A DOCKER-BRIDGE -o br-dummy -j DOCKER",
      "raw -A PREROUTING -d fd49:efd7:54aa::1/128 ! -i br-dummy -j DROP"});
}

TEST_CASE("ip6tables: internal network names both interfaces") {
  CHECK(render6(network_rules(dual_stack({}, true))) == std::vector<std::string>{
      "filter -A DOCKER-INTERNAL ! -d fd49:efd7:54aa::/64 -i br-dummy ! -o br-dummy -j DROP",
      "filter -A DOCKER-INTERNAL ! -s fd49:efd7:54aa::/64 ! -i br-dummy -o br-dummy -j DROP",
      "filter -A DOCKER-FORWARD -i br-dummy -o br-dummy -j ACCEPT"});
}

TEST_CASE("ip6tables: routed IPv6 accepts ipv6-icmp, no subnet NAT and no raw rule; IPv4 stays nat") {
  auto n = dual_stack({{kOptGatewayModeIpv6, "routed"}});
  n.containers["c"] = Endpoint{.container_id = "c", .ipv4 = IpPrefix::parse("192.168.0.2/24"),
                               .ipv6 = IpPrefix::parse("fd49:efd7:54aa::2/64")};
  auto six = render6(network_rules(n));
  CHECK(std::find(six.begin(), six.end(), "filter -A DOCKER -o br-dummy -p ipv6-icmp -j ACCEPT") != six.end());
  for (const auto& line : six) {
    // Only the hairpin masquerade of locally sent packets (golden gwm=routed, hairpin=true).
    if (line.find("MASQUERADE") != std::string::npos)
      CHECK(line == "nat -A POSTROUTING -o br-dummy -m addrtype --src-type LOCAL -j MASQUERADE");
    CHECK(line.rfind("raw", 0) != 0);
  }
  CHECK(endpoint_rules(n, n.containers["c"]).size() == 1);  // the IPv4 raw rule only
}

TEST_CASE("an IPv6-only network has no iptables rules, an IPv4-only one no ip6tables rules") {
  auto only6 = dual_stack();
  only6.enable_ipv4 = false;
  for (const auto& r : network_rules(only6)) CHECK(r.family == Family::Ipv6);
  CHECK(network_families(only6) == std::vector<Family>{Family::Ipv6});
  auto only4 = dual_stack();
  only4.enable_ipv6 = false;
  CHECK(render6(network_rules(only4)).empty());
}

TEST_CASE("the ip6tables base layout: local traffic to any local address goes through DOCKER (no proxy)") {
  auto base = base_rules(Family::Ipv6);
  bool found = false;
  for (const auto& r : base.rules) found = found || render_rule(r) == "-A OUTPUT -m addrtype --dst-type LOCAL -j DOCKER";
  CHECK(found);
  for (const auto& c : base.chains) CHECK(c.family == Family::Ipv6);
}

TEST_CASE("endpoint sysctls: Docker's validation and the per-interface paths") {
  CHECK(sysctl_option_errors("net.ipv4.conf.IFNAME.forwarding=1,net.ipv6.conf.ifname.accept_ra=2").empty());
  auto errs = sysctl_option_errors("net.ipv4.conf.eth0.forwarding=1,kernel.x.y.IFNAME.z=1");
  REQUIRE(errs.size() == 2);
  CHECK(errs[0] == "unrecognised network interface sysctl 'net.ipv4.conf.eth0.forwarding=1'; represent "
                   "'net.X.Y.ethN.Z=V' as 'net.X.Y.IFNAME.Z=V', 'X' must be 'ipv4', 'ipv6' or 'mpls'");
  auto paths = interface_sysctls("net.ipv4.conf.IFNAME.forwarding=1,net.ipv6.conf.IFNAME.accept_ra=2", "eth1");
  CHECK(paths == std::vector<std::pair<std::string, std::string>>{{"net/ipv4/conf/eth1/forwarding", "1"},
                                                                  {"net/ipv6/conf/eth1/accept_ra", "2"}});
  CHECK_THROWS_WITH(interface_sysctls("net.ipv4.conf.IFNAME.a.b=1", "eth0"),
                    "expected sysctl 'net.ipv4.conf.IFNAME.a.b=1' to have format net.X.Y.IFNAME.Z");
}

TEST_CASE("split_csv reads a flag value as pflag's StringSlice does") {
  CHECK(split_csv("a,b") == std::vector<std::string>{"a", "b"});
  CHECK(split_csv("\"k=x,y\",z") == std::vector<std::string>{"k=x,y", "z"});
  CHECK(split_csv("\"say \"\"hi\"\"\"") == std::vector<std::string>{"say \"hi\""});
}
