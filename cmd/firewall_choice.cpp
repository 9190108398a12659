#include "cmd/firewall_choice.hpp"

#include "lib/core/error.hpp"
#include "lib/kernel/firewall_detect.hpp"
#include "lib/kernel/iptables/iptables_firewall.hpp"
#include "lib/kernel/nftables/nft_firewall.hpp"

namespace docknet::cli {
namespace {

using store::FirewallBackendChoice;

template <class Items>
Items only_managed(const Items& items, const kernel::FirewallBackend& fw) {
  Items out;
  for (const auto& i : items)
    if (fw.manages(i.family)) out.push_back(i);
  return out;
}

}  // namespace

std::unique_ptr<kernel::FirewallBackend> open_firewall(const std::string& name) {
  if (name == "iptables-nft") return std::make_unique<kernel::NftFirewall>();
  if (name == "iptables-legacy") return std::make_unique<kernel::IptablesFirewall>();
  return nullptr;
}

SelectedFirewall::SelectedFirewall(const store::DaemonConfig& config, std::function<void(const std::string&)> debug,
                                   std::function<std::string()> recorded)
    : config_(config), debug_(std::move(debug)), recorded_(std::move(recorded)) {}

const std::string& SelectedFirewall::name() {
  if (!name_.empty()) return name_;
  switch (config_.firewall_backend) {
    case FirewallBackendChoice::None: name_ = "none"; break;
    case FirewallBackendChoice::IptablesNft: name_ = "iptables-nft"; break;
    case FirewallBackendChoice::IptablesLegacy: name_ = "iptables-legacy"; break;
    case FirewallBackendChoice::Auto: {
      auto d = kernel::detect_firewall();
      name_ = d.kind == kernel::FirewallKind::Nft ? "iptables-nft" : "iptables-legacy";
      std::string kept;
      if (!d.decisive) {
        std::string recorded;
        try {
          recorded = recorded_ ? recorded_() : "";
        } catch (const std::exception&) {
        }
        if ((recorded == "iptables-nft" || recorded == "iptables-legacy") && recorded != name_) {
          name_ = recorded;
          kept = "; kept the backend docknet's rules are in";
        }
      }
      debug_("firewall backend: " + name_ + " (auto: " + d.why + kept + ")");
      return name_;
    }
  }
  debug_("firewall backend: " + name_ + " (firewall-backend in config.yaml)");
  return name_;
}

kernel::FirewallBackend& SelectedFirewall::backend() {
  if (!backend_) backend_ = open_firewall(name());
  if (!backend_) throw Error(ErrorKind::System, "internal error: firewall call with firewall-backend none");
  return *backend_;
}

bool SelectedFirewall::manages(model::Family f) const {
  if (config_.firewall_backend == FirewallBackendChoice::None) return false;
  return f == model::Family::Ipv6 ? config_.ip6tables : config_.iptables;
}

void SelectedFirewall::install(const model::RuleSet& set) {
  model::RuleSet kept{only_managed(set.chains, *this), only_managed(set.rules, *this)};
  if (!kept.chains.empty() || !kept.rules.empty()) backend().install(kept);
}

void SelectedFirewall::remove(const std::vector<model::Rule>& rules) {
  auto kept = only_managed(rules, *this);
  if (!kept.empty()) backend().remove(kept);
}

std::optional<std::vector<model::Rule>> SelectedFirewall::list_rules(model::Family f, model::Table t,
                                                                     const std::string& chain) {
  if (!manages(f)) return std::vector<model::Rule>{};
  return backend().list_rules(f, t, chain);
}

std::string SelectedFirewall::forward_policy(model::Family f) {
  return manages(f) ? backend().forward_policy(f) : "ACCEPT";
}

void SelectedFirewall::set_forward_policy(model::Family f, const std::string& policy) {
  if (manages(f)) backend().set_forward_policy(f, policy);
}

void SelectedFirewall::remove_chains(const std::vector<model::ChainRef>& chains) {
  auto kept = only_managed(chains, *this);
  if (!kept.empty()) backend().remove_chains(kept);
}

}  // namespace docknet::cli
