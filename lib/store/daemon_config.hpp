#pragma once
#include <optional>
#include <string>
#include <vector>

#include "lib/model/subnet_allocator.hpp"

namespace docknet::store {

/// /etc/docknet/config.yaml: the daemon.json settings that shape networks.
struct DaemonConfig {
  std::vector<model::AddressPool> default_address_pools = model::default_address_pools();
  std::optional<IpPrefix> bip;  // default bridge address, e.g. 172.30.0.1/16
  int mtu = 1500;
  bool icc = true;
  bool ip_masq = true;
  bool ip_forward = true;
  std::string default_bind_ip = "0.0.0.0";
};

/// A missing file gives Docker's defaults; a malformed one throws with the path and the line.
DaemonConfig load_daemon_config(const std::string& path);

}  // namespace docknet::store
