#include "lib/model/ports.hpp"

#include <algorithm>
#include <charconv>
#include <tuple>

#include <fmt/format.h>

#include "lib/core/strings.hpp"

namespace docknet::model {
namespace {

const IpAddress kAny4 = *IpAddress::parse("0.0.0.0");
const IpAddress kAny6 = *IpAddress::parse("::");

// getNATDisabled: only routed (moby@docker-v29.7.2:daemon/libnetwork/drivers/bridge/bridge_linux.go:500).
bool nat_disabled(GatewayMode m) { return m == GatewayMode::Routed; }

bool unspecified(const IpAddress& a) { return a.value() == 0; }

// ::ffff:a.b.c.d is the IPv4 address a.b.c.d to Docker (To4() in configurePortBindingIPv4,
// Unmap() where bindings are reported).
IpAddress unmapped(const IpAddress& a) {
  if (!a.is_v6() || (a.value() >> 32) != 0xffff) return a;
  return IpAddress::from_v4(static_cast<uint32_t>(a.value()));
}

// configurePortBindingIPv4: the request's own address, else the network's default binding
// address (com.docker.network.bridge.host_binding_ipv4, 0.0.0.0 unless set). Routed: always
// 0.0.0.0, a host address means nothing when no NAT maps it.
std::optional<BindingRequest> for_ipv4(const PortRequest& r, const IpAddress& default_ip, bool routed) {
  if (r.host_ip && r.host_ip->is_v6()) return std::nullopt;
  IpAddress host = r.host_ip ? *r.host_ip : default_ip;
  if (!r.host_ip && default_ip.is_v6()) return std::nullopt;
  if (routed) host = kAny4;
  return BindingRequest{r.protocol, r.container_port, host, r.host_port, r.host_port_end, routed};
}

// configurePortBindingIPv6: an address-less request binds [::] when the default is 0.0.0.0 and
// the host can listen on IPv6, or the default itself when that is an IPv6 address.
std::optional<BindingRequest> for_ipv6(const PortRequest& r, const IpAddress& default_ip, bool routed,
                                       bool v6_listenable) {
  if (r.host_ip && r.host_ip->is_v4()) return std::nullopt;
  IpAddress host;
  if (r.host_ip) host = *r.host_ip;
  else if (default_ip == kAny4) {
    if (!v6_listenable) return std::nullopt;
    host = kAny6;
  } else if (default_ip.is_v6()) host = default_ip;
  else return std::nullopt;
  if (routed) host = kAny6;
  return BindingRequest{r.protocol, r.container_port, host, r.host_port, r.host_port_end, routed};
}

bool is_range(const BindingRequest& b) { return b.host_port == 0 || b.host_port != b.host_port_end; }

// The protocol order of Docker's types.Protocol (tcp < udp < sctp), not the IANA numbers.
int proto_rank(int protocol) { return protocol == 6 ? 0 : protocol == 17 ? 1 : 2; }

// PortBindingReq.Compare (moby@docker-v29.7.2:daemon/libnetwork/portmapperapi/api.go:59-92);
// the mapper name first ("nat" < "routed"). Every request here has the same container address
// per family, so the last key, the container address, follows the host address's family.
bool request_less(const BindingRequest& a, const BindingRequest& b) {
  return std::make_tuple(a.routed, is_range(a), a.container_port, proto_rank(a.protocol), a.host_port,
                         a.host_port_end, a.host_ip) <
         std::make_tuple(b.routed, is_range(b), b.container_port, proto_rank(b.protocol), b.host_port,
                         b.host_port_end, b.host_ip);
}

// net.JoinHostPort(ip, port) with Docker's empty port for a routed binding.
std::string join_host_port(const PortBinding& b) {
  return b.host_ip.to_host_string() + ":" + (b.host_port ? std::to_string(b.host_port) : std::string());
}

std::optional<uint16_t> port_number(std::string_view text, bool zero_ok) {
  unsigned v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v > 65535 || (v == 0 && !zero_ok)) return std::nullopt;
  if (text.size() > 1 && text[0] == '0') return std::nullopt;
  return static_cast<uint16_t>(v);
}

}  // namespace

