#include "cmd/trace.hpp"

#include <fmt/format.h>

#include "lib/core/error.hpp"
#include "lib/core/strings.hpp"
#include "lib/model/port_spec.hpp"
#include "lib/store/yaml_codec.hpp"

namespace docknet::cli {
namespace {

// Traces `what`, runs it, and traces its failure (then rethrows): the trace shows where a
// failed call stopped, and the undo steps that follow are traced the same way.
template <class F>
auto run(const TraceFn& trace, const std::string& what, F&& f) -> decltype(f()) {
  trace(what);
  try {
    return f();
  } catch (const std::exception& e) {
    trace(what + ": failed: " + e.what());
    throw;
  }
}

std::string describe(const kernel::EndpointLink& e) {
  std::string where = e.kind == kernel::EndpointKind::Veth ? fmt::format("veth {} on {}", e.host_ifname, e.bridge)
                      : fmt::format("{} on {}", e.kind == kernel::EndpointKind::Macvlan ? "macvlan" : "ipvlan", e.parent);
  std::string out = fmt::format("{} <-> {} in {}", where, e.ifname, e.netns_path);
  if (e.address) out += " " + e.address->to_string();
  if (e.address6) out += " " + e.address6->to_string();
  if (e.gateway) out += " via " + e.gateway->to_string();
  if (e.gateway6) out += " via " + e.gateway6->to_string();
  return out;
}

const char* family(model::Family f) { return f == model::Family::Ipv4 ? "iptables" : "ip6tables"; }

std::string describe(const model::Rule& r) {
  return fmt::format("{} -t {} {}", family(r.family), model::table_name(r.table), model::render_rule(r));
}

class Links : public kernel::LinkBackend {
 public:
  Links(kernel::LinkBackend& in, TraceFn t) : in_(in), t_(std::move(t)) {}
  bool link_exists(const std::string& name) override { return in_.link_exists(name); }
  void create_bridge(const std::string& name, int mtu) override {
    run(t_, fmt::format("kernel: create bridge {} (mtu {})", name, mtu), [&] { in_.create_bridge(name, mtu); });
  }
  void delete_link(const std::string& name) override {
    run(t_, "kernel: delete link " + name, [&] { in_.delete_link(name); });
  }
  void delete_links(const std::vector<std::string>& names) override {
    run(t_, "kernel: delete links " + join(names, " ") + " (one batch)", [&] { in_.delete_links(names); });
  }
  void delete_netns_link(const std::string& ns, const std::string& name) override {
    run(t_, fmt::format("kernel: delete link {} in {}", name, ns), [&] { in_.delete_netns_link(ns, name); });
  }
  void create_dummy(const std::string& name) override {
    run(t_, "kernel: create dummy link " + name, [&] { in_.create_dummy(name); });
  }
  void create_vlan(const std::string& name, const std::string& master, int id) override {
    run(t_, fmt::format("kernel: create vlan link {} on {} (id {})", name, master, id),
        [&] { in_.create_vlan(name, master, id); });
  }
  void add_address(const std::string& link, const IpPrefix& a) override {
    run(t_, fmt::format("kernel: add address {} to {}", a.to_string(), link), [&] { in_.add_address(link, a); });
  }
  void delete_address(const std::string& link, const IpPrefix& a) override {
    run(t_, fmt::format("kernel: delete address {} from {}", a.to_string(), link), [&] { in_.delete_address(link, a); });
  }
  void set_up(const std::string& name) override { run(t_, "kernel: set link up " + name, [&] { in_.set_up(name); }); }
  std::optional<kernel::LinkInfo> link_info(const std::string& name) override { return in_.link_info(name); }
  void create_endpoint(const kernel::EndpointLink& e) override {
    run(t_, "kernel: create interface " + describe(e), [&] { in_.create_endpoint(e); });
  }
  void delete_endpoint(const kernel::EndpointLink& e) override {
    run(t_, "kernel: delete interface " + describe(e), [&] { in_.delete_endpoint(e); });
  }
  void replace_default_routes(const kernel::EndpointLink& e, bool v4, bool v6) override {
    std::string fam = v4 && v6 ? "IPv4 and IPv6" : v4 ? "IPv4" : "IPv6";
    std::string via = e.ifname.empty() ? "none" : describe(e);
    run(t_, fmt::format("kernel: {} default routes in {}: {}", fam, e.netns_path, via),
        [&] { in_.replace_default_routes(e, v4, v6); });
  }
  std::vector<std::string> netns_link_names(const std::string& ns) override { return in_.netns_link_names(ns); }
  bool netns_ipv6_disabled(const std::string& ns) override { return in_.netns_ipv6_disabled(ns); }
  std::string advertise_addresses(const kernel::EndpointLink& e, uint64_t dev, uint64_t ino, int count, int ms) override {
    return in_.advertise_addresses(e, dev, ino, count, ms);  // the service traces its outcome
  }
  std::vector<IpPrefix> onlink_routes() override { return in_.onlink_routes(); }

