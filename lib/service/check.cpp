// docknet network check [--repair]: the kernel against the store, one line per difference.
#include "lib/service/check.hpp"
#include "lib/service/gateway_choice.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "lib/core/error.hpp"
#include "lib/model/firewall_rules.hpp"
#include "lib/model/messages.hpp"
#include "lib/model/naming.hpp"
#include "lib/service/bootstrap.hpp"
#include "lib/service/drivers/driver.hpp"
#include "lib/service/endpoint_ops.hpp"
#include "lib/service/endpoint_plan.hpp"
#include "lib/service/kernel_plan.hpp"
#include "lib/service/query.hpp"
#include "lib/service/steps.hpp"

namespace docknet::service {
namespace {

using model::Family;
using model::Rule;
using model::Table;

/// docknet's chains: a rule of docknet's kind there that names a stored network's bridge but
/// that network does not account for is a stray. DOCKER-USER (the user's) and the built-in chains are never searched for strays.
const std::vector<std::pair<Table, std::string>> kOwnChains{
    {Table::Filter, "DOCKER"},          {Table::Filter, "DOCKER-BRIDGE"},   {Table::Filter, "DOCKER-CT"},
    {Table::Filter, "DOCKER-FORWARD"},  {Table::Filter, "DOCKER-INTERNAL"}, {Table::Nat, "DOCKER"}};

std::string rule_text(const Rule& r) {
  return fmt::format("{} -t {} {}", r.family == Family::Ipv6 ? "ip6tables" : "iptables", model::table_name(r.table),
                     model::render_rule(r));
}

/// One difference and the repair that removes it (none: docknet cannot or must not).
struct Finding {
  std::string network;  // "" for firewall-wide lines
  std::string text;
  std::string line() const { return (network.empty() ? "firewall" : "network " + network) + ": " + text; }
};

/// What to do about the findings, collected while looking.
struct Plan {
  std::vector<Finding> findings;
  std::set<std::string> reinstate;                                 // network IDs: bridge/parent/addresses
  std::vector<std::pair<std::string, std::string>> endpoints;      // (network ID, container ID) to remake
  std::vector<Rule> missing_rules;
  std::vector<Rule> strays;
};

class Checker {
 public:
  Checker(ServiceContext& ctx, const model::State& s) : ctx_(ctx), s_(s) {}

  void network(const model::Network& n, Plan& p) {
    auto add = [&](std::string text) { p.findings.push_back({n.name, std::move(text)}); };
    if (n.pending) return add("create was cut short (the next changing command undoes it)");
    if (n.removing) return add("removal was cut short (the next changing command finishes it)");
    for (auto& f : driver_for(n)->check(ctx_, n)) {
      if (f.repairable) p.reinstate.insert(n.id);
      add(std::move(f.text));
    }
    for (const auto& [cid, e] : n.containers) endpoint(n, cid, e, p, add);
  }

  void firewall(const std::vector<const model::Network*>& selected, bool whole, Plan& p) {
    std::vector<std::pair<const model::Network*, Rule>> expected;
    bool any_v6 = false;
    auto is_selected = [&](const model::Network* n) {
      return n ? std::find(selected.begin(), selected.end(), n) != selected.end() : whole;
    };
    for (const auto& n : s_.networks) {
      if (n.pending || n.removing) continue;
      // A bridge name now held by another kind of link: the network's rules would filter that
      // link's traffic, so they are not wanted; any that are there are listed and go.
      if (foreign(n)) {
        for (const auto& r : driver_for(n)->rules(n)) {
          if (!is_selected(&n) || !present(r)) continue;
          p.findings.push_back({n.name, "rule on a link that is not a bridge " + rule_text(r)});
          p.strays.push_back(r);
        }
        continue;
      }
      for (auto& r : driver_for(n)->rules(n)) {
        any_v6 = any_v6 || r.family == Family::Ipv6;
        expected.emplace_back(&n, std::move(r));
      }
    }
    for (Family f : {Family::Ipv4, Family::Ipv6})
      for (auto& r : model::base_rules(f).rules) expected.emplace_back(nullptr, std::move(r));
    for (const auto& [n, r] : expected) {
      // IPv6 base rules are made at start-up only where ip6tables works; missing ones matter
      // once an IPv6 network needs them.
      if (!n && r.family == Family::Ipv6 && !any_v6) continue;
      if (!ctx_.firewall.manages(r.family)) continue;  // iptables/ip6tables false: no rules wanted
      if (!is_selected(n) || present(r)) continue;
      p.findings.push_back({n ? n->name : "", "missing rule " + rule_text(r)});
      p.missing_rules.push_back(r);
    }
    for (Family f : {Family::Ipv4, Family::Ipv6})
      for (const auto& [table, chain] : kOwnChains) {
        const auto* rules = listed(f, table, chain);
        if (!rules) continue;
        for (const auto& r : *rules) {
          bool known = std::any_of(expected.begin(), expected.end(), [&](const auto& x) { return x.second.same_as(r); }) ||
                       std::any_of(p.strays.begin(), p.strays.end(), [&](const Rule& x) { return x.same_as(r); });
          if (known) continue;
          // Only a rule on one of this store's bridges is docknet's own: the same chains hold
          // the rules of a Docker daemon or another docknet state root, which are left alone.
          const model::Network* owner = owner_of(r);
          if (!owner || !is_selected(owner)) continue;
          p.findings.push_back({owner->name, "stray rule " + rule_text(r)});
          p.strays.push_back(r);
        }
      }
  }