std::vector<BindingRequest> expand_publish(const Network& n, const BridgeOptions& o, const Endpoint& e,
                                           const std::vector<PortRequest>& publish, bool v6_listenable) {
  std::vector<BindingRequest> out;
  if (n.internal) return out;  // Docker publishes nothing from an internal network
  IpAddress default_ip = o.host_binding_ipv4 ? unmapped(*o.host_binding_ipv4) : kAny4;
  bool v4 = e.ipv4 && n.enable_ipv4, v6 = e.ipv6 && n.enable_ipv6;
  for (const PortRequest& r : publish) {
    PortRequest req = r;
    if (req.host_ip) req.host_ip = unmapped(*req.host_ip);
    if (req.host_port_end == 0) req.host_port_end = req.host_port;
    if (v4)
      if (auto b = for_ipv4(req, default_ip, nat_disabled(o.gateway_mode_ipv4))) out.push_back(*b);
    if (v6)
      if (auto b = for_ipv6(req, default_ip, nat_disabled(o.gateway_mode_ipv6), v6_listenable)) out.push_back(*b);
  }
  std::stable_sort(out.begin(), out.end(), request_less);
  // Two -p asking for the very same binding make one (Docker's maps keep one entry).
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool same_port_group(const BindingRequest& a, const BindingRequest& b) {
  return a.routed == b.routed && a.container_port == b.container_port && a.protocol == b.protocol &&
         a.host_port == b.host_port && a.host_port_end == b.host_port_end;
}

std::string binding_text(const PortBinding& b) {
  return fmt::format("{}:{}->{}/{}", b.host_ip.to_host_string(), b.host_port, b.container_port, proto_name(b.protocol));
}

std::optional<PortBinding> parse_binding_text(const std::string& text) {
  auto arrow = text.find("->");
  auto slash = text.rfind('/');
  if (arrow == std::string::npos || slash == std::string::npos || slash < arrow) return std::nullopt;
  std::string_view host(text.data(), arrow);
  auto colon = host.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view addr = host.substr(0, colon);
  bool bracketed = addr.size() > 2 && addr.front() == '[' && addr.back() == ']';
  if (bracketed) addr = addr.substr(1, addr.size() - 2);
  auto ip = IpAddress::parse(addr);
  auto host_port = port_number(host.substr(colon + 1), true);
  auto port = port_number(std::string_view(text).substr(arrow + 2, slash - arrow - 2), false);
  auto proto = protocol_of(std::string_view(text).substr(slash + 1));
  if (!ip || ip->is_v6() != bracketed || !host_port || !port || !proto) return std::nullopt;
  return PortBinding{*proto, *port, *ip, *host_port};
}

bool port_collides(const PortBinding& held, const IpAddress& ip, int protocol, uint16_t port) {
  if (held.host_port == 0 || held.host_port != port || held.protocol != protocol) return false;
  if (held.host_ip.is_v6() != ip.is_v6()) return false;
  return held.host_ip == ip || unspecified(held.host_ip) || unspecified(ip);
}

std::vector<std::string> port_lines(const std::vector<PortBinding>& bindings) {
  std::vector<std::string> out;
  for (const auto& b : bindings)
    out.push_back(fmt::format("{}/{} -> {}", b.container_port, proto_name(b.protocol), join_host_port(b)));
  std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) { return natural_less(a, b); });
  return out;
}

std::vector<std::string> port_lines_for(const std::vector<PortBinding>& bindings, uint16_t port,
                                        const std::string& proto) {
  std::vector<std::string> out;
  for (const auto& b : bindings)
    if (b.container_port == port && proto_name(b.protocol) == proto) out.push_back(join_host_port(b));
  std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) { return natural_less(a, b); });
  return out;
}

}  // namespace docknet::model
