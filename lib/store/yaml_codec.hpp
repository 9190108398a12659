#pragma once
#include <string>

#include "lib/model/network.hpp"

namespace docknet::store {

inline constexpr int kSchemaVersion = 1;

/// State ⇄ YAML text; the only place that knows yaml-cpp. Throws Error(System) on bad input.
std::string encode_state(const model::State& state);
model::State decode_state(const std::string& text, const std::string& origin);
/// The full YAML parser alone (what decode_state falls back to for hand-edited files).
model::State decode_state_with_yaml_cpp(const std::string& text, const std::string& origin);

}  // namespace docknet::store
