// Next to a running Docker daemon docknet changes nothing (issue 10), on the fake kernel.
#include <catch2/catch.hpp>

#include "fakes/service_helpers.hpp"
#include "lib/core/error.hpp"
#include "lib/service/check.hpp"
#include "lib/service/create_network.hpp"
#include "lib/service/remove_network.hpp"

using namespace docknet;
using namespace docknet::fakes;

TEST_CASE("coexist: with a Docker daemon running, create, rm and check --repair refuse and change nothing") {
  Fixture f;
  service::create_network(f.ctx, net("mine"));
  f.kernel.docker_daemon = "it answers on /var/run/docker.sock";
  auto before = f.kernel.state;
  auto saved = f.store.saved;
  auto refused = Catch::Matchers::StartsWith(
      "a Docker daemon is running on this host (it answers on /var/run/docker.sock): docknet changes no network");
  CHECK_THROWS_WITH(service::create_network(f.ctx, net("other")), refused);
  CHECK_THROWS_WITH(service::remove_networks(f.ctx, {"mine"}, false), refused);
  CHECK_THROWS_WITH(service::check_networks(f.ctx, {}, true), refused);
  try {
    service::create_network(f.ctx, net("other"));
  } catch (const Error& e) {
    CHECK(!e.from_daemon());  // docknet's own refusal: no "Error response from daemon" prefix
  }
  CHECK(f.kernel.state == before);
  CHECK(f.store.saved == saved);
  // A plain check only reads.
  CHECK(service::check_networks(f.ctx, {}, false).differences.empty());
}
