#pragma once
#include <string>

namespace docknet::kernel {

enum class FirewallKind { Nft, Legacy };

struct DetectedFirewall {
  FirewallKind kind;
  std::string why;  // for --debug: what decided it
  /// False when only the tables' current contents decided (they change under other tools, e.g.
  /// `iptables-legacy -L` makes an empty legacy table): the caller keeps the backend it used.
  bool decisive = true;
};

/// `firewall-backend: auto`: the backend Docker's own rules would be in on this host.
/// nf_tables when the host's `iptables` command is the nf_tables variant, when the legacy
/// x_tables are not available, or when the legacy tables are empty while nf_tables has tables;
/// the legacy x_tables otherwise.
DetectedFirewall detect_firewall();

}  // namespace docknet::kernel