 private:
  template <class Add>
  void endpoint(const model::Network& n, const std::string& cid, const model::Endpoint& e, Plan& p, Add add) {
    if (!driver_for(n)->has_interface()) return;
    auto c = std::find_if(s_.containers.begin(), s_.containers.end(), [&](const model::Container& x) { return x.id == cid; });
    std::string who = c != s_.containers.end() ? c->name : cid.substr(0, 12);
    if (!e.intent.empty()) return add(e.intent + " of container " + who + " was cut short (the next changing command settles it)");
    if (c == s_.containers.end()) return add("endpoint of unknown container " + cid);
    bool alive = ctx_.host.netns_alive(c->netns_path, c->dev, c->ino);
    if (!alive) return add("container " + who + " is gone (the next changing command releases its endpoint)");
    bool broken = false;
    if (!e.host_ifname.empty() && foreign(n)) return;  // reported with the bridge: nothing to attach to
    auto link = driver_for(n)->endpoint_link(n, e, *c, Routes{});
    if (!link.bridge_netns.empty()) {
      // An overlay endpoint: its host end is in the network's sandbox, not the host's namespace.
      std::vector<std::string> in_sandbox;
      try {
        in_sandbox = ctx_.links.netns_link_names(link.bridge_netns);
      } catch (const Error&) {  // no sandbox: reported with the network
      }
      if (std::find(in_sandbox.begin(), in_sandbox.end(), e.host_ifname) == in_sandbox.end())
        add("missing veth " + e.host_ifname + " of container " + who + " in " + link.bridge_netns), broken = true;
    } else if (!e.host_ifname.empty()) {
      auto info = ctx_.links.link_info(e.host_ifname);
      std::string br = model::bridge_name(n);
      if (!info) add("missing veth " + e.host_ifname + " of container " + who), broken = true;
      else if (info->master != br) add("veth " + e.host_ifname + " of container " + who + " is not on " + br), broken = true;
    }
    auto names = ctx_.links.netns_link_names(c->netns_path);
    if (std::find(names.begin(), names.end(), e.ifname) == names.end()) {
      add("missing interface " + e.ifname + " in container " + who);
      broken = true;
    }
    if (broken) p.endpoints.emplace_back(n.id, cid);
  }

  bool foreign(const model::Network& n) {
    auto it = foreign_.find(n.id);
    if (it == foreign_.end()) it = foreign_.emplace(n.id, driver_for(n)->link_conflict(ctx_, n).has_value()).first;
    return it->second;
  }

  const std::vector<Rule>* listed(Family f, Table t, const std::string& chain) {
    auto key = std::make_tuple(f, t, chain);
    auto it = chains_.find(key);
    if (it == chains_.end()) {
      std::optional<std::vector<Rule>> rules;
      try {
        rules = ctx_.firewall.list_rules(f, t, chain);
      } catch (const KernelError& e) {
        if (e.fault() != KernelFault::Failed) throw;  // not root, or no nf_tables: said as such
        // No ip6tables in this kernel: IPv6 rules show as missing.
      }
      it = chains_.emplace(key, std::move(rules)).first;
    }
    return it->second ? &*it->second : nullptr;
  }

  bool present(const Rule& r) {
    const auto* rules = listed(r.family, r.table, r.chain);
    return rules && std::any_of(rules->begin(), rules->end(), [&](const Rule& x) { return x.same_as(r); });
  }

  // A stray naming the interface of a stored network's rules (its bridge) is listed under that network.
  const model::Network* owner_of(const Rule& r) {
    for (const auto& n : s_.networks) {
      std::string iface = driver_for(n)->rules_interface(n);
      if (!iface.empty() && (r.in_iface == iface || r.out_iface == iface)) return &n;
    }
    return nullptr;
  }

