// A change of firewall backend (firewall_switch.cpp) on fake kernels: docknet's rules move from
// the backend it used before to the one in use, and nothing of them stays in the old one.
#include <catch2/catch.hpp>

#include "fakes/service_helpers.hpp"
#include "lib/service/bootstrap.hpp"
#include "lib/service/create_network.hpp"

using namespace docknet;
using namespace docknet::fakes;
using model::Table;

namespace {

/// Hands the old backend (a second fake kernel) to the service as open_firewall would.
class Borrowed : public kernel::FirewallBackend {
 public:
  explicit Borrowed(FakeKernel& k) : k_(k) {}
  void install(const model::RuleSet& s) override { k_.install(s); }
  void remove(const std::vector<model::Rule>& r) override { k_.remove(r); }
  std::optional<std::vector<model::Rule>> list_rules(model::Family f, Table t, const std::string& c) override {
    return k_.list_rules(f, t, c);
  }
  std::string forward_policy(model::Family f) override { return k_.forward_policy(f); }
  void set_forward_policy(model::Family f, const std::string& p) override { k_.set_forward_policy(f, p); }
  void remove_chains(const std::vector<model::ChainRef>& c) override { k_.remove_chains(c); }

 private:
  FakeKernel& k_;
};

/// Networks made while docknet wrote to `old` ("iptables-legacy"), then the host switched to
/// f.kernel ("iptables-nft").
struct Switched {
  Fixture f;
  FakeKernel old;
  Switched() {
    f.kernel.state.links["vparent"] = FakeLink{.kind = "veth", .up = true};
    service::ServiceContext& ctx = f.ctx;
    // First life: the fake kernel plays the legacy tables.
    service::open_for_write(ctx);
    service::create_network(ctx, net("a"));
    old.state.tables = f.kernel.state.tables;
    f.kernel.state.tables = FakeKernel().state.tables;  // built-in chains only
    ctx.firewall_name = [] { return std::string("iptables-nft"); };
    ctx.open_firewall = [this](const std::string& name) -> std::unique_ptr<kernel::FirewallBackend> {
      if (name == "iptables-legacy") return std::make_unique<Borrowed>(old);
      return nullptr;
    };
  }
};

}  // namespace

TEST_CASE("firewall switch: the next change moves every rule and chain to the backend in use") {
  Switched s;
  std::string before = s.old.save(Table::Filter);
  REQUIRE(before.find("DOCKER-FORWARD") != std::string::npos);
  service::open_for_write(s.f.ctx);
  CHECK(s.f.kernel.save(Table::Filter) == before);
  CHECK(s.old.save(Table::Filter).find("DOCKER") == std::string::npos);
  CHECK(s.old.save(Table::Nat).find("DOCKER") == std::string::npos);
  CHECK(s.f.store.firewall_record == "iptables-nft");
  // Once recorded, a change touches the old backend no more.
  s.f.ctx.open_firewall = [](const std::string&) -> std::unique_ptr<kernel::FirewallBackend> {
    FAIL("old backend opened again");
    return nullptr;
  };
  service::create_network(s.f.ctx, net("b"));
}

TEST_CASE("firewall switch: a user's rule in DOCKER-USER keeps that chain in the old backend") {
  Switched s;
  model::Rule mine;
  mine.chain = "DOCKER-USER";
  mine.src = IpPrefix::parse("192.0.2.0/24");
  mine.target = "DROP";
  s.old.install(model::RuleSet{{}, {mine}});
  service::open_for_write(s.f.ctx);
  auto kept = s.old.list_rules(model::Family::Ipv4, Table::Filter, "DOCKER-USER");
  REQUIRE(kept);
  REQUIRE(kept->size() == 1);
  CHECK(kept->front().same_as(mine));
  CHECK(s.old.save(Table::Filter).find("DOCKER-FORWARD") == std::string::npos);
}

TEST_CASE("firewall switch: an old backend that cannot be emptied is tried again by the next change") {
  Switched s;
  s.old.fail_at = 0;
  s.old.fail_onward = true;
  service::open_for_write(s.f.ctx);
  CHECK(s.f.kernel.save(Table::Filter).find("DOCKER-FORWARD") != std::string::npos);
  REQUIRE(s.f.ctx.warnings.size() == 1);
  CHECK(s.f.ctx.warnings[0].find("firewall backend changed from iptables-legacy") != std::string::npos);
  CHECK(s.f.store.firewall_record == "iptables-legacy");  // still the old one: tried again next time
  s.old.fail_at = -1;
  s.old.fail_onward = false;
  service::open_for_write(s.f.ctx);
  CHECK(s.old.save(Table::Filter).find("DOCKER") == std::string::npos);
  CHECK(s.f.store.firewall_record == "iptables-nft");
}
