#pragma once
#include <functional>
#include <memory>
#include <string>

#include "lib/kernel/firewall_backend.hpp"
#include "lib/store/daemon_config.hpp"

namespace docknet::cli {

/// A backend by the name the config and the store use: "iptables-nft", "iptables-legacy";
/// nullptr for "none" or an unknown name.
std::unique_ptr<kernel::FirewallBackend> open_firewall(const std::string& name);

/// The firewall config.yaml asks for (firewall-backend, iptables, ip6tables), chosen on first
/// use so `ls` and `inspect` pay nothing for it. Rules of a family the config turns off, or all
/// rules with `none`, never reach a backend: no firewall call is made for them.
class SelectedFirewall : public kernel::FirewallBackend {
 public:
  /// `recorded`: the backend the store says docknet last wrote to; `auto` keeps it when only the
  /// tables' contents, not the host's iptables command, decide.
  SelectedFirewall(const store::DaemonConfig& config, std::function<void(const std::string&)> debug,
                   std::function<std::string()> recorded);
  /// "iptables-nft", "iptables-legacy" or "none".
  const std::string& name();

  void install(const model::RuleSet& set) override;
  void remove(const std::vector<model::Rule>& rules) override;
  std::optional<std::vector<model::Rule>> list_rules(model::Family family, model::Table table,
                                                     const std::string& chain) override;
  std::string forward_policy(model::Family family) override;
  void set_forward_policy(model::Family family, const std::string& policy) override;
  void remove_chains(const std::vector<model::ChainRef>& chains) override;
  bool manages(model::Family family) const override;

 private:
  kernel::FirewallBackend& backend();
  const store::DaemonConfig& config_;
  std::function<void(const std::string&)> debug_;
  std::function<std::string()> recorded_;
  std::string name_;
  std::unique_ptr<kernel::FirewallBackend> backend_;
};

}  // namespace docknet::cli
