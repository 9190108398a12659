// Template functions: Go's builtins that docker templates use, and docker's own helpers.
#include "cmd/output/template_funcs.hpp"

#include <cctype>

#include <fmt/format.h>

#include "cmd/output/json.hpp"
#include "cmd/output/template.hpp"
#include "lib/core/strings.hpp"

namespace docknet::output {
namespace {

[[noreturn]] void fail(const std::string& fn, const std::string& why) {
  throw TemplateExecError(fmt::format("template: :1: error calling {}: {}", fn, why));
}

void need(const std::string& fn, const std::vector<Value>& a, size_t n) {
  if (a.size() != n) throw TemplateExecError(fmt::format("template: :1: wrong number of args for {}: want {} got {}", fn, n, a.size()));
}

std::string text(const Value& v) { return go_print(v); }

bool equal(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Value::Kind::Bool: return a.as_bool() == b.as_bool();
    case Value::Kind::Int: return a.as_int() == b.as_int();
    case Value::Kind::String: return a.as_string() == b.as_string();
    case Value::Kind::Null: return true;
    default: return go_print(a) == go_print(b);
  }
}

int compare(const std::string& fn, const Value& a, const Value& b) {
  if (a.kind() == Value::Kind::Int && b.kind() == Value::Kind::Int) return a.as_int() < b.as_int() ? -1 : a.as_int() > b.as_int();
  if (a.kind() == Value::Kind::String && b.kind() == Value::Kind::String) return a.as_string().compare(b.as_string());
  fail(fn, "incompatible types for comparison");
}

std::string title_case(const std::string& s) {
  std::string out = s;
  bool start = true;
  for (auto& c : out) {
    if (start && std::isalpha(static_cast<unsigned char>(c))) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    start = !std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '\'';
  }
  return out;
}

// A minimal fmt.Sprintf for the verbs templates use.
std::string sprintf(const std::vector<Value>& a) {
  if (a.empty()) fail("printf", "missing format");
  const std::string f = text(a[0]);
  std::string out;
  size_t arg = 1;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '%' || i + 1 >= f.size()) {
      out += f[i];
      continue;
    }
    char verb = f[++i];
    if (verb == '%') {
      out += '%';
      continue;
    }
    if (arg >= a.size()) {
      out += fmt::format("%!{}(MISSING)", verb);
      continue;
    }
    const Value& v = a[arg++];
    switch (verb) {
      case 'q': out += json_quote(text(v)); break;
      case 'd': out += v.kind() == Value::Kind::Int ? std::to_string(v.as_int()) : "%!d(" + text(v) + ")"; break;
      case 't': out += text(v); break;
      default: out += text(v);
    }
  }
  return out;
}

// fmt.Sprint: a space goes between operands when neither side is a string.
std::string sprint(const std::vector<Value>& a) {
  std::string out;
  for (size_t i = 0; i < a.size(); ++i) {
    if (i > 0 && a[i].kind() != Value::Kind::String && a[i - 1].kind() != Value::Kind::String) out += ' ';
    out += text(a[i]);
  }
  return out;
}

Value join(const std::vector<Value>& a) {
  need("join", a, 2);
  std::vector<std::string> parts;
  const Value& v = a[0];
  if (v.kind() == Value::Kind::Array)
    for (const auto& item : v.items()) parts.push_back(text(item));
  else if (v.kind() == Value::Kind::Object)
    for (const auto& f : v.fields()) parts.push_back(text(f.value));
  else
    return Value::string(text(v));
  return Value::string(docknet::join(parts, text(a[1])));
}

Value index(const std::vector<Value>& a) {
  if (a.empty()) fail("index", "missing argument");
  Value v = a[0];
  for (size_t i = 1; i < a.size(); ++i) {
    if (v.kind() == Value::Kind::Array) {
      if (a[i].kind() != Value::Kind::Int) fail("index", "cannot index slice/array with type string");
      long long k = a[i].as_int();
      if (k < 0 || k >= static_cast<long long>(v.items().size())) fail("index", fmt::format("index out of range: {}", k));
      v = v.items()[static_cast<size_t>(k)];
    } else if (v.kind() == Value::Kind::Object) {
      const Value* f = v.get(text(a[i]));
      v = f ? *f : Value::null();
    } else {
      fail("index", "can't index item of type " + std::string(v.kind() == Value::Kind::String ? "string" : "value"));
    }
  }
  return v;
}

}  // namespace

