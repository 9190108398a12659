// Go's fmt for template values: %v printing, Sprint/Sprintln spacing and Sprintf's verbs,
// flags, width and precision, with Go's %!verb(type=value) for mismatches.
#include <cmath>
#include <cstdio>

#include <fmt/format.h>

#include "cmd/output/json.hpp"
#include "cmd/output/template.hpp"
#include "cmd/output/template_funcs.hpp"
#include "lib/core/strings.hpp"

namespace docknet::output {
namespace {

using K = Value::Kind;

// %v of a float64: strconv's shortest 'g', whose exponent form starts below 1e-4 and from 1e6
// on (measured through docker: 123456 prints as is, 1e+06 and 1.234567e+06 do not).
std::string float_v(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "+Inf" : "-Inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", d);
  // Find the shortest precision that round-trips, then apply Go's %g exponent rule.
  for (int p = 1; p <= 17; ++p) {
    std::snprintf(buf, sizeof buf, "%.*e", p - 1, d);
    if (std::strtod(buf, nullptr) == d) break;
  }
  std::string sci = buf;
  auto e = sci.find('e');
  int exp = std::stoi(sci.substr(e + 1));
  std::string mant = sci.substr(0, e);
  if (exp < -4 || exp >= 6) return fmt::format("{}e{}{:02d}", mant, exp < 0 ? '-' : '+', std::abs(exp));
  // Plain notation with exactly the significant digits.
  std::string digits;
  for (char c : mant)
    if (c >= '0' && c <= '9') digits += c;
  bool neg = d < 0;
  int point = exp + 1;
  std::string out;
  if (point <= 0) {
    out = "0." + std::string(static_cast<size_t>(-point), '0') + digits;
  } else if (point >= static_cast<int>(digits.size())) {
    out = digits + std::string(static_cast<size_t>(point) - digits.size(), '0');
  } else {
    out = digits.substr(0, static_cast<size_t>(point)) + "." + digits.substr(static_cast<size_t>(point));
  }
  return neg ? "-" + out : out;
}

struct Spec {
  bool minus = false, plus = false, sharp = false, zero = false, space = false;
  int width = -1, precision = -1;
  char verb = 'v';
};

std::string pad(const std::string& s, const Spec& sp, bool numeric) {
  int w = static_cast<int>(s.size());
  if (sp.width <= w) return s;
  size_t n = static_cast<size_t>(sp.width - w);
  if (sp.minus) return s + std::string(n, ' ');
  if (sp.zero && numeric) {
    size_t sign = (!s.empty() && (s[0] == '-' || s[0] == '+' || s[0] == ' ')) ? 1 : 0;
    return s.substr(0, sign) + std::string(n, '0') + s.substr(sign);
  }
  return std::string(n, ' ') + s;
}

std::string bad_verb(const Spec& sp, const Value& v) {
  if (v.kind() == K::Null) return fmt::format("%!{}(<nil>)", sp.verb);
  return fmt::format("%!{}({}={})", sp.verb, v.type_name(), nested_print(v));
}

std::string integer(const Spec& sp, long long n) {
  std::string digits;
  unsigned long long u = n < 0 ? 0ULL - static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n);
  switch (sp.verb) {
    case 'd': case 'v': digits = std::to_string(u); break;
    case 'x': digits = fmt::format("{:x}", u); if (sp.sharp) digits = "0x" + digits; break;
    case 'X': digits = fmt::format("{:X}", u); if (sp.sharp) digits = "0X" + digits; break;
    case 'o': digits = fmt::format("{:o}", u); if (sp.sharp) digits = "0" + digits; break;
    case 'O': digits = "0o" + fmt::format("{:o}", u); break;
    case 'b': digits = fmt::format("{:b}", u); break;
    default: return "";
  }
  if (sp.precision >= 0 && static_cast<int>(digits.size()) < sp.precision)
    digits = std::string(static_cast<size_t>(sp.precision) - digits.size(), '0') + digits;
  std::string sign = n < 0 ? "-" : sp.plus ? "+" : sp.space ? " " : "";
  return pad(sign + digits, sp, sp.precision < 0);
}

