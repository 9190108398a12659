#pragma once
#include <string>
#include <vector>

#include "lib/core/ip.hpp"

namespace docknet::kernel {

/// Small facts and knobs of the host: sysctls, resolv.conf, the boot ID.
class HostSystem {
 public:
  virtual ~HostSystem() = default;
  /// Reads /proc/sys/<key with dots as slashes>, trimmed.
  virtual std::string read_sysctl(const std::string& key) = 0;
  virtual void write_sysctl(const std::string& key, const std::string& value) = 0;
  /// IPv4 nameservers of /etc/resolv.conf (as /32 prefixes) that default pools must avoid.
  virtual std::vector<IpPrefix> nameservers() = 0;
  virtual std::string boot_id() = 0;
};

}  // namespace docknet::kernel
