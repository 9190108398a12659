#include <catch2/catch.hpp>

#include "fakes/fixture.hpp"
#include "lib/core/error.hpp"
#include "lib/model/naming.hpp"
#include "lib/service/bootstrap.hpp"
#include "lib/service/create_network.hpp"
#include "lib/service/prune.hpp"
#include "lib/service/query.hpp"
#include "lib/service/remove_network.hpp"

using namespace docknet;
using namespace docknet::model;
using docknet::fakes::Fixture;

static CreateRequest named(const std::string& name) {
  CreateRequest r;
  r.name = name;
  return r;
}

static const Network& find(const Fixture& f, const std::string& name) {
  for (const auto& n : f.store.saved->networks)
    if (n.name == name) return n;
  FAIL("no network " << name);
  throw;
}

TEST_CASE("a read-only session records the built-in networks without touching the kernel") {
  Fixture f;
  auto before = f.kernel.state;
  auto s = service::open_for_read(f.ctx);
  REQUIRE(s.state.networks.size() == 3);
  CHECK(s.state.networks[0].name == "bridge");
  CHECK(s.state.networks[0].ipam_config[0].subnet.to_string() == "172.17.0.0/16");
  CHECK(s.state.networks[1].driver == "host");
  CHECK(s.state.networks[2].driver == "null");
  CHECK(f.kernel.state == before);
  CHECK(f.kernel.ops.empty());
}

TEST_CASE("a read-only session on no store yet shows the built-in networks and saves nothing") {
  Fixture f;
  f.store.exists = false;  // no state directory: a read must not make one
  auto s = service::open_for_read(f.ctx);
  REQUIRE(s.state.networks.size() == 3);
  CHECK(s.state.networks[0].name == "bridge");
  CHECK(f.store.saves == 0);
  CHECK_FALSE(f.store.saved);
  CHECK_FALSE(f.store.exists);
}

TEST_CASE("create makes the bridge, gateway address, forwarding and rules, then saves") {
  Fixture f;
  std::string id = service::create_network(f.ctx, named("bnet"));
  const Network& n = find(f, "bnet");
  CHECK(n.id == id);
  CHECK(n.ipam_config[0].subnet.to_string() == "172.18.0.0/16");
  CHECK(n.ipam_config[0].gateway->to_string() == "172.18.0.1");
  std::string br = "br-" + id.substr(0, 12);
  REQUIRE(f.kernel.state.links.count(br));
  CHECK(f.kernel.state.links[br].up);
  CHECK(f.kernel.state.links[br].addresses == std::vector<IpPrefix>{*IpPrefix::parse("172.18.0.1/16")});
  CHECK(f.kernel.state.links.count("docker0"));
  CHECK(f.kernel.state.sysctls["net.ipv4.ip_forward"] == "1");
  CHECK(f.kernel.state.forward_policy[model::Family::Ipv4] == "DROP");
  std::string filter = f.kernel.save(Table::Filter);
  CHECK(filter.find("-A DOCKER-CT -o " + br + " -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT") != std::string::npos);
  CHECK(f.kernel.save(Table::Nat).find("-A POSTROUTING -s 172.18.0.0/16 ! -o " + br + " -j MASQUERADE") != std::string::npos);
}

TEST_CASE("forwarding already on: the FORWARD policy is left alone, as Docker does") {
  Fixture f;
  f.kernel.state.sysctls["net.ipv4.ip_forward"] = "1";
  service::create_network(f.ctx, named("bnet"));
  CHECK(f.kernel.state.forward_policy[model::Family::Ipv4] == "ACCEPT");
}

