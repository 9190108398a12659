#pragma once
#include <map>
#include <optional>
#include <string>

#include "lib/model/network.hpp"

namespace docknet::model {

/// Name resolution without a daemon: for every container that is a named namespace
/// (/run/netns/NAME), the /etc/netns/NAME/hosts file `ip netns exec` mounts over /etc/hosts.
/// It lists the container itself and every container sharing a user-defined network with it,
/// by name, aliases and short ID; the default `bridge` network resolves nothing, as in Docker.
/// Keyed by namespace NAME; the values are docknet's lines only (see merge_hosts_block).
struct HostsLines {
  std::string lines;
  bool ipv6 = true;  // false: the container's IPv6 is off, so no IPv6 localhost lines either
  friend bool operator==(const HostsLines&, const HostsLines&) = default;  // != follows (C++20)
};
std::map<std::string, HostsLines> hosts_files(const State& state);

/// The NAME of /etc/netns/NAME for a named namespace, or "" for a PID or a path elsewhere.
std::string hosts_netns_name(const Container& container);

/// docknet owns only a marked block of a hosts file, so an admin's own lines stay:
///   # BEGIN docknet managed[ (created file| created file and directory)]
///   ... lines ...
///   # END docknet managed
/// The marker records what docknet created, so the last disconnect removes exactly that.
inline constexpr const char* kHostsBegin = "# BEGIN docknet managed";
inline constexpr const char* kHostsEnd = "# END docknet managed";

/// The file with docknet's block set to `lines`: `existing` is the file's content (none when
/// there is no file; `dir_existed` says whether its directory was there). A file docknet
/// creates also gets the localhost lines (in the block), the IPv6 ones only with `ipv6` as
/// Docker writes them (moby@docker-v29.7.2:daemon/libnetwork/sandbox_dns_unix.go:148-152,
/// etchosts.BuildNoIPv6); an existing block keeps its marker.
std::string merge_hosts_block(const std::optional<std::string>& existing, bool dir_existed, const std::string& lines,
                              bool ipv6 = true);

/// The file without docknet's block, and whether docknet created the file (then it goes when
/// nothing else is left) and its directory.
struct StrippedHosts {
  std::string content;
  bool remove_file = false;
  bool remove_dir = false;
};
StrippedHosts strip_hosts_block(const std::string& existing);

}  // namespace docknet::model
