#include "lib/store/state_decode.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <stdexcept>

#include "lib/core/error.hpp"
#include "lib/core/strings.hpp"
#include "lib/model/ports.hpp"
#include "lib/store/state_schema.hpp"

namespace docknet::store {
namespace {

/// Where a value sits ("network \"lab\": containers: \"c1\""), for error messages.
/// Views only: it is made for every value read, and its text is needed only on failure.
struct Ctx {
  const std::string& origin;
  std::string_view where;
  std::string_view key;
  [[noreturn]] void fail(const std::string& why) const {
    std::string at(where.empty() ? key : where);
    if (!where.empty() && !key.empty()) at.append(": ").append(key);
    corrupt(origin, at.empty() ? why : at + ": " + why);
  }
};

std::string shown(const Tree& t) {
  switch (t.kind) {
    case Tree::Kind::Null: return "null";
    case Tree::Kind::Map: return "a mapping";
    case Tree::Kind::Seq: return "a list";
    case Tree::Kind::Scalar: break;
  }
  std::string s = t.text.size() > 60 ? t.text.substr(0, 60) + "..." : t.text;
  std::string out = "\"";
  for (unsigned char c : s) out += (c < 0x20 || c >= 0x7f) ? fmt::format("\\x{:02x}", c) : std::string(1, char(c));
  return out + "\"";
}

const std::string& str(const Tree& t, const Ctx& c) {
  if (t.kind != Tree::Kind::Scalar) c.fail(shown(t) + " is not a string");
  return t.text;
}
bool boolean(const Tree& t, const Ctx& c) {
  if (t.kind == Tree::Kind::Scalar && !t.quoted && (t.text == "true" || t.text == "false")) return t.text == "true";
  c.fail(shown(t) + " is not true or false");
}
uint64_t number(const Tree& t, const Ctx& c, uint64_t max) {
  bool ok = t.kind == Tree::Kind::Scalar && !t.quoted && !t.text.empty() && t.text.size() <= 20;
  uint64_t v = 0;
  for (size_t i = 0; ok && i < t.text.size(); ++i) {
    char ch = t.text[i];
    if (ch < '0' || ch > '9' || (ch == '0' && i == 0 && t.text.size() > 1)) ok = false;
    else if (v > (max - uint64_t(ch - '0')) / 10) ok = false;
    else v = v * 10 + uint64_t(ch - '0');
  }
  if (!ok) c.fail(fmt::format("{} is not an integer from 0 to {}", shown(t), max));
  return v;
}
// A quoted decimal int64, as written for gw_priority ("-5", "100"): exactly what the emitter
// writes (std::to_string), so no sign but '-', no leading zero, no "-0".
long long signed_int(const Tree& t, const Ctx& c) {
  std::string s = str(t, c);
  bool negative = !s.empty() && s[0] == '-';
  std::string digits = negative ? s.substr(1) : s;
  bool canonical = !digits.empty() && digits.find_first_not_of("0123456789") == std::string::npos &&
                   (digits == "0" || digits[0] != '0') && !(negative && digits == "0");
  auto v = canonical ? parse_int(s) : std::nullopt;
  if (!v) c.fail(shown(t) + " is not a whole number from -9223372036854775808 to 9223372036854775807");
  return *v;
}
IpPrefix prefix(const Tree& t, const Ctx& c) {
  auto p = IpPrefix::parse(str(t, c));
  if (!p) c.fail(shown(t) + " is not an address with a prefix length");
  return *p;
}
IpPrefix prefix_text(const std::string& s, const Ctx& c) {
  auto p = IpPrefix::parse(s);
  if (!p) c.fail(fmt::format("\"{}\" is not an address with a prefix length", s));
  return *p;
}
IpAddress address(const std::string& s, const Ctx& c) {
  auto a = IpAddress::parse(s);
  if (!a) c.fail(fmt::format("\"{}\" is not an IP address", s));
  return *a;
}
const std::vector<std::pair<std::string, Tree>>& mapping(const Tree& t, const Ctx& c) {
  if (t.kind != Tree::Kind::Map) c.fail(shown(t) + " is not a mapping");
  return t.map;
}
const std::vector<Tree>& list(const Tree& t, const Ctx& c) {
  if (t.kind != Tree::Kind::Seq) c.fail(shown(t) + " is not a list");
  return t.seq;
}
StringMap string_map(const Tree& t, const Ctx& c) {
  StringMap m;
  for (const auto& [k, v] : mapping(t, c)) {
    auto inner = [&](const std::string& why) { c.fail(fmt::format("\"{}\": {}", k, why)); };
    if (v.kind != Tree::Kind::Scalar) inner(shown(v) + " is not a string");
    if (!m.emplace(k, v.text).second) inner("appears twice");
  }
  return m;
}

using schema::Struct;
using schema::When;

// One reader per C++ type, as state_schema.hpp lists the encodings.
void read(std::string& m, const Tree& t, const Ctx& c) { m = str(t, c); }
void read(bool& m, const Tree& t, const Ctx& c) { m = boolean(t, c); }
void read(uint64_t& m, const Tree& t, const Ctx& c) { m = number(t, c, std::numeric_limits<uint64_t>::max()); }
void read(long long& m, const Tree& t, const Ctx& c) { m = signed_int(t, c); }
void read(IpPrefix& m, const Tree& t, const Ctx& c) { m = prefix(t, c); }
void read(IpAddress& m, const Tree& t, const Ctx& c) { m = address(str(t, c), c); }
void read(Timestamp& m, const Tree& t, const Ctx& c) {
  auto ts = Timestamp::parse_rfc3339(str(t, c));
  if (!ts) c.fail(shown(t) + " is not an RFC 3339 time");
  m = *ts;
}
void read(schema::SchemaVersion<int> m, const Tree& t, const Ctx& c) {
  uint64_t v = number(t, c, 1000000);
  if (v != uint64_t(kSchemaVersion))
    corrupt(c.origin, fmt::format("schema version {} is not {} (written by another docknet version?)", v, kSchemaVersion));
  m.value = int(v);
}
void read(schema::Intent<std::string> m, const Tree& t, const Ctx& c) {
  const std::string& s = str(t, c);
  if (s != model::kIntentConnect && s != model::kIntentConnectNewContainer && s != model::kIntentDisconnect)
    c.fail(shown(t) + " is not connect, connect-new-container or disconnect");
  m.value = s;
}
// An item of a comma-joined list, or a value of a flow mapping of strings.
void item(std::string& m, std::string&& s, const Ctx&) { m = std::move(s); }
void item(IpAddress& m, std::string&& s, const Ctx& c) { m = address(s, c); }
void item(IpPrefix& m, std::string&& s, const Ctx& c) { m = prefix_text(s, c); }
void item(model::PortBinding& m, std::string&& s, const Ctx& c) {
  auto b = model::parse_binding_text(s);
  if (!b) c.fail(fmt::format("\"{}\" is not a published port (HOST_IP:PORT->PORT/PROTO)", s));
  m = *b;
}
template <class T>
  requires(!Struct<T>)
void read(std::vector<T>& m, const Tree& t, const Ctx& c) {
  for (auto& s : split(str(t, c), ',')) item(m.emplace_back(), std::move(s), c);
}
template <class T>
  requires(!Struct<T>)
void read(std::map<std::string, T>& m, const Tree& t, const Ctx& c) {
  if constexpr (std::is_same_v<T, std::string>) m = string_map(t, c);
  else
    for (auto& [k, v] : string_map(t, c)) item(m[k], std::move(v), c);
}
// An optional written every time is null when unset; one written only when set has a value.
template <class T>
void read(std::optional<T>& m, const Tree& t, const Ctx& c, When when) {
  if (when == When::Always && t.kind == Tree::Kind::Null) return m.reset();
  read(m.emplace(), t, c);
}
template <class M>
void read(M&& m, const Tree& t, const Ctx& c, When) {
  read(std::forward<M>(m), t, c);
}

template <Struct T>
void decode_object(T& obj, const Tree& t, const Ctx& c);

/// Where an item of a list is, in errors: a network by its name when it has a readable one, an
/// item of a top-level list by its index, a pool as the list it is in.
template <class T>
std::string item_where(const Tree& v, size_t index, const Ctx& c) {
  if constexpr (std::is_same_v<T, model::Network>)
    if (v.kind == Tree::Kind::Map)
      for (const auto& [k, x] : v.map)
        if (k == "name" && x.kind == Tree::Kind::Scalar) return "network " + shown(x);
  return fmt::format("{}[{}]", c.key, index);
}

template <Struct T>
void read(std::vector<T>& m, const Tree& t, const Ctx& c) {
  for (const auto& v : list(t, c)) {
    T& obj = m.emplace_back();
    if (c.where.empty()) {
      std::string where = item_where<T>(v, m.size() - 1, c);
      decode_object(obj, v, Ctx{c.origin, where, ""});
    } else {
      decode_object(obj, v, c);
    }
  }
}

/// Sets the member the schema marks as the key of an entry (Endpoint::container_id).
struct KeySetter {
  const std::string& key;
  template <class M>
  void field(const char*, M&&, When) {}
  void map_key(std::string& m) { m = key; }
};

template <Struct T>
void read(std::map<std::string, T>& m, const Tree& t, const Ctx& c) {
  for (const auto& [k, v] : mapping(t, c)) {
    T obj;
    KeySetter ks{k};
    schema::visit_fields(ks, obj);
    decode_object(obj, v, Ctx{c.origin, fmt::format("{}: {}: \"{}\"", c.where, c.key, k), ""});
    if (!m.emplace(k, std::move(obj)).second) c.fail(fmt::format("\"{}\" appears twice", k));
  }
}

/// Reads the value of `key` into the field of that name, if the object has one. Fields are
/// numbered in schema order; the search starts at `from` (the field after the last one found,
/// which in a file docknet wrote is the next key) and wraps round in a second pass.
struct Setter {
  const std::string& key;
  const Tree& value;
  const Ctx& at;
  uint64_t& seen;
  size_t from;
  bool wrapped = false;
  size_t index = 0;
  size_t found = SIZE_MAX;
  template <class M>
  void field(const char* name, M&& m, When when) {
    size_t i = index++;
    if (found != SIZE_MAX || (i < from) != wrapped || key != name) return;
    found = i;
    if (seen & (uint64_t(1) << i)) at.fail("appears twice");
    seen |= uint64_t(1) << i;
    read(std::forward<M>(m), value, at, when);
  }
  template <class M>
  void map_key(M&&) {}
};

/// Fails at the first field that is always written but was not in the mapping.
struct Missing {
  uint64_t seen;
  const Ctx& c;
  size_t index = 0;
  template <class M>
  void field(const char* name, M&&, When when) {
    if (when == When::Always && !(seen & (uint64_t(1) << index))) c.fail(fmt::format("missing key {}", name));
    ++index;
  }
  template <class M>
  void map_key(M&&) {}
};

struct Counter {
  size_t n = 0;
  template <class M>
  void field(const char*, M&&, When) { ++n; }
  template <class M>
  void map_key(M&&) {}
};

/// Reads a mapping into `obj` through its schema: every key known, none twice, every field
/// that is always written present.
template <Struct T>
void decode_object(T& obj, const Tree& t, const Ctx& c) {
  static const size_t fields = [] {
    Counter n;
    T probe{};
    schema::visit_fields(n, probe);
    return n.n;
  }();
  if (fields > 64) throw std::logic_error("decode_object: more than 64 fields");  // `seen` is a bit mask
  uint64_t seen = 0;
  std::string joined;  // "WHERE: KEY" for an object inside a list (an IPAM pool)
  std::string_view where = c.where;
  if (!c.key.empty()) where = joined = fmt::format("{}: {}", c.where, c.key);
  size_t from = 0;
  for (const auto& [k, v] : mapping(t, c)) {
    Ctx at{c.origin, where, k};
    Setter s{k, v, at, seen, from};
    schema::visit_fields(s, obj);
    if (s.found == SIZE_MAX && from > 0) {
      s.wrapped = true;
      s.index = 0;
      schema::visit_fields(s, obj);
    }
    if (s.found == SIZE_MAX) at.fail("unknown key (a typo? docknet refuses what it cannot read rather than drop it)");
    from = s.found + 1;
  }
  Missing m{seen, c};
  schema::visit_fields(m, obj);
}

}  // namespace

void corrupt(const std::string& origin, const std::string& why) {
  throw Error(ErrorKind::System, fmt::format("corrupt state file {}: {}", origin, why));
}

bool has_end_marker(std::string_view text) {
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  if (text.size() < kEndMarker.size() + 1) return false;
  return text.substr(text.size() - kEndMarker.size()) == kEndMarker &&
         text[text.size() - kEndMarker.size() - 1] == '\n';
}

void check_end_marker(const std::string& text, const std::string& origin) {
  if (!has_end_marker(text))
    corrupt(origin, fmt::format("its last line is not \"{}\": the file was cut short (or written by a docknet "
                                "older than the marker), so docknet will neither read nor rewrite it",
                                kEndMarker));
}

model::State decode_tree(const Tree& root, const std::string& origin) {
  model::State s;
  if (root.kind != Tree::Kind::Map) corrupt(origin, "not a YAML mapping");
  // The schema first, so that a file of another version says so rather than "unknown key".
  for (const auto& [k, v] : root.map)
    if (k == "schema") read(schema::schema_version(s.schema), v, Ctx{origin, "", "schema"});
  decode_object(s, root, Ctx{origin, "", ""});
  return s;
}

bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t n;
    uint32_t cp;
    if ((c >> 5) == 0x6) n = 1, cp = c & 0x1f;
    else if ((c >> 4) == 0xe) n = 2, cp = c & 0x0f;
    else if ((c >> 3) == 0x1e) n = 3, cp = c & 0x07;
    else return false;
    if (i + n >= s.size()) return false;
    for (size_t j = 1; j <= n; ++j) {
      unsigned char d = static_cast<unsigned char>(s[i + j]);
      if ((d >> 6) != 0x2) return false;
      cp = (cp << 6) | (d & 0x3f);
    }
    // No overlong forms, no surrogates, nothing past U+10FFFF.
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
        (cp >= 0xd800 && cp <= 0xdfff))
      return false;
    i += n + 1;
  }
  return true;
}

}  // namespace docknet::store
