#include "cmd/output/json.hpp"

#include <algorithm>
#include <charconv>
#include <limits>

#include <fmt/format.h>

namespace docknet::output {

Value Value::boolean(bool b) {
  Value v;
  v.kind_ = Kind::Bool;
  v.bool_ = b;
  return v;
}
Value Value::integer(long long i) {
  Value v;
  v.kind_ = Kind::Int;
  v.int_ = i;
  return v;
}
Value Value::unsigned_integer(unsigned long long u) {
  Value v = integer(static_cast<long long>(u));
  v.unsigned_ = true;
  return v;
}
std::string Value::int_text() const {
  return unsigned_ ? std::to_string(static_cast<unsigned long long>(int_)) : std::to_string(int_);
}
Value Value::floating(double d) {
  Value v;
  v.kind_ = Kind::Float;
  v.float_ = d;
  return v;
}
Value Value::string(std::string s) {
  Value v;
  v.kind_ = Kind::String;
  v.str_ = std::move(s);
  return v;
}
Value Value::time(std::string json, std::string text) {
  Value v;
  v.kind_ = Kind::Time;
  v.str_ = std::move(json);
  v.text_ = std::move(text);
  return v;
}
Value Value::array(std::vector<Value> items, std::string type_name) {
  Value v;
  v.kind_ = Kind::Array;
  v.type_ = std::move(type_name);
  v.items_ = std::make_shared<std::vector<Value>>(std::move(items));
  return v;
}
Value Value::structure(std::string type_name) {
  Value v;
  v.kind_ = Kind::Object;
  v.fields_ = std::make_shared<std::vector<Field>>();
  v.fields_->reserve(12);
  v.type_ = std::move(type_name);
  return v;
}
Value Value::map(std::string type_name) {
  Value v = structure(std::move(type_name));
  v.is_map_ = true;
  return v;
}

Value Value::nil_array(std::string type_name) {
  Value v = array({}, std::move(type_name));
  v.nil_ = true;
  return v;
}

Value Value::nil_map(std::string type_name) {
  Value v = map(std::move(type_name));
  v.nil_ = true;
  return v;
}

std::string Value::type_name() const {
  switch (kind_) {
    case Kind::Null: return "interface {}";
    case Kind::Bool: return "bool";
    case Kind::Int: return "int";
    case Kind::Float: return "float64";
    case Kind::String: return "string";
    case Kind::Time: return "time.Time";
    case Kind::Array: return type_.empty() ? "[]interface {}" : type_;
    case Kind::Object: return type_;
  }
  return "interface {}";
}

Value& Value::set(const std::string& name, Value v, const std::string& go_name, bool omit_empty) {
  Field f{name, go_name.empty() ? std::string() : go_name, std::move(v), omit_empty};
  if (is_map_) {
    auto it = std::lower_bound(fields_->begin(), fields_->end(), name,
                               [](const Field& a, const std::string& k) { return a.name < k; });
    if (it != fields_->end() && it->name == name) *it = std::move(f);
    else fields_->insert(it, std::move(f));
  } else {
    fields_->push_back(std::move(f));
  }
  return *this;
}

Value& Value::push(Value v) {
  items_->push_back(std::move(v));
  return *this;
}

void Value::add_method(const std::string& name, MethodFn m, size_t arity) {
  if (!methods_) methods_ = std::make_shared<std::vector<std::pair<std::string, Method>>>();
  methods_->emplace_back(name, Method{std::move(m), arity});
}

const Value* Value::get(const std::string& name) const {
  if (kind_ != Kind::Object) return nullptr;
  for (const auto& f : *fields_)
    if ((f.go_name.empty() ? f.name : f.go_name) == name) return &f.value;
  return nullptr;
}

const Value::Method* Value::method(const std::string& name) const {
  if (!methods_) return nullptr;
  for (const auto& [n, m] : *methods_)
    if (n == name) return &m;
  return nullptr;
}

bool Value::empty() const {
  switch (kind_) {
    case Kind::Null: return true;
    case Kind::Bool: return !bool_;
    case Kind::Int: return int_ == 0;
    case Kind::Float: return float_ == 0;
    case Kind::String: return str_.empty();
    case Kind::Time: return false;
    case Kind::Array: return items_->empty();
    case Kind::Object: return is_map_ && fields_->empty();
  }
  return true;
}

// encoding/json's float: shortest digits, 'f' form unless below 1e-6 or from 1e21 on, and an
// exponent written without a leading zero ("1e-7").
std::string go_float(double d) {
  if (d != d) return "NaN";
  if (d == std::numeric_limits<double>::infinity()) return "+Inf";
  if (d == -std::numeric_limits<double>::infinity()) return "-Inf";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string sci(buf, r.ptr);
  auto e = sci.find('e');
  int exp = std::stoi(sci.substr(e + 1));
  double abs = d < 0 ? -d : d;
  if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
    std::string mant = sci.substr(0, e);
    return fmt::format("{}e{}{}", mant, exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
  }
  r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
  return std::string(buf, r.ptr);
}

std::string json_quote(const std::string& s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                   (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
          out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
          i += 2;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

static void write(std::string& out, const Value& v, int indent, int depth) {
  auto newline = [&](int d) {
    if (indent <= 0) return;
    out += '\n';
    out.append(static_cast<size_t>(indent * d), ' ');
  };
  switch (v.kind()) {
    case Value::Kind::Null: out += "null"; return;
    case Value::Kind::Bool: out += v.as_bool() ? "true" : "false"; return;
    case Value::Kind::Int: out += v.int_text(); return;
    case Value::Kind::Float: out += go_float(v.as_float()); return;
    case Value::Kind::String:
    case Value::Kind::Time: out += json_quote(v.as_string()); return;
    case Value::Kind::Array: {
      if (v.is_nil()) {
        out += "null";
        return;
      }
      if (v.items().empty()) {
        out += "[]";
        return;
      }
      out += '[';
      bool first = true;
      for (const auto& item : v.items()) {
        if (!first) out += ',';
        first = false;
        newline(depth + 1);
        write(out, item, indent, depth + 1);
      }
      newline(depth);
      out += ']';
      return;
    }
    case Value::Kind::Object: {
      if (v.is_nil_map()) {
        out += "null";
        return;
      }
      bool first = true;
      for (const auto& f : v.fields()) {
        if (f.omit_empty && f.value.empty()) continue;
        out += first ? "{" : ",";
        first = false;
        newline(depth + 1);
        out += json_quote(f.name);
        out += indent > 0 ? ": " : ":";
        write(out, f.value, indent, depth + 1);
      }
      if (first) {
        out += "{}";
        return;
      }
      newline(depth);
      out += '}';
      return;
    }
  }
}

std::string to_json(const Value& v, int indent) {
  std::string out;
  write(out, v, indent, 0);
  return out;
}

}  // namespace docknet::output