std::string floating(const Spec& sp, double d) {
  char conv = sp.verb == 'v' ? 'g' : sp.verb;
  std::string s;
  if ((conv == 'g' || conv == 'G') && sp.precision < 0) {
    s = float_v(d);
    if (conv == 'G')
      for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  } else {
    char f[16];
    std::snprintf(f, sizeof f, "%%.%d%c", sp.precision < 0 ? 6 : sp.precision, conv == 'F' ? 'f' : conv);
    // Precisions reach 1e7 (Go's bound), so size the buffer to the number.
    int n = std::snprintf(nullptr, 0, f, d);
    s.resize(static_cast<size_t>(n) + 1);
    std::snprintf(s.data(), s.size(), f, d);
    s.resize(static_cast<size_t>(n));
  }
  if (d >= 0 && sp.plus) s = "+" + s;
  else if (d >= 0 && sp.space) s = " " + s;
  return pad(s, sp, true);
}

std::string format_one(const Spec& sp, const Value& v) {
  switch (sp.verb) {
    case 'v': return pad(v.kind() == K::Float ? float_v(v.as_float()) : nested_print(v), sp, false);
    case 'T': return pad(v.kind() == K::Null ? "<nil>" : v.type_name(), sp, false);
    case 't': return v.kind() == K::Bool ? pad(v.as_bool() ? "true" : "false", sp, false) : bad_verb(sp, v);
    case 's':
      if (v.kind() == K::String) {
        std::string s = v.as_string();
        if (sp.precision >= 0 && static_cast<int>(s.size()) > sp.precision) s.resize(static_cast<size_t>(sp.precision));
        return pad(s, sp, false);
      }
      if (v.kind() == K::Array || v.kind() == K::Object || v.kind() == K::Time) return pad(nested_print(v), sp, false);
      return bad_verb(sp, v);
    case 'q':
      if (v.kind() == K::String) return pad(go_quote_string(v.as_string()), sp, false);
      if (v.kind() == K::Int) return pad(fmt::format("'{}'", static_cast<char>(v.as_int())), sp, false);
      return bad_verb(sp, v);
    case 'c':
      if (v.kind() == K::Int) return pad(std::string(1, static_cast<char>(v.as_int())), sp, false);
      return bad_verb(sp, v);
    case 'U':
      if (v.kind() == K::Int) return pad(fmt::format("U+{:04X}", v.as_int()), sp, false);
      return bad_verb(sp, v);
    case 'd': case 'o': case 'O': case 'b':
      return v.kind() == K::Int ? integer(sp, v.as_int()) : bad_verb(sp, v);
    case 'x': case 'X':
      if (v.kind() == K::Int) return integer(sp, v.as_int());
      if (v.kind() == K::String) {
        std::string h;
        for (unsigned char ch : v.as_string()) h += sp.verb == 'x' ? fmt::format("{:02x}", ch) : fmt::format("{:02X}", ch);
        return pad(h, sp, false);
      }
      return bad_verb(sp, v);
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
      return v.kind() == K::Float ? floating(sp, v.as_float()) : bad_verb(sp, v);
    default: return bad_verb(sp, v);
  }
}

}  // namespace

std::string go_quote_string(const std::string& s) { return go_quote(s); }

std::string nested_print(const Value& v) { return v.kind() == K::Null ? "<nil>" : go_print(v); }

std::string go_print(const Value& v) {
  switch (v.kind()) {
    case K::Null: return "<no value>";
    case K::Bool: return v.as_bool() ? "true" : "false";
    case K::Int: return v.int_text();
    case K::Float: return float_v(v.as_float());
    case K::String: return v.as_string();
    case K::Time: return v.time_text();
    case K::Array: {
      std::string s = "[";
      for (size_t i = 0; i < v.items().size(); ++i) s += (i ? " " : "") + nested_print(v.items()[i]);
      return s + "]";
    }
    case K::Object: {
      std::string s = v.is_map() ? "map[" : "{";
      bool first = true;
      for (const auto& f : v.fields()) {
        s += first ? "" : " ";
        first = false;
        s += v.is_map() ? f.name + ":" + nested_print(f.value) : nested_print(f.value);
      }
      return s + (v.is_map() ? "]" : "}");
    }
  }
  return "";
}

