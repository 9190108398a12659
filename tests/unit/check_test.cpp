// docknet network check [--repair] on the fake kernel: drift found, repaired, and never more.
#include <catch2/catch.hpp>

#include <map>

#include "fakes/service_helpers.hpp"
#include "lib/core/error.hpp"
#include "lib/model/naming.hpp"
#include "lib/service/check.hpp"
#include "lib/service/create_network.hpp"

using namespace docknet;
using namespace docknet::fakes;
using model::Family;
using model::Table;

namespace {

std::string bridge(const Fixture& f, const std::string& network) { return model::bridge_name(find(f, network)); }

std::vector<model::Rule>& chain(Fixture& f, Table t, const std::string& name, Family fam = Family::Ipv4) {
  return f.kernel.state.tables[{fam, t}][name];
}

model::Rule forward_in(const std::string& iface, const char* chain_name = "DOCKER-FORWARD") {
  model::Rule r;
  r.chain = chain_name;
  r.in_iface = iface;
  r.target = "ACCEPT";
  return r;
}

void web(Fixture& f) {
  prepare_with_parent(f);
  auto r = net("web");
  r.ipam_config = {subnet("10.91.0.0/24")};
  service::create_network(f.ctx, r);
  service::connect_container(f.ctx, to("web", "c1"));
}

}  // namespace

TEST_CASE("check: a clean state has no differences and a plain check changes nothing") {
  Fixture f;
  web(f);
  auto kernel = f.kernel.state;
  int saves = f.store.saves;
  CHECK(service::check_networks(f.ctx, {}, false).differences.empty());
  CHECK(service::check_networks(f.ctx, {"web"}, false).differences.empty());
  f.kernel.state.links.erase(bridge(f, "web"));
  kernel = f.kernel.state;
  CHECK(!service::check_networks(f.ctx, {}, false).differences.empty());
  CHECK(f.kernel.state == kernel);
  CHECK(f.store.saves == saves);
}

TEST_CASE("check: a missing bridge, its veth off it, then --repair makes them again") {
  Fixture f;
  web(f);
  std::string br = bridge(f, "web");
  const auto& e = endpoint(f, "web", "c1");
  f.kernel.state.links.erase(br);
  f.kernel.state.links[e.host_ifname].master.clear();  // the kernel releases a deleted bridge's ports
  auto report = service::check_networks(f.ctx, {}, false);
  CHECK(report.differences == std::vector<std::string>{
                                  "network web: missing bridge " + br,
                                  "network web: veth " + e.host_ifname + " of container c1 is not on " + br});
  report = service::check_networks(f.ctx, {}, true);
  CHECK(report.differences.size() == 2);
  CHECK(report.unrepaired.empty());
  CHECK(report.repair_errors.empty());
  CHECK(f.kernel.state.links.at(br).up);
  CHECK(f.kernel.state.links.at(endpoint(f, "web", "c1").host_ifname).master == br);
  CHECK(service::check_networks(f.ctx, {}, false).differences.empty());
}

TEST_CASE("check: down bridge, missing address, missing container end") {
  Fixture f;
  web(f);
  std::string br = bridge(f, "web");
  f.kernel.state.links[br].up = false;
  f.kernel.state.links[br].addresses.clear();
  f.kernel.state.netns_links.erase("/run/netns/c1");
  auto report = service::check_networks(f.ctx, {"web"}, false);
  CHECK(report.differences == std::vector<std::string>{"network web: bridge " + br + " is down",
                                                       "network web: missing address 10.91.0.1/24 on " + br,
                                                       "network web: missing interface eth0 in container c1"});
  CHECK(service::check_networks(f.ctx, {"web"}, true).unrepaired.empty());
  CHECK(service::check_networks(f.ctx, {}, false).differences.empty());
}

