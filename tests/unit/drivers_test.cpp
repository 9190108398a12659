// IPv6 bridges, macvlan/ipvlan and none, through the use cases, on fakes that answer like the kernel.
#include <catch2/catch.hpp>

#include "fakes/fixture.hpp"
#include "lib/core/error.hpp"
#include "lib/model/naming.hpp"
#include "lib/service/bootstrap.hpp"
#include "lib/service/connect.hpp"
#include "lib/service/create_network.hpp"
#include "lib/service/remove_network.hpp"

using namespace docknet;
using docknet::fakes::Fixture;
using model::Family;
using model::Table;

namespace {

void prepare(Fixture& f) {
  f.kernel.namespaces = {{"/run/netns/c1", 101}, {"/run/netns/c2", 102}};
  f.kernel.state.links["vparent"] = fakes::FakeLink{.kind = "veth", .up = true};
  service::open_for_write(f.ctx);
  f.kernel.ops.clear();
  f.kernel.mutations = 0;
}

model::CreateRequest net(const std::string& name, const std::string& driver = "bridge") {
  model::CreateRequest r;
  r.name = name;
  r.driver = driver;
  return r;
}

model::IpamConfig subnet(const char* s, const char* gw = nullptr) {
  model::IpamConfig c;
  c.subnet = *IpPrefix::parse(s);
  if (gw) c.gateway = IpAddress::parse(gw);
  return c;
}

service::ConnectRequest to(const std::string& network, const std::string& c) {
  service::ConnectRequest r;
  r.network = network;
  r.container = c;
  return r;
}

const model::Network& find(const Fixture& f, const std::string& name) {
  for (const auto& n : f.store.saved->networks)
    if (n.name == name) return n;
  throw std::runtime_error("no network " + name);
}

const model::Endpoint& endpoint(const Fixture& f, const std::string& network, const std::string& container) {
  for (const auto& c : f.store.saved->containers)
    if (c.name == container) return find(f, network).containers.at(c.id);
  throw std::runtime_error("no container " + container);
}

}  // namespace