  ServiceContext& ctx_;
  const model::State& s_;
  std::map<std::tuple<Family, Table, std::string>, std::optional<std::vector<Rule>>> chains_;
  std::map<std::string, bool> foreign_;  // network ID: its bridge name is held by another kind of link
};

Plan inspect(ServiceContext& ctx, const model::State& s, const std::vector<const model::Network*>& selected, bool whole) {
  Plan p;
  Checker checker(ctx, s);
  for (const auto* n : selected) checker.network(*n, p);
  checker.firewall(selected, whole, p);
  return p;
}

std::vector<const model::Network*> select_networks(const model::State& s, const std::vector<std::string>& refs) {
  std::vector<const model::Network*> out;
  if (refs.empty()) {
    for (const auto& n : s.networks)
      if (!n.config_only) out.push_back(&n);
    return out;
  }
  for (const auto& ref : refs) out.push_back(&resolve_network(s, ref));
  return out;
}

const model::Network& by_id(const model::State& s, const std::string& id) {
  for (const auto& n : s.networks)
    if (n.id == id) return n;
  throw model::msg::network_not_found(id);
}


void apply(ServiceContext& ctx, const model::State& s, const Plan& p, CheckReport& report) {
  auto attempt = [&](const std::string& what, const std::function<void()>& fn) {
    try {
      fn();
    } catch (const std::exception& e) {
      report.repair_errors.push_back(what + ": " + model::msg::docker_text(e));
    }
  };
  for (const auto& id : p.reinstate) {
    const auto& n = by_id(s, id);
    attempt("network " + n.name, [&] { reinstate_network_kernel(ctx, n); });
  }
  for (const auto& [id, cid] : p.endpoints) {
    const auto& n = by_id(s, id);
    const auto& e = n.containers.at(cid);
    attempt("network " + n.name + ": container " + e.name, [&] {
      auto link = endpoint_link(n, e, container_of(s, cid), routes_of(choose_gateways(s, cid), n));
      step(ctx, "delete_interface");
      ctx.links.delete_endpoint(link);
      step(ctx, "interface");
      ctx.links.create_endpoint(link);
    });
  }
  if (!p.missing_rules.empty()) {
    model::RuleSet set;
    for (Family f : {Family::Ipv4, Family::Ipv6}) {
      bool used = std::any_of(p.missing_rules.begin(), p.missing_rules.end(), [&](const Rule& r) { return r.family == f; });
      if (!used) continue;
      auto base = model::base_rules(f);
      set.chains.insert(set.chains.end(), base.chains.begin(), base.chains.end());
    }
    set.rules = p.missing_rules;
    attempt("firewall", [&] {
      step(ctx, "firewall");
      ctx.firewall.install(set);
    });
  }
  if (!p.strays.empty())
    attempt("firewall", [&] {
      step(ctx, "remove_strays");
      ctx.firewall.remove(p.strays);
    });
}

std::vector<std::string> lines(const Plan& p) {
  std::vector<std::string> out;
  for (const auto& f : p.findings) out.push_back(f.line());
  return out;
}

}  // namespace

CheckReport check_networks(ServiceContext& ctx, const std::vector<std::string>& refs, bool repair) try {
  CheckReport report;
  if (!repair) {
    // The exclusive lock, as a changing call takes it, so no change is seen half made; but no
    // recovery or restore runs: a plain check changes nothing.
    // Never creating the state directory or its lock file: a check reads.
    auto lock = ctx.store.lock_existing(true, std::nullopt);
    auto loaded = ctx.store.load();
    if (!loaded) return report;  // nothing stored, nothing to compare
    auto selected = select_networks(*loaded, refs);
    report.differences = lines(inspect(ctx, *loaded, selected, refs.empty()));
    return report;
  }
  Operation op(ctx, "repair");
  // A changing call: interrupted changes are settled and, after a reboot, the kernel state is
  // made again before anything is compared.
  Session session = open_for_write(ctx);
  auto selected = select_networks(session.state, refs);
  Plan plan = inspect(ctx, session.state, selected, refs.empty());
  report.differences = lines(plan);
  if (plan.findings.empty()) return report;
  apply(ctx, session.state, plan, report);
  report.unrepaired = lines(inspect(ctx, session.state, selected, refs.empty()));
  return report;
} catch (const KernelError& e) {  // a kernel or store fact leaves the service in Docker's words
  throw model::msg::in_docker_words(e);
}

}  // namespace docknet::service
