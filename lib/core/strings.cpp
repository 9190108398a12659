#include "lib/core/strings.hpp"

#include <cctype>

#include <fmt/format.h>

namespace docknet {

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t pos = s.find(sep, start);
    out.emplace_back(s.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos) return out;
    start = pos + 1;
  }
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_hex(std::string_view s) {
  for (char c : s)
    if (!std::isxdigit(static_cast<unsigned char>(c)) || std::isupper(static_cast<unsigned char>(c)))
      return false;
  return true;
}

std::optional<bool> parse_go_bool(std::string_view s) {
  if (s == "1" || s == "t" || s == "T" || s == "TRUE" || s == "true" || s == "True") return true;
  if (s == "0" || s == "f" || s == "F" || s == "FALSE" || s == "false" || s == "False") return false;
  return std::nullopt;
}

namespace {

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(c | 0x20);
  return c >= 'a' && c <= 'z' ? c - 'a' + 10 : 99;
}

// strconv's underscoreOK: each '_' sits between digits (or after the base prefix).
bool underscores_ok(std::string_view s) {
  char saw = '^';
  size_t i = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  bool hex = false;
  if (s.size() >= 2 && s[0] == '0' && std::string_view("bBoOxX").find(s[1]) != std::string_view::npos) {
    i = 2;
    saw = '0';
    hex = (s[1] | 0x20) == 'x';
  }
  for (; i < s.size(); ++i) {
    bool digit = (s[i] >= '0' && s[i] <= '9') || (hex && digit_value(s[i]) >= 10 && digit_value(s[i]) < 16);
    if (digit) {
      saw = '0';
    } else if (s[i] == '_') {
      if (saw != '0') return false;
      saw = '_';
    } else {
      if (saw == '_') return false;
      saw = '!';
    }
  }
  return saw != '_';
}

}  // namespace

GoInt parse_go_int(std::string_view s, int base) {
  using S = GoInt::Status;
  std::string_view whole = s;
  bool neg = !s.empty() && s[0] == '-';
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  if (s.empty()) return {0, S::Syntax};
  bool base0 = base == 0;
  if (base0) {
    base = 10;
    if (s[0] == '0') {
      char p = static_cast<char>(s.size() >= 3 ? s[1] | 0x20 : 0);
      base = p == 'b' ? 2 : p == 'o' ? 8 : p == 'x' ? 16 : 8;
      s.remove_prefix(p == 'b' || p == 'o' || p == 'x' ? 2 : 1);
    }
  }
  unsigned long long v = 0, cutoff = 1ULL << 63;
  bool underscores = false;
  for (char c : s) {
    if (c == '_' && base0) {
      underscores = true;
      continue;
    }
    int d = digit_value(c);
    if (d >= base) return {0, S::Syntax};
    if (v > (~0ULL - static_cast<unsigned>(d)) / static_cast<unsigned>(base)) return {0, S::Range};
    v = v * static_cast<unsigned>(base) + static_cast<unsigned>(d);
  }
  if (underscores && !underscores_ok(whole)) return {0, S::Syntax};
  if (neg ? v > cutoff : v >= cutoff) return {0, S::Range};
  return {neg ? static_cast<long long>(0 - v) : static_cast<long long>(v), S::Ok};
}

std::optional<long long> parse_int(std::string_view s) {
  GoInt n = parse_go_int(s, 10);
  if (n.status != GoInt::Status::Ok) return std::nullopt;
  return n.value;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

// fvbommel/sortorder.NaturalLess, as the docker CLI sorts `ls` (cli@v29.7.2:cli/command/network/
// list.go:64-66): digits before any other byte, runs of digits by value (fewer leading zeros
// first), other bytes compared as unsigned bytes (UTF-8 order), then the shorter string first.
bool natural_less(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    bool da = is_digit(a[i]), db = is_digit(b[j]);
    if (da != db) return da;
    if (!da) {
      auto ca = static_cast<unsigned char>(a[i]), cb = static_cast<unsigned char>(b[j]);
      if (ca != cb) return ca < cb;
      ++i;
      ++j;
      continue;
    }
    size_t si = i, sj = j;
    while (si < a.size() && a[si] == '0') ++si;
    while (sj < b.size() && b[sj] == '0') ++sj;
    size_t ei = si, ej = sj;
    while (ei < a.size() && is_digit(a[ei])) ++ei;
    while (ej < b.size() && is_digit(b[ej])) ++ej;
    if (ei - si != ej - sj) return ei - si < ej - sj;
    auto na = a.substr(si, ei - si), nb = b.substr(sj, ej - sj);
    if (na != nb) return na < nb;
    if (si != sj) return si < sj;  // fewer leading zeros first
    i = ei;
    j = ej;
  }
  return a.size() < b.size();
}

std::string go_quote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\a': out += "\\a"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\v': out += "\\v"; break;
      default:
        if (c < 0x20 || c == 0x7f) out += fmt::format("\\x{:02x}", c);
        else out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::vector<std::string> split_csv(std::string_view s) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quoted) {
      if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') out.back() += '"', ++i;
      else if (c == '"') quoted = false;
      else out.back() += c;
    } else if (c == '"' && out.back().empty()) {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

}  // namespace docknet
