#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "lib/core/ip.hpp"

namespace docknet::kernel {

/// One overlay network's switch on this host, as Docker builds it: a network namespace of its
/// own (/run/docknet/netns/1-<id[:10]>) holding a bridge `br0` with the subnet's gateway
/// address and a VXLAN link `vxlan0` enslaved to it. The VXLAN link is created from the host's
/// namespace, so its UDP socket (port 4789) lives there, on the underlay. Nothing of it is in the
/// host's own link list, and no host firewall rule sees the bridged traffic.
struct OverlaySandbox {
  std::string netns_path;
  uint32_t vni = 0;
  IpAddress local;                        // this host's tunnel endpoint (cluster-advertise)
  int mtu = 0;                            // 0: the MTU of the link holding `local`, minus 50
  std::vector<IpPrefix> bridge_addresses; // the gateways, with the subnets' prefix lengths
};

/// An endpoint on another host: its MAC behind that host's tunnel endpoint (a forwarding entry
/// on vxlan0) and its addresses answered by vxlan0's ARP/ND proxy (permanent neighbour entries).
struct OverlayPeer {
  std::string mac;
  std::vector<IpAddress> addresses;
  IpAddress vtep;
  friend bool operator==(const OverlayPeer&, const OverlayPeer&) = default;
};

/// The overlay switches of this host. Implemented with netlink (NetlinkOverlayBackend) and by the
/// unit tests' fake.
class OverlayBackend {
 public:
  virtual ~OverlayBackend() = default;
  /// The directory the sandboxes' namespace files are in.
  virtual std::string sandbox_dir() = 0;
  /// The namespace files in it (full paths), made by docknet.
  virtual std::vector<std::string> sandboxes() = 0;
  /// Makes the sandbox unless it exists already with its vxlan0 (then nothing changes). A
  /// half-made one is removed first. Nothing is left behind on failure. A kernel without VXLAN,
  /// or a VXLAN ID another link of the host uses, is a clear Error.
  virtual void ensure_sandbox(const OverlaySandbox& sandbox) = 0;
  /// Removes the sandbox and everything in it (its vxlan0 first, so the ID is free at once);
  /// a gone one is not an error.
  virtual void delete_sandbox(const std::string& netns_path) = 0;
  /// Makes vxlan0's permanent forwarding and neighbour entries exactly `peers`.
  virtual void set_peers(const std::string& netns_path, const std::vector<OverlayPeer>& peers) = 0;
};

}  // namespace docknet::kernel
