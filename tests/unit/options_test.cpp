#include <catch2/catch.hpp>

#include "lib/core/error.hpp"
#include "lib/model/bridge_options.hpp"
#include "lib/model/create_spec.hpp"

using namespace docknet;
using namespace docknet::model;

TEST_CASE("bridge options are typed at the boundary") {
  auto o = parse_bridge_options({{kOptBridgeName, "br0"}, {kOptEnableIcc, "false"}, {kOptMtu, "1400"},
                                 {kOptHostIpv4, "192.0.2.1"}, {"com.example.other", "kept"}});
  CHECK(o.bridge_name == "br0");
  CHECK_FALSE(o.enable_icc);
  CHECK(o.enable_masquerade);
  CHECK(o.mtu == 1400);
  CHECK(o.host_ipv4->to_string() == "192.0.2.1");
}

TEST_CASE("bad bridge option values give Docker's parse error") {
  CHECK_THROWS_WITH(parse_bridge_options({{kOptEnableIcc, "maybe"}}),
                    "failed to parse com.docker.network.bridge.enable_icc value: maybe (strconv.ParseBool: parsing \"maybe\": invalid syntax)");
  CHECK_THROWS_WITH(parse_bridge_options({{kOptMtu, "big"}}),
                    "failed to parse com.docker.network.driver.mtu value: big (strconv.Atoi: parsing \"big\": invalid syntax)");
  CHECK_THROWS_WITH(parse_bridge_options({{kOptMtu, "10"}}), "invalid MTU number: 10");
  CHECK_THROWS(parse_bridge_options({{kOptBridgeName, "a-very-long-bridge-name"}}));
}

TEST_CASE("ipam flags are grouped under the subnet that contains them") {
  IpamFlags f;
  f.subnets = {"10.1.0.0/16", "10.2.0.0/16"};
  f.gateways = {*IpAddress::parse("10.2.0.254")};
  f.ip_ranges = {*IpPrefix::parse("10.1.5.0/24")};
  f.aux_addresses = {{"host1", "10.1.0.5"}};
  auto configs = group_ipam_flags(f);
  REQUIRE(configs.size() == 2);
  CHECK(configs[0].ip_range->to_string() == "10.1.5.0/24");
  CHECK(configs[0].aux_addresses.at("host1").to_string() == "10.1.0.5");
  CHECK(configs[1].gateway->to_string() == "10.2.0.254");
}

TEST_CASE("ipam flag errors are the docker CLI's") {
  IpamFlags gw_only;
  gw_only.gateways = {*IpAddress::parse("10.0.0.1")};
  CHECK_THROWS_WITH(group_ipam_flags(gw_only), "every ip-range or gateway must have a corresponding subnet");
  IpamFlags overlap;
  overlap.subnets = {"10.0.0.0/8", "10.1.0.0/16"};
  CHECK_THROWS_WITH(group_ipam_flags(overlap), "multiple overlapping subnet configuration is not supported");
  IpamFlags stray;
  stray.subnets = {"10.0.0.0/24"};
  stray.gateways = {*IpAddress::parse("10.9.0.1")};
  CHECK_THROWS_WITH(group_ipam_flags(stray), "no matching subnet for gateway 10.9.0.1");
  IpamFlags aux;
  aux.subnets = {"10.0.0.0/24"};
  aux.aux_addresses = {{"a", "10.9.0.1"}};
  CHECK_THROWS_WITH(group_ipam_flags(aux), "no matching subnet for aux-address 10.9.0.1");
  IpamFlags bad;
  bad.subnets = {"foo"};
  // The 29 CLI parses each --subnet with netip.ParsePrefix (cli@v29.7.2:cli/command/network/
  // create.go:160-163): its words, and a bare address is no longer taken as a /32.
  CHECK_THROWS_WITH(group_ipam_flags(bad), "netip.ParsePrefix(\"foo\"): no '/'");
  IpamFlags bare;
  bare.subnets = {"10.0.0.1"};
  CHECK_THROWS_WITH(group_ipam_flags(bare), "netip.ParsePrefix(\"10.0.0.1\"): no '/'");
}

TEST_CASE("labels are validated as opts.ValidateLabel does") {
  CHECK(validate_label("a=b").empty());
  CHECK(validate_label("a").empty());
  CHECK(validate_label("=x") == "invalid label '=x': empty name");
  CHECK(validate_label("a b=c") == "label 'a b' contains whitespaces");
}