TEST_CASE("check: missing rules and docknet's strays; DOCKER-USER and built-in chains are never touched") {
  Fixture f;
  web(f);
  std::string br = bridge(f, "web");
  auto& ct = chain(f, Table::Filter, "DOCKER-CT");
  ct.erase(std::remove_if(ct.begin(), ct.end(), [&](const model::Rule& r) { return r.out_iface == br; }), ct.end());
  chain(f, Table::Filter, "DOCKER").push_back(forward_in(br, "DOCKER"));  // on web's bridge: docknet's
  // On a bridge this store does not know (a Docker daemon's, another state root's): not ours.
  chain(f, Table::Filter, "DOCKER-FORWARD").push_back(forward_in("br-0123456789ab"));
  chain(f, Table::Filter, "DOCKER-USER").push_back(forward_in(br, "DOCKER-USER"));
  chain(f, Table::Filter, "FORWARD").push_back(forward_in(br, "FORWARD"));
  auto report = service::check_networks(f.ctx, {}, false);
  CHECK(report.differences ==
        std::vector<std::string>{"network web: missing rule iptables -t filter -A DOCKER-CT -o " + br +
                                     " -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
                                 "network web: stray rule iptables -t filter -A DOCKER -i " + br + " -j ACCEPT"});
  report = service::check_networks(f.ctx, {}, true);
  CHECK(report.unrepaired.empty());
  CHECK(service::check_networks(f.ctx, {}, false).differences.empty());
  CHECK(chain(f, Table::Filter, "DOCKER-USER").size() == 1);
  CHECK(chain(f, Table::Filter, "FORWARD").back().in_iface == br);
  CHECK(chain(f, Table::Filter, "DOCKER-FORWARD").back().in_iface == "br-0123456789ab");
}

TEST_CASE("check: a bridge name held by another kind of link is reported and never taken over") {
  Fixture f;
  web(f);
  std::string br = bridge(f, "web");
  f.kernel.state.links[br] = FakeLink{.kind = "veth", .up = true};
  auto report = service::check_networks(f.ctx, {"web"}, true);
  REQUIRE(!report.differences.empty());
  CHECK(report.differences[0] == "network web: existing interface " + br +
                                     " is not a bridge (veth); not repaired: docknet never takes over a link it did not make");
  CHECK(!report.unrepaired.empty());
  CHECK(f.kernel.state.links[br].addresses.empty());
  // Its rules would filter that link's traffic: listed, and removed by the repair.
  CHECK(std::any_of(report.differences.begin(), report.differences.end(), [&](const std::string& l) {
    return l.rfind("network web: rule on a link that is not a bridge iptables -t filter -A DOCKER-FORWARD -i " + br, 0) == 0;
  }));
  CHECK(f.kernel.save(Table::Filter).find(br) == std::string::npos);
  CHECK(f.kernel.save(Table::Nat).find(br) == std::string::npos);
  CHECK(f.kernel.save(Table::Raw).find(br) == std::string::npos);
  report = service::check_networks(f.ctx, {"web"}, false);
  CHECK(report.differences.size() == 1);
}

TEST_CASE("check: unknown network") {
  Fixture f;
  web(f);
  CHECK_THROWS_WITH(service::check_networks(f.ctx, {"nosuch"}, false), "network nosuch not found");
}

TEST_CASE("check --repair: failed at any step, a second --repair converges") {
  auto damage = [](Fixture& f) {
    std::string br = bridge(f, "web");
    f.kernel.state.links.erase(br);
    f.kernel.state.links[endpoint(f, "web", "c1").host_ifname].master.clear();
    chain(f, Table::Filter, "DOCKER").push_back(forward_in(br, "DOCKER"));
    chain(f, Table::Filter, "DOCKER-CT").clear();
  };
  std::vector<std::string> steps;
  {
    Fixture f;
    web(f);
    damage(f);
    f.ctx.fail_point = [&](const std::string& s) { steps.push_back(s); };
    service::check_networks(f.ctx, {}, true);
  }
  CHECK(std::find(steps.begin(), steps.end(), "repair.bridge") != steps.end());
  CHECK(std::find(steps.begin(), steps.end(), "repair.firewall") != steps.end());
  CHECK(std::find(steps.begin(), steps.end(), "repair.remove_strays") != steps.end());
  for (const auto& step : steps) {
    Fixture f;
    web(f);
    damage(f);
    f.ctx.fail_point = [step](const std::string& s) {
      if (s == step) throw Error(ErrorKind::System, "injected failure at " + s);
    };
    auto report = service::check_networks(f.ctx, {}, true);
    CHECK(!report.repair_errors.empty());
    f.ctx.fail_point = [](const std::string&) {};
    report = service::check_networks(f.ctx, {}, true);
    CHECK(report.repair_errors.empty());
    CHECK(report.unrepaired.empty());
    CHECK(service::check_networks(f.ctx, {}, false).differences.empty());
  }
}
