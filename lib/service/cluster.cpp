#include "lib/service/cluster.hpp"

#include <map>

#include "lib/model/messages.hpp"
#include "lib/service/bootstrap.hpp"
#include "lib/service/overlay_sync.hpp"
#include "lib/service/retry.hpp"
#include "lib/service/steps.hpp"

namespace docknet::service {

namespace {

void reconcile_once(ServiceContext& ctx) try {
  Operation op(ctx, "reconcile");
  Session s = open_for_write(ctx);
  sync_overlays(ctx, s.state);
  refresh_overlay_hosts(ctx, s.state);
} catch (const KernelError& e) {
  throw model::msg::in_docker_words(e);
}

}  // namespace

void reconcile_host(ServiceContext& ctx) {
  with_cluster_retries(ctx, [&] { reconcile_once(ctx); });
}

std::vector<ClusterHost> list_cluster_hosts(ServiceContext& ctx) {
  if (ctx.config.cluster_store.empty()) throw model::msg::cluster_store_needed();
  Session s = open_for_read(ctx);
  if (!s.state.cluster_unavailable.empty()) throw model::msg::cluster_unavailable(s.state.cluster_unavailable);
  std::map<std::string, ClusterHost> hosts;
  for (const auto& [name, ip] : s.state.cluster_hosts) hosts[name] = ClusterHost{name, ip.to_string(), 0, false};
  for (const auto& n : s.state.networks) {
    for (const auto& [_, e] : n.containers)
      if (!e.host.empty()) hosts[e.host].endpoints++;
    for (const auto& [_, e] : n.remote_endpoints) hosts[e.host].endpoints++;
  }
  std::vector<ClusterHost> out;
  for (auto& [name, h] : hosts) {
    h.name = name;
    h.self = name == ctx.config.cluster_host;
    out.push_back(h);
  }
  return out;
}

static void remove_host_once(ServiceContext& ctx, const std::string& name) try {
  Operation op(ctx, "node rm");
  if (ctx.config.cluster_store.empty()) throw model::msg::cluster_store_needed();
  if (name == ctx.config.cluster_host) throw model::msg::cannot_remove_local_host(name);
  Session s = open_for_write(ctx);
  bool known = s.state.cluster_hosts.erase(name) > 0;
  for (auto& n : s.state.networks)
    for (auto it = n.remote_endpoints.begin(); it != n.remote_endpoints.end();) {
      if (it->second.host != name) {
        ++it;
        continue;
      }
      it = n.remote_endpoints.erase(it);
      known = true;
    }
  if (!known) throw model::msg::no_such_cluster_host(name);
  save(ctx, s);
} catch (const KernelError& e) {
  throw model::msg::in_docker_words(e);
}

void remove_cluster_host(ServiceContext& ctx, const std::string& name) {
  with_cluster_retries(ctx, [&] { remove_host_once(ctx, name); });
}

}  // namespace docknet::service
