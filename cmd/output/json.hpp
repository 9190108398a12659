#pragma once
#include <string>

#include "cmd/output/value.hpp"

namespace docknet::output {

/// Go encoding/json with SetEscapeHTML(false). indent > 0 gives json.Indent's layout
/// ("{}" and "[]" stay compact); 0 gives compact output.
std::string to_json(const Value& v, int indent = 0);
/// Go's shortest float formatting (%v): 1000, 1.5, 1e-05, 1e+21.
std::string go_float(double d);
/// Go's JSON string escaping.
std::string json_quote(const std::string& s);

}  // namespace docknet::output
