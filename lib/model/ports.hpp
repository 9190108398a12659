#pragma once
// Published ports: what `connect --publish` asks for, expanded per address family and ordered
// as Docker's bridge driver handles them, and the bindings an endpoint holds once host ports
// are chosen (stored with the endpoint; the firewall rules are a function of them).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lib/core/ip.hpp"
#include "lib/model/bridge_options.hpp"
#include "lib/model/network.hpp"
#include "lib/model/port_spec.hpp"

namespace docknet::model {

/// One request for one address family, before its host port is chosen: Docker's
/// PortBindingReq after sortAndNormPBs (moby@docker-v29.7.2:daemon/libnetwork/drivers/bridge/
/// port_mapping_linux.go). host_port = host_port_end = 0 asks for an ephemeral port.
struct BindingRequest {
  int protocol = 6;
  uint16_t container_port = 0;
  IpAddress host_ip;       // 0.0.0.0, :: or one address; the container address has its family
  uint16_t host_port = 0;  // the range to choose from (equal: exactly that port)
  uint16_t host_port_end = 0;
  bool routed = false;  // gateway mode routed: no NAT, only the container's port is opened
  friend bool operator==(const BindingRequest&, const BindingRequest&) = default;
};

/// The requests of `publish` for an endpoint with these addresses on network `n`, sorted as
/// PortBindingReq.Compare sorts them (exact host ports first, then by container port, protocol,
/// host port range, host address). `v6_listenable`: the host can bind IPv6 sockets, so an
/// address-less request also binds [::] (netutils.IsV6Listenable). Without a userland proxy
/// nothing maps a host IPv6 address to a container's IPv4 one, so that request is dropped.
std::vector<BindingRequest> expand_publish(const Network& n, const BridgeOptions& o, const Endpoint& e,
                                           const std::vector<PortRequest>& publish, bool v6_listenable);

/// Requests that must get one same host port (they differ only in the host address).
bool same_port_group(const BindingRequest& a, const BindingRequest& b);

/// "HOST_IP:HOST_PORT->PORT/PROTO" ("[::]:8080->80/tcp"), as the store keeps a binding.
std::string binding_text(const PortBinding& b);
std::optional<PortBinding> parse_binding_text(const std::string& text);

/// Whether a binding of (ip, protocol, port) collides with `held`: Docker's port allocator
/// keeps one map per host address, and an unspecified address holds the port for its family.
bool port_collides(const PortBinding& held, const IpAddress& ip, int protocol, uint16_t port);

/// The lines `docker port CONTAINER` prints for these bindings, in Docker's natural order:
/// "80/tcp -> 0.0.0.0:8080", "80/tcp -> [::]:8080".
std::vector<std::string> port_lines(const std::vector<PortBinding>& bindings);
/// The lines `docker port CONTAINER PORT/PROTO` prints: "0.0.0.0:8080".
std::vector<std::string> port_lines_for(const std::vector<PortBinding>& bindings, uint16_t port,
                                        const std::string& proto);

}  // namespace docknet::model
