#pragma once
#include <string>
#include <vector>

namespace docknet::store::etcd {

/// One etcd member's client address as configured: an IPv4 or IPv6 literal or a host name.
struct Endpoint {
  std::string host;  // without brackets
  int port = 2379;
  /// host:port, an IPv6 host in brackets.
  std::string text() const;
};

/// docknet's cluster-store value, `etcd://HOST[:PORT][,HOST[:PORT]...]` (each further member may
/// repeat `etcd://`). Throws docknet::Error `invalid cluster-store "VALUE": WHY` for anything
/// else: another scheme (https included: docknet speaks plain HTTP), user info, a path, a query,
/// an empty host, a bad port.
std::vector<Endpoint> parse_cluster_store(const std::string& value);

/// The endpoints as one value, `etcd://h1:2379,h2:2379`: the store's name in messages.
std::string describe_endpoints(const std::vector<Endpoint>& endpoints);

}  // namespace docknet::store::etcd
