#pragma once
#include "lib/model/network.hpp"
#include "lib/service/context.hpp"

namespace docknet::service {

/// Makes the stored state and the kernel agree before a mutating command changes anything, in
/// three idempotent passes, each saving the state when it changed something:
///  1. intents left by a killed call: a create or connect is undone, an rm, prune or disconnect
///     finished (recover);
///  2. endpoints whose namespace is gone are released (release);
///  3. after a reboot (boot ID changed), bridges, parent links and rules are made again (restore);
///     with `restore_always` (`docknet network restore`) whether or not the boot changed. The
///     state is saved only when the boot ID changed: a restore on the same boot rewrites nothing.
/// A call killed inside any pass leaves the records that make the next call redo it.
void reconcile(ServiceContext& ctx, model::State& state, bool restore_always = false);

/// Pass 2 alone. Returns whether anything changed.
bool release_stale_endpoints(ServiceContext& ctx, model::State& state);

}  // namespace docknet::service
