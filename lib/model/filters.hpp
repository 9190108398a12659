#pragma once
#include <map>
#include <string>
#include <vector>

#include "lib/core/time.hpp"
#include "lib/model/network.hpp"

namespace docknet::model {

/// --filter values grouped by key, in the order given (moby's filters.Args).
using FilterArgs = std::map<std::string, std::vector<std::string>>;

/// Parses one --filter flag value as the CLI does: "key=value", key lowercased and trimmed.
/// Returns false for a value without '='.
bool add_filter(FilterArgs& args, const std::string& flag_value);

/// Throws Docker's error for keys or values `network ls` does not accept.
void validate_list_filters(const FilterArgs& args);
bool matches_list_filters(const Network& network, const FilterArgs& args);

/// `network prune` accepts until, label and label!.
void validate_prune_filters(const FilterArgs& args, const Timestamp& now);
bool matches_prune_filters(const Network& network, const FilterArgs& args, const Timestamp& now);

}  // namespace docknet::model