 private:
  kernel::LinkBackend& in_;
  TraceFn t_;
};

class Firewall : public kernel::FirewallBackend {
 public:
  Firewall(kernel::FirewallBackend& in, TraceFn t) : in_(in), t_(std::move(t)) {}
  void install(const model::RuleSet& set) override {
    for (const auto& c : set.chains)
      t_(fmt::format("firewall: chain {} -t {} {} (if missing)", family(c.family), model::table_name(c.table), c.name));
    for (const auto& r : set.rules) t_("firewall: add " + describe(r) + " (if missing)");
    run(t_, fmt::format("firewall: install {} chain(s), {} rule(s)", set.chains.size(), set.rules.size()),
        [&] { in_.install(set); });
  }
  void remove(const std::vector<model::Rule>& rules) override {
    for (const auto& r : rules) t_("firewall: delete " + describe(r));
    run(t_, fmt::format("firewall: remove {} rule(s)", rules.size()), [&] { in_.remove(rules); });
  }
  std::optional<std::vector<model::Rule>> list_rules(model::Family f, model::Table table, const std::string& chain) override {
    return in_.list_rules(f, table, chain);
  }
  std::string forward_policy(model::Family f) override { return in_.forward_policy(f); }
  void set_forward_policy(model::Family f, const std::string& policy) override {
    run(t_, fmt::format("firewall: {} FORWARD policy {}", family(f), policy), [&] { in_.set_forward_policy(f, policy); });
  }
  void remove_chains(const std::vector<model::ChainRef>& chains) override {
    for (const auto& c : chains)
      t_(fmt::format("firewall: delete chain {} -t {} {}", family(c.family), model::table_name(c.table), c.name));
    run(t_, fmt::format("firewall: remove {} chain(s)", chains.size()), [&] { in_.remove_chains(chains); });
  }
  bool manages(model::Family f) const override { return in_.manages(f); }

