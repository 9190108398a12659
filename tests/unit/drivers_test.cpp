// macvlan, ipvlan and none through the use cases, on fakes that answer like the kernel (which
// here, like this CI machine's, lacks dummy, vlan and ipvlan links).
#include <catch2/catch.hpp>

#include "fakes/service_helpers.hpp"
#include "lib/core/error.hpp"
#include "lib/model/naming.hpp"
#include "lib/service/create_network.hpp"
#include "lib/service/prune.hpp"
#include "lib/service/remove_network.hpp"

using namespace docknet;
using namespace docknet::fakes;
using model::Table;

TEST_CASE("macvlan: no bridge or rules, a sub-interface born in the namespace, a route only via --gateway") {
  Fixture f;
  prepare_with_parent(f);
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
  prepare_with_parent(f);
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
  prepare_with_parent(f);
  auto before = f.kernel.state;
  auto r = net("int", "macvlan");
  r.internal = true;
  CHECK_THROWS_WITH(service::create_network(f.ctx, r), "operation not supported");  // docker29-deltas row 21
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
  prepare_with_parent(f);
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

TEST_CASE("a prune of every network on a VLAN parent docknet made takes the parent too") {
  // Each network of the batch used to see the other (both still stored, both marked) and leave
  // the parent to it, so nobody deleted it.
  Fixture f;
  prepare_with_parent(f);
  f.kernel.missing_kinds.clear();
  for (const char* name : {"a", "b"}) {
    auto r = net(name, "macvlan");
    r.options = {{"parent", "vparent.10"}};
    service::create_network(f.ctx, r);
  }
  REQUIRE(f.kernel.state.links.count("vparent.10"));
  CHECK(service::prune_networks(f.ctx, {}).removed.size() == 2);
  CHECK(!f.kernel.state.links.count("vparent.10"));
  CHECK(f.kernel.state.links.count("vparent"));  // the user's link stays
}

TEST_CASE("ipvlan: l3 routes by device; without kernel support connect fails cleanly") {
  Fixture f;
  prepare_with_parent(f);
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
  prepare_with_parent(f);
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
