#include "lib/service/connect.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "lib/core/error.hpp"
#include "lib/model/bridge_options.hpp"
#include "lib/model/firewall_rules.hpp"
#include "lib/model/hosts.hpp"
#include "lib/model/ipam.hpp"
#include "lib/model/messages.hpp"
#include "lib/model/naming.hpp"
#include "lib/service/bootstrap.hpp"
#include "lib/service/query.hpp"
#include "lib/service/transaction.hpp"

namespace docknet::service {
namespace {

using model::Container;
using model::Endpoint;
using model::Network;

constexpr const char* kIfnameOpt = "com.docker.network.endpoint.ifname";

void refuse_special(const Network& n) {
  if (n.driver == "host")
    throw Error(ErrorKind::Forbidden, "cannot connect container to host network - container must be created in host network mode");
  if (n.driver == "null")
    throw Error(ErrorKind::Forbidden, "container cannot be disconnected from host network or connected to host network");
  if (n.config_only)
    throw Error(ErrorKind::Forbidden, fmt::format("network {} is a configuration-only network and cannot be connected", n.name));
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

IpPrefix pick_address(const Network& n, const model::IpamConfig& pool, const std::optional<IpAddress>& wanted) {
  std::set<IpAddress> used;
  for (const auto& [_, e] : n.containers)
    if (e.ipv4) used.insert(e.ipv4->addr());
  if (wanted) {
    if (!n.user_subnet)
      throw Error(ErrorKind::Forbidden,
                  "user specified IP address is supported only when connecting to networks with user configured subnets");
    if (!pool.subnet.contains(*wanted))
      throw Error(ErrorKind::InvalidParameter,
                  fmt::format("invalid endpoint settings:\nno configured subnet or ip-range contain the IP address {}", wanted->to_string()));
    if (used.count(*wanted) || model::reserved_addresses(pool).count(*wanted))
      throw Error(ErrorKind::Conflict, "Address already in use");
    return IpPrefix(*wanted, pool.subnet.len());
  }
  auto ip = model::first_free_address(pool, used);
  if (!ip)
    throw Error(ErrorKind::System, fmt::format("no available IPv4 addresses on this network's address pools: {} ({})", n.name, n.id));
  return IpPrefix(*ip, pool.subnet.len());
}

std::string next_ifname(ServiceContext& ctx, const std::string& netns_path, const StringMap& opts) {
  if (auto it = opts.find(kIfnameOpt); it != opts.end() && !it->second.empty()) return it->second;
  auto names = ctx.links.netns_link_names(netns_path);
  for (int i = 0;; ++i) {
    std::string candidate = "eth" + std::to_string(i);
    if (std::find(names.begin(), names.end(), candidate) == names.end()) return candidate;
  }
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

kernel::EndpointLink link_of(const Network& n, const Endpoint& e, const Container& c, bool default_route) {
  kernel::EndpointLink l;
  l.host_ifname = e.host_ifname;
  l.bridge = model::bridge_name(n);
  l.netns_path = c.netns_path;
  l.ifname = e.ifname;
  l.mac = e.mac_address;
  l.mtu = model::parse_bridge_options(n.options).mtu;
  l.address = *e.ipv4;
  l.extra_addresses = e.link_local_ips;
  for (const auto& pool : n.ipam_config)
    if (default_route && !n.internal && pool.subnet.is_v4() && pool.gateway) {
      l.gateway = pool.gateway;
      break;
    }
  return l;
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
  auto before_hosts = model::hosts_files(s.state);
  std::string cid = register_container(ctx, s.state, *ns).id;
  const Container& c = *std::find_if(s.state.containers.begin(), s.state.containers.end(),
                                     [&](const Container& x) { return x.id == cid; });
  if (n.containers.count(cid))
    throw Error(ErrorKind::Forbidden, fmt::format("endpoint with name {} already exists in network {}", c.name, n.name));
  auto pool = std::find_if(n.ipam_config.begin(), n.ipam_config.end(), [](const model::IpamConfig& p) { return p.subnet.is_v4(); });
  if (pool == n.ipam_config.end()) throw Error(ErrorKind::InvalidParameter, "network " + n.name + " has no IPv4 pool");

  Endpoint e;
  e.container_id = cid;
  e.name = c.name;
  e.endpoint_id = ctx.new_id();
  e.mac_address = random_mac(ctx.new_id());
  e.ipv4 = pick_address(n, *pool, r.ip);
  e.static_ip = r.ip.has_value();
  e.host_ifname = "veth" + ctx.new_id().substr(0, 7);
  e.ifname = next_ifname(ctx, c.netns_path, r.driver_opts);
  e.aliases = r.aliases;
  e.links = resolve_links(s.state, n, r.links);
  for (const auto& ip : r.link_local_ips) {
    auto parsed = IpAddress::parse(ip);
    if (!parsed || !parsed->is_v4()) throw Error(ErrorKind::InvalidParameter, "invalid link-local IP address: [" + ip + "]");
    e.link_local_ips.push_back(*parsed);
  }
  bool first_network = !has_other_endpoint(s.state, cid, n.id);

  Transaction tx(ctx.cleanup_failures);
  ctx.fail_point("veth");
  ctx.links.create_endpoint(link_of(n, e, c, first_network));
  tx.on_rollback("delete veth " + e.host_ifname, [&ctx, host = e.host_ifname] { ctx.links.delete_link(host); });
  auto rules = model::endpoint_rules(n, e);
  tx.on_rollback("remove rules of " + e.host_ifname, [&ctx, rules] { ctx.firewall.remove(rules); });
  ctx.fail_point("endpoint_firewall");
  ctx.firewall.install(model::RuleSet{{}, rules});
  n.containers[cid] = e;
  sync_hosts(ctx, before_hosts, model::hosts_files(s.state), tx);
  save(ctx, s);
  tx.commit();
}

void disconnect_container(ServiceContext& ctx, const std::string& network, const std::string& container, bool force) {
  Session s = open_for_write(ctx);
  Network& n = *find_network(s.state, network);
  if (n.driver == "host" || n.driver == "null") refuse_special(n);
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
  ctx.fail_point("delete_veth");
  ctx.links.delete_link(e.host_ifname);
  tx.on_rollback("recreate veth " + e.host_ifname, [&ctx, l = link_of(n, e, c, had_route)] { ctx.links.create_endpoint(l); });
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
      ctx.links.delete_link(it->second.host_ifname);  // normally gone with the namespace
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
