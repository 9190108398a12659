// Every mutating use case, failed and "killed" at each of its named steps in turn, against the
// fakes. A kill is modelled exactly: the kernel and the store are copied as they are at the
// step, nothing is unwound, and a fresh process (a new Fixture over the copies) runs the next
// call. The steps come from a successful run, so a new step is covered by construction.
#include <catch2/catch.hpp>

#include <functional>

#include "fakes/service_helpers.hpp"
#include "lib/core/error.hpp"
#include "lib/model/naming.hpp"
#include "lib/service/create_network.hpp"
#include "lib/service/prune.hpp"
#include "lib/service/remove_network.hpp"

using namespace docknet;
using docknet::fakes::Fixture;

namespace {

struct Scenario {
  std::function<void(Fixture&)> prepare;
  std::function<void(Fixture&)> op;
};

struct World {
  fakes::KernelState kernel;
  std::optional<model::State> store;
  bool operator==(const World&) const = default;
};

World world(const Fixture& f) { return World{f.kernel.state, f.store.saved}; }

struct Crash {};

std::vector<std::string> steps_of(const Scenario& s) {
  Fixture f;
  s.prepare(f);
  std::vector<std::string> steps;
  std::map<std::string, int> seen;
  f.ctx.fail_point = [&](const std::string& name) {
    int n = ++seen[name];
    steps.push_back(n == 1 ? name : name + "#" + std::to_string(n));
  };
  s.op(f);
  return steps;
}

// Runs the scenario's call, stopping at `step` by `stop` (which throws).
void run_until(Fixture& f, const Scenario& s, const std::string& step, const std::function<void()>& stop) {
  std::map<std::string, int> seen;
  f.ctx.fail_point = [&, step](const std::string& name) {
    int n = ++seen[name];
    if ((n == 1 ? name : name + "#" + std::to_string(n)) == step) stop();
  };
  s.op(f);
}

// A no-op mutating call: it only runs the recovery of whatever a killed call left.
void next_call(Fixture& f) { service::prune_networks(f.ctx, {{"label", {"nothing-has-this"}}}); }

// `min_steps` keeps a scenario from passing by having no steps at all.
void check_every_step(const Scenario& s, size_t min_steps = 3) {
  Fixture reference;
  s.prepare(reference);
  World before = world(reference);
  s.op(reference);
  World after = world(reference);
  auto steps = steps_of(s);
  REQUIRE(steps.size() >= min_steps);
  for (const auto& step : steps) {
    INFO("step " << step);
    Fixture failing;
    s.prepare(failing);
    CHECK_THROWS(run_until(failing, s, step, [&] { throw Error(ErrorKind::System, "injected at " + step); }));
    CHECK(world(failing) == before);

    Fixture dying;
    s.prepare(dying);
    World at_death;
    CHECK_THROWS_AS(run_until(dying, s, step, [&] { at_death = world(dying); throw Crash{}; }), Crash);
    Fixture next;  // a new process over what the killed one left
    next.kernel.state = at_death.kernel;
    next.kernel.namespaces = dying.kernel.namespaces;
    next.store.saved = at_death.store;
    next_call(next);
    World now = world(next);
    CHECK((now == before || now == after));
  }
}

void with_network(Fixture& f, model::CreateRequest r) {
  fakes::prepare_with_parent(f);
  service::create_network(f.ctx, r);
}

}  // namespace

TEST_CASE("rm of an internal network: fail or die at every step") {
  auto r = fakes::net("sec");
  r.internal = true;
  check_every_step({[r](Fixture& f) { with_network(f, r); },
                    [](Fixture& f) {
                      auto outcome = service::remove_networks(f.ctx, {"sec"}, false)[0];
                      if (outcome.error) throw *outcome.error;  // rm reports per argument
                    }});
}

