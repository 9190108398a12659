#pragma once
#include <optional>

#include "lib/kernel/netlink/handles.hpp"
#include "lib/kernel/overlay_backend.hpp"

namespace docknet::kernel {

/// OverlayBackend with netlink: sandboxes are namespaces bind-mounted under `dir`.
class NetlinkOverlayBackend final : public OverlayBackend {
 public:
  explicit NetlinkOverlayBackend(std::string dir) : dir_(std::move(dir)) {}
  std::string sandbox_dir() override { return dir_; }
  std::vector<std::string> sandboxes() override;
  void ensure_sandbox(const OverlaySandbox& sandbox) override;
  void delete_sandbox(const std::string& netns_path) override;
  void set_peers(const std::string& netns_path, const std::vector<OverlayPeer>& peers) override;

 private:
  void make_namespace(const std::string& path);
  void build_switch(const OverlaySandbox& sandbox);
  std::string dir_;
};

/// An address from netlink's bytes (4 or 16 of them); nullopt for any other length.
std::optional<IpAddress> ip_from_bytes(const void* bytes, unsigned len);

/// The permanent entries on a VXLAN link (neighbour_table.cpp): what set_peers compares with.
std::vector<OverlayPeer> read_peers(nl_sock* sk, int vxlan_ifindex);
void add_peer(nl_sock* sk, int vxlan_ifindex, const OverlayPeer& peer);
void delete_peer(nl_sock* sk, int vxlan_ifindex, const OverlayPeer& peer);

}  // namespace docknet::kernel
