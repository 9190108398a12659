#pragma once
#include <optional>
#include <string>

#include "lib/model/network.hpp"

namespace docknet::store {

/// The state as docknet writes it: plain YAML in one fixed layout (block lists, one flow
/// mapping per pool or endpoint, every string double-quoted), cheap to write and to read.
std::string emit_state(const model::State& state);

/// Reads exactly what emit_state writes, fast; nullopt at the first line it does not expect
/// (a hand-edited file), so the caller can fall back to a full YAML parser, with that line and
/// what was wrong with it in `why` ("line 7: no space after the colon"). Throws, naming
/// `origin`, for a file without the end marker or with a value of the wrong type.
std::optional<model::State> read_state_fast(const std::string& text, const std::string& origin = "networks.yaml",
                                            std::string* why = nullptr);

}  // namespace docknet::store
