#pragma once
#include <string>
#include <vector>

#include "cmd/output/value.hpp"

namespace docknet::output {

/// Go's builtins plus docker's template functions. header_mode: docker's header pass, where
/// json/split/join/title/lower/upper/truncate return their argument.
Value call_function(const std::string& name, const std::vector<Value>& args, bool header_mode);
/// Go's fmt printing of a value inside a collection (nil prints as <nil>).
std::string nested_print(const Value& v);

}  // namespace docknet::output
