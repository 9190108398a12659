#include "lib/store/state_decode.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <cstring>
#include <limits>

#include "lib/core/error.hpp"
#include "lib/core/strings.hpp"
#include "lib/store/yaml_codec.hpp"

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

/// One known key of an object: whether the writer always writes it, and how to read it.
template <class T>
struct Field {
  const char* key;
  bool required;
  void (*set)(T&, const Tree&, const Ctx&);
};

/// Applies the table to a mapping: every key known, none twice, every required one present.
template <class T, size_t N>
void decode_object(T& obj, const Tree& t, const Ctx& c, const Field<T> (&table)[N]) {
  bool seen[N] = {};
  std::string joined;  // "WHERE: KEY" for an object inside a list (an IPAM pool)
  std::string_view where = c.where;
  if (!c.key.empty()) where = joined = fmt::format("{}: {}", c.where, c.key);
  for (const auto& [k, v] : mapping(t, c)) {
    size_t i = 0;
    while (i < N && k != table[i].key) ++i;
    Ctx at{c.origin, where, k};
    if (i == N) at.fail("unknown key (a typo? docknet refuses what it cannot read rather than drop it)");
    if (seen[i]) at.fail("appears twice");
    seen[i] = true;
    table[i].set(obj, v, at);
  }
  for (size_t i = 0; i < N; ++i)
    if (table[i].required && !seen[i]) c.fail(fmt::format("missing key {}", table[i].key));
}

using model::Container;
using model::Endpoint;
using model::IpamConfig;
using model::Network;

const Field<IpamConfig> kPoolFields[] = {
    {"subnet", true, [](IpamConfig& p, const Tree& t, const Ctx& c) { p.subnet = prefix(t, c); }},
    {"ip_range", false, [](IpamConfig& p, const Tree& t, const Ctx& c) { p.ip_range = prefix(t, c); }},
    {"gateway", false, [](IpamConfig& p, const Tree& t, const Ctx& c) { p.gateway = address(str(t, c), c); }},
    {"aux_addresses", false,
     [](IpamConfig& p, const Tree& t, const Ctx& c) {
       for (const auto& [k, v] : string_map(t, c)) p.aux_addresses[k] = address(v, c);
     }},
};

bool is_intent(const std::string& s) {
  return s == model::kIntentConnect || s == model::kIntentConnectNewContainer || s == model::kIntentDisconnect;
}

const Field<Endpoint> kEndpointFields[] = {
    {"name", true, [](Endpoint& e, const Tree& t, const Ctx& c) { e.name = str(t, c); }},
    {"endpoint_id", true, [](Endpoint& e, const Tree& t, const Ctx& c) { e.endpoint_id = str(t, c); }},
    {"mac_address", true, [](Endpoint& e, const Tree& t, const Ctx& c) { e.mac_address = str(t, c); }},
    {"ipv4", false, [](Endpoint& e, const Tree& t, const Ctx& c) { e.ipv4 = prefix(t, c); }},
    {"ipv6", false, [](Endpoint& e, const Tree& t, const Ctx& c) { e.ipv6 = prefix(t, c); }},
    {"host_ifname", true, [](Endpoint& e, const Tree& t, const Ctx& c) { e.host_ifname = str(t, c); }},
    {"ifname", true, [](Endpoint& e, const Tree& t, const Ctx& c) { e.ifname = str(t, c); }},
    {"aliases", false, [](Endpoint& e, const Tree& t, const Ctx& c) { e.aliases = split(str(t, c), ','); }},
    {"links", false, [](Endpoint& e, const Tree& t, const Ctx& c) { e.links = split(str(t, c), ','); }},
    {"link_local_ips", false,
     [](Endpoint& e, const Tree& t, const Ctx& c) {
       for (const auto& ip : split(str(t, c), ',')) e.link_local_ips.push_back(address(ip, c));
     }},
    {"static_ip", false, [](Endpoint& e, const Tree& t, const Ctx& c) { e.static_ip = boolean(t, c); }},
    {"gw_priority", false, [](Endpoint& e, const Tree& t, const Ctx& c) { e.gw_priority = signed_int(t, c); }},
    {"sysctls", false, [](Endpoint& e, const Tree& t, const Ctx& c) { e.sysctls = str(t, c); }},
    {"intent", false,
     [](Endpoint& e, const Tree& t, const Ctx& c) {
       e.intent = str(t, c);
       if (!is_intent(e.intent)) c.fail(shown(t) + " is not connect, connect-new-container or disconnect");
     }},
};

