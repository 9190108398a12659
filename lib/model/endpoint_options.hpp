#pragma once
#include <string>
#include <utility>
#include <vector>

namespace docknet::model {

inline constexpr const char* kOptEndpointIfname = "com.docker.network.endpoint.ifname";
inline constexpr const char* kOptEndpointSysctls = "com.docker.network.endpoint.sysctls";

/// Checks --driver-opt com.docker.network.endpoint.sysctls ("net.X.Y.IFNAME.Z=V,...") as the
/// daemon does; returns Docker's error lines (empty when valid).
std::vector<std::string> sysctl_option_errors(const std::string& value);

/// The sysctls of a valid option as paths under /proc/sys for interface `ifname`, with values:
/// "net.ipv4.conf.IFNAME.forwarding=1" on eth1 gives {"net/ipv4/conf/eth1/forwarding", "1"}.
/// Throws Docker's setSysctls errors for entries without "=" or not of five dotted parts.
std::vector<std::pair<std::string, std::string>> interface_sysctls(const std::string& value, const std::string& ifname);

}  // namespace docknet::model