TEST_CASE("create refuses what Docker refuses") {
  Fixture f;
  service::create_network(f.ctx, named("bnet"));
  CHECK_THROWS_WITH(service::create_network(f.ctx, named("bnet")), "network with name bnet already exists");
  CHECK_THROWS_WITH(service::create_network(f.ctx, named("bridge")), "operation is not permitted on predefined bridge network ");
  CHECK_THROWS_WITH(service::create_network(f.ctx, named("host")), "operation is not permitted on predefined host network ");
  auto overlap = named("x");
  IpamConfig c;
  c.subnet = *IpPrefix::parse("172.18.5.0/24");
  overlap.ipam_config.push_back(c);
  CHECK_THROWS_WITH(service::create_network(f.ctx, overlap), "invalid pool request: Pool overlaps with other one on this address space");
  auto bad_driver = named("y");
  bad_driver.driver = "nosuch";
  CHECK_THROWS_WITH(service::create_network(f.ctx, bad_driver), "plugin \"nosuch\" not found");
  auto host_driver = named("z");
  host_driver.driver = "host";
  CHECK_THROWS_WITH(service::create_network(f.ctx, host_driver), "only one instance of \"host\" network is allowed");
}

TEST_CASE("default pools run out after 29 user networks (docker0 has one)") {
  Fixture f;
  for (int i = 0; i < 30; ++i) service::create_network(f.ctx, named("n" + std::to_string(i)));
  CHECK(find(f, "n0").ipam_config[0].subnet.to_string() == "172.18.0.0/16");
  CHECK(find(f, "n14").ipam_config[0].subnet.to_string() == "192.168.0.0/20");
  CHECK_THROWS_WITH(service::create_network(f.ctx, named("one-too-many")), "all predefined address pools have been fully subnetted");
}

TEST_CASE("an on-link host route pushes the default pool along") {
  Fixture f;
  f.kernel.routes = {*IpPrefix::parse("172.18.0.0/24")};
  service::create_network(f.ctx, named("bnet"));
  CHECK(find(f, "bnet").ipam_config[0].subnet.to_string() == "172.19.0.0/16");
}

TEST_CASE("a config-only network holds settings; --config-from takes them") {
  Fixture f;
  auto cfg = named("cfg");
  cfg.config_only = true;
  IpamConfig c;
  c.subnet = *IpPrefix::parse("10.50.0.0/24");
  cfg.ipam_config.push_back(c);
  cfg.options = {{"com.docker.network.driver.mtu", "1400"}};
  auto before = f.kernel.state;
  service::create_network(f.ctx, cfg);
  auto use = named("user");
  use.config_from = "cfg";
  service::create_network(f.ctx, use);
  const Network& n = find(f, "user");
  CHECK(n.config_from == "cfg");
  CHECK(n.ipam_config[0].gateway->to_string() == "10.50.0.1");
  CHECK(f.kernel.state.links.at(bridge_name(n)).mtu == 1400);
  auto clash = named("bad");
  clash.config_from = "cfg";
  clash.ipam_config.push_back(c);
  CHECK_THROWS_WITH(service::create_network(f.ctx, clash),
                    "user-specified configurations are not supported if the network depends on a configuration network");
  auto rm = service::remove_networks(f.ctx, {"cfg"}, false);
  CHECK(rm[0].error->what() == std::string("error while removing network: configuration network \"cfg\" is in use"));
}

TEST_CASE("rm removes exactly what create made and keeps going after a failure") {
  Fixture f;
  service::open_for_write(f.ctx);
  auto before = f.kernel.state;
  service::create_network(f.ctx, named("a"));
  service::create_network(f.ctx, named("b"));
  auto out = service::remove_networks(f.ctx, {"a", "nosuch", "bridge", "b"}, false);
  REQUIRE(out.size() == 4);
  CHECK_FALSE(out[0].error);
  CHECK(out[1].error->what() == std::string("network nosuch not found"));
  CHECK(out[2].error->what() == std::string("bridge is a pre-defined network and cannot be removed"));
  CHECK_FALSE(out[3].error);
  CHECK(f.kernel.state == before);
  CHECK(f.store.saved->networks.size() == 3);
  auto forced = service::remove_networks(f.ctx, {"nosuch"}, true);
  CHECK(forced[0].skipped);
  CHECK_FALSE(forced[0].error);
}