const Field<Network> kNetworkFields[] = {
    {"name", true, [](Network& n, const Tree& t, const Ctx& c) { n.name = str(t, c); }},
    {"id", true, [](Network& n, const Tree& t, const Ctx& c) { n.id = str(t, c); }},
    {"created", true,
     [](Network& n, const Tree& t, const Ctx& c) {
       auto ts = Timestamp::parse_rfc3339(str(t, c));
       if (!ts) c.fail(shown(t) + " is not an RFC 3339 time");
       n.created = *ts;
     }},
    {"scope", true, [](Network& n, const Tree& t, const Ctx& c) { n.scope = str(t, c); }},
    {"driver", true, [](Network& n, const Tree& t, const Ctx& c) { n.driver = str(t, c); }},
    {"enable_ipv4", true, [](Network& n, const Tree& t, const Ctx& c) { n.enable_ipv4 = boolean(t, c); }},
    {"enable_ipv6", true, [](Network& n, const Tree& t, const Ctx& c) { n.enable_ipv6 = boolean(t, c); }},
    {"internal", true, [](Network& n, const Tree& t, const Ctx& c) { n.internal = boolean(t, c); }},
    {"attachable", true, [](Network& n, const Tree& t, const Ctx& c) { n.attachable = boolean(t, c); }},
    {"ingress", true, [](Network& n, const Tree& t, const Ctx& c) { n.ingress = boolean(t, c); }},
    {"config_only", true, [](Network& n, const Tree& t, const Ctx& c) { n.config_only = boolean(t, c); }},
    {"config_from", true, [](Network& n, const Tree& t, const Ctx& c) { n.config_from = str(t, c); }},
    {"bridge_preexisting", true,
     [](Network& n, const Tree& t, const Ctx& c) { n.bridge_preexisting = boolean(t, c); }},
    {"bridge_addresses_found", false,
     [](Network& n, const Tree& t, const Ctx& c) {
       for (const auto& a : split(str(t, c), ',')) n.bridge_addresses_found.push_back(prefix_text(a, c));
     }},
    {"pending", false, [](Network& n, const Tree& t, const Ctx& c) { n.pending = boolean(t, c); }},
    {"removing", false, [](Network& n, const Tree& t, const Ctx& c) { n.removing = boolean(t, c); }},
    {"user_subnet", false, [](Network& n, const Tree& t, const Ctx& c) { n.user_subnet = boolean(t, c); }},
    {"parent_link_created", false,
     [](Network& n, const Tree& t, const Ctx& c) { n.parent_link_created = boolean(t, c); }},
    {"ipam_driver", true, [](Network& n, const Tree& t, const Ctx& c) { n.ipam_driver = str(t, c); }},
    {"ipam_options", true,
     [](Network& n, const Tree& t, const Ctx& c) {
       n.ipam_options = t.kind == Tree::Kind::Null ? std::nullopt : std::optional(string_map(t, c));
     }},
    {"ipam_config", true,
     [](Network& n, const Tree& t, const Ctx& c) {
       for (const auto& p : list(t, c)) {
         IpamConfig pool;
         decode_object(pool, p, Ctx{c.origin, c.where, "ipam_config"}, kPoolFields);
         n.ipam_config.push_back(std::move(pool));
       }
     }},
    {"options", true, [](Network& n, const Tree& t, const Ctx& c) { n.options = string_map(t, c); }},
    {"labels", true, [](Network& n, const Tree& t, const Ctx& c) { n.labels = string_map(t, c); }},
    {"containers", true,
     [](Network& n, const Tree& t, const Ctx& c) {
       for (const auto& [cid, v] : mapping(t, c)) {
         Endpoint e;
         e.container_id = cid;
         decode_object(e, v, Ctx{c.origin, fmt::format("{}: containers: \"{}\"", c.where, cid), ""}, kEndpointFields);
         if (!n.containers.emplace(cid, std::move(e)).second)
           c.fail(fmt::format("\"{}\" appears twice", cid));
       }
     }},
};

