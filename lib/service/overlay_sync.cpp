#include "lib/service/overlay_sync.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "lib/model/bridge_options.hpp"
#include "lib/model/hosts.hpp"
#include "lib/model/messages.hpp"
#include "lib/model/overlay.hpp"
#include "lib/service/drivers/driver.hpp"
#include "lib/service/drivers/registry.hpp"
#include "lib/service/endpoint_ops.hpp"
#include "lib/service/steps.hpp"
#include "lib/service/transaction.hpp"
#include "lib/store/cluster_codec.hpp"

namespace docknet::service {
namespace {

bool valid_mac(const std::string& mac) {
  if (mac.size() != 17) return false;
  for (size_t i = 0; i < mac.size(); ++i)
    if (i % 3 == 2 ? mac[i] != ':' : !std::isxdigit(static_cast<unsigned char>(mac[i]))) return false;
  return true;
}

kernel::OverlaySandbox sandbox_of(ServiceContext& ctx, const model::Network& n) {
  kernel::OverlaySandbox s;
  s.netns_path = model::sandbox_path(n);
  s.vni = model::vni_of(n).value_or(0);
  s.local = ctx.config.cluster_address.value_or(IpAddress{});
  if (auto it = n.options.find(model::kOptMtu); it != n.options.end())
    s.mtu = static_cast<int>(parse_int(it->second).value_or(0));
  for (const auto& pool : n.ipam_config)
    if (pool.gateway) s.bridge_addresses.emplace_back(*pool.gateway, pool.subnet.len());
  return s;
}

std::vector<kernel::OverlayPeer> peers_of(const model::State& state, const model::Network& n) {
  std::vector<kernel::OverlayPeer> out;
  for (const auto& [_, e] : n.remote_endpoints) {
    auto host = state.cluster_hosts.find(e.host);
    // A host not registered yet, or a record no kernel would take: that peer only is left out.
    if (host == state.cluster_hosts.end() || !valid_mac(e.mac_address)) continue;
    kernel::OverlayPeer p{e.mac_address, {}, host->second};
    if (e.ipv4) p.addresses.push_back(e.ipv4->addr());
    if (e.ipv6) p.addresses.push_back(e.ipv6->addr());
    std::sort(p.addresses.begin(), p.addresses.end());
    out.push_back(std::move(p));
  }
  return out;
}

// A sandbox made again (removed by hand, or by a call killed while making it) took its veths
// along: the containers still there get their interfaces back, with the same names and
// addresses. An endpoint still being connected or disconnected is left to its own call.
void reattach_endpoints(ServiceContext& ctx, const model::State& state, const model::Network& n, const std::string& path) {
  std::vector<std::string> present = ctx.links.netns_link_names(path);
  auto driver = driver_for(n);
  for (const auto& [cid, e] : n.containers) {
    if (!e.intent.empty() || std::find(present.begin(), present.end(), e.host_ifname) != present.end()) continue;
    auto c = std::find_if(state.containers.begin(), state.containers.end(), [&](const model::Container& x) { return x.id == cid; });
    if (c == state.containers.end() || !ctx.host.netns_alive(c->netns_path, c->dev, c->ino)) continue;
    auto link = driver->endpoint_link(n, e, *c, Routes{});
    step(ctx, "overlay_reattach");
    ctx.links.delete_endpoint(link);  // a container end left behind, if any
    ctx.links.create_endpoint(link);
  }
}

bool wanted(const model::Network& n) {
  return store::cluster::in_cluster(n) && !n.removing && !n.containers.empty();
}

}  // namespace

void sync_overlays(ServiceContext& ctx, const model::State& state) {
  if (!ctx.overlay || !state.cluster_unavailable.empty()) return;
  std::map<std::string, const model::Network*> keep;
  for (const auto& n : state.networks)
    if (wanted(n)) keep[model::sandbox_path(n)] = &n;
  for (const auto& path : ctx.overlay->sandboxes())
    if (!keep.count(path)) {
      step(ctx, "overlay_sandbox");
      ctx.overlay->delete_sandbox(path);
    }
  for (const auto& [path, n] : keep) {
    step(ctx, "overlay_sandbox");
    ctx.overlay->ensure_sandbox(sandbox_of(ctx, *n));
    reattach_endpoints(ctx, state, *n, path);
    step(ctx, "overlay_peers");
    ctx.overlay->set_peers(path, peers_of(state, *n));
  }
}

void sync_overlays_after(ServiceContext& ctx, const model::State& state) {
  try {
    sync_overlays(ctx, state);
    refresh_overlay_hosts(ctx, state);
  } catch (const std::exception& e) {
    ctx.warnings.push_back("overlay: " + model::msg::docker_text(e) + " (docknet network reconcile tries again)");
  }
}

void refresh_overlay_hosts(ServiceContext& ctx, const model::State& state) {
  if (!state.cluster_unavailable.empty()) return;
  auto all = model::hosts_files(state);
  std::map<std::string, model::HostsLines> overlay;
  for (const auto& c : state.containers) {
    std::string name = model::hosts_netns_name(c);
    if (name.empty() || !all.count(name)) continue;
    bool on_overlay = false;
    for (const auto& n : state.networks) on_overlay = on_overlay || (store::cluster::in_cluster(n) && n.containers.count(c.id));
    if (on_overlay) overlay[name] = all[name];
  }
  if (overlay.empty()) return;
  Transaction tx(ctx.cleanup_failures);
  sync_hosts(ctx, {}, overlay, tx);  // each file rewritten only where its block differs
  tx.commit();
}

}  // namespace docknet::service
