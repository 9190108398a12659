#pragma once
#include <optional>
#include <string>

#include "cmd/output/value.hpp"

namespace docknet::output {

/// The result of calling Go's time.Time method `name` (no arguments) on a time value, as a
/// template on docker's typed structs calls it ({{.Created.Unix}}, {{.Created.IsZero}}, ...);
/// nullopt when time.Time has no such argument-less method docknet knows.
std::optional<Value> time_method(const Value& time, const std::string& name);

/// Go's time.Time.Format(layout) for the layout elements scripts use: 2006 06 01 1 Jan January
/// 02 2 _2 002 15 3 03 04 4 05 5 PM pm Mon Monday MST -0700 -07:00 -07 Z0700 Z07:00 Z07 and
/// fractional seconds (.000, .999 ...); anything else is copied as it is, as Go does.
std::string format_time(const Value& time, const std::string& layout);

}  // namespace docknet::output
