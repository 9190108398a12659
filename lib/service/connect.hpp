#pragma once
#include <optional>
#include <string>
#include <vector>

#include "lib/core/ip.hpp"
#include "lib/core/strings.hpp"
#include "lib/model/network.hpp"
#include "lib/model/port_spec.hpp"
#include "lib/service/context.hpp"

namespace docknet::service {

struct ConnectRequest {
  std::string network;
  std::string container;  // a name in /run/netns, a PID, or a path to a namespace file
  std::optional<IpAddress> ip;
  std::optional<IpAddress> ip6;
  std::vector<std::string> aliases;
  std::vector<std::string> links;
  std::vector<std::string> link_local_ips;
  StringMap driver_opts;
  long long gw_priority = 0;
  /// --publish, parsed: the bridge driver maps these host ports to the container.
  std::vector<model::PortRequest> publish;
};

/// `network connect`: a veth from the network's bridge into the namespace, an address, the
/// default route for the first network, Docker's per-endpoint rule, the hosts files.
void connect_container(ServiceContext& ctx, const ConnectRequest& request);

/// `network disconnect [-f]`: removes exactly what connect made and frees the address.
void disconnect_container(ServiceContext& ctx, const std::string& network, const std::string& container, bool force);

}  // namespace docknet::service
