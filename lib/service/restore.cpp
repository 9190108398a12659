#include "lib/service/restore.hpp"

#include "lib/core/error.hpp"
#include "lib/model/messages.hpp"
#include "lib/service/bootstrap.hpp"

namespace docknet::service {

bool restore_networks(ServiceContext& ctx) try {
  // Every warning a restore gives names a network it could not make (a bridge name now held by
  // another kind of link) or rules it could not move: the boot unit must then fail, visibly.
  size_t warned = ctx.warnings.size();
  {
    // Nothing stored, nothing to restore: no built-in networks recorded, no docker0 made (a boot
    // unit run on a machine where docknet was never used must leave it as it is).
    auto lock = ctx.store.lock(true);
    if (!ctx.store.load()) return true;
  }
  Session session = open_for_write(ctx, true);
  return ctx.warnings.size() == warned;
} catch (const KernelError& e) {  // a kernel or store fact leaves the service in Docker's words
  throw model::msg::in_docker_words(e);
}

}  // namespace docknet::service
