#pragma once
#include <optional>
#include <string>
#include <vector>

#include "lib/core/ip.hpp"

namespace docknet::kernel {

/// One container attachment as the kernel sees it: a veth pair from the bridge into a namespace.
struct EndpointLink {
  std::string host_ifname;  // vethXXXXXXX, enslaved to `bridge`, up
  std::string bridge;
  std::string netns_path;   // the container's namespace
  std::string ifname;       // the container end's name (eth0, ...)
  std::string mac;          // of the container end
  int mtu = 0;              // 0: kernel default
  IpPrefix address;         // with the subnet's prefix length
  std::optional<IpAddress> gateway;  // default route via it, when set
  std::vector<IpAddress> extra_addresses;  // --link-local-ip, added as host routes (/32)
};

/// Links, addresses and routes of the host network namespace. Implemented with libnl
/// (NetlinkLinkBackend) and by an in-memory fake that returns the kernel's errnos.
class LinkBackend {
 public:
  virtual ~LinkBackend() = default;
  virtual bool link_exists(const std::string& name) = 0;
  /// Creates a bridge, down, with a random locally administered MAC (as Docker 28+ does, which
  /// also makes an empty bridge report NO-CARRIER); mtu 0 keeps the kernel default. EEXIST when
  /// the name is taken.
  virtual void create_bridge(const std::string& name, int mtu) = 0;
  /// Deletes a link; a link that is already gone is not an error.
  virtual void delete_link(const std::string& name) = 0;
  /// Adds `address` (with its prefix length) and, for IPv4, the subnet's broadcast.
  virtual void add_address(const std::string& link, const IpPrefix& address) = 0;
  virtual void set_up(const std::string& name) = 0;
  /// Creates the veth pair with its container end born inside the namespace, then configures
  /// that end (address, up, loopback up, default route). On failure nothing is left behind.
  virtual void create_endpoint(const EndpointLink& endpoint) = 0;
  /// Names of the links inside a namespace (to pick the next free ethN).
  virtual std::vector<std::string> netns_link_names(const std::string& netns_path) = 0;
  /// Destinations of IPv4 routes with link scope in the main table (Docker's "on-link" routes).
  virtual std::vector<IpPrefix> onlink_routes() = 0;
};

}  // namespace docknet::kernel
