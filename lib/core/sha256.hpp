#pragma once
#include <array>
#include <cstdint>
#include <string_view>

namespace docknet {

/// SHA-256 of a byte string (FIPS 180-4). Used to derive the host's IPv6 ULA prefix exactly as
/// Docker does; not for anything secret.
std::array<uint8_t, 32> sha256(std::string_view data);

}  // namespace docknet
