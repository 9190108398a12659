// A command that fails at any step leaves the kernel and the store exactly as they were.
#include <catch2/catch.hpp>

#include "fakes/fixture.hpp"
#include "lib/service/bootstrap.hpp"
#include "lib/service/create_network.hpp"
#include "lib/service/prune.hpp"
#include "lib/service/remove_network.hpp"

using namespace docknet;
using docknet::fakes::Fixture;

namespace {

model::CreateRequest request() {
  model::CreateRequest r;
  r.name = "bnet";
  r.options = {{"com.docker.network.bridge.enable_icc", "false"}};
  return r;
}

// Fresh fakes where docker0 already exists but forwarding is still off, so that create
// runs every step it has (bridge, address, up, sysctl, policy, filter, nat, store).
void prepare(Fixture& f) {
  service::open_for_write(f.ctx);
  f.kernel.state.sysctls["net.ipv4.ip_forward"] = "0";
  f.kernel.state.forward_policy[model::Family::Ipv4] = "ACCEPT";
  f.kernel.ops.clear();
  f.kernel.mutations = 0;
}

}  // namespace

TEST_CASE("create: failing at kernel step k leaves nothing behind") {
  Fixture probe;
  prepare(probe);
  service::create_network(probe.ctx, request());
  const int steps = probe.kernel.mutations;
  REQUIRE(steps >= 7);
  int k = GENERATE_COPY(range(0, steps));
  Fixture f;
  prepare(f);
  auto kernel_before = f.kernel.state;
  auto store_before = f.store.saved;
  f.kernel.fail_at = k;
  CHECK_THROWS(service::create_network(f.ctx, request()));
  CHECK(f.kernel.state == kernel_before);
  CHECK(f.store.saved == store_before);
  CHECK(f.ctx.cleanup_failures.empty());
}

TEST_CASE("create: a failing store save undoes the kernel work") {
  Fixture f;
  prepare(f);
  auto kernel_before = f.kernel.state;
  f.store.fail_save = true;
  CHECK_THROWS_WITH(service::create_network(f.ctx, request()), "failed to write state (fake)");
  CHECK(f.kernel.state == kernel_before);
}

TEST_CASE("rm: failing at step k leaves the network recorded and its rules or bridge in place") {
  Fixture probe;
  prepare(probe);
  service::create_network(probe.ctx, request());
  probe.kernel.mutations = 0;
  service::remove_networks(probe.ctx, {"bnet"}, false);
  const int steps = probe.kernel.mutations;
  REQUIRE(steps >= 3);
  int k = GENERATE_COPY(range(0, steps));
  Fixture f;
  prepare(f);
  service::create_network(f.ctx, request());
  auto store_before = f.store.saved;
  f.kernel.mutations = 0;
  f.kernel.fail_at = k;
  auto out = service::remove_networks(f.ctx, {"bnet"}, false);
  REQUIRE(out[0].error);
  // The store still names the network, so a later rm finishes the job from the YAML alone.
  CHECK(f.store.saved == store_before);
  f.kernel.fail_at = -1;
  auto retry = service::remove_networks(f.ctx, {"bnet"}, false);
  CHECK_FALSE(retry[0].error);
  Fixture clean;
  prepare(clean);
  CHECK(f.kernel.state.links == clean.kernel.state.links);
  CHECK(f.kernel.save(model::Table::Filter) == clean.kernel.save(model::Table::Filter));
  CHECK(f.kernel.save(model::Table::Nat) == clean.kernel.save(model::Table::Nat));
}

TEST_CASE("create: a crash during the kernel steps is undone by the next call") {
  // The crash is simulated by failing the step with rollback unavailable: the kernel work is
  // done, the intent record (pending) is saved, and the process "dies" before clearing it.
  Fixture f;
  prepare(f);
  auto kernel_before = f.kernel.state;
  auto store_before = f.store.saved;
  model::State crashed = *f.store.saved;
  service::create_network(f.ctx, request());
  crashed.networks.push_back(f.store.saved->networks.back());
  crashed.networks.back().pending = true;
  f.store.saved = crashed;  // the last save never happened
  CHECK(service::open_for_read(f.ctx).state.networks.size() == 3);  // readers never see it
  service::open_for_write(f.ctx);  // the next mutating call recovers
  CHECK(f.store.saved == store_before);
  CHECK(f.kernel.state.links == kernel_before.links);
  Fixture clean;
  prepare(clean);
  CHECK(f.kernel.save(model::Table::Nat) == clean.kernel.save(model::Table::Nat));
  CHECK(f.kernel.save(model::Table::Filter) == clean.kernel.save(model::Table::Filter));
}