std::string go_sprint(const std::vector<Value>& a) {
  std::string out;
  for (size_t i = 0; i < a.size() && out.size() <= TemplateLimits::kMaxValue; ++i) {
    if (i > 0 && a[i].kind() != K::String && a[i - 1].kind() != K::String) out += ' ';
    out += nested_print(a[i]);
  }
  return out;
}

// fmt's bound on widths and precisions (fmt.tooLarge).
static bool too_large(long long x) { return x > 1'000'000 || x < -1'000'000; }

// fmt.parsenum: digits from i; an overflowing number swallows the rest of the format.
static bool parse_number(const std::string& f, size_t& i, int& num) {
  bool isnum = false;
  num = 0;
  for (; i < f.size() && std::isdigit(static_cast<unsigned char>(f[i])); ++i) {
    if (too_large(num)) {
      num = 0;
      i = f.size();
      return false;
    }
    num = num * 10 + (f[i] - '0');
    isnum = true;
  }
  return isnum;
}

// fmt.intFromArg: a '*' width or precision taken from the next argument, if it is a small int.
static bool int_from_arg(const std::vector<Value>& a, size_t& arg, int& num) {
  num = 0;
  if (arg >= a.size()) return false;
  const Value& v = a[arg++];
  if (v.kind() != K::Int || v.is_unsigned() || too_large(v.as_int())) return false;
  num = static_cast<int>(v.as_int());
  return true;
}

std::string go_sprintf(const std::vector<Value>& a) {
  const std::string& f = a[0].as_string();
  std::string out;
  size_t arg = 1;
  for (size_t i = 0; i < f.size(); ++i) {
    // Go's widths are bounded but many verbs are not: stop once the result is too long to use.
    if (out.size() > TemplateLimits::kMaxValue) return out;
    if (f[i] != '%') {
      out += f[i];
      continue;
    }
    Spec sp;
    for (++i; i < f.size(); ++i) {
      char c = f[i];
      if (c == '-') sp.minus = true, sp.zero = false;
      else if (c == '+') sp.plus = true;
      else if (c == '#') sp.sharp = true;
      else if (c == '0') sp.zero = !sp.minus;
      else if (c == ' ') sp.space = true;
      else break;
    }
    if (i < f.size() && f[i] == '*') {
      ++i;
      if (!int_from_arg(a, arg, sp.width)) out += "%!(BADWIDTH)";
      if (sp.width < 0) {
        sp.width = -sp.width;
        sp.minus = true;
        sp.zero = false;
      }
    } else {
      int w;
      if (parse_number(f, i, w)) sp.width = w;
    }
    if (i + 1 < f.size() && f[i] == '.') {
      ++i;
      if (f[i] == '*') {
        ++i;
        if (!int_from_arg(a, arg, sp.precision) || sp.precision < 0) {
          sp.precision = -1;
          out += "%!(BADPREC)";
        }
      } else {
        int p;
        sp.precision = parse_number(f, i, p) ? p : 0;
      }
    }
    if (i >= f.size()) {
      out += "%!(NOVERB)";
      break;
    }
    sp.verb = f[i];
    if (sp.verb == '%') {
      out += '%';
      continue;
    }
    if (arg >= a.size()) {
      out += fmt::format("%!{}(MISSING)", sp.verb);
      continue;
    }
    out += format_one(sp, a[arg++]);
  }
  if (arg < a.size()) {
    out += "%!(EXTRA ";
    for (size_t i = arg; i < a.size(); ++i)
      out += (i > arg ? ", " : "") + (a[i].kind() == K::Null ? std::string("<nil>") : a[i].type_name() + "=" + nested_print(a[i]));
    out += ")";
  }
  return out;
}

}  // namespace docknet::output
