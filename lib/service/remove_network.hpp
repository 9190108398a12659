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

/// `network rm`: each argument independently, in order; one failure does not stop the rest.
std::vector<RemoveOutcome> remove_networks(ServiceContext& ctx, const std::vector<std::string>& refs, bool force);

}  // namespace docknet::service
