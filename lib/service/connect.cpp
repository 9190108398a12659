#include "lib/service/connect.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "lib/core/error.hpp"
#include "lib/model/endpoint_options.hpp"
#include "lib/model/firewall_rules.hpp"
#include "lib/model/hosts.hpp"
#include "lib/model/messages.hpp"
#include "lib/service/bootstrap.hpp"
#include "lib/service/endpoint_plan.hpp"
#include "lib/service/query.hpp"
#include "lib/service/transaction.hpp"

namespace docknet::service {
namespace {

using model::Container;
using model::Endpoint;
using model::Network;

void refuse_special(const Network& n) {
  if (n.driver == "host")
    throw Error(ErrorKind::InvalidParameter,
                "cannot connect container to host network - container must be created in host network mode");
  if (n.config_only)
    throw Error(ErrorKind::Forbidden, fmt::format("network {} is a configuration-only network and cannot be connected", n.name));
}

// The namespace docknet itself runs in is the host's: as a container sharing the host's
// network, Docker refuses to connect it anywhere (and a veth there would rewire the host).
void refuse_host_namespace(ServiceContext& ctx, const kernel::NetnsInfo& ns) {
  auto own = ctx.host.find_netns("/proc/self/ns/net");
  if (own && own->dev == ns.dev && own->ino == ns.ino)
    throw Error(ErrorKind::InvalidParameter,
                "container sharing network namespace with another container or host cannot be connected to any other network");
}

// `none` gives a container no interface, and excludes every other network (Docker's private mode).
void refuse_mixing_with_none(const model::State& s, const Network& n, const std::string& cid) {
  bool on_none = false, on_other = false;
  for (const auto& other : s.networks) {
    if (other.id == n.id || !other.containers.count(cid)) continue;
    (other.driver == "null" ? on_none : on_other) = true;
  }
  if (on_none || (n.driver == "null" && on_other))
    throw Error(ErrorKind::InvalidParameter,
                "container cannot be connected to multiple networks with one of the networks in private (none) mode");
}

Container& register_container(ServiceContext& ctx, model::State& s, const kernel::NetnsInfo& ns) {
  for (auto& c : s.containers)
    if (c.dev == ns.dev && c.ino == ns.ino) return c;
  s.containers.push_back(Container{ctx.new_id(), ns.name, ns.path, ns.dev, ns.ino});
  return s.containers.back();
}

std::string random_mac(const std::string& hex) {
  // Docker 28+: a random, locally administered unicast address.
  unsigned first = (std::stoul(hex.substr(0, 2), nullptr, 16) & 0xfe) | 0x02;
  return fmt::format("{:02x}:{}:{}:{}:{}:{}", first, hex.substr(2, 2), hex.substr(4, 2), hex.substr(6, 2), hex.substr(8, 2),
                     hex.substr(10, 2));
}

bool has_other_endpoint(const model::State& s, const std::string& cid, const std::string& except_network) {
  return std::any_of(s.networks.begin(), s.networks.end(),
                     [&](const Network& n) { return n.id != except_network && n.containers.count(cid); });
}

// Writes the hosts files `after` differs in; the undo restores `before`.
void sync_hosts(ServiceContext& ctx, const std::map<std::string, std::string>& before,
                const std::map<std::string, std::string>& after, Transaction& tx) {
  tx.on_rollback("restore hosts files", [&ctx, before, after] {
    for (const auto& [path, content] : before) ctx.host.write_file(path, content);
    for (const auto& [path, _] : after)
      if (!before.count(path)) ctx.host.remove_file(path);
  });
  ctx.fail_point("hosts");
  for (const auto& [path, content] : after) {
    auto it = before.find(path);
    if (it == before.end() || it->second != content) ctx.host.write_file(path, content);
  }
  for (const auto& [path, _] : before)
    if (!after.count(path)) ctx.host.remove_file(path);
}

// --link NAME[:ALIAS]: NAME must be a container on the same network; stored as NAME:ALIAS.
std::vector<std::string> resolve_links(const model::State& s, const Network& n, const std::vector<std::string>& links) {
  std::vector<std::string> out;
  for (const auto& l : links) {
    auto colon = l.find(':');
    std::string name = l.substr(0, colon), alias = colon == std::string::npos ? name : l.substr(colon + 1);
    bool found = false;
    for (const auto& c : s.containers) found = found || (c.name == name && n.containers.count(c.id));
    if (!found) throw Error(ErrorKind::NotFound, "Could not get container for " + name);
    out.push_back(name + ":" + alias);
  }
  return out;
}

// Everything about the container's interface: MAC, addresses, names, sysctls, aliases, links.
void describe_interface(ServiceContext& ctx, const model::State& s, const Network& n, const Container& c,
                        const ConnectRequest& r, Endpoint& e) {
  // ipvlan interfaces share their parent's MAC address: Docker reports none.
  if (n.driver != "ipvlan") e.mac_address = random_mac(ctx.new_id());
  e.ipv4 = pick_address(n, false, r.ip);
  e.ipv6 = pick_address(n, true, r.ip6);
  e.static_ip = r.ip.has_value() || r.ip6.has_value();
  if (n.is_bridge()) e.host_ifname = "veth" + ctx.new_id().substr(0, 7);
  e.ifname = next_ifname(ctx, n, c.netns_path, r.driver_opts);
  if (auto it = r.driver_opts.find(model::kOptEndpointSysctls); it != r.driver_opts.end()) {
    auto errs = model::sysctl_option_errors(it->second);
    if (!errs.empty()) throw model::msg::invalid_endpoint_settings(errs);
    e.sysctls = it->second;
  }
  e.aliases = r.aliases;
  e.links = resolve_links(s, n, r.links);
  for (const auto& ip : r.link_local_ips) {
    auto parsed = IpAddress::parse(ip);
    if (!parsed) throw Error(ErrorKind::InvalidParameter, "invalid link-local IP address: [" + ip + "]");
    e.link_local_ips.push_back(*parsed);
  }
}

// The interface in the namespace and its firewall rules, each undone by `tx` on failure.
void attach_interface(ServiceContext& ctx, const Network& n, const Endpoint& e, const Container& c,
                      bool default_route, Transaction& tx) {
  ctx.fail_point("veth");
  auto link = endpoint_link(n, e, c, default_route);
  ctx.links.create_endpoint(link);
  tx.on_rollback("delete interface " + e.ifname, [&ctx, link] { ctx.links.delete_endpoint(link); });
  auto rules = model::endpoint_rules(n, e);
  tx.on_rollback("remove rules of " + e.host_ifname, [&ctx, rules] { ctx.firewall.remove(rules); });
  ctx.fail_point("endpoint_firewall");
  ctx.firewall.install(model::RuleSet{{}, rules});
}

void drop_container_if_unused(model::State& s, const std::string& cid) {
  if (has_other_endpoint(s, cid, "")) return;
  auto& cs = s.containers;
  cs.erase(std::remove_if(cs.begin(), cs.end(), [&](const Container& c) { return c.id == cid; }), cs.end());
}

}  // namespace

void connect_container(ServiceContext& ctx, const ConnectRequest& r) {
  Session s = open_for_write(ctx);
  Network& n = *find_network(s.state, r.network);
  refuse_special(n);
  auto ns = ctx.host.find_netns(r.container);
  if (!ns) throw Error(ErrorKind::NotFound, "No such container: " + r.container);
  refuse_host_namespace(ctx, *ns);
  auto before_hosts = model::hosts_files(s.state);
  std::string cid = register_container(ctx, s.state, *ns).id;
  const Container& c = *std::find_if(s.state.containers.begin(), s.state.containers.end(),
                                     [&](const Container& x) { return x.id == cid; });
  if (n.containers.count(cid))
    throw Error(ErrorKind::Forbidden, fmt::format("endpoint with name {} already exists in network {}", c.name, n.name));
  refuse_mixing_with_none(s.state, n, cid);
  Endpoint e;
  e.container_id = cid;
  e.name = c.name;
  e.endpoint_id = ctx.new_id();
  // `none` gives the container an endpoint with no interface, address or route.
  bool has_interface = n.driver != "null";
  if (has_interface) describe_interface(ctx, s.state, n, c, r, e);
  bool first_network = !has_other_endpoint(s.state, cid, n.id);

  Transaction tx(ctx.cleanup_failures);
  if (has_interface) attach_interface(ctx, n, e, c, first_network, tx);
  n.containers[cid] = e;
  sync_hosts(ctx, before_hosts, model::hosts_files(s.state), tx);
  save(ctx, s);
  tx.commit();
}

void disconnect_container(ServiceContext& ctx, const std::string& network, const std::string& container, bool force) {
  Session s = open_for_write(ctx);
  Network& n = *find_network(s.state, network);
  std::string cid;
  auto ns = ctx.host.find_netns(container);
  for (const auto& c : s.state.containers)
    if ((ns && c.dev == ns->dev && c.ino == ns->ino) || (cid.empty() && (c.name == container || c.id == container)))
      cid = c.id;
  if (cid.empty()) {
    if (force) throw Error(ErrorKind::NotFound, fmt::format("endpoint {} not found", container));
    if (!ns) throw Error(ErrorKind::NotFound, "No such container: " + container);
    throw Error(ErrorKind::Forbidden, fmt::format("container {} is not connected to network {}", container, n.name));
  }
  auto it = n.containers.find(cid);
  if (it == n.containers.end())
    throw Error(ErrorKind::Forbidden, fmt::format("container {} is not connected to network {}", cid, n.name));
  Endpoint e = it->second;
  const Container c = *std::find_if(s.state.containers.begin(), s.state.containers.end(),
                                    [&](const Container& x) { return x.id == cid; });
  auto before_hosts = model::hosts_files(s.state);
  bool had_route = !has_other_endpoint(s.state, cid, n.id);

  Transaction tx(ctx.cleanup_failures);
  n.containers.erase(cid);
  sync_hosts(ctx, before_hosts, model::hosts_files(s.state), tx);
  auto rules = model::endpoint_rules(n, e);
  tx.on_rollback("restore rules of " + e.host_ifname, [&ctx, rules] { ctx.firewall.install(model::RuleSet{{}, rules}); });
  ctx.fail_point("endpoint_firewall");
  ctx.firewall.remove(rules);
  if (n.driver != "null") {
    ctx.fail_point("delete_veth");
    auto link = endpoint_link(n, e, c, had_route);
    ctx.links.delete_endpoint(link);
    tx.on_rollback("recreate interface " + e.ifname, [&ctx, link] { ctx.links.create_endpoint(link); });
  }
  save(ctx, s);
  tx.commit();
}

bool release_stale_endpoints(ServiceContext& ctx, model::State& s) {
  std::vector<std::string> gone;
  for (const auto& c : s.containers)
    if (!ctx.host.netns_alive(c.netns_path, c.dev, c.ino)) gone.push_back(c.id);
  if (gone.empty()) return false;
  auto before_hosts = model::hosts_files(s);
  for (auto& n : s.networks)
    for (const auto& cid : gone) {
      auto it = n.containers.find(cid);
      if (it == n.containers.end()) continue;
      ctx.firewall.remove(model::endpoint_rules(n, it->second));
      if (!it->second.host_ifname.empty()) ctx.links.delete_link(it->second.host_ifname);  // normally gone already
      n.containers.erase(it);
    }
  // A container keeps its ID while its namespace lives; it is forgotten once that is gone.
  for (const auto& cid : gone) drop_container_if_unused(s, cid);
  Transaction tx(ctx.cleanup_failures);
  sync_hosts(ctx, before_hosts, model::hosts_files(s), tx);
  tx.commit();
  return true;
}

}  // namespace docknet::service
