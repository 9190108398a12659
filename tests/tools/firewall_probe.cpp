// docknet-firewall-probe BACKEND COMMAND: drives one real firewall backend (iptables-nft or
// iptables-legacy) with Docker's port-publishing rules (tests/unit/rule_bytes.hpp), for
// tests/e2e/162-port-rules.bats, which runs it inside a throwaway network namespace and compares
// what iptables itself then shows. The docknet CLI makes no such rules yet; this exercises the
// backends' encoders, decoders and deletion on the kernel without it. COMMAND:
//   install   creates the DOCKER chains (filter, nat; both families) and adds the rules
//   remove    deletes the rules
//   list      prints each chain's rules as the backend reads them back: "ipv4 nat -A ..."
//   expected  prints the rules as render_rule writes them, in the same form
#include <cstdio>
#include <exception>
#include <memory>
#include <set>
#include <string>
#include <tuple>

#include "lib/kernel/iptables/iptables_firewall.hpp"
#include "lib/kernel/nftables/nft_firewall.hpp"
#include "tests/unit/rule_bytes.hpp"

using namespace docknet;

namespace {

void print(const model::Rule& r) {
  std::printf("%s %s %s\n", testing::family_key(r.family), model::table_name(r.table), model::render_rule(r).c_str());
}

int run(const std::string& backend, const std::string& command) {
  std::unique_ptr<kernel::FirewallBackend> fw;
  if (backend == "iptables-nft") fw = std::make_unique<kernel::NftFirewall>();
  else if (backend == "iptables-legacy") fw = std::make_unique<kernel::IptablesFirewall>();
  else return 2;
  auto rules = testing::port_publishing_rules();
  if (command == "install") {
    model::RuleSet set;
    for (auto f : {model::Family::Ipv4, model::Family::Ipv6})
      for (auto t : {model::Table::Filter, model::Table::Nat}) set.chains.push_back({t, "DOCKER", f});
    set.rules = rules;
    fw->install(set);
  } else if (command == "remove") {
    fw->remove(rules);
  } else if (command == "expected") {
    for (const auto& r : rules) print(r);
  } else if (command == "list") {
    // Each chain once, in the order the rules first name it.
    std::set<std::tuple<model::Family, model::Table, std::string>> seen;
    for (const auto& r : rules) {
      if (!seen.insert({r.family, r.table, r.chain}).second) continue;
      if (auto listed = fw->list_rules(r.family, r.table, r.chain))
        for (const auto& l : *listed) print(l);
    }
  } else {
    return 2;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: docknet-firewall-probe iptables-nft|iptables-legacy install|remove|list|expected\n");
    return 2;
  }
  try {
    int rc = run(argv[1], argv[2]);
    if (rc == 2) std::fprintf(stderr, "docknet-firewall-probe: unknown backend or command\n");
    return rc;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "docknet-firewall-probe: %s\n", e.what());
    return 1;
  }
}