TEST_CASE("prune of two networks: die at every step") {
  // A failure on one network of a prune leaves that one whole and removes the other, as
  // Docker's prune does; dying is what this case checks (the e2e matrix fails a single one).
  Scenario s{[](Fixture& f) {
               with_network(f, fakes::net("one"));
               service::create_network(f.ctx, fakes::net("two"));
             },
             [](Fixture& f) { service::prune_networks(f.ctx, {}); }};
  Fixture reference;
  s.prepare(reference);
  World before = world(reference);
  s.op(reference);
  World after = world(reference);
  REQUIRE(after.store->networks.size() == before.store->networks.size() - 2);
  for (const auto& step : steps_of(s)) {
    INFO("step " << step);
    Fixture dying;
    s.prepare(dying);
    World at_death;
    CHECK_THROWS_AS(run_until(dying, s, step, [&] { at_death = world(dying); throw Crash{}; }), Crash);
    Fixture next;
    next.kernel.state = at_death.kernel;
    next.store.saved = at_death.store;
    next_call(next);
    CHECK((world(next) == before || world(next) == after));
  }
}

TEST_CASE("connect and disconnect: fail or die at every step") {
  auto dual = fakes::net("bnet");
  dual.enable_ipv6 = true;
  dual.ipam_config = {fakes::subnet("10.10.0.0/24"), fakes::subnet("fd00:10::/64")};
  auto connect = [](Fixture& f) {
    auto r = fakes::to("bnet", "c1");
    r.aliases = {"db"};
    service::connect_container(f.ctx, r);
  };
  check_every_step({[dual](Fixture& f) {
                      with_network(f, dual);
                      service::connect_container(f.ctx, fakes::to("bnet", "c2"));
                    },
                    connect});
  check_every_step({[dual, connect](Fixture& f) {
                      with_network(f, dual);
                      service::connect_container(f.ctx, fakes::to("bnet", "c2"));
                      connect(f);
                    },
                    [](Fixture& f) { service::disconnect_container(f.ctx, "bnet", "c1", false); }});
}

TEST_CASE("a connect that takes the default routes over, and the disconnect that hands them back: fail or die at every step") {
  auto zeta = fakes::net("zeta"), alpha = fakes::net("alpha");
  zeta.ipam_config = {fakes::subnet("10.20.0.0/24")};
  alpha.ipam_config = {fakes::subnet("10.21.0.0/24")};
  auto prepare = [zeta, alpha](Fixture& f) {
    with_network(f, zeta);
    service::create_network(f.ctx, alpha);
    service::connect_container(f.ctx, fakes::to("zeta", "c1"));
  };
  // "alpha" sorts before "zeta": its endpoint becomes the gateway (libnetwork's Endpoint.Less).
  check_every_step({prepare, [](Fixture& f) { service::connect_container(f.ctx, fakes::to("alpha", "c1")); }});
  check_every_step({[prepare](Fixture& f) {
                      prepare(f);
                      service::connect_container(f.ctx, fakes::to("alpha", "c1"));
                    },
                    [](Fixture& f) { service::disconnect_container(f.ctx, "alpha", "c1", false); }});
}

TEST_CASE("a killed connect never hands its address out twice") {
  Fixture f;
  with_network(f, fakes::net("bnet"));
  World at_death;
  f.ctx.fail_point = [&](const std::string& name) {
    if (name == "connect.store") {
      at_death = world(f);
      throw Crash{};
    }
  };
  CHECK_THROWS_AS(service::connect_container(f.ctx, fakes::to("bnet", "c1")), Crash);
  Fixture next;
  next.kernel.state = at_death.kernel;
  next.kernel.namespaces = f.kernel.namespaces;
  next.store.saved = at_death.store;
  service::connect_container(next.ctx, fakes::to("bnet", "c2"));
  service::connect_container(next.ctx, fakes::to("bnet", "c1"));
  const auto& n = fakes::find(next, "bnet");
  REQUIRE(n.containers.size() == 2);
  CHECK(n.containers.begin()->second.ipv4 != std::next(n.containers.begin())->second.ipv4);
  CHECK(next.kernel.state.netns_links["/run/netns/c1"].count("eth0") == 1);
}

