#include "lib/model/go_regexp.hpp"

#include <re2/re2.h>

#include <optional>

namespace docknet::model {
namespace {

// What RE2 and Go read differently, settled before RE2 sees the pattern: Go 1.22 (which
// Docker 29 is built with) also accepts Perl's (?<name>re), Debian 12's RE2 only (?P<name>re),
// which means the same; RE2 accepts \C (any byte), Go refuses it. Outside character classes
// and \Q...\E only, where these are plain characters. nullopt: Go refuses the pattern.
std::optional<std::string> as_re2(const std::string& p) {
  std::string out;
  bool in_class = false, quoted = false;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (quoted) {
      if (p.compare(i, 2, "\\E") == 0) quoted = false;
      out += c;
      continue;
    }
    if (c == '\\' && i + 1 < p.size()) {
      char n = p[i + 1];
      if (n == 'C') return std::nullopt;
      if (n == 'Q') quoted = true;
      out += p.substr(i++, 2);
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      out += c;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      // A ']' first in the class (after an optional '^') is a literal one.
      if (i + 1 < p.size() && p[i + 1] == '^') out += p[++i];
      if (i + 1 < p.size() && p[i + 1] == ']') out += p[++i];
      continue;
    }
    bool named = p.compare(i, 3, "(?<") == 0 && i + 3 < p.size() && p[i + 3] != '=' && p[i + 3] != '!';
    out += named ? "(?P<" : std::string(1, c);
    if (named) i += 2;
  }
  return out;
}

}  // namespace

bool go_regexp_search(const std::string& pattern, const std::string& text) {
  RE2::Options opts;
  opts.set_log_errors(false);  // Go's syntax errors are silent here: the value is skipped
  auto re2_pattern = as_re2(pattern);
  if (!re2_pattern) return false;
  RE2 re(*re2_pattern, opts);
  return re.ok() && RE2::PartialMatch(text, re);
}

}  // namespace docknet::model
