#include "fakes/fake_kernel.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "lib/core/error.hpp"
#include "lib/core/strings.hpp"

namespace docknet::fakes {

using model::Family;
using model::Table;

bool KernelState::operator==(const KernelState& o) const {
  if (links != o.links || forward_policy != o.forward_policy || sysctls != o.sysctls || netns_links != o.netns_links ||
      files != o.files || dirs != o.dirs)
    return false;
  if (tables.size() != o.tables.size()) return false;
  for (const auto& [t, chains] : tables) {
    auto it = o.tables.find(t);
    if (it == o.tables.end() || it->second.size() != chains.size()) return false;
    for (const auto& [name, rules] : chains) {
      auto c = it->second.find(name);
      if (c == it->second.end() || c->second.size() != rules.size()) return false;
      for (size_t i = 0; i < rules.size(); ++i)
        if (!rules[i].same_as(c->second[i])) return false;
    }
  }
  return true;
}

FakeKernel::FakeKernel() {
  for (Family f : {Family::Ipv4, Family::Ipv6}) {
    state.tables[{f, Table::Filter}] = {{"INPUT", {}}, {"FORWARD", {}}, {"OUTPUT", {}}};
    state.tables[{f, Table::Nat}] = {{"PREROUTING", {}}, {"INPUT", {}}, {"OUTPUT", {}}, {"POSTROUTING", {}}};
    state.tables[{f, Table::Raw}] = {{"PREROUTING", {}}, {"OUTPUT", {}}};
  }
  state.sysctls["net.ipv4.ip_forward"] = "0";
  state.sysctls["net.ipv6.conf.default.forwarding"] = "0";
  state.sysctls["net.ipv6.conf.all.forwarding"] = "0";
  state.links["lo"] = FakeLink{.kind = "loopback", .mtu = 65536, .up = true, .addresses = {*IpPrefix::parse("127.0.0.1/8")}};
}

// As the kernel backend: a fact (no such link kind), put in words by the services.
void FakeKernel::require_kind(const std::string& kind, const std::string& op, const std::string& object) {
  if (std::find(missing_kinds.begin(), missing_kinds.end(), kind) != missing_kinds.end())
    throw KernelError(KernelFault::Unsupported, op, object, EOPNOTSUPP, kind + " link support (fake)");
}

void FakeKernel::mutate(const std::string& op) {
  int index = mutations++;
  if (index == fail_at || (fail_onward && fail_at >= 0 && index > fail_at))
    throw KernelError(op, "(fake failure)", EIO);
  ops.push_back(op);
}

bool FakeKernel::link_exists(const std::string& name) { return state.links.count(name) > 0; }

void FakeKernel::create_bridge(const std::string& name, int mtu) {
  if (state.links.count(name)) throw KernelError("create bridge", name, EEXIST);
  mutate("create bridge " + name);
  state.links[name] = FakeLink{.kind = "bridge", .mtu = mtu > 0 ? mtu : 1500};
  // A new link gets its per-interface IPv6 sysctls, as the kernel makes them.
  state.sysctls["net/ipv6/conf/" + name + "/disable_ipv6"] = "0";
  state.sysctls["net/ipv6/conf/" + name + "/accept_ra"] = "1";
}

void FakeKernel::create_dummy(const std::string& name) {
  if (std::find(missing_kinds.begin(), missing_kinds.end(), "dummy") != missing_kinds.end())
    throw KernelError(KernelFault::BareErrno, "create the dummy parent link", name, EOPNOTSUPP,
                                                std::strerror(EOPNOTSUPP));  // Docker's raw error
  if (state.links.count(name)) throw KernelError("create dummy", name, EEXIST);
  mutate("create dummy " + name);
  state.links[name] = FakeLink{.kind = "dummy", .up = true};
}

void FakeKernel::create_vlan(const std::string& name, const std::string& master, int vlan_id) {
  if (!state.links.count(master)) throw KernelError("find master interface", master, ENODEV);
  require_kind("vlan", "create", name + " vlan link");
  if (state.links.count(name)) throw KernelError("create vlan", name, EEXIST);
  mutate("create vlan " + name);
  state.links[name] = FakeLink{.kind = "vlan", .parent = master, .mode = std::to_string(vlan_id), .up = true};
}

void FakeKernel::delete_netns_link(const std::string& netns_path, const std::string& name) {
  auto ns = state.netns_links.find(netns_path);
  if (ns == state.netns_links.end() || !ns->second.count(name)) return;
  mutate("delete link " + name + " in " + netns_path);
  ns->second.erase(name);
  if (ns->second.empty()) state.netns_links.erase(ns);
}

void FakeKernel::delete_link(const std::string& name) {
  if (!state.links.count(name)) return;
  mutate("delete link " + name);
  erase_link(name);
}

// One kernel batch: all the links go, or (when it fails) none.
void FakeKernel::delete_links(const std::vector<std::string>& names) {
  std::vector<std::string> present;
  for (const auto& n : names)
    if (state.links.count(n)) present.push_back(n);
  if (present.empty()) return;
  mutate("delete links " + join(present, " "));
  for (const auto& n : present) erase_link(n);
}

void FakeKernel::erase_link(const std::string& name) {
  const FakeLink& l = state.links[name];
  if (!l.peer_netns.empty()) {  // a veth takes its peer along
    auto ns = state.netns_links.find(l.peer_netns);
    if (ns != state.netns_links.end() && ns->second.erase(l.peer) && ns->second.empty()) state.netns_links.erase(ns);
  }
  state.links.erase(name);
  for (auto it = state.sysctls.begin(); it != state.sysctls.end();)
    it = it->first.find("/conf/" + name + "/") != std::string::npos ? state.sysctls.erase(it) : std::next(it);
}

void FakeKernel::create_endpoint(const kernel::EndpointLink& e) {
  bool veth = e.kind == kernel::EndpointKind::Veth;
  if (veth && !e.bridge_netns.empty()) return create_sandbox_endpoint(e);
  if (veth && !state.links.count(e.bridge)) throw KernelError("attach to", e.bridge, ENODEV);
  if (veth && state.links[e.bridge].kind != "bridge") throw KernelError("create veth", e.host_ifname, EOPNOTSUPP);
  if (!veth && !state.links.count(e.parent))
    throw KernelError(KernelFault::NoParent, "find the parent link", e.parent, ENODEV, "No such device");
  if (e.kind == kernel::EndpointKind::Ipvlan) require_kind("ipvlan", "create the ipvlan port", e.ifname);
  if (veth && state.links.count(e.host_ifname)) throw KernelError("create veth", e.host_ifname, EEXIST);
  if (!namespaces.count(e.netns_path)) throw KernelError("open network namespace", e.netns_path, ENOENT);
  if (auto ns = state.netns_links.find(e.netns_path); ns != state.netns_links.end() && ns->second.count(e.ifname))
    throw KernelError("create link", e.ifname, EEXIST);
  mutate("create endpoint " + (veth ? e.host_ifname : e.ifname));
  int mtu = e.mtu > 0 ? e.mtu : 1500;
  FakeLink inner{.kind = veth ? "veth" : (e.kind == kernel::EndpointKind::Ipvlan ? "ipvlan" : "macvlan"),
                 .parent = veth ? "" : e.parent, .mode = veth ? "" : e.mode, .peer = e.host_ifname,
                 .gateway = e.gateway, .gateway6 = e.gateway6, .mtu = mtu, .up = true};
  if (veth) state.links[e.host_ifname] = FakeLink{.kind = "veth", .master = e.bridge, .peer_netns = e.netns_path, .peer = e.ifname, .mtu = mtu, .up = true};
  if (e.address) inner.addresses.push_back(*e.address);
  if (e.address6) inner.addresses.push_back(*e.address6);
  for (const auto& extra : e.extra_addresses) inner.addresses.emplace_back(extra, extra.is_v4() ? 16 : 64);
  inner.sysctls["net/ipv6/conf/" + e.ifname + "/disable_ipv6"] = e.address6 ? "0" : "1";
  for (const auto& [path, value] : e.sysctls) inner.sysctls[path] = value;
  if (e.default_dev_v4 && !e.gateway) inner.gateway = IpAddress::parse("0.0.0.0");  // "default dev"
  if (e.default_dev_v6 && !e.gateway6) inner.gateway6 = IpAddress::parse("::");
  state.netns_links[e.netns_path][e.ifname] = inner;
}

// An overlay endpoint: the host end on the sandbox's br0, in the sandbox namespace.
void FakeKernel::create_sandbox_endpoint(const kernel::EndpointLink& e) {
  auto sandbox = state.netns_links.find(e.bridge_netns);
  if (sandbox == state.netns_links.end() || !sandbox->second.count(e.bridge))
    throw KernelError("attach to", e.bridge, ENODEV);
  if (!namespaces.count(e.netns_path)) throw KernelError("open network namespace", e.netns_path, ENOENT);
  if (sandbox->second.count(e.host_ifname)) throw KernelError("create veth", e.host_ifname, EEXIST);
  mutate("create endpoint " + e.host_ifname + " in " + e.bridge_netns);
  int mtu = e.mtu > 0 ? e.mtu : sandbox->second[e.bridge].mtu;
  sandbox->second[e.host_ifname] = FakeLink{.kind = "veth", .master = e.bridge, .peer_netns = e.netns_path, .peer = e.ifname, .mtu = mtu, .up = true};
  FakeLink inner{.kind = "veth", .peer = e.host_ifname, .mtu = mtu, .up = true};
  if (e.address) inner.addresses.push_back(*e.address);
  if (e.address6) inner.addresses.push_back(*e.address6);
  state.netns_links[e.netns_path][e.ifname] = inner;
}

void FakeKernel::delete_endpoint(const kernel::EndpointLink& e) {
  if (e.kind == kernel::EndpointKind::Veth && !e.bridge_netns.empty()) {
    delete_netns_link(e.bridge_netns, e.host_ifname);  // the veth's two ends go together
    delete_netns_link(e.netns_path, e.ifname);
  } else if (e.kind == kernel::EndpointKind::Veth) delete_link(e.host_ifname);
  else delete_netns_link(e.netns_path, e.ifname);
}

// As the kernel: a default route belongs to the link it goes out of; the fake keeps it as that
// link's gateway (0.0.0.0 / :: for "default dev").
void FakeKernel::replace_default_routes(const kernel::EndpointLink& e, bool v4, bool v6) {
  auto ns = state.netns_links.find(e.netns_path);
  if (!namespaces.count(e.netns_path) || ns == state.netns_links.end()) return;
  mutate("replace default routes in " + e.netns_path);
  for (auto& [name, link] : ns->second) {
    if (v4) link.gateway.reset();
    if (v6) link.gateway6.reset();
  }
  auto it = ns->second.find(e.ifname);
  if (it == ns->second.end()) return;
  if (v4 && e.address && (e.gateway || e.default_dev_v4)) it->second.gateway = e.gateway ? e.gateway : IpAddress::parse("0.0.0.0");
  if (v6 && e.address6 && (e.gateway6 || e.default_dev_v6)) it->second.gateway6 = e.gateway6 ? e.gateway6 : IpAddress::parse("::");
}

std::vector<std::string> FakeKernel::netns_link_names(const std::string& path) {
  std::vector<std::string> out{"lo"};
  if (auto ns = state.netns_links.find(path); ns != state.netns_links.end())
    for (const auto& [name, _] : ns->second) out.push_back(name);
  return out;
}

std::optional<kernel::NetnsInfo> FakeKernel::find_netns(const std::string& ref) {
  std::string path = ref.find('/') != std::string::npos ? ref : "/run/netns/" + ref;
  auto it = namespaces.find(path);
  if (it == namespaces.end()) return std::nullopt;
  return kernel::NetnsInfo{path, ref, 1, it->second};
}

bool FakeKernel::netns_alive(const std::string& path, uint64_t dev, uint64_t ino) {
  auto it = namespaces.find(path);
  return it != namespaces.end() && dev == 1 && it->second == ino;
}

kernel::HostsFile FakeKernel::read_hosts(const std::string& netns) {
  kernel::HostsFile out;
  out.dir_exists = state.dirs.count("/etc/netns/" + netns) > 0;
  if (auto it = state.files.find("/etc/netns/" + netns + "/hosts"); it != state.files.end()) out.content = it->second;
  return out;
}

void FakeKernel::write_hosts(const std::string& netns, const std::string& content) {
  std::string path = "/etc/netns/" + netns + "/hosts";
  mutate("write " + path);
  state.dirs.insert("/etc/netns/" + netns);
  state.files[path] = content;
}

void FakeKernel::remove_hosts(const std::string& netns, bool with_dir) {
  state.files.erase("/etc/netns/" + netns + "/hosts");
  std::string dir = "/etc/netns/" + netns + "/";
  bool empty = true;
  for (const auto& [path, _] : state.files) empty = empty && path.rfind(dir, 0) != 0;
  if (with_dir && empty) state.dirs.erase("/etc/netns/" + netns);
}

void FakeKernel::add_address(const std::string& link, const IpPrefix& address) {
  auto it = state.links.find(link);
  if (it == state.links.end()) throw KernelError("add address to", link, ENODEV);
  auto& addrs = it->second.addresses;
  if (std::find(addrs.begin(), addrs.end(), address) != addrs.end()) throw KernelError("add address to", link, EEXIST);
  mutate("add address " + address.to_string() + " to " + link);
  addrs.push_back(address);
}

void FakeKernel::delete_address(const std::string& link, const IpPrefix& address) {
  auto it = state.links.find(link);
  if (it == state.links.end()) return;
  auto& addrs = it->second.addresses;
  auto a = std::find(addrs.begin(), addrs.end(), address);
  if (a == addrs.end()) return;
  mutate("delete address " + address.to_string() + " from " + link);
  addrs.erase(a);
}

std::optional<kernel::LinkInfo> FakeKernel::link_info(const std::string& name) {
  auto it = state.links.find(name);
  if (it == state.links.end()) return std::nullopt;
  return kernel::LinkInfo{it->second.kind == "loopback" ? "" : it->second.kind, it->second.up, it->second.master,
                          it->second.addresses};
}

std::optional<std::vector<model::Rule>> FakeKernel::list_rules(Family f, Table t, const std::string& chain) {
  const Chains& chains = state.tables[{f, t}];
  auto it = chains.find(chain);
  if (it == chains.end()) return std::nullopt;
  return it->second;
}

void FakeKernel::set_up(const std::string& name) {
  auto it = state.links.find(name);
  if (it == state.links.end()) throw KernelError("bring up", name, ENODEV);
  if (it->second.up) return;
  mutate("set up " + name);
  it->second.up = true;
}

// Like libiptc: each table is changed on a copy and committed whole, or not at all.
void FakeKernel::install(const model::RuleSet& set) {
  for (Family f : {Family::Ipv4, Family::Ipv6})
  for (Table t : {Table::Filter, Table::Nat, Table::Raw}) {
    Chains copy = state.tables[{f, t}];
    bool changed = false;
    for (const auto& c : set.chains)
      if (c.family == f && c.table == t && !copy.count(c.name)) copy[c.name], changed = true;
    for (const auto& r : set.rules) {
      if (r.family != f || r.table != t) continue;
      auto chain = copy.find(r.chain);
      if (chain == copy.end()) throw KernelError("add rule to", r.chain, ENOENT);
      auto& rules = chain->second;
      if (std::any_of(rules.begin(), rules.end(), [&](const model::Rule& x) { return x.same_as(r); })) continue;
      if (r.position == model::Position::InsertTop) rules.insert(rules.begin(), r);
      else rules.push_back(r);
      changed = true;
    }
    if (!changed) continue;
    mutate(std::string(f == Family::Ipv6 ? "commit ip6 " : "commit ") + model::table_name(t));
    state.tables[{f, t}] = std::move(copy);
  }
}

void FakeKernel::remove(const std::vector<model::Rule>& rules) {
  for (Family f : {Family::Ipv4, Family::Ipv6})
  for (Table t : {Table::Filter, Table::Nat, Table::Raw}) {
    Chains copy = state.tables[{f, t}];
    bool changed = false;
    for (const auto& r : rules) {
      if (r.family != f || r.table != t || !copy.count(r.chain)) continue;
      auto& list = copy[r.chain];
      auto it = std::find_if(list.begin(), list.end(), [&](const model::Rule& x) { return x.same_as(r); });
      if (it == list.end()) continue;
      list.erase(it);
      changed = true;
    }
    if (!changed) continue;
    mutate(std::string(f == Family::Ipv6 ? "commit ip6 " : "commit ") + model::table_name(t));
    state.tables[{f, t}] = std::move(copy);
  }
}

void FakeKernel::remove_chains(const std::vector<model::ChainRef>& chains) {
  for (const auto& c : chains) {
    Chains& table = state.tables[{c.family, c.table}];
    auto it = table.find(c.name);
    if (it == table.end() || !it->second.empty()) continue;
    bool referenced = false;
    for (const auto& [_, rules] : table)
      for (const auto& r : rules) referenced |= r.target == c.name;
    if (referenced) continue;
    mutate(std::string(c.family == Family::Ipv6 ? "delete chain ip6 " : "delete chain ") + c.name);
    table.erase(it);
  }
}

void FakeKernel::set_forward_policy(Family f, const std::string& policy) {
  mutate(std::string(f == Family::Ipv6 ? "policy ip6 FORWARD " : "policy FORWARD ") + policy);
  state.forward_policy[f] = policy;
}

kernel::BindProbe FakeKernel::probe_bind(const std::vector<IpAddress>& ips, uint16_t port, int protocol) {
  if (protocol == 132 && no_sctp) return {EPROTONOSUPPORT, true, 0};
  for (size_t i = 0; i < ips.size(); ++i) {
    std::string any = ips[i].is_v6() ? "::" : "0.0.0.0";
    for (const std::string& held : {ips[i].to_string(), any})
      if (busy_ports.count(held + ":" + std::to_string(port) + "/" + std::to_string(protocol))) return {EADDRINUSE, false, i};
  }
  return {};
}

namespace {

// A link's own route_localnet exists with the link, 0 until set (the kernel's default); the
// fake stores it only while it is not 0, so a value put back leaves the state as it was.
bool link_route_localnet(const KernelState& state, const std::string& key) {
  const std::string conf = "net/ipv4/conf/", localnet = "/route_localnet";
  return key.rfind(conf, 0) == 0 && key.size() > conf.size() + localnet.size() &&
         key.compare(key.size() - localnet.size(), localnet.size(), localnet) == 0 &&
         state.links.count(key.substr(conf.size(), key.size() - conf.size() - localnet.size()));
}

}  // namespace

std::string FakeKernel::read_sysctl(const std::string& key) {
  if (!state.sysctls.count(key) && link_route_localnet(state, key)) return "0";
  auto it = state.sysctls.find(key);
  if (it == state.sysctls.end()) throw KernelError("read sysctl", key, ENOENT);
  return it->second;
}

void FakeKernel::write_sysctl(const std::string& key, const std::string& value) {
  mutate("sysctl " + key + "=" + value);
  if (value == "0" && link_route_localnet(state, key)) state.sysctls.erase(key);
  else state.sysctls[key] = value;
}

std::string FakeKernel::save(Table table, Family family) const {
  std::string out;
  const Chains& chains = state.tables.at({family, table});
  // iptables-save lists built-in chains first, then user chains alphabetically; a std::map
  // sorts all of them, which is stable enough for the tests' per-chain comparisons.
  for (const auto& [name, rules] : chains)
    for (const auto& r : rules) out += model::render_rule(r) + "\n";
  return out;
}

void MemoryStore::save(const model::State& s) {
  if (fail_save) throw Error(ErrorKind::System, "failed to write state (fake)");
  saved = s;
  ++saves;
}

}  // namespace docknet::fakes
