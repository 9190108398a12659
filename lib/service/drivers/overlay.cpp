// The overlay driver: one network across the hosts that share a cluster store. Per host, a
// sandbox namespace with br0 and vxlan0 (overlay_sync.cpp makes it, and programs the other
// hosts' endpoints on vxlan0), and a veth per local endpoint from the container to br0
// (moby daemon/libnetwork/drivers/overlay, in its pre-swarm cluster-store form).
#include <algorithm>

#include "lib/core/strings.hpp"
#include "lib/model/bridge_options.hpp"
#include "lib/model/messages.hpp"
#include "lib/model/overlay.hpp"
#include "lib/service/drivers/registry.hpp"

namespace docknet::service {
namespace {

class OverlayDriver final : public NetworkDriver {
 public:
  explicit OverlayDriver(const StringMap& options) : options_(options) {}
  model::DriverKind kind() const override { return model::DriverKind::Overlay; }

  void check_request(const model::CreateRequest& r) const override {
    if (r.options.count(model::kOptEncrypted)) throw model::msg::overlay_encryption_unsupported();
    if (auto it = r.options.find(model::kOptVxlanIdList); it != r.options.end()) requested_vni(it->second);
    if (!r.enable_ipv4.value_or(true) && !r.enable_ipv6.value_or(false)) throw model::msg::no_address_family();
    size_t v4 = 0, v6 = 0;
    for (const auto& c : r.ipam_config) ++(c.subnet.is_v4() ? v4 : v6);
    if (v4 > 1 || v6 > 1) throw model::msg::overlay_multiple_subnets();
    if (auto it = r.options.find(model::kOptMtu); it != r.options.end()) {
      auto mtu = parse_int(it->second);
      if (!mtu || *mtu < 68 || *mtu > 65535) throw model::msg::invalid_mtu(mtu.value_or(0));
    }
  }

  // The VXLAN ID: the one asked for, free on every host's view of the cluster, or the lowest
  // free one from 4096. The cluster store's create compares make the choice race-free.
  void prepare(ServiceContext&, const model::State& state, model::Network& n) const override {
    auto used_by = [&](uint32_t vni) -> const model::Network* {
      for (const auto& other : state.networks)
        if (other.id != n.id && model::vni_of(other) == vni) return &other;
      return nullptr;
    };
    if (auto it = n.options.find(model::kOptVxlanIdList); it != n.options.end()) {
      uint32_t vni = requested_vni(it->second);
      if (const auto* other = used_by(vni)) throw model::msg::vni_in_use(vni, other->name);
      return;
    }
    for (uint32_t vni = model::kFirstVni; vni <= model::kMaxVni; ++vni)
      if (!used_by(vni)) {
        n.options[model::kOptVxlanIdList] = std::to_string(vni);
        return;
      }
    throw model::msg::vni_exhausted();
  }

  void name_endpoint(ServiceContext& ctx, model::Endpoint& e) const override {
    e.mac_address = random_mac(ctx.new_id());
    e.host_ifname = "veth" + ctx.new_id().substr(0, 7);
    e.host = ctx.config.cluster_host;
  }

  // No default route: the overlay reaches the other containers of the network only (Docker
  // gives an overlay container its way out through docker_gwbridge, which docknet does not make).
  kernel::EndpointLink endpoint_link(const model::Network& n, const model::Endpoint& e, const model::Container& c,
                                     Routes) const override {
    kernel::EndpointLink l = endpoint_link_base(n, e, c);
    l.kind = kernel::EndpointKind::Veth;
    l.host_ifname = e.host_ifname;
    l.bridge = "br0";
    l.bridge_netns = model::sandbox_path(n);
    if (auto it = options_.find(model::kOptMtu); it != options_.end()) l.mtu = static_cast<int>(parse_int(it->second).value_or(0));
    return l;
  }

  // The sandbox of a network with endpoints on this host (overlay_sync.cpp makes it; the
  // endpoints' veths go with it, so `network reconcile` makes those again too).
  std::vector<KernelFinding> check(ServiceContext& ctx, const model::Network& n) const override {
    if (!ctx.overlay || n.containers.empty()) return {};
    auto made = ctx.overlay->sandboxes();
    if (std::find(made.begin(), made.end(), model::sandbox_path(n)) != made.end()) return {};
    return {{"missing overlay sandbox " + model::sandbox_path(n) + " (docknet network reconcile makes it)", false}};
  }

 private:
  static uint32_t requested_vni(const std::string& list) {
    std::string first = list.substr(0, list.find(','));
    auto v = parse_int(first);
    if (!v || *v < 1 || *v > model::kMaxVni) throw model::msg::invalid_vni(list);
    return static_cast<uint32_t>(*v);
  }
  StringMap options_;
};

}  // namespace

std::unique_ptr<NetworkDriver> make_overlay_driver(const StringMap& options) {
  return std::make_unique<OverlayDriver>(options);
}

}  // namespace docknet::service