TEST_CASE("--ipv6 without a subnet: IPv4 and a ULA /64, both gateways on the bridge, ip6tables, forwarding") {
  Fixture f;
  prepare(f);
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
  prepare(f);
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
  prepare(f);
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
  prepare(f);
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
  prepare(f);
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
  prepare(f);
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
  prepare(f);
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
  prepare(f);
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

TEST_CASE("macvlan: no bridge or rules, a sub-interface born in the namespace, a route only via --gateway") {
  Fixture f;
  prepare(f);
  auto r = net("mv", "macvlan");
  r.options = {{"parent", "vparent"}, {"macvlan_mode", "private"}};
  r.ipam_config = {subnet("10.50.0.0/24", "10.50.0.254")};
  service::create_network(f.ctx, r);
  auto plain = net("mv2", "macvlan");
  plain.options = {{"parent", "vparent"}};
  service::create_network(f.ctx, plain);
  CHECK(!find(f, "mv2").ipam_config[0].gateway);  // Docker 28+: no gateway unless given
  CHECK(f.kernel.save(Table::Filter).find("vparent") == std::string::npos);

  service::connect_container(f.ctx, to("mv", "c1"));
  service::connect_container(f.ctx, to("mv2", "c2"));
  auto mv = f.kernel.state.netns_links["/run/netns/c1"].at("eth0");
  CHECK(mv.kind == "macvlan");
  CHECK(mv.parent == "vparent");
  CHECK(mv.mode == "private");
  CHECK(mv.addresses == std::vector<IpPrefix>{*IpPrefix::parse("10.50.0.1/24")});
  CHECK(mv.gateway->to_string() == "10.50.0.254");
  auto mv2 = f.kernel.state.netns_links["/run/netns/c2"].at("eth0");
  CHECK(!mv2.gateway);
  CHECK(endpoint(f, "mv", "c1").host_ifname.empty());
  CHECK(f.kernel.save(Table::Raw).empty());

  service::disconnect_container(f.ctx, "mv", "c1", false);
  CHECK(!f.kernel.state.netns_links.count("/run/netns/c1"));
  service::disconnect_container(f.ctx, "mv2", "c2", false);
  service::remove_networks(f.ctx, {"mv", "mv2"}, false);
  CHECK(f.kernel.state.links.count("vparent"));  // the user's parent stays
}

TEST_CASE("macvlan and ipvlan refusals, in Docker's words") {
  Fixture f;
  prepare(f);
  auto before = f.kernel.state;
  auto r = net("m", "macvlan");
  r.options = {{"parent", "vparent"}, {"macvlan_mode", "bogus"}};
  CHECK_THROWS_WITH(service::create_network(f.ctx, r),
                    "requested macvlan mode 'bogus' is not valid, 'bridge' mode is the macvlan driver default");
  r.options = {{"parent", "lo"}};
  CHECK_THROWS_WITH(service::create_network(f.ctx, r), "loopback interface is not a valid macvlan parent link");
  r.options = {{"parent", "nosuch"}};
  CHECK_THROWS_WITH(service::create_network(f.ctx, r), "invalid subinterface vlan name nosuch, example formatting is eth0.10");
  r.options = {{"parent", "nosuch.10"}};
  CHECK_THROWS_WITH(service::create_network(f.ctx, r), "-o parent interface was not found on the host: nosuch");
  r.options = {{"parent", "vparent.5000"}};
  CHECK_THROWS_WITH(service::create_network(f.ctx, r), "vlan id must be between 1-4094, received: 5000");
  auto iv = net("i", "ipvlan");
  iv.options = {{"parent", "vparent"}, {"ipvlan_flag", "x"}};
  CHECK_THROWS_WITH(service::create_network(f.ctx, iv),
                    "requested ipvlan flag 'x' is not valid, 'bridge' is the ipvlan driver default");
  CHECK(f.kernel.state == before);

  r.options = {{"parent", "vparent"}, {"macvlan_mode", "passthru"}};
  std::string id = service::create_network(f.ctx, r);
  auto second = net("m2", "macvlan");
  second.options = {{"parent", "vparent"}};
  CHECK_THROWS_WITH(service::create_network(f.ctx, second),
                    "macvlan network " + id + " is already using parent interface vparent in mode passthru");
  iv.options = {{"parent", "vparent"}};
  std::string iv_id = service::create_network(f.ctx, iv);
  iv.name = "i2";
  CHECK_THROWS_WITH(service::create_network(f.ctx, iv),
                    "network di-" + iv_id.substr(0, 12) + " is already using parent interface vparent");
}

TEST_CASE("no parent: a dummy link dm-<id>, made and removed with the network; a clear error without dummy support") {
  Fixture f;
  prepare(f);
  auto before = f.kernel.state;
  auto r = net("int", "macvlan");
  r.internal = true;
  CHECK_THROWS_WITH(service::create_network(f.ctx, r), Catch::Contains("this kernel has no dummy link support"));
  CHECK(f.kernel.state == before);
  CHECK(f.store.saved->networks.size() == 3);
  f.kernel.missing_kinds.clear();
  std::string id = service::create_network(f.ctx, r);
  std::string dummy = "dm-" + id.substr(0, 12);
  REQUIRE(f.kernel.state.links.count(dummy));
  CHECK(find(f, "int").parent_link_created);
  service::connect_container(f.ctx, to("int", "c1"));
  CHECK(!f.kernel.state.netns_links["/run/netns/c1"].at("eth0").gateway);  // internal: no route
  service::disconnect_container(f.ctx, "int", "c1", false);
  service::remove_networks(f.ctx, {"int"}, false);
  CHECK(!f.kernel.state.links.count(dummy));
}

TEST_CASE("a VLAN parent docknet made is shared and goes with its last network") {
  Fixture f;
  prepare(f);
  f.kernel.missing_kinds.clear();
  auto a = net("a", "macvlan");
  a.options = {{"parent", "vparent.10"}};
  service::create_network(f.ctx, a);
  REQUIRE(f.kernel.state.links.count("vparent.10"));
  CHECK(f.kernel.state.links.at("vparent.10").parent == "vparent");
  auto b = net("b", "macvlan");
  b.options = {{"parent", "vparent.10"}};
  service::create_network(f.ctx, b);
  CHECK(find(f, "b").parent_link_created);
  service::remove_networks(f.ctx, {"a"}, false);
  CHECK(f.kernel.state.links.count("vparent.10"));
  service::remove_networks(f.ctx, {"b"}, false);
  CHECK(!f.kernel.state.links.count("vparent.10"));
}

TEST_CASE("ipvlan: l3 routes by device; without kernel support connect fails cleanly") {
  Fixture f;
  prepare(f);
  auto r = net("iv", "ipvlan");
  r.options = {{"parent", "vparent"}, {"ipvlan_mode", "l3"}};
  service::create_network(f.ctx, r);
  auto kernel_before = f.kernel.state;
  auto store_before = f.store.saved;
  CHECK_THROWS_WITH(service::connect_container(f.ctx, to("iv", "c1")), Catch::Contains("no ipvlan link support"));
  CHECK(f.kernel.state == kernel_before);
  CHECK(f.store.saved == store_before);
  f.kernel.missing_kinds.clear();
  service::connect_container(f.ctx, to("iv", "c1"));
  const auto& e = endpoint(f, "iv", "c1");
  CHECK(e.mac_address.empty());
  auto inner = f.kernel.state.netns_links["/run/netns/c1"].at("eth0");
  CHECK(inner.kind == "ipvlan");
  CHECK(inner.mode == "l3");
  CHECK(inner.gateway->to_string() == "0.0.0.0");  // the fake's mark for "default dev eth0"
}

TEST_CASE("none: an interface-less endpoint that excludes every other network") {
  Fixture f;
  prepare(f);
  service::create_network(f.ctx, net("b"));
  auto before = f.kernel.state.netns_links;
  service::connect_container(f.ctx, to("none", "c1"));
  CHECK(f.kernel.state.netns_links == before);
  const auto& e = endpoint(f, "none", "c1");
  CHECK(!e.ipv4);
  CHECK(e.mac_address.empty());
  const char* msg = "container cannot be connected to multiple networks with one of the networks in private (none) mode";
  CHECK_THROWS_WITH(service::connect_container(f.ctx, to("b", "c1")), msg);
  service::connect_container(f.ctx, to("b", "c2"));
  CHECK_THROWS_WITH(service::connect_container(f.ctx, to("none", "c2")), msg);
  service::disconnect_container(f.ctx, "none", "c1", false);
  service::connect_container(f.ctx, to("b", "c1"));
}

TEST_CASE("IPv6 create and connect: failing at any step leaves everything as it was") {
  auto request = [] {
    auto r = net("ds");
    r.enable_ipv6 = true;
    return r;
  };
  Fixture probe;
  prepare(probe);
  service::create_network(probe.ctx, request());
  int create_steps = probe.kernel.mutations;
  probe.kernel.mutations = 0;
  service::connect_container(probe.ctx, to("ds", "c1"));
  int connect_steps = probe.kernel.mutations;
  REQUIRE(create_steps >= 8);
  int k = GENERATE_COPY(range(0, create_steps + connect_steps));
  Fixture f;
  prepare(f);
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
