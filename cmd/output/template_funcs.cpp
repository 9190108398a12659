// Template functions: Go's builtins (and or not len index slice print printf println eq ne lt
// le gt ge html js urlquery call) and docker's (json split join title lower upper pad truncate).
#include "cmd/output/template_funcs.hpp"

#include <cctype>

#include <fmt/format.h>

#include "cmd/output/json.hpp"
#include "cmd/output/template.hpp"

namespace docknet::output {
namespace {

using K = Value::Kind;

void arity(const std::string& fn, const std::vector<Value>& a, size_t n, const FuncContext& c) {
  if (a.size() != n) c.fail_ident(fmt::format("wrong number of args for {}: want {} got {}", fn, n, a.size()));
}
void at_least(const std::string& fn, const std::vector<Value>& a, size_t n, const FuncContext& c) {
  if (a.size() < n) c.fail_ident(fmt::format("wrong number of args for {}: want at least {} got {}", fn, n, a.size()));
}

const std::string& string_arg(const std::vector<Value>& a, size_t i, const FuncContext& c) {
  if (a[i].kind() != K::String)
    c.fail_type(i, "string", a[i].type_name());
  return a[i].as_string();
}

long long int_arg(const std::vector<Value>& a, size_t i, const FuncContext& c) {
  if (a[i].kind() != K::Int) c.fail_type(i, "int", a[i].type_name());
  return a[i].as_int();
}

enum class Basic { Bool, Int, Float, String, Other, Invalid };
Basic basic(const Value& v) {
  switch (v.kind()) {
    case K::Bool: return Basic::Bool;
    case K::Int: return Basic::Int;
    case K::Float: return Basic::Float;
    case K::String: return Basic::String;
    case K::Null: return Basic::Invalid;
    default: return Basic::Other;
  }
}

bool eq2(const Value& a, const Value& b, const FuncContext& c) {
  Basic ka = basic(a), kb = basic(b);
  if (ka != kb) {
    if (ka != Basic::Invalid && kb != Basic::Invalid) c.fail_call("incompatible types for comparison");
    return false;
  }
  switch (ka) {
    case Basic::Bool: return a.as_bool() == b.as_bool();
    case Basic::Int: return a.as_int() == b.as_int();
    case Basic::Float: return a.as_float() == b.as_float();
    case Basic::String: return a.as_string() == b.as_string();
    case Basic::Invalid: return true;
    case Basic::Other: c.fail_call("non-comparable type " + go_print(a) + ": " + a.type_name());
  }
  return false;
}

int compare(const Value& a, const Value& b, const FuncContext& c) {
  Basic ka = basic(a), kb = basic(b);
  if (ka == Basic::Bool || ka == Basic::Other || ka == Basic::Invalid) c.fail_call("invalid type for comparison");
  if (ka != kb) c.fail_call("incompatible types for comparison");
  if (ka == Basic::Int) return a.as_int() < b.as_int() ? -1 : a.as_int() > b.as_int();
  if (ka == Basic::Float) return a.as_float() < b.as_float() ? -1 : a.as_float() > b.as_float();
  return a.as_string().compare(b.as_string());
}

Value index(const std::vector<Value>& a, const FuncContext& c) {
  Value v = a[0];
  for (size_t i = 1; i < a.size(); ++i) {
    if (v.kind() == K::Array || v.kind() == K::String) {
      if (a[i].kind() != K::Int) c.fail_call("cannot index slice/array with type " + a[i].type_name());
      long long k = a[i].as_int();
      long long n = v.kind() == K::Array ? static_cast<long long>(v.items().size()) : static_cast<long long>(v.as_string().size());
      if (k < 0 || k >= n) c.fail_call(fmt::format("index out of range: {}", k));
      v = v.kind() == K::Array ? v.items()[static_cast<size_t>(k)]
                               : Value::integer(static_cast<unsigned char>(v.as_string()[static_cast<size_t>(k)]));
    } else if (v.kind() == K::Object && v.is_map()) {
      if (a[i].kind() != K::String) c.fail_call("value has type " + a[i].type_name() + "; should be string");
      // A missing key gives the element type's zero value: "" in a map[string]string.
      const Value* f = v.get(a[i].as_string());
      v = f ? *f : v.type_name() == "map[string]string" ? Value::string("") : Value::null();
    } else if (v.kind() == K::Null) {
      c.fail_call("index of untyped nil");
    } else {
      c.fail_call("can't index item of type " + v.type_name());
    }
  }
  return v;
}

Value slice(const std::vector<Value>& a, const FuncContext& c) {
  const Value& v = a[0];
  if (v.kind() != K::String && v.kind() != K::Array) c.fail_call("can't slice item of type " + v.type_name());
  long long len = v.kind() == K::String ? static_cast<long long>(v.as_string().size()) : static_cast<long long>(v.items().size());
  if (a.size() > 3) c.fail_call("too many slice indexes: " + std::to_string(a.size() - 1));
  long long idx[2] = {0, len};
  for (size_t i = 1; i < a.size(); ++i) {
    if (a[i].kind() != K::Int) c.fail_call("cannot index slice/array with type " + a[i].type_name());
    idx[i - 1] = a[i].as_int();
    if (idx[i - 1] < 0 || idx[i - 1] > len) c.fail_call(fmt::format("index out of range: {}", idx[i - 1]));
  }
  if (idx[0] > idx[1]) c.fail_call(fmt::format("invalid slice index: {} > {}", idx[0], idx[1]));
  if (v.kind() == K::String) return Value::string(v.as_string().substr(static_cast<size_t>(idx[0]), static_cast<size_t>(idx[1] - idx[0])));
  return Value::array(std::vector<Value>(v.items().begin() + idx[0], v.items().begin() + idx[1]));
}

std::string html_escape(const std::string& s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case '"': out += "&#34;"; break;
      case '\'': out += "&#39;"; break;
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\0': out += "\xEF\xBF\xBD"; break;
      default: out += ch;
    }
  }
  return out;
}

