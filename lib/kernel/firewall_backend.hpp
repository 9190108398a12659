#pragma once
#include <optional>
#include <string>
#include <vector>

#include "lib/model/firewall_rules.hpp"

namespace docknet::kernel {

/// iptables and ip6tables in domain terms. Implemented over the legacy x_tables with
/// libiptc/libip6tc (one commit per table, xtables lock held), over nf_tables as iptables-nft
/// writes it, and by an in-memory fake.
class FirewallBackend {
 public:
  virtual ~FirewallBackend() = default;
  /// Creates missing chains, then adds each rule that is not already there.
  virtual void install(const model::RuleSet& set) = 0;
  /// Deletes each rule that is there (exact match); missing rules are not an error.
  virtual void remove(const std::vector<model::Rule>& rules) = 0;
  /// The rules of one chain, in order, as far as they are docknet's kind of rule (others, with
  /// matches or targets docknet never writes, are left out); nullopt when the chain is missing.
  virtual std::optional<std::vector<model::Rule>> list_rules(model::Family family, model::Table table,
                                                             const std::string& chain) = 0;
  /// The policy of the filter table's FORWARD chain, in iptables or ip6tables.
  virtual std::string forward_policy(model::Family family) = 0;
  virtual void set_forward_policy(model::Family family, const std::string& policy) = 0;
  /// Deletes each listed chain that exists, holds no rule and no rule jumps to; a chain still in
  /// use (a user's own rule in DOCKER-USER, a jump from a rule docknet did not write) stays.
  virtual void remove_chains(const std::vector<model::ChainRef>& chains) = 0;
  /// Whether rules of this family are docknet's to write at all (daemon.json's "iptables" and
  /// "ip6tables", or no firewall): the others are neither written nor expected.
  virtual bool manages(model::Family) const { return true; }
};

}  // namespace docknet::kernel
