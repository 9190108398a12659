#pragma once
#include <optional>
#include <string>
#include <vector>

#include "lib/core/error.hpp"
#include "lib/service/context.hpp"

namespace docknet::service {

struct RemoveOutcome {
  std::string ref;             // as typed; printed on success
  std::optional<Error> error;  // Docker's error for this argument
  bool skipped = false;        // not found and --force: nothing printed
};

/// Step one of removing networks: marks them `removing` and saves, before any kernel step, so a
/// call killed from here on is finished by the next one.
void mark_for_removal(ServiceContext& ctx, model::State& state, const std::vector<std::string>& ids);

struct RemovalResult {
  std::vector<std::string> removed;                       // names, in order
  std::vector<std::pair<std::string, Error>> failed;      // name, why; each one is whole again
};

/// Step two: tears each marked network down and forgets it, saving once at the end. A network
/// whose teardown fails gets its kernel state back and its mark cleared, and the rest go on.
RemovalResult remove_marked(ServiceContext& ctx, model::State& state, const std::vector<std::string>& ids);

/// `network rm`: each argument independently, in order; one failure does not stop the rest.
std::vector<RemoveOutcome> remove_networks(ServiceContext& ctx, const std::vector<std::string>& refs, bool force);

}  // namespace docknet::service
