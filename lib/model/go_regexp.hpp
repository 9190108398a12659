#pragma once
#include <string>

namespace docknet::model {

/// Unanchored match of a Go (RE2) pattern, approximated with ECMAScript regex plus Go's
/// leading (?i) flag. An invalid pattern matches nothing, as moby's filters skip it.
bool go_regexp_search(const std::string& pattern, const std::string& text);

}  // namespace docknet::model
