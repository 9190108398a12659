#pragma once
#include <string>

namespace docknet {

/// 32 random bytes as 64 lowercase hex characters, like moby's stringid.GenerateRandomID.
std::string random_hex_id();
/// The 12-character short form Docker prints in tables.
inline std::string short_id(const std::string& id) { return id.substr(0, 12); }

}  // namespace docknet
