#include "lib/service/endpoint_ops.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "lib/core/error.hpp"
#include "lib/core/strings.hpp"
#include "lib/model/firewall_rules.hpp"
#include "lib/model/hosts.hpp"
#include "lib/service/drivers/driver.hpp"
#include "lib/service/endpoint_plan.hpp"
#include "lib/service/steps.hpp"

namespace docknet::service {

bool has_other_endpoint(const model::State& s, const std::string& cid, const std::string& except_network) {
  return std::any_of(s.networks.begin(), s.networks.end(),
                     [&](const model::Network& n) { return n.id != except_network && n.containers.count(cid); });
}

void drop_container_if_unused(model::State& s, const std::string& cid) {
  if (has_other_endpoint(s, cid, "")) return;
  auto& cs = s.containers;
  cs.erase(std::remove_if(cs.begin(), cs.end(), [&](const model::Container& c) { return c.id == cid; }), cs.end());
}

const model::Container& container_of(const model::State& s, const std::string& cid) {
  auto it = std::find_if(s.containers.begin(), s.containers.end(), [&](const model::Container& c) { return c.id == cid; });
  // docknet's own internal error, not Docker's: a state file whose endpoint names a container it
  // does not list (only a hand-edited or corrupt store gets here), so its text stays here.
  if (it == s.containers.end()) throw Error(ErrorKind::System, "stored endpoint of unknown container " + cid);
  return *it;
}

void sync_hosts(ServiceContext& ctx, const std::map<std::string, model::HostsLines>& before,
                const std::map<std::string, model::HostsLines>& after, Transaction& tx) {
  std::set<std::string> changed;
  for (const auto& [name, lines] : after)
    if (auto it = before.find(name); it == before.end() || it->second != lines) changed.insert(name);
  for (const auto& [name, _] : before)
    if (!after.count(name)) changed.insert(name);
  step(ctx, "hosts");
  for (const auto& name : changed) {
    // docknet changes only its block: the file as found is what the undo puts back.
    kernel::HostsFile found = ctx.host.read_hosts(name);
    std::optional<std::string> next;
    bool remove_dir = false;
    if (auto it = after.find(name); it != after.end()) {
      next = model::merge_hosts_block(found.content, found.dir_exists, it->second.lines, it->second.ipv6);
    } else if (found.content) {
      auto stripped = model::strip_hosts_block(*found.content);
      if (!stripped.remove_file) next = stripped.content;
      remove_dir = stripped.remove_dir;
    }
    if (next == found.content) continue;
    tx.on_rollback("restore hosts file of " + name, [&ctx, name, found] {
      if (found.content) ctx.host.write_hosts(name, *found.content);
      else ctx.host.remove_hosts(name, !found.dir_exists);
    });
    if (next) ctx.host.write_hosts(name, *next);
    else ctx.host.remove_hosts(name, remove_dir);
  }
}

void advertise_endpoint(ServiceContext& ctx, const model::Network& n, const model::Endpoint& e,
                        const model::Container& c) {
  // Docker's defaults (moby@docker-v29.7.2:daemon/libnetwork/osl/interface_linux.go:43,58),
  // or the network's options, checked when it was created.
  auto option = [&](const char* key, int fallback) {
    auto it = n.options.find(key);
    auto v = it == n.options.end() ? std::nullopt : parse_int(it->second);
    return v ? static_cast<int>(*v) : fallback;
  };
  int count = option("com.docker.network.advertise_addr_nmsgs", 3);
  int interval_ms = option("com.docker.network.advertise_addr_ms", 1000);
  if (count == 0) {
    ctx.debug(fmt::format("no unsolicited ARP/NA for {} in {}: advertise_addr_nmsgs is 0", e.ifname, c.netns_path));
    return;
  }
  std::string why = ctx.links.advertise_addresses(endpoint_link(n, e, c, {}), c.dev, c.ino, count, interval_ms);
  ctx.debug(why.empty() ? fmt::format("unsolicited ARP/NA for {} in {}: {} message(s), {} ms apart", e.ifname,
                                      c.netns_path, count, interval_ms)
                        : fmt::format("no unsolicited ARP/NA for {} in {}: {}", e.ifname, c.netns_path, why));
}

namespace {

kernel::EndpointLink gateway_link(const model::State& s, const model::Container& c, const GatewayChoice& choice,
                                  const std::string& network_id) {
  for (const auto& n : s.networks) {
    if (n.id != network_id || network_id.empty()) continue;
    auto it = n.containers.find(c.id);
    if (it != n.containers.end()) return endpoint_link(n, it->second, c, routes_of(choice, n));
  }
  kernel::EndpointLink none;  // no gateway: the family is only cleared
  none.netns_path = c.netns_path;
  return none;
}

}  // namespace

void route_through(ServiceContext& ctx, const model::State& s, const model::Container& c, const GatewayChoice& choice,
                   bool v4, bool v6) {
  if (v4 && v6 && choice.v4 == choice.v6) {
    ctx.links.replace_default_routes(gateway_link(s, c, choice, choice.v4), true, true);
    return;
  }
  if (v4) ctx.links.replace_default_routes(gateway_link(s, c, choice, choice.v4), true, false);
  if (v6) ctx.links.replace_default_routes(gateway_link(s, c, choice, choice.v6), false, true);
}

void remove_endpoint_kernel(ServiceContext& ctx, const model::Network& n, const model::Endpoint& e,
                            const model::Container& c, Transaction* tx, Routes had_route) {
  // The interface goes first and its rules after it (the reverse of connect), so the address
  // is never reachable without its protection. A veth goes with its host end, whatever became
  // of the namespace; a sub-interface lives only inside the namespace, so it is looked for only
  // while that namespace is the same one.
  bool veth = !e.host_ifname.empty();
  auto driver = driver_for(n);
  if (driver->has_interface() && (veth || ctx.host.netns_alive(c.netns_path, c.dev, c.ino))) {
    auto link = driver->endpoint_link(n, e, c, had_route);
    step(ctx, "delete_interface");
    ctx.links.delete_endpoint(link);
    if (tx) tx->on_rollback("recreate interface " + e.ifname, [&ctx, link] { ctx.links.create_endpoint(link); });
  }
  auto rules = driver->endpoint_rules(n, e);
  step(ctx, "endpoint_firewall");
  ctx.firewall.remove(rules);
  if (tx) tx->on_rollback("restore rules of " + e.name, [&ctx, rules] { ctx.firewall.install(model::RuleSet{{}, rules}); });
}

}  // namespace docknet::service
