#include "lib/store/etcd/json.hpp"

#include <cerrno>
#include <cstdlib>

namespace docknet::store::etcd {
namespace {

// Deeper nesting than any etcd answer has: refused, so garbage cannot overflow the stack.
constexpr int kMaxDepth = 64;

class Parser {
 public:
  explicit Parser(std::string_view in) : in_(in) {}

  Json document() {
    Json v = value(0);
    skip_space();
    if (pos_ != in_.size()) fail("unexpected data after the value");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw JsonError("invalid JSON at byte " + std::to_string(pos_) + ": " + what);
  }
  void skip_space() {
    while (pos_ < in_.size() && (in_[pos_] == ' ' || in_[pos_] == '\t' || in_[pos_] == '\n' || in_[pos_] == '\r'))
      ++pos_;
  }
  char peek() {
    skip_space();
    if (pos_ >= in_.size()) fail("unexpected end");
    return in_[pos_];
  }
  void expect(char c) {
    if (peek() != c) fail(std::string("expected '") + c + "'");
    ++pos_;
  }
  void literal(std::string_view word) {
    if (in_.substr(pos_, word.size()) != word) fail("unknown literal");
    pos_ += word.size();
  }

  Json value(int depth) {
    if (depth > kMaxDepth) fail("nested too deeply");
    Json v;
    char c = peek();
    if (c == '{') return object(depth);
    if (c == '[') return array(depth);
    if (c == '"') {
      v.type = Json::Type::String;
      v.text = string();
    } else if (c == 't' || c == 'f') {
      v.type = Json::Type::Bool;
      v.boolean = c == 't';
      literal(v.boolean ? "true" : "false");
    } else if (c == 'n') {
      literal("null");
    } else {
      v.type = Json::Type::Number;
      v.text = number();
    }
    return v;
  }

  Json object(int depth) {
    Json v;
    v.type = Json::Type::Object;
    expect('{');
    if (peek() == '}') return ++pos_, v;
    for (;;) {
      if (peek() != '"') fail("expected a member name");
      std::string key = string();
      expect(':');
      v.members.emplace_back(std::move(key), value(depth + 1));
      if (peek() == '}') return ++pos_, v;
      expect(',');
    }
  }

  Json array(int depth) {
    Json v;
    v.type = Json::Type::Array;
    expect('[');
    if (peek() == ']') return ++pos_, v;
    for (;;) {
      v.items.push_back(value(depth + 1));
      if (peek() == ']') return ++pos_, v;
      expect(',');
    }
  }

  // JSON's number grammar, checked but kept as text.
  std::string number() {
    size_t start = pos_;
    auto digits = [&] {
      size_t d = pos_;
      while (pos_ < in_.size() && in_[pos_] >= '0' && in_[pos_] <= '9') ++pos_;
      if (pos_ == d) fail("expected a digit");
    };
    if (in_[pos_] == '-') ++pos_;
    if (pos_ < in_.size() && in_[pos_] == '0') {
      ++pos_;
    } else {
      digits();
    }
    if (pos_ < in_.size() && in_[pos_] == '.') ++pos_, digits();
    if (pos_ < in_.size() && (in_[pos_] == 'e' || in_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < in_.size() && (in_[pos_] == '+' || in_[pos_] == '-')) ++pos_;
      digits();
    }
    return std::string(in_.substr(start, pos_ - start));
  }

  unsigned hex4() {
    if (pos_ + 4 > in_.size()) fail("short \\u escape");
    unsigned v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = in_[pos_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<unsigned>(c - 'A' + 10);
      else fail("bad hex digit in \\u escape");
    }
    return v;
  }

  // \uXXXX, with UTF-16 surrogate pairs joined; a lone surrogate is refused.
  void unicode_escape(std::string& out) {
    unsigned cp = hex4();
    if (cp >= 0xdc00 && cp <= 0xdfff) fail("lone low surrogate");
    if (cp >= 0xd800 && cp <= 0xdbff) {
      if (in_.substr(pos_, 2) != "\\u") fail("lone high surrogate");
      pos_ += 2;
      unsigned low = hex4();
      if (low < 0xdc00 || low > 0xdfff) fail("bad low surrogate");
      cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
    }
    append_utf8(out, cp);
  }

  static void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xc0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xe0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    }
  }

  std::string string() {
    ++pos_;  // the opening quote
    std::string out;
    for (;;) {
      if (pos_ >= in_.size()) fail("unterminated string");
      char c = in_[pos_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) fail("control character in string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= in_.size()) fail("unterminated escape");
      char e = in_[pos_++];
      switch (e) {
        case '"': case '\\': case '/': out += e; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': unicode_escape(out); break;
        default: fail("unknown escape");
      }
    }
  }

  std::string_view in_;
  size_t pos_ = 0;
};

}  // namespace

Json Json::parse(std::string_view input) { return Parser(input).document(); }

const Json* Json::find(std::string_view key) const {
  for (const auto& [name, v] : members)
    if (name == key) return &v;
  return nullptr;
}

std::string json_quote(std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    } else {
      out += c;
    }
  }
  return out + '"';
}

int64_t json_int64(const Json* value) {
  if (!value) return 0;
  if (value->type != Json::Type::String && value->type != Json::Type::Number)
    throw JsonError("expected an integer");
  const std::string& t = value->text;
  char* end = nullptr;
  errno = 0;
  long long n = std::strtoll(t.c_str(), &end, 10);
  if (t.empty() || errno != 0 || end != t.c_str() + t.size()) throw JsonError("bad integer \"" + t + "\"");
  return n;
}

bool json_bool(const Json* value) {
  if (!value) return false;
  if (value->type != Json::Type::Bool) throw JsonError("expected true or false");
  return value->boolean;
}

std::string json_string(const Json* value) {
  if (!value) return "";
  if (value->type != Json::Type::String) throw JsonError("expected a string");
  return value->text;
}

}  // namespace docknet::store::etcd