 private:
  kernel::FirewallBackend& in_;
  TraceFn t_;
};

class Host : public kernel::HostSystem {
 public:
  Host(kernel::HostSystem& in, TraceFn t) : in_(in), t_(std::move(t)) {}
  std::string read_sysctl(const std::string& key) override { return in_.read_sysctl(key); }
  void write_sysctl(const std::string& key, const std::string& value) override {
    run(t_, fmt::format("kernel: sysctl {}={}", key, value), [&] { in_.write_sysctl(key, value); });
  }
  std::vector<IpPrefix> nameservers() override { return in_.nameservers(); }
  std::string boot_id() override { return in_.boot_id(); }
  std::string machine_id() override { return in_.machine_id(); }
  std::optional<kernel::NetnsInfo> find_netns(const std::string& ref) override { return in_.find_netns(ref); }
  bool netns_alive(const std::string& path, uint64_t dev, uint64_t ino) override { return in_.netns_alive(path, dev, ino); }
  kernel::HostsFile read_hosts(const std::string& ns) override { return in_.read_hosts(ns); }
  void write_hosts(const std::string& ns, const std::string& content) override {
    run(t_, fmt::format("hosts: write /etc/netns/{}/hosts ({} lines)", ns, split(content, '\n').size() - 1),
        [&] { in_.write_hosts(ns, content); });
  }
  void remove_hosts(const std::string& ns, bool with_dir) override {
    run(t_, fmt::format("hosts: remove /etc/netns/{}/hosts{}", ns, with_dir ? " and its directory" : ""),
        [&] { in_.remove_hosts(ns, with_dir); });
  }
  void finish_hosts_changes() override { in_.finish_hosts_changes(); }
  std::optional<std::string> running_docker_daemon() override { return in_.running_docker_daemon(); }
  kernel::BindProbe probe_bind(const std::vector<IpAddress>& ips, uint16_t port, int protocol) override {
    auto p = in_.probe_bind(ips, port, protocol);
    std::string where;
    for (const auto& ip : ips) where += (where.empty() ? "" : ",") + ip.to_host_string();
    t_(fmt::format("kernel: probe port {} on {}: {}", port, where + "/" + model::proto_name(protocol),
                   p.error ? ips[p.index].to_string() + ": " + go_errno_text(p.error) : "free"));
    return p;
  }

 private:
  kernel::HostSystem& in_;
  TraceFn t_;
};

class Store : public store::Store {
 public:
  Store(store::Store& in, TraceFn t) : in_(in), t_(std::move(t)) {}
  std::unique_ptr<store::StoreLock> lock(bool exclusive) override {
    auto l = run(t_, exclusive ? "store: lock (exclusive)" : "store: lock (shared)", [&] { return in_.lock(exclusive); });
    t_("store: locked");
    return l;
  }
  std::unique_ptr<store::StoreLock> lock_existing(bool exclusive, std::optional<std::chrono::milliseconds> wait) override {
    auto l = run(t_, exclusive ? "store: lock if it exists (exclusive)" : "store: lock if it exists (shared)",
                 [&] { return in_.lock_existing(exclusive, wait); });
    t_(l ? "store: locked" : "store: read without the lock (no store yet, or a writer holds it)");
    return l;
  }
  std::optional<model::State> load() override {
    // A store the fast reader does not take (hand-edited) is read by yaml-cpp, slower: say so.
    store::FallbackWatch watch([this](const std::string& why) { t_("store: fast reader fell back to yaml-cpp: " + why); });
    auto s = run(t_, "store: load", [&] { return in_.load(); });
    if (s) t_(fmt::format("store: loaded {} network(s), {} container(s)", s->networks.size(), s->containers.size()));
    return s;
  }
  void save(const model::State& s) override {
    run(t_, fmt::format("store: save {} network(s), {} container(s)", s.networks.size(), s.containers.size()),
        [&] { in_.save(s); });
  }
  void add_shared(model::State& s) override {
    run(t_, "store: add the cluster's overlay networks", [&] { in_.add_shared(s); });
  }
  std::string recorded_firewall() override { return in_.recorded_firewall(); }
  void record_firewall(const std::string& name) override {
    run(t_, "store: record firewall backend " + name, [&] { in_.record_firewall(name); });
  }

 private:
  store::Store& in_;
  TraceFn t_;
};

}  // namespace

std::unique_ptr<kernel::LinkBackend> traced_links(kernel::LinkBackend& in, TraceFn t) {
  return std::make_unique<Links>(in, std::move(t));
}
std::unique_ptr<kernel::FirewallBackend> traced_firewall(kernel::FirewallBackend& in, TraceFn t) {
  return std::make_unique<Firewall>(in, std::move(t));
}
std::unique_ptr<kernel::HostSystem> traced_host(kernel::HostSystem& in, TraceFn t) {
  return std::make_unique<Host>(in, std::move(t));
}
std::unique_ptr<store::Store> traced_store(store::Store& in, TraceFn t) {
  return std::make_unique<Store>(in, std::move(t));
}

}  // namespace docknet::cli
