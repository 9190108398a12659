#pragma once
#include <string>

namespace docknet::model {

/// Unanchored match of a Go regexp (RE2 syntax, as moby's filters.Match runs it with
/// regexp.MatchString). An invalid pattern matches nothing, as moby's filters skip it.
bool go_regexp_search(const std::string& pattern, const std::string& text);

}  // namespace docknet::model