TEST_CASE("rm of a network with endpoints lists every endpoint by its endpoint ID, as libnetwork") {
  Fixture f;
  service::create_network(f.ctx, named("bnet"));
  auto& containers = f.store.saved->networks.back().containers;
  containers["619a9700f82dc8822a5f"] = Endpoint{"619a9700f82dc8822a5f", "c1", "0123456789abcdef0", "", {}, {}};
  containers["7777777777777777"] = Endpoint{"7777777777777777", "c2", "fedcba9876543210f", "", {}, {}};
  auto out = service::remove_networks(f.ctx, {"bnet"}, false);
  CHECK(out[0].error->what() == std::string("error while removing network: network bnet has active endpoints "
                                            "(name:\"c1\" id:\"0123456789ab\", name:\"c2\" id:\"fedcba987654\")"));
}

TEST_CASE("names resolve by full ID, exact name, then unique ID prefix") {
  Fixture f;
  std::string a = service::create_network(f.ctx, named("a"));
  std::string b = service::create_network(f.ctx, named("b"));
  const State& s = *f.store.saved;
  CHECK(service::resolve_network(s, a).name == "a");
  CHECK(service::resolve_network(s, "b").id == b);
  CHECK(service::resolve_network(s, b.substr(0, 5)).name == "b");
  CHECK_THROWS_WITH(service::resolve_network(s, "nosuch"), "network nosuch not found");
}

TEST_CASE("prune removes unused custom networks only, and reports their names") {
  Fixture f;
  service::open_for_write(f.ctx);
  auto before = f.kernel.state;
  auto keep = named("keep");
  keep.labels = {{"keep", "yes"}};
  service::create_network(f.ctx, keep);
  service::create_network(f.ctx, named("net-10"));
  service::create_network(f.ctx, named("net-2"));
  FilterArgs filters;
  add_filter(filters, "label!=keep");
  CHECK(service::prune_networks(f.ctx, filters).removed == std::vector<std::string>{"net-2", "net-10"});
  CHECK(service::prune_networks(f.ctx, {}).removed == std::vector<std::string>{"keep"});
  CHECK(f.kernel.state == before);
  CHECK(service::prune_networks(f.ctx, {}).removed.empty());
}

TEST_CASE("after a reboot the kernel state of every network is made again") {
  Fixture f;
  service::create_network(f.ctx, named("bnet"));
  auto made = f.kernel.state;
  std::string filter = f.kernel.save(Table::Filter), nat = f.kernel.save(Table::Nat);
  fakes::FakeKernel fresh;
  f.kernel.state = fresh.state;
  f.kernel.boot = "boot-2";
  service::open_for_write(f.ctx);
  CHECK(f.kernel.state.links == made.links);
  CHECK(f.kernel.save(Table::Filter) == filter);
  CHECK(f.kernel.save(Table::Nat) == nat);
  CHECK(f.store.saved->boot_id == "boot-2");
}

TEST_CASE("create -d '' makes a bridge network, the daemon's default driver") {
  Fixture f;
  auto r = named("emptydrv");
  r.driver = "";
  service::create_network(f.ctx, r);
  const auto& n = f.store.saved->networks.back();
  CHECK(n.name == "emptydrv");
  CHECK(n.driver == "bridge");
  CHECK(f.kernel.state.links.count(model::bridge_name(n)) == 1);
}

TEST_CASE("create without swarm: libnetwork's texts for --ingress and --scope swarm (docker29-deltas row 8)") {
  Fixture f;
  auto ingress = named("ing");
  ingress.ingress = true;
  CHECK_THROWS_WITH(service::create_network(f.ctx, ingress), "Ingress network can only be global scope network");
  auto swarm = named("sw");
  swarm.scope = "swarm";
  CHECK_THROWS_WITH(service::create_network(f.ctx, swarm), "cannot create a swarm scoped network when swarm is not active");
  auto overlay = named("ov");
  overlay.driver = "overlay";
  CHECK_THROWS_WITH(service::create_network(f.ctx, overlay), Catch::StartsWith("This node is not a swarm manager."));
  auto from = named("from");
  from.config_from = "nosuch";
  CHECK_THROWS_WITH(service::create_network(f.ctx, from), "configuration network \"nosuch\" does not exist");
}

