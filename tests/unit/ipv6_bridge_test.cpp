// IPv6 bridges and the remaining bridge options through the use cases, on the fake kernel.
#include <catch2/catch.hpp>

#include "fakes/service_helpers.hpp"
#include "lib/core/error.hpp"
#include "lib/model/naming.hpp"
#include "lib/service/create_network.hpp"
#include "lib/service/remove_network.hpp"

using namespace docknet;
using namespace docknet::fakes;
using model::Family;
using model::Table;

TEST_CASE("--ipv6 without a subnet: IPv4 and a ULA /64, both gateways on the bridge, ip6tables, forwarding") {
  Fixture f;
  prepare_with_parent(f);
  auto r = net("v6");
  r.enable_ipv6 = true;
  service::create_network(f.ctx, r);
  const auto& n = find(f, "v6");
  REQUIRE(n.ipam_config.size() == 2);
  CHECK(n.ipam_config[0].subnet.to_string() == "172.18.0.0/16");
  CHECK(n.ipam_config[1].subnet.to_string() == "fd62:fb69:18af::/64");  // from the machine ID
  CHECK(n.ipam_config[1].gateway->to_string() == "fd62:fb69:18af::1");
  std::string br = model::bridge_name(n);
  CHECK(f.kernel.state.links.at(br).addresses ==
        std::vector<IpPrefix>{*IpPrefix::parse("172.18.0.1/16"), *IpPrefix::parse("fd62:fb69:18af::1/64")});
  CHECK(f.kernel.state.sysctls.at("net/ipv6/conf/" + br + "/disable_ipv6") == "0");
  CHECK(f.kernel.state.sysctls.at("net/ipv6/conf/" + br + "/accept_ra") == "0");
  CHECK(f.kernel.state.sysctls.at("net.ipv6.conf.all.forwarding") == "1");
  CHECK(f.kernel.state.sysctls.at("net.ipv6.conf.default.forwarding") == "1");
  CHECK(f.kernel.state.forward_policy[Family::Ipv6] == "DROP");
  CHECK(f.kernel.save(Table::Nat, Family::Ipv6).find("-A POSTROUTING -s fd62:fb69:18af::/64 ! -o " + br + " -j MASQUERADE") !=
        std::string::npos);
  CHECK(f.kernel.save(Table::Filter, Family::Ipv6).find("-A FORWARD -j DOCKER-USER") != std::string::npos);

  service::remove_networks(f.ctx, {"v6"}, false);
  CHECK(f.kernel.save(Table::Nat, Family::Ipv6).find("MASQUERADE") == std::string::npos);
  CHECK(!f.kernel.state.links.count(br));
}

TEST_CASE("the second IPv6 network takes the next /64; an IPv6 --subnet needs --ipv6") {
  Fixture f;
  prepare_with_parent(f);
  auto r = net("a");
  r.enable_ipv6 = true;
  service::create_network(f.ctx, r);
  r.name = "b";
  service::create_network(f.ctx, r);
  CHECK(find(f, "b").ipam_config[1].subnet.to_string() == "fd62:fb69:18af:1::/64");
  auto plain = net("c");
  plain.ipam_config = {subnet("fd00:9::/64")};
  service::create_network(f.ctx, plain);
  REQUIRE(find(f, "c").ipam_config.size() == 1);  // the IPv6 config is ignored, as Docker does
  CHECK(find(f, "c").ipam_config[0].subnet.is_v4());
}

