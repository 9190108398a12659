#pragma once
#include <string>

#include "lib/model/network.hpp"

namespace docknet::model {

inline constexpr const char* kDefaultBridgeName = "docker0";

/// The kernel name of a network's bridge: the option if given, else "br-" + 12 hex of the ID.
std::string bridge_name(const Network& network);

}  // namespace docknet::model
