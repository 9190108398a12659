#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "lib/kernel/firewall_backend.hpp"
#include "lib/kernel/host_system.hpp"
#include "lib/kernel/link_backend.hpp"
#include "lib/kernel/overlay_backend.hpp"
#include "lib/store/store.hpp"

namespace docknet::fakes {

struct FakeLink {
  std::string kind;         // bridge, veth, macvlan, ipvlan, dummy, vlan, loopback
  std::string parent;       // macvlan/ipvlan/vlan: the link they hang from; mode for sublinks in `mode`
  std::string mode;
  std::string master;
  std::string peer_netns;  // a veth's other end: its namespace
  std::string peer;        // and its name there
  std::optional<IpAddress> gateway;
  std::optional<IpAddress> gateway6;
  int mtu = 1500;
  bool up = false;
  std::vector<IpPrefix> addresses;
  std::map<std::string, std::string> sysctls;  // set inside the namespace (path under /proc/sys)
  friend bool operator==(const FakeLink&, const FakeLink&) = default;
};

using Chains = std::map<std::string, std::vector<model::Rule>>;

/// Everything the fake kernel holds; compared whole to prove "nothing changed".
struct KernelState {
  std::map<std::string, FakeLink> links;
  std::map<std::pair<model::Family, model::Table>, Chains> tables;
  std::map<model::Family, std::string> forward_policy{{model::Family::Ipv4, "ACCEPT"}, {model::Family::Ipv6, "ACCEPT"}};
  std::map<std::string, std::string> sysctls;
  std::map<std::string, std::map<std::string, FakeLink>> netns_links;  // links inside each namespace, by path
  std::map<std::string, std::string> files;                             // hosts files, by path
  std::set<std::string> dirs;                                           // /etc/netns/NAME
  bool operator==(const KernelState& o) const;
};

/// An in-memory kernel: links, addresses, iptables tables, sysctls. It answers with the
/// kernel's errnos (EEXIST, ENODEV), records every mutating call, and can fail the k-th one.
class FakeKernel : public kernel::LinkBackend,
                   public kernel::FirewallBackend,
                   public kernel::HostSystem,
                   public kernel::OverlayBackend {
 public:
  FakeKernel();
  KernelState state;
  std::vector<IpPrefix> routes;        // on-link IPv4 routes
  std::vector<IpPrefix> resolvers;     // resolv.conf nameservers
  std::string boot = "boot-1";
  std::string machine = "499d4bc0-b0b3-416f-b1ee-cf6486315593";  // Docker's test host ID
  std::vector<std::string> missing_kinds{"dummy", "vlan", "ipvlan"};  // like this CI kernel
  std::map<std::string, uint64_t> namespaces;  // namespace path -> inode (dev is always 1)
  std::vector<std::string> ops;        // mutating calls, in order
  int fail_at = -1;                    // index of the mutating call that fails (EIO)
  bool fail_onward = false;            // and every one after it: a failure that lasts
  int mutations = 0;

  bool link_exists(const std::string& name) override;
  void create_bridge(const std::string& name, int mtu) override;
  void delete_link(const std::string& name) override;
  void delete_links(const std::vector<std::string>& names) override;
  void erase_link(const std::string& name);
  void delete_netns_link(const std::string& netns_path, const std::string& name) override;
  void create_sandbox_endpoint(const kernel::EndpointLink& e);

  // Overlay sandboxes (fake_overlay.cpp): br0 and vxlan0 in state.netns_links[path].
  std::map<std::string, kernel::OverlaySandbox> overlay_sandboxes;
  std::map<std::string, std::vector<kernel::OverlayPeer>> overlay_peers;
  std::string sandbox_dir() override { return "/run/docknet/netns"; }
  std::vector<std::string> sandboxes() override;
  void ensure_sandbox(const kernel::OverlaySandbox& sandbox) override;
  void delete_sandbox(const std::string& netns_path) override;
  void set_peers(const std::string& netns_path, const std::vector<kernel::OverlayPeer>& peers) override;
  void create_dummy(const std::string& name) override;
  void create_vlan(const std::string& name, const std::string& master, int vlan_id) override;
  void add_address(const std::string& link, const IpPrefix& address) override;
  void delete_address(const std::string& link, const IpPrefix& address) override;
  void set_up(const std::string& name) override;
  std::optional<kernel::LinkInfo> link_info(const std::string& name) override;
  std::vector<IpPrefix> onlink_routes() override { return routes; }
  void create_endpoint(const kernel::EndpointLink& endpoint) override;
  void delete_endpoint(const kernel::EndpointLink& endpoint) override;
  void replace_default_routes(const kernel::EndpointLink& endpoint, bool v4, bool v6) override;
  std::vector<std::string> netns_link_names(const std::string& netns_path) override;
  bool netns_ipv6_disabled(const std::string& netns_path) override { return ipv6_off.count(netns_path) > 0; }
  std::set<std::string> ipv6_off;  // namespaces with net.ipv6.conf.all.disable_ipv6=1
  /// Every advertisement asked for: which interface of which namespace, how many, how often.
  struct Advertised {
    std::string netns_path, ifname, v4, v6;
    int count, interval_ms;
  };
  std::vector<Advertised> advertised;
  std::string advertise_addresses(const kernel::EndpointLink& e, uint64_t, uint64_t, int count, int interval_ms) override {
    advertised.push_back({e.netns_path, e.ifname, e.address ? e.address->addr().to_string() : "",
                          e.address6 ? e.address6->addr().to_string() : "", count, interval_ms});
    return "";
  }

  void install(const model::RuleSet& set) override;
  void remove(const std::vector<model::Rule>& rules) override;
  std::optional<std::vector<model::Rule>> list_rules(model::Family f, model::Table t, const std::string& chain) override;
  std::string forward_policy(model::Family f) override { return state.forward_policy[f]; }
  void set_forward_policy(model::Family f, const std::string& policy) override;
  void remove_chains(const std::vector<model::ChainRef>& chains) override;

  std::string read_sysctl(const std::string& key) override;
  void write_sysctl(const std::string& key, const std::string& value) override;
  std::vector<IpPrefix> nameservers() override { return resolvers; }
  std::string boot_id() override { return boot; }
  std::string machine_id() override { return machine; }
  std::optional<std::string> running_docker_daemon() override { return docker_daemon; }
  std::optional<std::string> docker_daemon;  // set by a test: a Docker daemon "runs"
  /// Ports a "process" holds, as "IP:PORT/PROTO" ("0.0.0.0:8080/6"); no_sctp: no SCTP sockets.
  std::set<std::string> busy_ports;
  bool no_sctp = false;
  kernel::BindProbe probe_bind(const std::vector<IpAddress>& ips, uint16_t port, int protocol) override;
  std::optional<kernel::NetnsInfo> find_netns(const std::string& ref) override;
  bool netns_alive(const std::string& path, uint64_t dev, uint64_t ino) override;
  kernel::HostsFile read_hosts(const std::string& netns) override;
  void write_hosts(const std::string& netns, const std::string& content) override;
  void remove_hosts(const std::string& netns, bool with_dir) override;
  void finish_hosts_changes() override {}  // the fake's file writes are atomic

  /// The table as `iptables-save` would list its rules ("-A ..." lines, chains in order).
  std::string save(model::Table table, model::Family family = model::Family::Ipv4) const;

 private:
  void mutate(const std::string& op);
  void require_kind(const std::string& kind, const std::string& op, const std::string& object);
};

/// A Store in memory; counts saves and can fail the next one.
class MemoryStore : public store::Store {
 public:
  std::optional<model::State> saved;
  int saves = 0;
  bool fail_save = false;
  bool exists = true;  // false: no state directory yet (lock_existing has nothing to lock)
  std::unique_ptr<store::StoreLock> lock(bool) override {
    exists = true;
    return std::make_unique<store::StoreLock>();
  }
  std::unique_ptr<store::StoreLock> lock_existing(bool, std::optional<std::chrono::milliseconds>) override {
    return exists ? std::make_unique<store::StoreLock>() : nullptr;
  }
  std::optional<model::State> load() override { return saved; }
  void save(const model::State& s) override;
  std::string firewall_record;
  std::string recorded_firewall() override { return firewall_record; }
  void record_firewall(const std::string& name) override { firewall_record = name; }
};

}  // namespace docknet::fakes