TEST_CASE("a bridge takes one subnet per family (docker29-deltas row 2)") {
  Fixture f;
  auto two = named("twosub");
  IpamConfig a, b;
  a.subnet = *IpPrefix::parse("10.61.0.0/24");
  b.subnet = *IpPrefix::parse("10.62.0.0/24");
  two.ipam_config = {a, b};
  auto before = f.kernel.state;
  CHECK_THROWS_WITH(service::create_network(f.ctx, two), "bridge driver doesn't support multiple subnets");
  CHECK(f.kernel.state == before);
  CHECK_THROWS_WITH(service::resolve_network(*f.store.saved, "twosub"), "network twosub not found");
}

TEST_CASE("an ambiguous ID prefix: rm's text and inspect's (docker29-deltas row 13)") {
  model::State s;
  for (const char* id : {"abc1", "abc2"}) {
    model::Network n;
    n.id = std::string(id) + std::string(60, '0');
    n.name = id;
    s.networks.push_back(n);
  }
  CHECK_THROWS_WITH(service::resolve_network(s, "abc"), "network abc is ambiguous (2 matches found based on ID prefix)");
  CHECK_THROWS_WITH(service::resolve_network(s, "abc", service::AmbiguityText::Inspect),
                    "2 matches found based on ID prefix: network abc is ambiguous");
  CHECK(service::resolve_network(s, "abc1", service::AmbiguityText::Inspect).name == "abc1");
}

TEST_CASE("IPAM entries: the user's first (IPv4, IPv6), then automatic ones (docker29-deltas row 4)") {
  Fixture f;
  auto r = named("v6user");
  r.enable_ipv6 = true;
  IpamConfig c;
  c.subnet = *IpPrefix::parse("fd00:1::/64");
  r.ipam_config = {c};
  service::create_network(f.ctx, r);
  const auto& n = f.store.saved->networks.back();
  REQUIRE(n.ipam_config.size() == 2);
  CHECK(n.ipam_config[0].subnet.to_string() == "fd00:1::/64");
  CHECK(n.ipam_config[0].gateway->to_string() == "fd00:1::1");
  CHECK(n.ipam_config[1].subnet.is_v4());
  auto both = named("auto6");
  both.enable_ipv6 = true;
  service::create_network(f.ctx, both);
  const auto& m = f.store.saved->networks.back();
  REQUIRE(m.ipam_config.size() == 2);
  CHECK(m.ipam_config[0].subnet.is_v4());  // --ipv6 alone: v4 then v6
  CHECK_FALSE(m.ipam_config[1].subnet.is_v4());
}

TEST_CASE("rm of several networks: each judged as one-by-one removals would, their links deleted in one batch") {
  Fixture f;
  service::open_for_write(f.ctx);
  auto before = f.kernel.state;
  for (const char* n : {"na", "nb", "nc"}) service::create_network(f.ctx, named(n));
  service::create_network(f.ctx, [] { auto r = named("cfg"); r.config_only = true; return r; }());
  service::create_network(f.ctx, [] { auto r = named("dep"); r.config_from = "cfg"; return r; }());
  f.kernel.ops.clear();
  // "na" twice: the second is gone by then; "cfg" before "dep" is still in use, after it is not.
  auto out = service::remove_networks(f.ctx, {"na", "na", "nb", "cfg", "dep", "nc"}, false);
  REQUIRE(out.size() == 6);
  CHECK_FALSE(out[0].error);
  CHECK(out[1].error->what() == std::string("network na not found"));
  CHECK_FALSE(out[2].error);
  REQUIRE(out[3].error);
  CHECK(std::string(out[3].error->what()).find("configuration network \"cfg\" is in use") != std::string::npos);
  CHECK_FALSE(out[4].error);
  CHECK_FALSE(out[5].error);
  size_t deletions = 0;
  for (const auto& op : f.kernel.ops) deletions += op.rfind("delete link", 0) == 0 ? 1 : 0;
  CHECK(deletions == 1);  // "delete links br-… br-… br-… br-…": one kernel batch
  CHECK(f.store.saved->networks.size() == 4);  // bridge, host, none, cfg
  auto forced = service::remove_networks(f.ctx, {"na", "na"}, true);
  CHECK(forced[0].skipped);
  CHECK(forced[1].skipped);
  service::remove_networks(f.ctx, {"cfg"}, false);
  CHECK(f.kernel.state == before);
}
