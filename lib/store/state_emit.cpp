// The writer of the state file: visitors over the schema (state_schema.hpp). Each C++ type has
// one encoding (value() below); the layout (block or flow mapping) is the struct's.
#include <fmt/format.h>

#include "lib/core/strings.hpp"
#include "lib/core/base64.hpp"
#include "lib/store/state_decode.hpp"
#include "lib/store/state_format.hpp"
#include "lib/model/ports.hpp"
#include "lib/store/state_schema.hpp"

namespace docknet::store {
namespace {

using schema::Struct;
using schema::When;

// A YAML double-quoted scalar: backslash escapes for quotes, backslashes and control bytes. A
// YAML file must be UTF-8, so bytes that are not (a name made of raw bytes) go as !!binary.
void q(std::string& out, const std::string& s) {
  if (!valid_utf8(s)) {
    out.append("!!binary \"").append(base64_encode(s)).append("\"");
    return;
  }
  out += '"';
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

// The text of a scalar that is written quoted, and of an item of a comma-joined list.
const std::string& text(const std::string& s) { return s; }
std::string text(const IpAddress& a) { return a.to_string(); }
std::string text(const IpPrefix& p) { return p.to_string(); }
std::string text(const model::PortBinding& b) { return model::binding_text(b); }

void value(std::string& out, const std::string& s) { q(out, s); }
void value(std::string& out, bool b) { out += b ? "true" : "false"; }
void value(std::string& out, uint64_t n) { out += std::to_string(n); }
void value(std::string& out, long long n) { q(out, std::to_string(n)); }
void value(std::string& out, const Timestamp& t) { q(out, t.rfc3339nano()); }
void value(std::string& out, const IpAddress& a) { q(out, text(a)); }
void value(std::string& out, const IpPrefix& p) { q(out, text(p)); }
void value(std::string& out, schema::SchemaVersion<const int>) { out += std::to_string(kSchemaVersion); }
void value(std::string& out, schema::Intent<const std::string> i) { q(out, i.value); }
template <class T>
  requires(!Struct<T>)
void value(std::string& out, const std::vector<T>& items) {
  std::vector<std::string> parts;
  parts.reserve(items.size());
  for (const auto& i : items) parts.emplace_back(text(i));
  q(out, join(parts, ","));
}
template <class T>
  requires(!Struct<T>)
void value(std::string& out, const std::map<std::string, T>& m) {
  out += '{';
  for (const auto& [k, v] : m) {
    if (out.back() != '{') out += ", ";
    q(out, k);
    out += ": ";
    value(out, v);
  }
  out += '}';
}

// After the overloads it may call (they are found where the template is defined).
template <class T>
void value(std::string& out, const std::optional<T>& o) {
  if (o) value(out, *o);
  else out += "null";
}

template <class T>
bool is_default(const T& m) { return m == T{}; }
bool is_default(schema::Intent<const std::string> i) { return i.value.empty(); }
bool is_default(schema::SchemaVersion<const int>) { return false; }

/// A flow mapping's fields: {key: value, ...}.
struct FlowFields {
  std::string& out;
  template <class M>
  void field(const char* key, const M& m, When when) {
    if (when == When::NonDefault && is_default(m)) return;
    if (out.back() != '{') out += ", ";
    out.append(key).append(": ");
    value(out, m);
  }
  void map_key(const std::string&) {}  // written by the enclosing mapping
};

template <class T>
void flow(std::string& out, const T& s) {
  out += '{';
  FlowFields f{out};
  schema::visit_fields(f, s);
  out += '}';
}

/// A block mapping's fields, one line each at `indent`; the first line of a list item starts
/// with "- " two columns to the left instead.
struct BlockFields {
  std::string& out;
  size_t indent;
  bool item;

  void start(const char* key) {
    if (item) out.append(indent - 2, ' ').append("- ");
    else out.append(indent, ' ');
    item = false;
    out.append(key).append(":");
  }
  template <class M>
  void field(const char* key, const M& m, When when) {
    if (when == When::NonDefault && is_default(m)) return;
    start(key);
    out += ' ';
    value(out, m);
    out += '\n';
  }
  template <Struct T>
  void field(const char* key, const std::vector<T>& items, When) {
    start(key);
    out += items.empty() ? " []\n" : "\n";
    for (const auto& i : items) {
      if constexpr (schema::kBlockLayout<T>) {
        BlockFields b{out, indent + 4, true};
        schema::visit_fields(b, i);
      } else {
        out.append(indent + 2, ' ').append("- ");
        flow(out, i);
        out += '\n';
      }
    }
  }
  template <Struct T>
  void field(const char* key, const std::map<std::string, T>& entries, When) {
    start(key);
    out += entries.empty() ? " {}\n" : "\n";
    for (const auto& [k, e] : entries) {
      out.append(indent + 2, ' ');
      q(out, k);
      out += ": ";
      flow(out, e);
      out += '\n';
    }
  }
  void map_key(const std::string&) {}
};

}  // namespace

std::string emit_state(const model::State& state) {
  std::string out = "# docknet state. docknet rewrites this file on every change; keep any edit valid YAML.\n";
  out.reserve(512 + state.networks.size() * 1024);
  BlockFields root{out, 0, false};
  schema::visit_fields(root, state);
  // Last, so that a file cut short anywhere lacks it and is refused (see state_decode.hpp).
  out += kEndMarker;
  out += '\n';
  return out;
}

}  // namespace docknet::store