const model::Network* stored(const Fixture& f, const std::string& name) {
  for (const auto& n : f.store.saved->networks)
    if (n.name == name) return &n;
  return nullptr;
}

TEST_CASE("a removal that fails and cannot be put back stays marked, and the next call finishes it") {
  // The rules go, then the kernel fails for good: the bridge stays and the put-back fails too.
  // The network must not be forgotten while its bridge lives, or nothing would remove it.
  Fixture f;
  auto r = fakes::net("sec");
  r.internal = true;
  with_network(f, r);
  const std::string br = model::bridge_name(*stored(f, "sec"));
  f.kernel.fail_at = f.kernel.mutations + 1;
  f.kernel.fail_onward = true;
  auto outcome = service::remove_networks(f.ctx, {"sec"}, false)[0];
  REQUIRE(outcome.error);
  REQUIRE(stored(f, "sec"));
  CHECK(stored(f, "sec")->removing);
  CHECK(f.kernel.state.links.count(br));
  f.kernel.fail_at = -1;
  next_call(f);
  CHECK_FALSE(stored(f, "sec"));
  CHECK_FALSE(f.kernel.state.links.count(br));
  CHECK(f.kernel.save(model::Table::Filter).find(br) == std::string::npos);
}

TEST_CASE("rm A B: A's mark does not ride along when A's intent could not be saved") {
  Fixture f;
  with_network(f, fakes::net("a"));
  service::create_network(f.ctx, fakes::net("b"));
  bool failed = false;
  f.ctx.fail_point = [&](const std::string& step) {
    if (step == "rm.intent" && !failed) failed = true, throw Error(ErrorKind::System, "disk full (fake)");
  };
  auto outcomes = service::remove_networks(f.ctx, {"a", "b"}, false);
  CHECK(outcomes[0].error);
  CHECK_FALSE(outcomes[1].error);
  REQUIRE(stored(f, "a"));
  CHECK_FALSE(stored(f, "a")->removing);
  next_call(f);
  CHECK(stored(f, "a"));
  CHECK_FALSE(stored(f, "b"));
}

// The driver seam: each driver a network can be created with goes through the same use cases,
// so each one's create, connect, disconnect and rm is failed and killed at every step.
TEST_CASE("every creatable driver: create, connect, disconnect and rm, failed or killed at every step") {
  for (const char* driver : {"bridge", "macvlan"}) {
    INFO("driver " << driver);
    auto r = fakes::net("dnet", driver);
    if (std::string(driver) == "macvlan") r.options = {{"parent", "vparent"}};
    r.ipam_config = {fakes::subnet("10.30.0.0/24", "10.30.0.254")};
    auto connect = [](Fixture& f) { service::connect_container(f.ctx, fakes::to("dnet", "c1")); };
    auto rm = [](Fixture& f) {
      auto outcome = service::remove_networks(f.ctx, {"dnet"}, false)[0];
      if (outcome.error) throw *outcome.error;
    };
    // A macvlan network on an existing parent makes no kernel object of its own: its create and
    // its rm have two steps each, the intent and the store write.
    size_t store_only_steps = std::string(driver) == "macvlan" ? 2 : 3;
    check_every_step({[](Fixture& f) { fakes::prepare_with_parent(f); },
                      [r](Fixture& f) { service::create_network(f.ctx, r); }},
                     store_only_steps);
    check_every_step({[r](Fixture& f) { with_network(f, r); }, connect});
    check_every_step({[r, connect](Fixture& f) {
                        with_network(f, r);
                        connect(f);
                      },
                      [](Fixture& f) { service::disconnect_container(f.ctx, "dnet", "c1", false); }});
    check_every_step({[r](Fixture& f) { with_network(f, r); }, rm}, store_only_steps);
  }
}
