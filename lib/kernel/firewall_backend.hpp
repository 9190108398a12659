#pragma once
#include <string>
#include <vector>

#include "lib/model/firewall_rules.hpp"

namespace docknet::kernel {

/// iptables in domain terms. Implemented with libiptc (one commit per table, xtables lock
/// held) and by an in-memory fake.
class FirewallBackend {
 public:
  virtual ~FirewallBackend() = default;
  /// Creates missing chains, then adds each rule that is not already there.
  virtual void install(const model::RuleSet& set) = 0;
  /// Deletes each rule that is there (exact match); missing rules are not an error.
  virtual void remove(const std::vector<model::Rule>& rules) = 0;
  virtual std::string forward_policy() = 0;
  virtual void set_forward_policy(const std::string& policy) = 0;
};

}  // namespace docknet::kernel
