#pragma once
#include <string>
#include <vector>

#include "lib/model/filters.hpp"
#include "lib/service/context.hpp"

namespace docknet::service {

struct PruneResult {
  std::vector<std::string> removed;                             // names, in Docker's order
  std::vector<std::pair<std::string, std::string>> failed;      // name, why: left whole
};

/// `network prune`: removes every custom network without endpoints that matches the filters
/// (never predefined or configuration-only ones).
PruneResult prune_networks(ServiceContext& ctx, const model::FilterArgs& filters);

}  // namespace docknet::service
