// Docker's texts for publishing ports on the host side: choosing and binding host ports
// (moby@docker-v29.7.2:daemon/libnetwork/portallocator/, endpoint.go:661).
#include <fmt/format.h>

#include "lib/model/messages.hpp"
#include "lib/model/port_spec.hpp"

namespace docknet::model::msg {
namespace {

using K = ErrorKind;

// netip.AddrPort's String(): [v6]:port.
std::string addr_port(const IpAddress& ip, uint16_t port) { return fmt::format("{}:{}", ip.to_host_string(), port); }

}  // namespace

Error publish_failed(const std::string& endpoint, const std::string& endpoint_id, const std::string& why) {
  return Error(K::System,
               fmt::format("driver failed programming external connectivity on endpoint {} ({}): {}", endpoint, endpoint_id, why));
}

// alreadyAllocatedErr (portallocator.go:33): the address is printed bare, IPv6 included.
std::string port_already_allocated(const IpAddress& ip, uint16_t port) {
  return fmt::format("Bind for {}:{} failed: port is already allocated", ip.to_string(), port);
}

std::string all_ports_allocated() { return "all ports are allocated"; }

// portallocator.go:154.
std::string invalid_port_range(uint16_t start, uint16_t end) { return fmt::format("invalid port range: {}-{}", start, end); }

// osallocator_linux.go:178, 222, 255, 274.
std::string host_port_socket_failed(const IpAddress& ip, uint16_t port, int protocol, int code) {
  return fmt::format("failed to create socket for {}/{}: {}", addr_port(ip, port), proto_name(protocol), go_errno_text(code));
}

std::string host_port_bind_failed(const IpAddress& ip, uint16_t port, int protocol, int code) {
  return fmt::format("failed to bind host port {}/{}: {}", addr_port(ip, port), proto_name(protocol), go_errno_text(code));
}

}  // namespace docknet::model::msg