Value call_function(const std::string& name, const std::vector<Value>& a, bool header_mode) {
  bool text_fn = name == "json" || name == "split" || name == "join" || name == "title" || name == "lower" ||
                 name == "upper" || name == "truncate";
  if (header_mode && text_fn) return a.empty() ? Value::string("") : a[0];
  if (name == "json") {
    need(name, a, 1);
    return Value::string(to_json(a[0]));
  }
  if (name == "join") return join(a);
  if (name == "split") {
    need(name, a, 2);
    Value out = Value::array();
    for (const auto& p : split(text(a[0]), text(a[1]).empty() ? '\0' : text(a[1])[0])) out.push(Value::string(p));
    return out;
  }
  if (name == "lower") return Value::string(to_lower(text(a.at(0))));
  if (name == "upper") {
    std::string s = text(a.at(0));
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return Value::string(s);
  }
  if (name == "title") return Value::string(title_case(text(a.at(0))));
  if (name == "pad") {
    need(name, a, 3);
    std::string s = text(a[0]);
    if (s.empty()) return Value::string(s);
    return Value::string(std::string(static_cast<size_t>(std::max(0LL, a[1].as_int())), ' ') + s +
                         std::string(static_cast<size_t>(std::max(0LL, a[2].as_int())), ' '));
  }
  if (name == "truncate") {
    need(name, a, 2);
    std::string s = text(a[0]);
    auto n = static_cast<size_t>(std::max(0LL, a[1].as_int()));
    return Value::string(s.size() < n ? s : s.substr(0, n));
  }
  if (name == "len") {
    need(name, a, 1);
    const Value& v = a[0];
    if (v.kind() == Value::Kind::Array) return Value::integer(static_cast<long long>(v.items().size()));
    if (v.kind() == Value::Kind::Object) return Value::integer(static_cast<long long>(v.fields().size()));
    if (v.kind() == Value::Kind::String) return Value::integer(static_cast<long long>(v.as_string().size()));
    fail(name, "len of type value");
  }
  if (name == "index") return index(a);
  if (name == "print") return Value::string(sprint(a));
  if (name == "println") {
    std::string s;
    for (size_t i = 0; i < a.size(); ++i) s += (i ? " " : "") + text(a[i]);
    return Value::string(s + "\n");
  }
  if (name == "printf") return Value::string(sprintf(a));
  if (name == "not") return Value::boolean(a.at(0).empty());
  if (name == "and") {
    for (const auto& v : a) if (v.empty()) return v;
    return a.empty() ? Value::null() : a.back();
  }
  if (name == "or") {
    for (const auto& v : a) if (!v.empty()) return v;
    return a.empty() ? Value::null() : a.back();
  }
  if (name == "eq") {
    if (a.size() < 2) fail(name, "missing argument for comparison");
    for (size_t i = 1; i < a.size(); ++i) if (equal(a[0], a[i])) return Value::boolean(true);
    return Value::boolean(false);
  }
  if (name == "ne") { need(name, a, 2); return Value::boolean(!equal(a[0], a[1])); }
  if (name == "lt") { need(name, a, 2); return Value::boolean(compare(name, a[0], a[1]) < 0); }
  if (name == "le") { need(name, a, 2); return Value::boolean(compare(name, a[0], a[1]) <= 0); }
  if (name == "gt") { need(name, a, 2); return Value::boolean(compare(name, a[0], a[1]) > 0); }
  if (name == "ge") { need(name, a, 2); return Value::boolean(compare(name, a[0], a[1]) >= 0); }
  fail(name, "function not supported yet");
}

}  // namespace docknet::output
