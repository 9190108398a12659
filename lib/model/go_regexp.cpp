#include "lib/model/go_regexp.hpp"

#include <re2/re2.h>

namespace docknet::model {
namespace {

// Go 1.22 (which Docker 29 is built with) also accepts Perl's (?<name>re) for a named group;
// Debian 12's RE2 knows only (?P<name>re), which means the same.
std::string with_go_group_names(const std::string& pattern) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\' && i + 1 < pattern.size()) {
      out += pattern.substr(i++, 2);
      continue;
    }
    bool named = pattern.compare(i, 3, "(?<") == 0 && i + 3 < pattern.size() && pattern[i + 3] != '=' &&
                 pattern[i + 3] != '!';
    out += named ? "(?P<" : std::string(1, pattern[i]);
    if (named) i += 2;
  }
  return out;
}

}  // namespace

bool go_regexp_search(const std::string& pattern, const std::string& text) {
  RE2::Options opts;
  opts.set_log_errors(false);  // Go's syntax errors are silent here: the value is skipped
  RE2 re(with_go_group_names(pattern), opts);
  return re.ok() && RE2::PartialMatch(text, re);
}

}  // namespace docknet::model
