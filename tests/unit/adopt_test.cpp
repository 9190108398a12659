// Never adopt what docknet did not make (issue 9), on the fake kernel.
#include <catch2/catch.hpp>

#include "fakes/service_helpers.hpp"
#include "lib/core/error.hpp"
#include "lib/model/bridge_options.hpp"
#include "lib/model/naming.hpp"
#include "lib/service/create_network.hpp"
#include "lib/service/remove_network.hpp"
#include "lib/store/state_format.hpp"

using namespace docknet;
using namespace docknet::fakes;
using model::Table;

namespace {

model::CreateRequest on_bridge(const std::string& name, const std::string& br, const char* sub = nullptr) {
  auto r = net(name);
  r.options = {{model::kOptBridgeName, br}};
  if (sub) r.ipam_config = {subnet(sub)};
  return r;
}

IpPrefix p(const char* s) { return *IpPrefix::parse(s); }

}  // namespace

TEST_CASE("adopt: a link that is not a bridge is refused, in Docker's words, and nothing changes") {
  Fixture f;
  prepare_with_parent(f);
  f.kernel.state.links["eth0"] = FakeLink{.kind = "veth", .up = true, .addresses = {p("192.0.2.10/24")}};
  auto before = f.kernel.state;
  auto saved = f.store.saved;
  CHECK_THROWS_WITH(service::create_network(f.ctx, on_bridge("x", "eth0")), "existing interface eth0 is not a bridge");
  CHECK_THROWS_WITH(service::create_network(f.ctx, on_bridge("y", "lo")), "existing interface lo is not a bridge");
  CHECK_THROWS_WITH(service::create_network(f.ctx, on_bridge("z", "vparent")), "existing interface vparent is not a bridge");
  CHECK(f.kernel.state == before);
  CHECK(f.store.saved == saved);
}

TEST_CASE("adopt: a bridge name used twice is refused with Docker's text") {
  Fixture f;
  prepare_with_parent(f);
  auto id = service::create_network(f.ctx, on_bridge("a", "brx"));
  try {
    service::create_network(f.ctx, on_bridge("b", "brx"));
    FAIL("created");
  } catch (const Error& e) {
    std::string what = e.what();
    CHECK(what.rfind("cannot create network ", 0) == 0);
    CHECK(what.find(" (brx): conflicts with network " + id + " (brx): networks have same bridge name") != std::string::npos);
  }
  CHECK_THROWS_WITH(service::create_network(f.ctx, on_bridge("c", "docker0")),
                    Catch::Contains("(docker0): networks have same bridge name"));
}

TEST_CASE("adopt: a foreign bridge with the gateway is used as it is; rm leaves it and its addresses") {
  Fixture f;
  prepare_with_parent(f);
  f.kernel.state.links["brfor"] =
      FakeLink{.kind = "bridge", .up = true, .addresses = {p("10.77.0.5/24"), p("10.88.0.1/24")}};
  service::create_network(f.ctx, on_bridge("f", "brfor", "10.88.0.0/24"));
  const auto& n = find(f, "f");
  CHECK(n.bridge_preexisting);
  CHECK(n.bridge_addresses_found == std::vector<IpPrefix>{p("10.77.0.5/24"), p("10.88.0.1/24")});
  CHECK(store::emit_state(*f.store.saved).find("bridge_addresses_found: \"10.77.0.5/24,10.88.0.1/24\"") != std::string::npos);
  CHECK(f.kernel.state.links["brfor"].addresses == std::vector<IpPrefix>{p("10.77.0.5/24"), p("10.88.0.1/24")});
  CHECK(f.kernel.save(Table::Filter).find("-i brfor -j ACCEPT") != std::string::npos);
  service::remove_networks(f.ctx, {"f"}, false);
  REQUIRE(f.kernel.state.links.count("brfor"));
  CHECK(f.kernel.state.links["brfor"].addresses == std::vector<IpPrefix>{p("10.77.0.5/24"), p("10.88.0.1/24")});
  CHECK(f.kernel.save(Table::Filter).find("brfor") == std::string::npos);
}

