#include "lib/model/go_regexp.hpp"

#include <regex>

namespace docknet::model {

bool go_regexp_search(const std::string& pattern, const std::string& text) {
  auto flags = std::regex::ECMAScript;
  std::string p = pattern;
  if (p.rfind("(?i)", 0) == 0) {
    flags |= std::regex::icase;
    p = p.substr(4);
  }
  try {
    return std::regex_search(text, std::regex(p, flags));
  } catch (const std::regex_error&) {
    return false;
  }
}

}  // namespace docknet::model