const Field<Container> kContainerFields[] = {
    {"id", true, [](Container& k, const Tree& t, const Ctx& c) { k.id = str(t, c); }},
    {"name", true, [](Container& k, const Tree& t, const Ctx& c) { k.name = str(t, c); }},
    {"netns", true, [](Container& k, const Tree& t, const Ctx& c) { k.netns_path = str(t, c); }},
    {"dev", true,
     [](Container& k, const Tree& t, const Ctx& c) { k.dev = number(t, c, std::numeric_limits<uint64_t>::max()); }},
    {"ino", true,
     [](Container& k, const Tree& t, const Ctx& c) { k.ino = number(t, c, std::numeric_limits<uint64_t>::max()); }},
    {"ipv6_disabled", false, [](Container& k, const Tree& t, const Ctx& c) { k.ipv6_disabled = boolean(t, c); }},
};

const Field<model::State> kRootFields[] = {
    {"schema", true,
     [](model::State& s, const Tree& t, const Ctx& c) {
       uint64_t v = number(t, c, 1000000);
       if (v != uint64_t(kSchemaVersion))
         corrupt(c.origin, fmt::format("schema version {} is not {} (written by another docknet version?)", v,
                                       kSchemaVersion));
       s.schema = int(v);
     }},
    {"boot_id", true, [](model::State& s, const Tree& t, const Ctx& c) { s.boot_id = str(t, c); }},
    {"containers", true,
     [](model::State& s, const Tree& t, const Ctx& c) {
       for (const auto& v : list(t, c)) {
         Container k;
         decode_object(k, v, Ctx{c.origin, fmt::format("containers[{}]", s.containers.size()), ""}, kContainerFields);
         s.containers.push_back(std::move(k));
       }
     }},
    {"networks", true,
     [](model::State& s, const Tree& t, const Ctx& c) {
       for (const auto& v : list(t, c)) {
         Network n;
         // Name the network in errors when it has a readable name.
         std::string where = fmt::format("networks[{}]", s.networks.size());
         if (v.kind == Tree::Kind::Map)
           for (const auto& [k, x] : v.map)
             if (k == "name" && x.kind == Tree::Kind::Scalar) where = "network " + shown(x);
         decode_object(n, v, Ctx{c.origin, where, ""}, kNetworkFields);
         s.networks.push_back(std::move(n));
       }
     }},
};

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

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
    if (k == "schema") kRootFields[0].set(s, v, Ctx{origin, "", "schema"});
  decode_object(s, root, Ctx{origin, "", ""}, kRootFields);
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

std::string base64_encode(std::string_view bytes) {
  std::string out;
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = uint32_t(uint8_t(bytes[i])) << 16 | uint32_t(uint8_t(bytes[i + 1])) << 8 | uint8_t(bytes[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += kB64[(v >> s) & 63];
  }
  if (size_t rest = bytes.size() - i) {
    uint32_t v = uint32_t(uint8_t(bytes[i])) << 16 | (rest == 2 ? uint32_t(uint8_t(bytes[i + 1])) << 8 : 0);
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += rest == 2 ? kB64[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < text.size(); i += 4) {
    uint32_t v = 0;
    int pad = 0;
    for (size_t j = 0; j < 4; ++j) {
      char ch = text[i + j];
      const char* p = ch ? std::strchr(kB64, ch) : nullptr;
      if (ch == '=' && i + 4 == text.size() && j >= 2) {
        ++pad;
        v <<= 6;
        continue;
      }
      if (!p || pad) return std::nullopt;
      v = (v << 6) | uint32_t(p - kB64);
    }
    out += char(v >> 16);
    if (pad < 2) out += char((v >> 8) & 0xff);
    if (pad < 1) out += char(v & 0xff);
  }
  return out;
}

}  // namespace docknet::store