std::string js_escape(const std::string& s) {
  std::string out;
  for (unsigned char ch : s) {
    switch (ch) {
      case '\\': out += "\\\\"; break;
      case '\'': out += "\\'"; break;
      case '"': out += "\\\""; break;
      case '<': out += "\\u003C"; break;
      case '>': out += "\\u003E"; break;
      case '&': out += "\\u0026"; break;
      case '=': out += "\\u003D"; break;
      default:
        if (ch < ' ') out += fmt::format("\\u{:04X}", ch);
        else out += static_cast<char>(ch);
    }
  }
  return out;
}

std::string url_query_escape(const std::string& s) {
  std::string out;
  for (unsigned char ch : s) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') out += static_cast<char>(ch);
    else if (ch == ' ') out += '+';
    else out += fmt::format("%{:02X}", ch);
  }
  return out;
}

std::string title_case(const std::string& s) {
  std::string out = s;
  bool start = true;
  for (auto& ch : out) {
    if (start && std::isalpha(static_cast<unsigned char>(ch))) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    start = !std::isalnum(static_cast<unsigned char>(ch)) && ch != '_' && ch != '\'';
  }
  return out;
}

// Stops after `most` parts: each part is a whole Value, so a 16 MiB string split by "" would
// need gigabytes.
Value split_string(const std::string& s, const std::string& sep, size_t most) {
  Value out = Value::array();
  if (sep.empty()) {
    for (size_t i = 0; i < s.size() && out.items().size() < most;) {
      size_t n = 1;
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (c >= 0xF0) n = 4;
      else if (c >= 0xE0) n = 3;
      else if (c >= 0xC0) n = 2;
      out.push(Value::string(s.substr(i, n)));
      i += n;
    }
    return out;
  }
  size_t start = 0;
  for (size_t pos; out.items().size() < most && (pos = s.find(sep, start)) != std::string::npos; start = pos + sep.size())
    out.push(Value::string(s.substr(start, pos - start)));
  out.push(Value::string(s.substr(start)));
  return out;
}

Value join(const std::vector<Value>& a, const FuncContext& c) {
  bool strings = a[0].kind() == K::Array;
  if (strings)
    for (const auto& item : a[0].items()) strings = strings && item.kind() == K::String;
  if (!strings) c.fail_type(0, "[]string", a[0].type_name());
  std::string out;
  const std::string& sep = string_arg(a, 1, c);
  for (size_t i = 0; i < a[0].items().size() && out.size() <= TemplateLimits::kMaxValue; ++i)
    out += (i ? sep : "") + a[0].items()[i].as_string();
  return Value::string(out);
}

