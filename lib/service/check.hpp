#pragma once
#include <string>
#include <vector>

#include "lib/service/context.hpp"

namespace docknet::service {

/// What `docknet network check` found, one line each ("network web: missing bridge br-1a2b"),
/// and, with --repair, what was still different afterwards and why a repair failed.
struct CheckReport {
  std::vector<std::string> differences;
  std::vector<std::string> unrepaired;
  std::vector<std::string> repair_errors;
};

/// Compares the kernel with the store: bridges (there, a bridge, up), their addresses, the
/// endpoints' interfaces, parent links, and the iptables/ip6tables rules (the rule function of
/// every stored network against what the tables hold: missing rules, and docknet's kind of rule
/// in docknet's own chains that no stored network accounts for). `refs` limits the report to
/// those networks (then firewall-wide lines are left out). With `repair`, the first lines are
/// what was found, then it restores what is missing and removes only docknet's strays (never a
/// rule in DOCKER-USER or a built-in chain, never a link docknet did not make), and checks again.
CheckReport check_networks(ServiceContext& ctx, const std::vector<std::string>& refs, bool repair);

}  // namespace docknet::service