TEST_CASE("--ipv4=false: an IPv6-only bridge with no IPv4 address or rules") {
  Fixture f;
  prepare_with_parent(f);
  auto r = net("only6");
  r.enable_ipv4 = false;
  r.enable_ipv6 = true;
  r.ipam_config = {subnet("fd00:1::/64")};
  service::create_network(f.ctx, r);
  const auto& n = find(f, "only6");
  REQUIRE(n.ipam_config.size() == 1);
  std::string br = model::bridge_name(n);
  CHECK(f.kernel.state.links.at(br).addresses == std::vector<IpPrefix>{*IpPrefix::parse("fd00:1::1/64")});
  CHECK(f.kernel.save(Table::Filter).find(br) == std::string::npos);
  CHECK(f.kernel.save(Table::Filter, Family::Ipv6).find("-A DOCKER-FORWARD -i " + br + " -j ACCEPT") != std::string::npos);

  service::connect_container(f.ctx, to("only6", "c1"));
  const auto& e = endpoint(f, "only6", "c1");
  CHECK(!e.ipv4);
  CHECK(e.ipv6->to_string() == "fd00:1::2/64");
  auto inner = f.kernel.state.netns_links["/run/netns/c1"].at("eth0");
  CHECK(inner.addresses == std::vector<IpPrefix>{*IpPrefix::parse("fd00:1::2/64")});
  CHECK(inner.gateway6->to_string() == "fd00:1::1");
  CHECK(!inner.gateway);
  CHECK(inner.sysctls.at("net/ipv6/conf/eth0/disable_ipv6") == "0");
}

TEST_CASE("bridge refusals: no family, isolated outside an internal network, link-local subnet") {
  Fixture f;
  prepare_with_parent(f);
  auto before = f.kernel.state;
  auto none = net("x");
  none.enable_ipv4 = false;
  CHECK_THROWS_WITH(service::create_network(f.ctx, none), "IPv4 or IPv6 must be enabled");
  auto isolated = net("x");
  isolated.options = {{"com.docker.network.bridge.gateway_mode_ipv4", "isolated"}};
  CHECK_THROWS_WITH(service::create_network(f.ctx, isolated), "gateway mode 'isolated' can only be used for an internal network");
  auto ll = net("x");
  ll.enable_ipv6 = true;
  ll.ipam_config = {subnet("fe80::/80")};
  CHECK_THROWS_WITH(service::create_network(f.ctx, ll), "'fe80::1/80' clashes with the Link-Local prefix 'fe80::/64'");
  CHECK(f.kernel.state == before);
}

TEST_CASE("isolated gateway modes: no gateway, and IPv6 switched off on the bridge") {
  Fixture f;
  prepare_with_parent(f);
  auto r = net("iso");
  r.internal = true;
  r.enable_ipv6 = true;
  r.options = {{"com.docker.network.bridge.gateway_mode_ipv4", "isolated"},
               {"com.docker.network.bridge.gateway_mode_ipv6", "isolated"}};
  service::create_network(f.ctx, r);
  const auto& n = find(f, "iso");
  CHECK(!n.ipam_config[0].gateway);
  CHECK(!n.ipam_config[1].gateway);
  std::string br = model::bridge_name(n);
  CHECK(f.kernel.state.links.at(br).addresses.empty());
  CHECK(f.kernel.state.sysctls.at("net/ipv6/conf/" + br + "/disable_ipv6") == "1");
}

TEST_CASE("inhibit_ipv4 keeps the gateway off the bridge; container_iface_prefix names the interfaces") {
  Fixture f;
  prepare_with_parent(f);
  auto r = net("p");
  r.options = {{"com.docker.network.bridge.inhibit_ipv4", "true"}, {"com.docker.network.container_iface_prefix", "ctr"}};
  service::create_network(f.ctx, r);
  const auto& n = find(f, "p");
  CHECK(n.ipam_config[0].gateway->to_string() == "172.18.0.1");
  CHECK(f.kernel.state.links.at(model::bridge_name(n)).addresses.empty());
  service::connect_container(f.ctx, to("p", "c1"));
  CHECK(endpoint(f, "p", "c1").ifname == "ctr0");
  CHECK(f.kernel.state.netns_links["/run/netns/c1"].count("ctr0"));
}

