#pragma once
#include <string>
#include <utility>

#include "lib/kernel/host_system.hpp"

namespace docknet::kernel {

/// HostSystem over /proc/sys, /etc/resolv.conf and /proc/sys/kernel/random/boot_id.
class LinuxHostSystem : public HostSystem {
 public:
  std::string read_sysctl(const std::string& key) override;
  void write_sysctl(const std::string& key, const std::string& value) override;
  std::vector<IpPrefix> nameservers() override;
  std::string boot_id() override;
  std::string machine_id() override;
  std::optional<NetnsInfo> find_netns(const std::string& ref) override;
  bool netns_alive(const std::string& path, uint64_t dev, uint64_t ino) override;
  HostsFile read_hosts(const std::string& netns) override;
  void write_hosts(const std::string& netns, const std::string& content) override;
  void remove_hosts(const std::string& netns, bool with_dir) override;
  void finish_hosts_changes() override;
  std::optional<std::string> running_docker_daemon() override;
  BindProbe probe_bind(const std::vector<IpAddress>& ips, uint16_t port, int protocol) override;

  /// Where the per-namespace directories live: /etc/netns, another directory in tests.
  explicit LinuxHostSystem(std::string etc_netns = "/etc/netns") : etc_netns_(std::move(etc_netns)) {}

 private:
  std::string etc_netns_;
};

}  // namespace docknet::kernel
