#pragma once
#include <map>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lib/core/ip.hpp"
#include "lib/core/strings.hpp"
#include "lib/core/time.hpp"

namespace docknet::model {

/// One IPAM pool of a network, as `docker network inspect` shows it under IPAM.Config.
struct IpamConfig {
  IpPrefix subnet;
  std::optional<IpPrefix> ip_range;
  std::optional<IpAddress> gateway;
  std::map<std::string, IpAddress> aux_addresses;
  friend bool operator==(const IpamConfig&, const IpamConfig&) = default;
};

/// Endpoint intents: a connect (that also recorded the container, which goes with its undo), a
/// disconnect.
inline constexpr const char* kIntentConnect = "connect";
inline constexpr const char* kIntentConnectNewContainer = "connect-new-container";
inline constexpr const char* kIntentDisconnect = "disconnect";

/// A published port as an endpoint holds it (`connect --publish`): the host address and port
/// mapped to the container's port. host_port is 0 when the network's gateway mode is routed:
/// then the container's port is only opened to direct routing, nothing is mapped (Docker's
/// "routed" port mapper). The container address is the endpoint's one of host_ip's family.
struct PortBinding {
  int protocol = 6;  // 6 tcp, 17 udp, 132 sctp
  uint16_t container_port = 0;
  IpAddress host_ip;
  uint16_t host_port = 0;
  friend bool operator==(const PortBinding&, const PortBinding&) = default;
};

/// A container's attachment to a network (filled by connect).
struct Endpoint {
  std::string container_id;
  std::string name;
  std::string endpoint_id;
  std::string mac_address;
  std::optional<IpPrefix> ipv4;  // address with the subnet's prefix length
  std::optional<IpPrefix> ipv6;
  std::string host_ifname;       // vethXXXXXXX, on the bridge
  std::string ifname;            // eth0, eth1 ... inside the container
  std::vector<std::string> aliases;
  std::vector<std::string> links;       // --link CONTAINER:ALIAS, resolvable from this container
  std::vector<IpAddress> link_local_ips;  // --link-local-ip, extra addresses on the interface
  bool static_ip = false;        // given with --ip
  long long gw_priority = 0;         // --gw-priority: the highest gives the default routes
  /// --driver-opt com.docker.network.endpoint.sysctls as given ("net.ipv4.conf.IFNAME.x=1,...").
  std::string sysctls;
  /// --publish: the bindings made, with their host ports chosen.
  std::vector<PortBinding> ports;
  /// Intent record (kIntent*), saved before the first kernel step of connect or disconnect and
  /// cleared with the last. An endpoint still marked when the store is next opened for writing
  /// was cut short: a connect is undone, a disconnect is finished.
  std::string intent;
  /// Overlay networks: the cluster host the container lives on (its hostname); "" elsewhere.
  std::string host;
  friend bool operator==(const Endpoint&, const Endpoint&) = default;
};

/// A "container": a network namespace, known by a stable ID. The device and inode tell whether
/// the namespace behind the path is still the one that was connected.
struct Container {
  std::string id;
  std::string name;
  std::string netns_path;
  uint64_t dev = 0;
  uint64_t ino = 0;
  /// net.ipv6.conf.all.disable_ipv6 was 1 in the namespace when it last joined a network: it gets
  /// no IPv6 address (Docker's `--sysctl net.ipv6.conf.all.disable_ipv6=1` container).
  bool ipv6_disabled = false;
  friend bool operator==(const Container&, const Container&) = default;
};

struct Network {
  std::string name;
  std::string id;
  Timestamp created;
  std::string scope = "local";
  std::string driver = "bridge";  // as Docker shows it; model::driver_kind() tells the kind
  bool enable_ipv4 = true;
  bool enable_ipv6 = false;
  std::string ipam_driver = "default";
  std::optional<StringMap> ipam_options;  // nullopt prints as JSON null (built-in networks)
  std::vector<IpamConfig> ipam_config;
  bool internal = false;
  bool attachable = false;
  bool ingress = false;
  bool config_only = false;
  std::string config_from;
  StringMap options;
  StringMap labels;
  std::map<std::string, Endpoint> containers;  // keyed by container ID
  /// Overlay networks: the endpoints of containers on other cluster hosts, keyed by container
  /// ID. Read from the cluster store, never written by this host's commands (only `node rm`
  /// takes a gone host's away); kept apart so nothing that works on this host's containers
  /// (interfaces, routes, rules, recovery) ever sees them. Not in the local state file.
  std::map<std::string, Endpoint> remote_endpoints;
  /// Overlay networks: the hosts with an endpoint on it and their tunnel endpoints, as inspect
  /// shows them under Peers; filled from the cluster store, not in the local state file.
  std::vector<std::pair<std::string, IpAddress>> peers;
  /// True when the bridge device existed before the network and must outlive it (Docker keeps it).
  bool bridge_preexisting = false;
  /// The addresses a pre-existing bridge already had when the network was made: rm removes
  /// only the gateway addresses docknet added, never these (nor the bridge).
  std::vector<IpPrefix> bridge_addresses_found;
  /// Intent record: saved before create touches the kernel, cleared after. A network still
  /// pending when the store is next opened for writing was cut short by a crash and is undone.
  bool pending = false;
  /// Intent record of rm and prune: saved before the first kernel step; a network still marked
  /// when the store is next opened for writing was cut short, and its removal is finished.
  bool removing = false;
  /// The IPAM config came from --subnet (or --config-from), not from the default pools;
  /// Docker allows `connect --ip` only then.
  bool user_subnet = false;
  /// macvlan/ipvlan: docknet made the parent link (a dummy or a VLAN link, Docker's
  /// CreatedSlaveLink) and removes it with the last network that uses it.
  bool parent_link_created = false;

  bool is_predefined() const;
  friend bool operator==(const Network&, const Network&) = default;
};

/// Everything docknet persists.
struct State {
  int schema = 1;
  std::string boot_id;
  std::vector<Container> containers;
  std::vector<Network> networks;
  /// The cluster's hosts (name -> VXLAN tunnel endpoint address), from the cluster store; empty
  /// without one. Not in the local state file.
  std::map<std::string, IpAddress> cluster_hosts;
  /// Why the cluster store could not be read ("" when it was, or there is none): the state then
  /// holds this host's own networks only, and no command may change anything.
  std::string cluster_unavailable;
  friend bool operator==(const State&, const State&) = default;
};

/// Names Docker reserves (runconfig.IsPreDefinedNetwork).
bool is_predefined_name(const std::string& name);

}  // namespace docknet::model
