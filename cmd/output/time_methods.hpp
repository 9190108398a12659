#pragma once
#include <optional>
#include <string>

#include "cmd/output/value.hpp"

namespace docknet::output {

/// The result of calling Go's time.Time method `name` (no arguments) on a time value, as a
/// template on docker's typed structs calls it ({{.Created.Unix}}, {{.Created.IsZero}}, ...);
/// nullopt when time.Time has no such argument-less method docknet knows.
std::optional<Value> time_method(const Value& time, const std::string& name);

}  // namespace docknet::output