TEST_CASE("adopt: a foreign bridge with another address, or none, is refused naming both; nothing is added") {
  Fixture f;
  prepare_with_parent(f);
  f.kernel.state.links["brfor"] = FakeLink{.kind = "bridge", .up = true, .addresses = {p("10.77.0.5/24")}};
  f.kernel.state.links["brnone"] = FakeLink{.kind = "bridge", .up = true};
  auto before = f.kernel.state;
  auto saved = f.store.saved;
  CHECK_THROWS_WITH(service::create_network(f.ctx, on_bridge("f", "brfor", "10.88.0.0/24")),
                    Catch::StartsWith("bridge brfor was not made by docknet and has 10.77.0.5/24, not the gateway "
                                      "10.88.0.1/24 this network needs"));
  CHECK_THROWS_WITH(service::create_network(f.ctx, on_bridge("g", "brnone", "10.89.0.0/24")),
                    Catch::StartsWith("bridge brnone was not made by docknet and has no IPv4 address, not the gateway "
                                      "10.89.0.1/24"));
  CHECK(f.kernel.state == before);
  CHECK(f.store.saved == saved);
}

TEST_CASE("adopt: a create failing on a foreign bridge leaves the bridge exactly as it was") {
  Fixture f;
  prepare_with_parent(f);
  f.kernel.state.links["brfor"] = FakeLink{.kind = "bridge", .up = true, .addresses = {p("10.88.0.1/24")}};
  auto before = f.kernel.state;
  f.ctx.fail_point = [](const std::string& step) {
    if (step == "create.firewall") throw Error(ErrorKind::System, "injected");
  };
  CHECK_THROWS(service::create_network(f.ctx, on_bridge("f", "brfor", "10.88.0.0/24")));
  CHECK(f.kernel.state == before);
}

TEST_CASE("adopt: a docker0 left by Docker keeps its address as the default bridge's subnet") {
  Fixture f;
  f.kernel.state.links["docker0"] = FakeLink{.kind = "bridge", .up = true, .addresses = {p("172.31.5.1/24")}};
  prepare_with_parent(f);
  const auto& bridge = find(f, "bridge");
  REQUIRE(bridge.ipam_config.size() == 1);
  CHECK(bridge.ipam_config[0].subnet == p("172.31.5.0/24"));
  CHECK(bridge.ipam_config[0].gateway == IpAddress::parse("172.31.5.1"));
  CHECK(f.kernel.state.links["docker0"].addresses == std::vector<IpPrefix>{p("172.31.5.1/24")});
}

TEST_CASE("adopt: rm never deletes or strips a link that is no longer a bridge") {
  Fixture f;
  prepare_with_parent(f);
  service::create_network(f.ctx, on_bridge("z", "brz", "10.66.0.0/24"));
  f.kernel.state.links["brz"] = FakeLink{.kind = "veth", .up = true, .addresses = {p("10.66.0.1/24")}};
  service::remove_networks(f.ctx, {"z"}, false);
  REQUIRE(f.kernel.state.links.count("brz"));
  CHECK(f.kernel.state.links["brz"].addresses == std::vector<IpPrefix>{p("10.66.0.1/24")});
}

TEST_CASE("adopt: connect to a network whose bridge is now another kind of link says so") {
  Fixture f;
  prepare_with_parent(f);
  service::create_network(f.ctx, on_bridge("z", "brz"));
  f.kernel.state.links["brz"] = FakeLink{.kind = "veth", .up = true};
  auto saved = f.store.saved;
  CHECK_THROWS_WITH(service::connect_container(f.ctx, to("z", "c1")),
                    "cannot connect to network z: existing interface brz is not a bridge");
  CHECK(f.store.saved == saved);
}

TEST_CASE("adopt: restore after a reboot skips a bridge name taken by another kind of link, with a warning") {
  Fixture f;
  prepare_with_parent(f);
  service::create_network(f.ctx, on_bridge("z", "brz", "10.66.0.0/24"));
  service::create_network(f.ctx, net("other"));
  // A reboot: bridges and rules gone, a veth now holds the name.
  std::string other_br = model::bridge_name(find(f, "other"));
  f.kernel.state.links.erase("brz");
  f.kernel.state.links.erase(other_br);
  f.kernel.state.links.erase("docker0");
  for (auto& [_, chains] : f.kernel.state.tables)
    for (auto& [_, rules] : chains) rules.clear();
  f.kernel.state.links["brz"] = FakeLink{.kind = "veth", .up = true};
  f.kernel.boot = "boot-2";
  service::open_for_write(f.ctx);
  CHECK(f.ctx.warnings == std::vector<std::string>{
                              "network z not restored: existing interface brz is not a bridge (rename that link, or remove the network)"});
  CHECK(f.kernel.state.links["brz"].addresses.empty());
  CHECK(f.kernel.state.links.count(other_br));
  CHECK(f.kernel.state.links.count("docker0"));
  CHECK(f.kernel.save(Table::Filter).find("brz") == std::string::npos);
  CHECK(f.kernel.save(Table::Filter).find(other_br) != std::string::npos);
}
