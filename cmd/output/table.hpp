#pragma once
#include <string>

namespace docknet::output {

/// Go's text/tabwriter as the docker CLI configures it for tables (minwidth 10, padding 3,
/// spaces; `docker version` uses 20 and 1): tab-terminated cells are aligned per column block;
/// the last cell of a line is not padded.
std::string tabwrite(const std::string& text, size_t min_width = 10, size_t padding = 3);

/// Display width of a UTF-8 string (code points; East Asian wide runes count 2).
size_t display_width(const std::string& s);

}  // namespace docknet::output