Value docker_function(const std::string& name, const std::vector<Value>& a, const FuncContext& c) {
  if (name == "json") {
    arity(name, a, 1, c);
    return Value::string(to_json(a[0]));
  }
  if (name == "split") {
    arity(name, a, 2, c);
    Value parts = split_string(string_arg(a, 0, c), string_arg(a, 1, c), TemplateLimits::kMaxSplit + 1);
    if (parts.items().size() > TemplateLimits::kMaxSplit)
      c.fail_call(fmt::format("more than {} parts", TemplateLimits::kMaxSplit));
    return parts;
  }
  if (name == "join") {
    arity(name, a, 2, c);
    return join(a, c);
  }
  if (name == "lower" || name == "upper" || name == "title") {
    arity(name, a, 1, c);
    std::string s = string_arg(a, 0, c);
    if (name == "title") return Value::string(title_case(s));
    for (auto& ch : s)
      ch = static_cast<char>(name == "lower" ? std::tolower(static_cast<unsigned char>(ch)) : std::toupper(static_cast<unsigned char>(ch)));
    return Value::string(s);
  }
  if (name == "pad") {
    arity(name, a, 3, c);
    const std::string& s = string_arg(a, 0, c);
    long long before = int_arg(a, 1, c), after = int_arg(a, 2, c);
    if (s.empty()) return Value::string(s);
    // docker builds the padding whatever its size; a width of 1e9 took 24 GB (issue 9).
    for (long long w : {before, after})
      if (w > TemplateLimits::kMaxPad)
        c.fail_call(fmt::format("padding of {} exceeds the limit of {}", w, TemplateLimits::kMaxPad));
    return Value::string(std::string(static_cast<size_t>(std::max(0LL, before)), ' ') + s +
                         std::string(static_cast<size_t>(std::max(0LL, after)), ' '));
  }
  // truncate
  arity(name, a, 2, c);
  const std::string& s = string_arg(a, 0, c);
  long long n = int_arg(a, 1, c);
  return Value::string(static_cast<long long>(s.size()) < n ? s : s.substr(0, static_cast<size_t>(std::max(0LL, n))));
}

}  // namespace

std::pair<int, int> function_arity(const std::string& n) {
  if (n == "json" || n == "title" || n == "lower" || n == "upper" || n == "len" || n == "not") return {1, 1};
  if (n == "split" || n == "join" || n == "truncate" || n == "ne" || n == "lt" || n == "le" || n == "gt" || n == "ge")
    return {2, 2};
  if (n == "pad") return {3, 3};
  if (n == "print" || n == "println" || n == "html" || n == "js" || n == "urlquery") return {0, -1};
  return {1, -1};  // index slice printf eq and or call
}

Value call_function(const std::string& name, const std::vector<Value>& a, const FuncContext& c) {
  bool text_fn = name == "json" || name == "split" || name == "join" || name == "title" || name == "lower" ||
                 name == "upper" || name == "truncate";
  if (c.header_mode && text_fn) return a.empty() ? Value::string("") : a[0];
  if (text_fn || name == "pad") return docker_function(name, a, c);
  if (name == "len") {
    arity(name, a, 1, c);
    const Value& v = a[0];
    if (v.kind() == K::Array) return Value::integer(static_cast<long long>(v.items().size()));
    if (v.kind() == K::Object && v.is_map()) return Value::integer(static_cast<long long>(v.fields().size()));
    if (v.kind() == K::String) return Value::integer(static_cast<long long>(v.as_string().size()));
    c.fail_call("len of " + std::string(v.kind() == K::Null ? "nil pointer" : "type " + v.type_name()));
  }
  if (name == "index") {
    at_least(name, a, 1, c);
    return index(a, c);
  }
  if (name == "slice") {
    at_least(name, a, 1, c);
    return slice(a, c);
  }
  if (name == "print") return Value::string(go_sprint(a));
  if (name == "println") {
    std::string s;
    for (size_t i = 0; i < a.size() && s.size() <= TemplateLimits::kMaxValue; ++i) s += (i ? " " : "") + nested_print(a[i]);
    return Value::string(s + "\n");
  }
  if (name == "printf") {
    at_least(name, a, 1, c);
    string_arg(a, 0, c);
    return Value::string(go_sprintf(a));
  }
  if (name == "html" || name == "js" || name == "urlquery") {
    std::string s = a.size() == 1 && a[0].kind() == K::String ? a[0].as_string() : go_sprint(a);
    return Value::string(name == "html" ? html_escape(s) : name == "js" ? js_escape(s) : url_query_escape(s));
  }
  if (name == "not") {
    arity(name, a, 1, c);
    return Value::boolean(a[0].empty());
  }
  if (name == "eq") {
    at_least(name, a, 1, c);
    if (a.size() < 2) c.fail_call("missing argument for comparison");
    for (size_t i = 1; i < a.size(); ++i)
      if (eq2(a[0], a[i], c)) return Value::boolean(true);
    return Value::boolean(false);
  }
  if (name == "ne") {
    arity(name, a, 2, c);
    return Value::boolean(!eq2(a[0], a[1], c));
  }
  if (name == "lt" || name == "le" || name == "gt" || name == "ge") {
    arity(name, a, 2, c);
    int r = compare(a[0], a[1], c);
    return Value::boolean(name == "lt" ? r < 0 : name == "le" ? r <= 0 : name == "gt" ? r > 0 : r >= 0);
  }
  if (name == "call") {
    at_least(name, a, 1, c);
    c.fail_call(fmt::format("non-function {} of type {}", c.arg_text(0), a[0].type_name()));
  }
  c.fail_ident(fmt::format("\"{}\" is not a defined function", name));
  return Value::null();
}

}  // namespace docknet::output