TEST_CASE("dual-stack connect: both addresses, both default routes, --ip6, raw rules in both families") {
  Fixture f;
  prepare_with_parent(f);
  auto r = net("ds");
  r.enable_ipv6 = true;
  r.ipam_config = {subnet("10.10.0.0/24"), subnet("fd00:10::/64")};
  service::create_network(f.ctx, r);
  auto req = to("ds", "c1");
  req.ip6 = IpAddress::parse("fd00:10::99");
  service::connect_container(f.ctx, req);
  const auto& e = endpoint(f, "ds", "c1");
  CHECK(e.ipv4->to_string() == "10.10.0.2/24");
  CHECK(e.ipv6->to_string() == "fd00:10::99/64");
  auto inner = f.kernel.state.netns_links["/run/netns/c1"].at("eth0");
  CHECK(inner.gateway->to_string() == "10.10.0.1");
  CHECK(inner.gateway6->to_string() == "fd00:10::1");
  std::string br = model::bridge_name(find(f, "ds"));
  CHECK(f.kernel.save(Table::Raw, Family::Ipv6) == "-A PREROUTING -d fd00:10::99/128 ! -i " + br + " -j DROP\n");
  auto taken = to("ds", "c2");
  taken.ip6 = IpAddress::parse("fd00:10::99");
  CHECK_THROWS_WITH(service::connect_container(f.ctx, taken), "Address already in use");
  std::string hosts = f.kernel.state.files.at("/etc/netns/c1/hosts");
  CHECK(hosts.find("fd00:10::99\tc1 ") != std::string::npos);
  service::disconnect_container(f.ctx, "ds", "c1", false);
  CHECK(f.kernel.save(Table::Raw, Family::Ipv6).empty());
}

TEST_CASE("an IPv4-only endpoint has IPv6 off; endpoint sysctls are checked and applied") {
  Fixture f;
  prepare_with_parent(f);
  service::create_network(f.ctx, net("b"));
  auto req = to("b", "c1");
  req.driver_opts["com.docker.network.endpoint.sysctls"] = "net.ipv4.conf.IFNAME.log_martians=1";
  service::connect_container(f.ctx, req);
  auto inner = f.kernel.state.netns_links["/run/netns/c1"].at("eth0");
  CHECK(inner.sysctls.at("net/ipv6/conf/eth0/disable_ipv6") == "1");
  CHECK(inner.sysctls.at("net/ipv4/conf/eth0/log_martians") == "1");
  CHECK(endpoint(f, "b", "c1").sysctls == "net.ipv4.conf.IFNAME.log_martians=1");
  auto bad = to("b", "c2");
  bad.driver_opts["com.docker.network.endpoint.sysctls"] = "net.ipv4.conf.eth0.log_martians=1";
  CHECK_THROWS_WITH(service::connect_container(f.ctx, bad),
                    "invalid endpoint settings:\nunrecognised network interface sysctl 'net.ipv4.conf.eth0.log_martians=1'; "
                    "represent 'net.X.Y.ethN.Z=V' as 'net.X.Y.IFNAME.Z=V', 'X' must be 'ipv4', 'ipv6' or 'mpls'");
}

TEST_CASE("IPv6 create and connect: failing at any step leaves everything as it was") {
  auto request = [] {
    auto r = net("ds");
    r.enable_ipv6 = true;
    return r;
  };
  Fixture probe;
  prepare_with_parent(probe);
  service::create_network(probe.ctx, request());
  int create_steps = probe.kernel.mutations;
  probe.kernel.mutations = 0;
  service::connect_container(probe.ctx, to("ds", "c1"));
  int connect_steps = probe.kernel.mutations;
  REQUIRE(create_steps >= 8);
  int k = GENERATE_COPY(range(0, create_steps + connect_steps));
  Fixture f;
  prepare_with_parent(f);
  if (k >= create_steps) {
    service::create_network(f.ctx, request());
    f.kernel.mutations = 0;
  }
  auto kernel_before = f.kernel.state;
  auto store_before = f.store.saved;
  f.kernel.fail_at = k >= create_steps ? k - create_steps : k;
  INFO("failing mutation " << k << " of create+connect");
  if (k >= create_steps) CHECK_THROWS(service::connect_container(f.ctx, to("ds", "c1")));
  else CHECK_THROWS(service::create_network(f.ctx, request()));
  CHECK(f.kernel.state == kernel_before);
  CHECK(f.store.saved == store_before);
  CHECK(f.ctx.cleanup_failures.empty());
}
