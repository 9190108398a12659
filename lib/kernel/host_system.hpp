#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lib/core/ip.hpp"

namespace docknet::kernel {

/// A network namespace found from what the user typed: a name in /run/netns, a PID, or a path.
struct NetnsInfo {
  std::string path;
  std::string name;
  uint64_t dev = 0;
  uint64_t ino = 0;
};

/// Small facts and knobs of the host: sysctls, resolv.conf, the boot ID.
class HostSystem {
 public:
  virtual ~HostSystem() = default;
  /// Reads /proc/sys/<key>, trimmed. As sysctl(8): a key with a '/' is a path under /proc/sys
  /// (so interface names may hold dots), otherwise its dots stand for slashes.
  virtual std::string read_sysctl(const std::string& key) = 0;
  virtual void write_sysctl(const std::string& key, const std::string& value) = 0;
  /// IPv4 nameservers of /etc/resolv.conf (as /32 prefixes) that default pools must avoid.
  virtual std::vector<IpPrefix> nameservers() = 0;
  virtual std::string boot_id() = 0;
  /// /etc/machine-id, trimmed; empty when there is none. Seeds the host's IPv6 ULA prefix.
  virtual std::string machine_id() = 0;
  virtual std::optional<NetnsInfo> find_netns(const std::string& ref) = 0;
  /// True while `path` still names the namespace with this device and inode.
  virtual bool netns_alive(const std::string& path, uint64_t dev, uint64_t ino) = 0;
  /// Writes a file atomically (temporary + rename), creating its directory.
  virtual void write_file(const std::string& path, const std::string& content) = 0;
  virtual void remove_file(const std::string& path) = 0;
};

}  // namespace docknet::kernel
