#include "cmd/output/template_literals.hpp"

#include <cstdlib>

#include "cmd/output/template.hpp"

namespace docknet::output {
namespace {

void append_utf8(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// One escape sequence starting after the backslash at s[i]; advances i past it.
void escape(const std::string& s, size_t& i, std::string& out, bool& byte_escape) {
  char e = s[i++];
  auto hex = [&](size_t n) {
    unsigned long v = std::strtoul(s.substr(i, n).c_str(), nullptr, 16);
    i += n;
    return v;
  };
  byte_escape = false;
  switch (e) {
    case 'n': out += '\n'; break;
    case 't': out += '\t'; break;
    case 'r': out += '\r'; break;
    case 'a': out += '\a'; break;
    case 'b': out += '\b'; break;
    case 'f': out += '\f'; break;
    case 'v': out += '\v'; break;
    case '\\': out += '\\'; break;
    case '"': out += '"'; break;
    case '\'': out += '\''; break;
    case 'x': out += static_cast<char>(hex(2)); byte_escape = true; break;
    case 'u': append_utf8(out, hex(4)); break;
    case 'U': append_utf8(out, hex(8)); break;
    default:
      if (e >= '0' && e <= '7') {
        out += static_cast<char>(std::strtoul(s.substr(i - 1, 3).c_str(), nullptr, 8));
        i += 2;
        byte_escape = true;
      } else {
        throw TemplateParseError("template: :1: invalid syntax");
      }
  }
}

}  // namespace

std::string unquote_string(const std::string& lit) {
  if (lit.size() >= 2 && lit.front() == '`') return lit.substr(1, lit.size() - 2);
  std::string out;
  for (size_t i = 1; i + 1 < lit.size();) {
    if (lit[i] != '\\') {
      out += lit[i++];
      continue;
    }
    ++i;
    bool byte = false;
    escape(lit, i, out, byte);
  }
  return out;
}

long long unquote_char(const std::string& lit) {
  std::string s = unquote_string("\"" + lit.substr(1, lit.size() - 2) + "\"");
  // Decode the single UTF-8 character.
  unsigned char c = static_cast<unsigned char>(s.empty() ? 0 : s[0]);
  if (c < 0x80) return c;
  int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  long long cp = c & (0x3F >> (n - 1));
  for (int k = 1; k < n && k < static_cast<int>(s.size()); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[k]) & 0x3F);
  return cp;
}

std::optional<Value> parse_number(const std::string& text) {
  std::string t;
  for (char c : text)
    if (c != '_') t += c;
  if (t.empty()) return std::nullopt;
  bool neg = t[0] == '-';
  std::string body = (t[0] == '-' || t[0] == '+') ? t.substr(1) : t;
  bool hex = body.size() > 1 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X');
  bool is_float = body.find_first_of(hex ? ".pP" : ".eEpP") != std::string::npos;
  char* end = nullptr;
  if (is_float) {
    double d = std::strtod(t.c_str(), &end);
    if (*end != '\0') return std::nullopt;
    return Value::floating(d);
  }
  int base = 10;
  std::string digits = body;
  if (hex) base = 16, digits = body.substr(2);
  else if (body.size() > 1 && body[0] == '0' && (body[1] == 'o' || body[1] == 'O')) base = 8, digits = body.substr(2);
  else if (body.size() > 1 && body[0] == '0' && (body[1] == 'b' || body[1] == 'B')) base = 2, digits = body.substr(2);
  else if (body.size() > 1 && body[0] == '0') base = 8, digits = body.substr(1);
  if (digits.empty()) return std::nullopt;
  long long v = std::strtoll(digits.c_str(), &end, base);
  if (*end != '\0') return std::nullopt;
  return Value::integer(neg ? -v : v);
}

}  // namespace docknet::output
