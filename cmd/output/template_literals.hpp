#pragma once
#include <optional>
#include <string>

#include "cmd/output/value.hpp"

namespace docknet::output {

/// Go's strconv.Unquote for "..." (escapes) and `...` (raw) literals.
std::string unquote_string(const std::string& literal);
/// A character constant such as 'a' or '\n', as its code point.
long long unquote_char(const std::string& literal);
/// Go's number literals as text/template types them: text with . e E p P (not hex) is a
/// float64, anything else an int (0x, 0o, 0b, leading-0 octal, underscores). nullopt if invalid.
std::optional<Value> parse_number(const std::string& text);

}  // namespace docknet::output
