#include "lib/service/connect.hpp"
#include "lib/service/gateway_choice.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "lib/core/error.hpp"
#include "lib/model/endpoint_options.hpp"
#include "lib/model/firewall_rules.hpp"
#include "lib/model/hosts.hpp"
#include "lib/model/messages.hpp"
#include "lib/model/naming.hpp"
#include "lib/service/bootstrap.hpp"
#include "lib/service/drivers/driver.hpp"
#include "lib/service/endpoint_ops.hpp"
#include "lib/service/endpoint_plan.hpp"
#include "lib/service/kernel_plan.hpp"
#include "lib/service/overlay_sync.hpp"
#include "lib/store/cluster_codec.hpp"
#include "lib/service/query.hpp"
#include "lib/service/retry.hpp"
#include "lib/service/steps.hpp"
#include "lib/service/transaction.hpp"

namespace docknet::service {
namespace {

using model::Container;
using model::Endpoint;
using model::Network;

void refuse_special(const Network& n, const NetworkDriver& driver) {
  driver.refuse_connect(n);
  if (n.config_only)
    throw model::msg::config_only_not_connectable(n.name);
}

// The namespace docknet itself runs in is the host's: as a container sharing the host's
// network, Docker refuses to connect it anywhere (and a veth there would rewire the host).
void refuse_host_namespace(ServiceContext& ctx, const kernel::NetnsInfo& ns) {
  auto own = ctx.host.find_netns("/proc/self/ns/net");
  if (own && own->dev == ns.dev && own->ino == ns.ino)
    throw model::msg::shared_namespace_not_connectable();
}

// `none` gives a container no interface, and excludes every other network (Docker's private mode).
void refuse_mixing_with_none(const model::State& s, const Network& n, const std::string& cid) {
  bool on_none = false, on_other = false;
  for (const auto& other : s.networks) {
    if (other.id == n.id || !other.containers.count(cid)) continue;
    (model::driver_kind(other) == model::DriverKind::Null ? on_none : on_other) = true;
  }
  if (on_none || (model::driver_kind(n) == model::DriverKind::Null && on_other))
    throw model::msg::none_network_exclusive();
}

// Nothing reaches a hosts file that could add a line to it: the namespace's name (for a named
// one, also the /etc/netns directory's name), the aliases and the --link names.
void refuse_unsafe_names(const kernel::NetnsInfo& ns, const ConnectRequest& r) {
  const std::string prefix = "/run/netns/";
  if (ns.path.rfind(prefix, 0) == 0) model::check_container_name(ns.path.substr(prefix.size()), true);
  model::check_container_name(ns.name, ns.name.find('/') == std::string::npos &&
                                           ns.name.find_first_not_of("0123456789") != std::string::npos);
  for (const auto& a : r.aliases) model::check_alias(a);
  for (const auto& l : r.links) model::check_link(l);
}

Container& register_container(ServiceContext& ctx, model::State& s, const kernel::NetnsInfo& ns) {
  for (auto& c : s.containers)
    if (c.dev == ns.dev && c.ino == ns.ino) return c;
  s.containers.push_back(Container{ctx.new_id(), ns.name, ns.path, ns.dev, ns.ino});
  return s.containers.back();
}

// --link NAME[:ALIAS]: NAME must be a container docknet knows (on any network, as Docker only
// asks that it exists); stored as NAME:ALIAS. The alias resolves once NAME is on this network.
std::vector<std::string> resolve_links(const model::State& s, const std::vector<std::string>& links) {
  std::vector<std::string> out;
  for (const auto& l : links) {
    auto colon = l.find(':');
    std::string name = l.substr(0, colon), alias = colon == std::string::npos ? name : l.substr(colon + 1);
    bool found = false;
    for (const auto& c : s.containers) found = found || c.name == name;
    if (!found) throw model::msg::link_container_not_found(name);
    out.push_back(name + ":" + alias);
  }
  return out;
}

// Everything about the container's interface: MAC, addresses, names, sysctls, aliases, links.
void describe_interface(ServiceContext& ctx, const model::State& s, const Network& n, const NetworkDriver& driver,
                        const Container& c, const ConnectRequest& r, Endpoint& e) {
  driver.name_endpoint(ctx, e);
  e.ipv4 = pick_address(n, false, r.ip);
  e.ipv6 = pick_address(n, true, r.ip6);
  // IPv6 off in the container: no IPv6 address, and inspect shows none (as Docker).
  if (c.ipv6_disabled) e.ipv6.reset();
  e.static_ip = r.ip.has_value() || r.ip6.has_value();
  e.ifname = next_ifname(ctx, n, c.netns_path, r.driver_opts);
  if (auto it = r.driver_opts.find(model::kOptEndpointSysctls); it != r.driver_opts.end()) e.sysctls = it->second;
  e.aliases = r.aliases;
  e.links = resolve_links(s, r.links);
  for (const auto& ip : r.link_local_ips) {
    auto parsed = IpAddress::parse(ip);
    if (!parsed) throw model::msg::invalid_link_local_ip(ip);
    // libnetwork's CreateEndpoint: only link-local unicast (moby@docker-v29.7.2:daemon/libnetwork/
    // network.go:1199-1202).
    static const IpPrefix v4_link_local = *IpPrefix::parse("169.254.0.0/16");
    static const IpPrefix v6_link_local = *IpPrefix::parse("fe80::/10");
    if (!(parsed->is_v4() ? v4_link_local : v6_link_local).contains(*parsed))
      throw model::msg::not_link_local_ip(parsed->to_string());
    e.link_local_ips.push_back(*parsed);
  }
}

// The endpoint's firewall rules, then its interface, each undone by `tx` on failure. Rules
// first: a call killed in between never leaves an address reachable without its protection.
void attach_interface(ServiceContext& ctx, const Network& n, const NetworkDriver& driver, const Endpoint& e, const Container& c,
                      Routes default_route, Transaction& tx) {
  auto rules = driver.endpoint_rules(n, e);
  tx.on_rollback("remove rules of " + e.host_ifname, [&ctx, rules] { ctx.firewall.remove(rules); });
  step(ctx, "endpoint_firewall");
  ctx.firewall.install(model::RuleSet{{}, rules});
  step(ctx, "interface");
  auto link = driver.endpoint_link(n, e, c, default_route);
  ctx.links.create_endpoint(link);
  tx.on_rollback("delete interface " + e.ifname, [&ctx, link] { ctx.links.delete_endpoint(link); });
}

// The new endpoint becomes the gateway of `routes`' families: the routes of the endpoints that
// were the gateway go first (the kernel holds one default route per family), and come back
// if this call fails.
void take_gateway(ServiceContext& ctx, const model::State& s, const Container& c, const GatewayChoice& before,
                  Routes routes, Transaction& tx) {
  bool v4 = routes.v4 && !before.v4.empty(), v6 = routes.v6 && !before.v6.empty();
  if (!v4 && !v6) return;
  // The undo first: a failure between the two families still gets both back.
  tx.on_rollback("restore default routes", [&ctx, &s, c, before, v4, v6] { route_through(ctx, s, c, before, v4, v6); });
  step(ctx, "default_routes");
  route_through(ctx, s, c, GatewayChoice{}, v4, v6);
}

// The endpoint that gave the default routes of `had` is gone: the next best takes them over
// (libnetwork's updateGateway after a leave). The undo clears them again, before the interface
// comes back with its own.
void hand_over_gateway(ServiceContext& ctx, const model::State& s, const Container& c, Routes had, Transaction& tx) {
  if (!had.v4 && !had.v6) return;
  GatewayChoice next = choose_gateways(s, c.id);
  bool v4 = had.v4 && !next.v4.empty(), v6 = had.v6 && !next.v6.empty();
  if (!v4 && !v6) return;
  step(ctx, "default_routes");
  tx.on_rollback("clear the new default routes", [&ctx, &s, c, v4, v6] { route_through(ctx, s, c, GatewayChoice{}, v4, v6); });
  route_through(ctx, s, c, next, v4, v6);
}

// The namespace a container reference names: a namespace name, PID or path, else a stored
// container's ID or ID prefix whose namespace is still there.
std::optional<kernel::NetnsInfo> find_container_netns(ServiceContext& ctx, const model::State& s, const std::string& ref) {
  if (auto ns = ctx.host.find_netns(ref)) return ns;
  if (const Container* c = container_by_id(s, ref)) return ctx.host.find_netns(c->netns_path);
  return std::nullopt;
}

// Intent first: the endpoint, its address reserved, is saved before the kernel is touched, so
// a call killed at any later point is undone by the next one (and never hands the address out
// twice). The undo forgets it again when this call fails.
void record_intent(ServiceContext& ctx, Session& s, model::Network& n, const Endpoint& e, Transaction& tx) {
  n.containers[e.container_id] = e;
  step(ctx, "intent");
  ctx.store.save(s.state);
  tx.on_rollback("forget endpoint " + e.name, [&ctx, &s, &n, e] {
    n.containers.erase(e.container_id);
    if (e.intent == model::kIntentConnectNewContainer) drop_container_if_unused(s.state, e.container_id);
    ctx.store.save(s.state);
  });
}

void connect_once(ServiceContext& ctx, const ConnectRequest& r) try {
  Operation op(ctx, "connect");
  Session s = open_for_write(ctx);
  Network& n = *find_network(s.state, r.network);
  auto driver = driver_for(n);
  refuse_special(n, *driver);
  // The bridge's name now held by another kind of link: say so (the kernel would only refuse
  // to enslave the veth, which reads like a kernel without veth support).
  if (auto taken = driver->link_conflict(ctx, n))
    throw model::msg::cannot_connect(n.name, *taken);
  auto ns = find_container_netns(ctx, s.state, r.container);
  if (!ns) throw model::msg::no_such_container(r.container);
  refuse_host_namespace(ctx, *ns);
  refuse_unsafe_names(*ns, r);
  auto before_hosts = model::hosts_files(s.state);
  size_t known_containers = s.state.containers.size();
  Container& joined = register_container(ctx, s.state, *ns);
  joined.ipv6_disabled = ctx.links.netns_ipv6_disabled(ns->path);
  std::string cid = joined.id;
  bool new_container = s.state.containers.size() > known_containers;
  const Container& c = container_of(s.state, cid);
  // The daemon validates the endpoint settings before libnetwork finds the endpoint exists.
  check_endpoint_settings(n, r.ip, r.ip6, !r.aliases.empty(), r.driver_opts);
  model::check_port_requests(r.publish);
  if (n.containers.count(cid))
    throw model::msg::endpoint_exists(c.name, n.name);
  refuse_mixing_with_none(s.state, n, cid);
  Endpoint e;
  e.container_id = cid;
  e.name = c.name;
  e.endpoint_id = ctx.new_id();
  // `none` gives the container an endpoint with no interface, address or route.
  bool has_interface = driver->has_interface();
  if (has_interface) describe_interface(ctx, s.state, n, *driver, c, r, e);
  // Host ports are claimed with the intent record below: a call killed later gives them back.
  if (has_interface) e.ports = driver->publish(ctx, s.state, n, e, r.publish);
  e.gw_priority = r.gw_priority;
  GatewayChoice before = choose_gateways(s.state, cid);

  Transaction tx(ctx.cleanup_failures);
  e.intent = new_container ? model::kIntentConnectNewContainer : model::kIntentConnect;
  record_intent(ctx, s, n, e, tx);
  // Overlay: the sandbox the veth goes into, made once the endpoint is recorded. Its undo runs
  // before the endpoint is forgotten (undos run last first), so it syncs a state without it: a
  // sandbox with no other local endpoint goes.
  if (store::cluster::in_cluster(n)) {
    tx.on_rollback("overlay sandbox", [&ctx, &s, cid] {
      model::State without = s.state;
      for (auto& other : without.networks) other.containers.erase(cid);
      sync_overlays_after(ctx, without);
    });
    sync_overlays(ctx, s.state);
  }
  Routes routes = routes_of(choose_gateways(s.state, cid), n);
  if (has_interface) {
    take_gateway(ctx, s.state, c, before, routes, tx);
    attach_interface(ctx, n, *driver, e, c, routes, tx);
  }
  sync_hosts(ctx, before_hosts, model::hosts_files(s.state), tx);
  n.containers[cid].intent.clear();
  save(ctx, s);
  tx.commit();
  if (!has_interface) return;
  // Done: the lock and Ctrl-C go back before the advertisement, whose later rounds outlive us.
  s.lock.reset();
  s.signals_held.reset();
  advertise_endpoint(ctx, n, n.containers[cid], container_of(s.state, cid));
} catch (const KernelError& e) {  // a kernel or store fact leaves the service in Docker's words
  throw model::msg::in_docker_words(e);
}

void disconnect_once(ServiceContext& ctx, const std::string& network, const std::string& container, bool force) try {
  Operation op(ctx, "disconnect");
  Session s = open_for_write(ctx);
  Network& n = *find_network(s.state, network);
  std::string cid;
  auto ns = ctx.host.find_netns(container);
  for (const auto& c : s.state.containers)
    if ((ns && c.dev == ns->dev && c.ino == ns->ino) || (cid.empty() && (c.name == container || c.id == container)))
      cid = c.id;
  if (cid.empty() && !ns)
    if (const Container* c = container_by_id(s.state, container)) cid = c->id;
  if (cid.empty()) {
    if (force) throw model::msg::endpoint_not_found(container);
    if (!ns) throw model::msg::no_such_container(container);
    throw model::msg::not_connected(container, n.name);
  }
  auto it = n.containers.find(cid);
  if (it == n.containers.end())
    throw model::msg::not_connected(cid, n.name);
  const Endpoint e = it->second;
  const Container c = container_of(s.state, cid);
  auto before_hosts = model::hosts_files(s.state);
  GatewayChoice before = choose_gateways(s.state, cid);
  Routes had_routes = routes_of(before, n);

  // Intent first: a call killed from here on is finished by the next one.
  it->second.intent = model::kIntentDisconnect;
  step(ctx, "intent");
  ctx.store.save(s.state);
  Transaction tx(ctx.cleanup_failures);
  tx.on_rollback("keep endpoint " + e.name, [&ctx, &s, &n, e] {
    n.containers[e.container_id] = e;
    ctx.store.save(s.state);
  });
  n.containers.erase(cid);
  sync_hosts(ctx, before_hosts, model::hosts_files(s.state), tx);
  remove_endpoint_kernel(ctx, n, e, c, &tx, had_routes);
  hand_over_gateway(ctx, s.state, c, had_routes, tx);
  save(ctx, s);
  tx.commit();
} catch (const KernelError& e) {  // a kernel or store fact leaves the service in Docker's words
  throw model::msg::in_docker_words(e);
}

}  // namespace

void connect_container(ServiceContext& ctx, const ConnectRequest& r) {
  with_cluster_retries(ctx, [&] { connect_once(ctx, r); });
}

void disconnect_container(ServiceContext& ctx, const std::string& network, const std::string& container, bool force) {
  with_cluster_retries(ctx, [&] { disconnect_once(ctx, network, container, force); });
}

}  // namespace docknet::service
