#pragma once
#include <string>
#include <vector>

#include "lib/model/filters.hpp"
#include "lib/model/network.hpp"

namespace docknet::service {

/// Docker's lookup order: full ID, then exact name, then unique ID prefix. Throws not found
/// or ambiguous with Docker's text.
/// Which of Docker's two texts an ambiguous reference gets: rm, connect and the rest use
/// "network X is ambiguous (N matches ...)", inspect "N matches ...: network X is ambiguous".
enum class AmbiguityText { Default, Inspect };
const model::Network& resolve_network(const model::State& state, const std::string& ref,
                                      AmbiguityText text = AmbiguityText::Default);
model::Network* find_network(model::State& state, const std::string& ref);

/// A stored container by its full ID or a unique ID prefix, as Docker finds containers after
/// their name (daemon/container.go GetContainer); nullptr when none. An ambiguous prefix is
/// refused with the daemon's text.
const model::Container* container_by_id(const model::State& state, const std::string& ref);

/// `network ls`: validated filters, natural order by name.
std::vector<const model::Network*> list_networks(const model::State& state, const model::FilterArgs& filters);

}  // namespace docknet::service
