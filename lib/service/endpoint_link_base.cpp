#include "lib/service/endpoint_link_base.hpp"

#include <fmt/format.h>

#include "lib/model/endpoint_options.hpp"

namespace docknet::service {

const model::IpamConfig* first_pool(const model::Network& n, bool v6) {
  if (v6 ? !n.enable_ipv6 : !n.enable_ipv4) return nullptr;
  for (const auto& p : n.ipam_config)
    if (p.subnet.is_v4() != v6) return &p;
  return nullptr;
}

std::string random_mac(const std::string& hex) {
  // Docker 28+: a random, locally administered unicast address.
  unsigned first = (std::stoul(hex.substr(0, 2), nullptr, 16) & 0xfe) | 0x02;
  return fmt::format("{:02x}:{}:{}:{}:{}:{}", first, hex.substr(2, 2), hex.substr(4, 2), hex.substr(6, 2), hex.substr(8, 2),
                     hex.substr(10, 2));
}

kernel::EndpointLink endpoint_link_base(const model::Network&, const model::Endpoint& e, const model::Container& c) {
  kernel::EndpointLink l;
  l.netns_path = c.netns_path;
  l.ifname = e.ifname;
  l.mac = e.mac_address;
  l.address = e.ipv4;
  l.address6 = e.ipv6;
  l.extra_addresses = e.link_local_ips;
  l.sysctls = model::interface_sysctls(e.sysctls, e.ifname);
  return l;
}

}  // namespace docknet::service
