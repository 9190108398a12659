#pragma once
#include <map>
#include <string>
#include <vector>

#include "lib/kernel/firewall_backend.hpp"
#include "lib/kernel/host_system.hpp"
#include "lib/kernel/link_backend.hpp"
#include "lib/store/store.hpp"

namespace docknet::fakes {

struct FakeLink {
  std::string kind;
  int mtu = 1500;
  bool up = false;
  std::vector<IpPrefix> addresses;
  friend bool operator==(const FakeLink&, const FakeLink&) = default;
};

using Chains = std::map<std::string, std::vector<model::Rule>>;

/// Everything the fake kernel holds; compared whole to prove "nothing changed".
struct KernelState {
  std::map<std::string, FakeLink> links;
  std::map<model::Table, Chains> tables;
  std::string forward_policy = "ACCEPT";
  std::map<std::string, std::string> sysctls;
  bool operator==(const KernelState& o) const;
};

/// An in-memory kernel: links, addresses, iptables tables, sysctls. It answers with the
/// kernel's errnos (EEXIST, ENODEV), records every mutating call, and can fail the k-th one.
class FakeKernel : public kernel::LinkBackend, public kernel::FirewallBackend, public kernel::HostSystem {
 public:
  FakeKernel();
  KernelState state;
  std::vector<IpPrefix> routes;        // on-link IPv4 routes
  std::vector<IpPrefix> resolvers;     // resolv.conf nameservers
  std::string boot = "boot-1";
  std::vector<std::string> ops;        // mutating calls, in order
  int fail_at = -1;                    // index of the mutating call that fails (EIO)
  int mutations = 0;

  bool link_exists(const std::string& name) override;
  void create_bridge(const std::string& name, int mtu) override;
  void delete_link(const std::string& name) override;
  void add_address(const std::string& link, const IpPrefix& address) override;
  void set_up(const std::string& name) override;
  std::vector<IpPrefix> onlink_routes() override { return routes; }

  void install(const model::RuleSet& set) override;
  void remove(const std::vector<model::Rule>& rules) override;
  std::string forward_policy() override { return state.forward_policy; }
  void set_forward_policy(const std::string& policy) override;

  std::string read_sysctl(const std::string& key) override;
  void write_sysctl(const std::string& key, const std::string& value) override;
  std::vector<IpPrefix> nameservers() override { return resolvers; }
  std::string boot_id() override { return boot; }

  /// The table as `iptables-save` would list its rules ("-A ..." lines, chains in order).
  std::string save(model::Table table) const;

 private:
  void mutate(const std::string& op);
};

/// A Store in memory; counts saves and can fail the next one.
class MemoryStore : public store::Store {
 public:
  std::optional<model::State> saved;
  int saves = 0;
  bool fail_save = false;
  std::unique_ptr<store::StoreLock> lock(bool) override { return std::make_unique<store::StoreLock>(); }
  std::optional<model::State> load() override { return saved; }
  void save(const model::State& s) override;
};

}  // namespace docknet::fakes
