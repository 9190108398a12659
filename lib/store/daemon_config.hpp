#pragma once
#include <optional>
#include <string>
#include <vector>

#include "lib/model/subnet_allocator.hpp"

namespace docknet::store {

/// Which firewall docknet programs: chosen from the host (auto), forced, or none at all.
enum class FirewallBackendChoice { Auto, IptablesNft, IptablesLegacy, None };

/// /etc/docknet/config.yaml: the daemon.json settings that shape networks, and docknet's own.
struct DaemonConfig {
  FirewallBackendChoice firewall_backend = FirewallBackendChoice::Auto;
  bool iptables = true;   // daemon.json "iptables": IPv4 rules at all
  bool ip6tables = true;  // daemon.json "ip6tables": IPv6 rules at all
  bool ip_forward_no_drop = false;  // daemon.json: enable forwarding without the FORWARD DROP policy
  std::vector<model::AddressPool> default_address_pools = model::default_address_pools();
  std::optional<IpPrefix> bip;  // default bridge address, e.g. 172.30.0.1/16
  int mtu = 1500;
  bool icc = true;
  bool ip_masq = true;
  bool ip_forward = true;
  std::string default_bind_ip = "0.0.0.0";
  /// Overlay networks: the etcd cluster every host shares (`etcd://HOST:PORT[,HOST:PORT...]`,
  /// Docker's old --cluster-store) and this host's tunnel endpoint (an address or an interface,
  /// Docker's old --cluster-advertise; "" takes the address of the default route's interface).
  std::string cluster_store;
  std::string cluster_advertise;
  /// Filled by the command line, not the file: this host's name in the cluster (its hostname)
  /// and its tunnel endpoint address, once cluster_store is set.
  std::string cluster_host;
  std::optional<IpAddress> cluster_address;
  /// Docker keys in the file that docknet does not apply, in file order; their values are not
  /// read at all. Network keys, and the daemon's and containers' own (log-driver, hosts, ...).
  /// Told to the user once per file content (cmd/config_notice.cpp), never an error.
  std::vector<std::string> ignored_network_keys;
  std::vector<std::string> ignored_daemon_keys;
  /// SHA-256 of the file's bytes, in hex ("" when there is no file): what "once" is counted by.
  std::string digest;
};

/// A missing file gives Docker's defaults; a malformed one throws with the path and the line.
DaemonConfig load_daemon_config(const std::string& path);

}  // namespace docknet::store
