#pragma once
#include <memory>

#include "lib/kernel/firewall_backend.hpp"

namespace docknet::kernel::nft {
class Socket;
}

namespace docknet::kernel {

/// FirewallBackend over nf_tables, in the tables and chains iptables-nft uses (ip/ip6 filter, nat,
/// raw) and with rules encoded as iptables-nft encodes them, so `iptables`, `iptables-save` and
/// `nft list ruleset` on an nf_tables host show docknet's rules as Docker's. Each call reads only
/// the chains it touches and sends one batch: the kernel applies all of it or none.
class NftFirewall : public FirewallBackend {
 public:
  NftFirewall();
  ~NftFirewall() override;
  void install(const model::RuleSet& set) override;
  void remove(const std::vector<model::Rule>& rules) override;
  std::optional<std::vector<model::Rule>> list_rules(model::Family family, model::Table table,
                                                     const std::string& chain) override;
  std::string forward_policy(model::Family family) override;
  void set_forward_policy(model::Family family, const std::string& policy) override;
  void remove_chains(const std::vector<model::ChainRef>& chains) override;

 private:
  // One socket for the whole call, closed last: closing an nfnetlink socket right after a batch
  // that deleted something waits for an RCU grace period (the kernel flushes its deferred
  // frees on release, ~10-20 ms); closed at the end, that work is usually done by then.
  nft::Socket& socket();
  std::unique_ptr<nft::Socket> socket_;
};

}  // namespace docknet::kernel
