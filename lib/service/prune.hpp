#pragma once
#include <string>
#include <vector>

#include "lib/model/filters.hpp"
#include "lib/service/context.hpp"

namespace docknet::service {

/// `network prune`: removes every custom network without endpoints that matches the filters
/// (never predefined or configuration-only ones). Returns the removed names.
std::vector<std::string> prune_networks(ServiceContext& ctx, const model::FilterArgs& filters);

}  // namespace docknet::service
