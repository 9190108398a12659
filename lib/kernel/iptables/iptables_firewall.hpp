#pragma once
#include "lib/kernel/firewall_backend.hpp"

namespace docknet::kernel {

/// FirewallBackend over libiptc and libip6tc (legacy x_tables): each table is read once, changed in memory
/// and committed once, with the xtables lock held throughout.
class IptablesFirewall : public FirewallBackend {
 public:
  void install(const model::RuleSet& set) override;
  void remove(const std::vector<model::Rule>& rules) override;
  std::optional<std::vector<model::Rule>> list_rules(model::Family family, model::Table table,
                                                     const std::string& chain) override;
  std::string forward_policy(model::Family family) override;
  void set_forward_policy(model::Family family, const std::string& policy) override;
  void remove_chains(const std::vector<model::ChainRef>& chains) override;
};

}  // namespace docknet::kernel
