// The driver seam itself: one driver per kind, chosen in one place, each naming its own kind.
#include <catch2/catch.hpp>

#include "lib/model/driver_kind.hpp"
#include "lib/service/drivers/driver.hpp"

using namespace docknet;
using model::DriverKind;

TEST_CASE("driver kinds: Docker's names both ways, unknown names are no kind") {
  for (auto kind : {DriverKind::Bridge, DriverKind::Macvlan, DriverKind::Ipvlan, DriverKind::Null, DriverKind::Host,
                    DriverKind::Overlay}) {
    INFO(model::driver_name(kind));
    CHECK(model::parse_driver_kind(model::driver_name(kind)) == kind);
    CHECK(service::driver_for(kind, {})->kind() == kind);
  }
  CHECK(!model::parse_driver_kind("weave"));
  CHECK(!model::parse_driver_kind("Bridge"));
  CHECK(!model::parse_driver_kind(""));
}

TEST_CASE("a stored network's driver: configuration-only networks are null, unknown names make nothing") {
  model::Network n;
  n.driver = "bridge";
  CHECK(service::driver_for(n)->kind() == DriverKind::Bridge);
  n.config_only = true;
  CHECK(model::driver_kind(n) == DriverKind::Null);
  n.config_only = false;
  n.driver = "weave";  // only a hand-edited store has one
  CHECK(!model::driver_kind(n));
  CHECK(!service::driver_for(n)->has_interface());
}

TEST_CASE("driver options are parsed when the driver is made, with Docker's text") {
  CHECK_THROWS_WITH(service::driver_for(DriverKind::Bridge, {{"com.docker.network.driver.mtu", "big"}}),
                    Catch::Contains("failed to parse com.docker.network.driver.mtu value: big"));
  // macvlan and ipvlan check theirs when the network is prepared, after IPAM, as libnetwork does.
  CHECK_NOTHROW(service::driver_for(DriverKind::Macvlan, {{"macvlan_mode", "nope"}}));
}
