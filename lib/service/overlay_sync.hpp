#pragma once
#include "lib/model/network.hpp"
#include "lib/service/context.hpp"

namespace docknet::service {

/// Makes this host's overlay sandboxes match the state: one per overlay network with a local
/// endpoint (made if missing), none for any other (removed, with whatever is in it), and on each
/// one's vxlan0 exactly the endpoints of the other hosts. Throws on the first failure.
void sync_overlays(ServiceContext& ctx, const model::State& state);

/// The same, for the end of a command whose own change is done: failures become warnings (the
/// next command, or the watching reconcile, tries again).
void sync_overlays_after(ServiceContext& ctx, const model::State& state);

/// The hosts files of this host's containers on overlay networks, rewritten where the other
/// hosts' endpoints changed them.
void refresh_overlay_hosts(ServiceContext& ctx, const model::State& state);

}  // namespace docknet::service
