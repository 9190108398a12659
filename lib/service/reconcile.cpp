#include "lib/service/reconcile.hpp"

#include <algorithm>
#include <set>

#include "lib/model/hosts.hpp"
#include "lib/model/messages.hpp"
#include "lib/service/endpoint_ops.hpp"
#include "lib/service/gateway_choice.hpp"
#include "lib/service/kernel_plan.hpp"
#include "lib/service/steps.hpp"
#include "lib/service/transaction.hpp"

namespace docknet::service {
namespace {

using model::Network;

/// A connect or disconnect cut short may have moved a container's default routes and not put
/// them back: each container still there gets the routes its endpoints now call for
/// (route_through deletes before it adds, so this is idempotent).
void restore_gateways(ServiceContext& ctx, const model::State& s, const std::vector<std::string>& touched) {
  std::set<std::string> done;
  for (const auto& cid : touched) {
    if (!done.insert(cid).second) continue;
    auto it = std::find_if(s.containers.begin(), s.containers.end(), [&](const model::Container& c) { return c.id == cid; });
    if (it == s.containers.end() || !ctx.host.netns_alive(it->netns_path, it->dev, it->ino)) continue;
    try {
      route_through(ctx, s, *it, choose_gateways(s, cid), true, true);
    } catch (const std::exception& e) {
      ctx.cleanup_failures.push_back("default routes of " + it->name + ": " + model::msg::docker_text(e));
    }
  }
}

/// Removes the endpoints `doomed` selects, kernel objects first, then rewrites the hosts files.
/// Not saved here: the caller saves once.
template <class Pred>
bool remove_endpoints(ServiceContext& ctx, model::State& s, Pred doomed) {
  auto before_hosts = model::hosts_files(s);
  std::vector<std::string> touched, new_containers;
  for (auto& n : s.networks)
    for (auto it = n.containers.begin(); it != n.containers.end();) {
      if (!doomed(n, it->second)) {
        ++it;
        continue;
      }
      remove_endpoint_kernel(ctx, n, it->second, container_of(s, it->first));
      touched.push_back(it->first);
      // A connect that recorded the container takes the record back with it.
      if (it->second.intent == model::kIntentConnectNewContainer) new_containers.push_back(it->first);
      it = n.containers.erase(it);
    }
  if (touched.empty()) return false;
  for (const auto& cid : new_containers) drop_container_if_unused(s, cid);
  restore_gateways(ctx, s, touched);
  Transaction tx(ctx.cleanup_failures);
  sync_hosts(ctx, before_hosts, model::hosts_files(s), tx);
  tx.commit();
  return true;
}

// Networks whose create or removal was cut short: whatever of their kernel state exists goes,
// from the stored record alone, and so does the record.
bool finish_network_intents(ServiceContext& ctx, model::State& s) {
  auto interrupted = [](const Network& n) { return n.pending || n.removing; };
  auto& nets = s.networks;
  if (std::none_of(nets.begin(), nets.end(), interrupted)) return false;
  TeardownBatch batch;
  for (const auto& n : nets)
    if (interrupted(n)) teardown_network_kernel(ctx, s, n, &batch);
  flush_teardowns(ctx, batch);
  nets.erase(std::remove_if(nets.begin(), nets.end(), interrupted), nets.end());
  return true;
}

bool recover_interrupted(ServiceContext& ctx, model::State& s) {
  Operation op(ctx, "recover");
  // Endpoints first: a network being removed has none, but its rules must go after theirs.
  bool changed = remove_endpoints(ctx, s, [](const Network&, const model::Endpoint& e) { return !e.intent.empty(); });
  changed = finish_network_intents(ctx, s) || changed;
  return changed;
}

}  // namespace

// Endpoints the cluster store says are this host's but whose container this host does not know
// (its state root was made anew): nothing of them is left here, so the store forgets them.
static bool forget_unknown_cluster_endpoints(model::State& s) {
  bool changed = false;
  for (auto& n : s.networks)
    for (auto it = n.containers.begin(); it != n.containers.end();) {
      bool known = std::any_of(s.containers.begin(), s.containers.end(),
                               [&](const model::Container& c) { return c.id == it->first; });
      if (known || it->second.host.empty()) {
        ++it;
        continue;
      }
      it = n.containers.erase(it);
      changed = true;
    }
  return changed;
}

bool release_stale_endpoints(ServiceContext& ctx, model::State& s) {
  Operation op(ctx, "release");
  std::vector<std::string> gone;
  for (const auto& c : s.containers)
    if (!ctx.host.netns_alive(c.netns_path, c.dev, c.ino)) gone.push_back(c.id);
  if (gone.empty()) return false;
  // A container keeps its ID while its namespace lives; it is forgotten once that is gone.
  remove_endpoints(ctx, s, [&](const Network&, const model::Endpoint& e) {
    return std::find(gone.begin(), gone.end(), e.container_id) != gone.end();
  });
  for (const auto& cid : gone) drop_container_if_unused(s, cid);
  return true;
}

void reconcile(ServiceContext& ctx, model::State& s, bool restore_always) {
  ctx.host.finish_hosts_changes();
  // First what the cluster store holds for this host without a container here (a call killed
  // between its etcd write and its local one), then what calls cut short left half-done.
  bool forgotten = forget_unknown_cluster_endpoints(s);
  if (recover_interrupted(ctx, s) || forgotten) ctx.store.save(s);
  // Containers whose namespace is gone never block rm or prune: their endpoints are released.
  if (release_stale_endpoints(ctx, s)) ctx.store.save(s);
  // First mutation ever, or first since a reboot: make the kernel match the stored networks.
  std::string boot = ctx.host.boot_id();
  bool new_boot = s.boot_id.empty() || s.boot_id != boot;
  if (new_boot || restore_always) {
    Operation op(ctx, "restore");
    restore_kernel_state(ctx, s, new_boot);  // idempotent: makes only what is missing
    if (!new_boot) return;  // the state is unchanged: no rewrite, no new .prev
    s.boot_id = boot;
    step(ctx, "store");
    ctx.store.save(s);
  }
}

}  // namespace docknet::service
