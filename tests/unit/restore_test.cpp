// docknet network restore on the fake kernel (issue 13): what a reboot took is made again, on
// any boot; a second run changes nothing; nothing stored means nothing done.
#include <catch2/catch.hpp>

#include "fakes/service_helpers.hpp"
#include "lib/core/error.hpp"
#include "lib/model/naming.hpp"
#include "lib/service/create_network.hpp"
#include "lib/service/restore.hpp"

using namespace docknet;
using namespace docknet::fakes;
using model::Family;
using model::Table;

namespace {

// A bridge network with a container, an IPv6 one, and an internal one.
void three_networks(Fixture& f) {
  prepare_with_parent(f);
  auto web = net("web");
  web.ipam_config = {subnet("10.91.0.0/24")};
  service::create_network(f.ctx, web);
  auto six = net("six");
  six.enable_ipv6 = true;
  six.ipam_config = {subnet("10.92.0.0/24"), subnet("fd00:92::/64")};
  service::create_network(f.ctx, six);
  auto lab = net("lab");
  lab.internal = true;
  service::create_network(f.ctx, lab);
  service::connect_container(f.ctx, to("web", "c1"));
}

std::string all_rules(const Fixture& f) {
  std::string out;
  for (Family fam : {Family::Ipv4, Family::Ipv6})
    for (Table t : {Table::Filter, Table::Nat, Table::Raw}) out += f.kernel.save(t, fam);
  return out;
}

}  // namespace

TEST_CASE("restore: on the same boot, a missing bridge and flushed rules are made again; the store is not rewritten") {
  Fixture f;
  three_networks(f);
  std::string rules = all_rules(f);
  int saves = f.store.saves;
  std::string lab = model::bridge_name(find(f, "lab"));
  auto lab_link = f.kernel.state.links.at(lab);
  f.kernel.state.links.erase(lab);
  f.kernel.state.tables = FakeKernel().state.tables;  // flushed by another unit: built-in chains only
  CHECK(service::restore_networks(f.ctx));
  REQUIRE(f.kernel.state.links.count(lab) == 1);
  CHECK(f.kernel.state.links.at(lab).up);
  CHECK(f.kernel.state.links.at(lab).addresses == lab_link.addresses);
  CHECK(all_rules(f) == rules);
  CHECK(f.store.saves == saves);
  // A second run: no call that changes the kernel, no save.
  auto restored = f.kernel.state;
  f.kernel.ops.clear();
  CHECK(service::restore_networks(f.ctx));
  CHECK(f.kernel.state == restored);
  CHECK(f.kernel.ops.empty());
  CHECK(f.store.saves == saves);
}

TEST_CASE("restore: after a reboot the boot ID is recorded and the gone container's endpoint released") {
  Fixture f;
  three_networks(f);
  f.kernel.state = FakeKernel().state;  // what the reboot left: lo, built-in chains, forwarding off
  f.kernel.namespaces.clear();
  f.kernel.boot = "boot-2";
  CHECK(service::restore_networks(f.ctx));
  CHECK(f.store.saved->boot_id == "boot-2");
  CHECK(find(f, "web").containers.empty());
  CHECK(f.kernel.state.links.count(model::bridge_name(find(f, "six"))) == 1);
  CHECK(f.kernel.state.links.count("docker0") == 1);
  int saves = f.store.saves;
  CHECK(service::restore_networks(f.ctx));
  CHECK(f.store.saves == saves);
}

TEST_CASE("restore: nothing stored, nothing done; a running Docker daemon is refused") {
  Fixture f;
  CHECK(service::restore_networks(f.ctx));
  CHECK(!f.store.saved);
  CHECK(f.kernel.ops.empty());
  three_networks(f);
  f.kernel.docker_daemon = "it answers on /var/run/docker.sock";
  f.kernel.ops.clear();
  CHECK_THROWS_AS(service::restore_networks(f.ctx), Error);
  CHECK(f.kernel.ops.empty());
}
