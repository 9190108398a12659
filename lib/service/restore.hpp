#pragma once
#include "lib/service/context.hpp"

namespace docknet::service {

/// `docknet network restore` (docknet's own; what the boot unit runs): under the store's lock,
/// settles an interrupted change, releases endpoints whose namespace is gone, and makes every
/// stored network's bridge, addresses, parent link, sysctls and rules exist, keeping what is
/// there: what the first changing command after a reboot does, on any boot. Refuses while a
/// Docker daemon runs, as every changing command does. Idempotent: a second call changes nothing
/// (the state file is rewritten only when the boot changed or something was settled). With
/// nothing stored it does nothing at all.
/// Returns false when a network could not be restored (ctx.warnings says which and why).
bool restore_networks(ServiceContext& ctx);

}  // namespace docknet::service
