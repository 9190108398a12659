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

/// /etc/netns/NAME/hosts as found: whether its directory exists, and its content if it does.
struct HostsFile {
  bool dir_exists = false;
  std::optional<std::string> content;
};

/// What binding a host port in docknet's namespace found: error 0 when the port is free on every
/// address asked, else the errno for the address at `index`; socket_failed when no socket of
/// that protocol could be made at all (no sctp).
struct BindProbe {
  int error = 0;
  bool socket_failed = false;
  size_t index = 0;
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
  /// /etc/netns/NAME/hosts of the named namespace NAME (a valid container name). /etc/netns,
  /// its NAME directory and the file are opened without following symlinks, the directories
  /// must be owned by root and writable by no one else, and the file must be a regular file:
  /// anything else is refused with an error naming it, and nothing is changed.
  virtual HostsFile read_hosts(const std::string& netns) = 0;
  /// Replaces the file atomically (a temporary file in the same directory, fsync, rename),
  /// creating the directory (0755) and the file (0644, or the old file's mode) as needed.
  virtual void write_hosts(const std::string& netns, const std::string& content) = 0;
  /// Deletes the file, and with `with_dir` its directory if nothing else is left in it.
  virtual void remove_hosts(const std::string& netns, bool with_dir) = 0;
  /// Removes what a write_hosts or remove_hosts killed midway left under docknet's own names
  /// (never an admin's directory); run by every mutating call before it changes anything.
  virtual void finish_hosts_changes() = 0;
  /// Why a Docker daemon looks alive on this host ("it answers on /var/run/docker.sock"), or
  /// nullopt: its API socket answers /_ping, or its pid file names a live dockerd.
  virtual std::optional<std::string> running_docker_daemon() = 0;
  /// Binds port on each address in turn (tcp and sctp also listen, as Docker's allocator does),
  /// holding every socket until all are bound, then closes them: whether a process, or an
  /// overlapping address of the same group (0.0.0.0 and 127.0.0.1), holds the port now.
  /// protocol: 6 tcp, 17 udp, 132 sctp.
  virtual BindProbe probe_bind(const std::vector<IpAddress>& ips, uint16_t port, int protocol) = 0;
};

}  // namespace docknet::kernel
