#include "lib/service/bootstrap.hpp"

#include <algorithm>

#include "lib/core/error.hpp"
#include "lib/model/bridge_options.hpp"
#include "lib/model/driver_kind.hpp"
#include "lib/model/ipam.hpp"
#include "lib/model/messages.hpp"
#include "lib/model/naming.hpp"
#include "lib/model/subnet_allocator.hpp"
#include "lib/service/firewall_switch.hpp"
#include "lib/service/overlay_sync.hpp"
#include "lib/service/reconcile.hpp"
#include "lib/service/steps.hpp"

namespace docknet::service {
namespace {

model::Network builtin(ServiceContext& ctx, const std::string& name, const std::string& driver) {
  model::Network n;
  n.name = name;
  n.id = ctx.new_id();
  n.created = ctx.now();
  n.driver = driver;
  n.ipam_options = std::nullopt;  // Docker shows "Options": null for its predefined networks
  return n;
}

model::IpamConfig default_bridge_pool(ServiceContext& ctx) {
  model::IpamConfig pool;
  if (ctx.config.bip) {
    pool.subnet = ctx.config.bip->masked();
    pool.gateway = ctx.config.bip->addr();
    return pool;
  }
  // A docker0 left by Docker keeps its address: Docker itself takes it as the default bridge's
  // subnet when no bip is configured (and docknet adds none to a bridge it did not make).
  if (auto docker0 = ctx.links.link_info(model::kDefaultBridgeName); docker0 && docker0->kind == "bridge")
    for (const auto& a : docker0->addresses)
      if (a.is_v4()) {
        pool.subnet = a.masked();
        pool.gateway = a.addr();
        return pool;
      }
  auto subnet = model::allocate_subnet(ctx.config.default_address_pools, taken_subnets(ctx, {}));
  if (!subnet) throw model::msg::pools_exhausted();
  pool.subnet = *subnet;
  return model::complete_pool(pool);
}

model::Network default_bridge(ServiceContext& ctx) {
  model::Network n = builtin(ctx, "bridge", model::driver_name(model::DriverKind::Bridge));
  n.ipam_config.push_back(default_bridge_pool(ctx));
  n.options = {{model::kOptDefaultBridge, "true"},
               {model::kOptEnableIcc, ctx.config.icc ? "true" : "false"},
               {model::kOptEnableMasquerade, ctx.config.ip_masq ? "true" : "false"},
               {model::kOptHostBindingIpv4, ctx.config.default_bind_ip},
               {model::kOptBridgeName, model::kDefaultBridgeName},
               {model::kOptMtu, std::to_string(ctx.config.mtu)}};
  // A docker0 left by a real Docker engine is adopted, never deleted.
  n.bridge_preexisting = ctx.links.link_exists(model::kDefaultBridgeName);
  return n;
}

// The built-in networks as records only: an empty boot_id says their kernel state is not made
// yet, so the first mutating command makes it (read-only commands never touch the kernel).
model::State initial_state(ServiceContext& ctx) {
  model::State state;
  state.networks.push_back(default_bridge(ctx));
  state.networks.push_back(builtin(ctx, "host", model::driver_name(model::DriverKind::Host)));
  state.networks.push_back(builtin(ctx, "none", model::driver_name(model::DriverKind::Null)));
  return state;
}

model::State load_or_initialize(ServiceContext& ctx) {
  if (auto loaded = ctx.store.load()) return std::move(*loaded);
  model::State state = initial_state(ctx);
  ctx.store.save(state);
  ctx.store.add_shared(state);
  return state;
}

// Readers see a change made or not: what a create or connect is still making is not shown
// (what an rm or disconnect is still removing is, until it is gone).
void hide_unfinished(model::State& state) {
  auto& nets = state.networks;
  nets.erase(std::remove_if(nets.begin(), nets.end(), [](const model::Network& n) { return n.pending; }), nets.end());
  for (auto& n : nets)
    for (auto it = n.containers.begin(); it != n.containers.end();)
      it = it->second.intent.rfind(model::kIntentConnect, 0) == 0 ? n.containers.erase(it) : std::next(it);
}

// A read goes on with this host's own networks when the cluster store cannot be reached, and
// says that the overlay networks are missing from what it shows.
void warn_if_cluster_unavailable(ServiceContext& ctx, const model::State& s) {
  if (!s.cluster_unavailable.empty())
    ctx.warnings.push_back(s.cluster_unavailable + ": overlay networks are not shown");
}

}  // namespace

// Long enough for any ordinary change to finish; then a reader goes on without the lock and sees
// the last whole state (saves are atomic renames; unfinished changes are hidden, above).
const std::chrono::milliseconds kReadLockWait{1000};

std::vector<IpPrefix> taken_subnets(ServiceContext& ctx, const model::State& state) {
  std::vector<IpPrefix> taken;
  for (const auto& n : state.networks) {
    if (n.config_only) continue;
    for (const auto& c : n.ipam_config) taken.push_back(c.subnet.masked());
  }
  for (const auto& r : ctx.links.onlink_routes()) taken.push_back(r);
  for (const auto& ns : ctx.host.nameservers()) taken.push_back(ns);
  return taken;
}

void refuse_next_to_docker(ServiceContext& ctx) {
  if (auto why = ctx.host.running_docker_daemon()) throw model::msg::docker_daemon_running(*why);
}

Session open_for_write(ServiceContext& ctx, bool restore_always) {
  refuse_next_to_docker(ctx);
  Session s;
  s.lock = ctx.store.lock(true);
  s.signals_held = ctx.defer_termination();
  s.state = load_or_initialize(ctx);
  // Without the cluster's view, a change here could undo other hosts' work: nothing changes.
  // Except the boot's restore of this host's own networks (etcd may well be down then, or not
  // up yet): its overlay part is left to the reconcile that follows the store.
  if (!s.state.cluster_unavailable.empty()) {
    if (!restore_always) throw model::msg::cluster_unavailable(s.state.cluster_unavailable);
    ctx.warnings.push_back(s.state.cluster_unavailable + ": only this host's own networks are restored");
  }
  reconcile(ctx, s.state, restore_always);
  follow_firewall_switch(ctx, s.state);
  return s;
}

Session open_for_read(ServiceContext& ctx) try {
  {
    Session s;
    // Bounded: completion runs this on every TAB, and a long prune must not hang the shell.
    s.lock = ctx.store.lock_existing(false, kReadLockWait);
    if (auto loaded = ctx.store.load()) {
      s.state = std::move(*loaded);
      hide_unfinished(s.state);
      warn_if_cluster_unavailable(ctx, s.state);
      return s;
    }
    // No state directory yet (a read must not make one), or a writer holds the lock: the
    // built-in networks as the first call would record them, recorded by nobody.
    if (!s.lock) {
      s.state = initial_state(ctx);
      ctx.store.add_shared(s.state);
      hide_unfinished(s.state);
      warn_if_cluster_unavailable(ctx, s.state);
      return s;
    }
  }
  // A state directory without state (first use): record the built-in networks.
  Session s;
  s.lock = ctx.store.lock(true);
  s.state = load_or_initialize(ctx);
  return s;
} catch (const KernelError& e) {  // a kernel or store fact leaves the service in Docker's words
  throw model::msg::in_docker_words(e);
}

void save(ServiceContext& ctx, Session& session) {
  step(ctx, "store");
  ctx.store.save(session.state);
  sync_overlays_after(ctx, session.state);
}

}  // namespace docknet::service
