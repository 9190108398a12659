// The fast path for reading the state: a strict reader of emit_state's own layout. Anything
// else (comments aside) makes it give up, and yaml-cpp reads the file instead.
#include <cctype>
#include <string_view>

#include "lib/core/strings.hpp"
#include "lib/store/state_format.hpp"
#include "lib/store/yaml_codec.hpp"

namespace docknet::store {
namespace {

struct Miss {};

/// A value of the layout: a scalar (quoted string, true/false/null, integer) or a flow map.
struct Flow {
  enum class Kind { String, Bool, Null, Int, Map } kind = Kind::Null;
  std::string text;
  std::vector<std::pair<std::string, Flow>> map;
};

class ValueParser {
 public:
  explicit ValueParser(std::string_view s) : s_(s) {}
  Flow whole() {
    Flow v = value();
    if (i_ != s_.size()) throw Miss{};
    return v;
  }

 private:
  void expect(char c) {
    if (i_ >= s_.size() || s_[i_] != c) throw Miss{};
    ++i_;
  }
  std::string quoted() {
    expect('"');
    // Most strings have no escapes: one allocation, no character loop.
    size_t end = s_.find('"', i_);
    if (end != std::string_view::npos && s_.substr(i_, end - i_).find('\\') == std::string_view::npos) {
      std::string out(s_.substr(i_, end - i_));
      i_ = end + 1;
      return out;
    }
    std::string out;
    while (i_ < s_.size() && s_[i_] != '"') {
      size_t plain = s_.find_first_of("\"\\", i_);
      if (plain == std::string_view::npos) throw Miss{};
      out.append(s_.substr(i_, plain - i_));
      i_ = plain;
      if (s_[i_] == '"') break;
      ++i_;
      if (i_ >= s_.size()) throw Miss{};
      char e = s_[i_++];
      if (e == '"' || e == '\\') {
        out += e;
      } else if (e == 'x' && i_ + 2 <= s_.size() && std::isxdigit(static_cast<unsigned char>(s_[i_])) &&
                 std::isxdigit(static_cast<unsigned char>(s_[i_ + 1]))) {
        out += static_cast<char>(std::stoi(std::string(s_.substr(i_, 2)), nullptr, 16));
        i_ += 2;
      } else {
        throw Miss{};
      }
    }
    expect('"');
    return out;
  }
  std::string key() {
    if (i_ < s_.size() && s_[i_] == '"') return quoted();
    size_t b = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_')) ++i_;
    if (b == i_) throw Miss{};
    return std::string(s_.substr(b, i_ - b));
  }
  Flow value() {
    Flow v;
    if (i_ < s_.size() && s_[i_] == '"') {
      v.kind = Flow::Kind::String;
      v.text = quoted();
    } else if (i_ < s_.size() && s_[i_] == '{') {
      v.kind = Flow::Kind::Map;
      ++i_;
      while (i_ < s_.size() && s_[i_] != '}') {
        if (!v.map.empty()) {
          expect(',');
          expect(' ');
        }
        std::string k = key();
        expect(':');
        expect(' ');
        v.map.emplace_back(std::move(k), value());
      }
      expect('}');
    } else {
      size_t b = i_;
      while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != '}') ++i_;
      v.text = std::string(s_.substr(b, i_ - b));
      if (v.text == "true" || v.text == "false") v.kind = Flow::Kind::Bool;
      else if (v.text == "null") v.kind = Flow::Kind::Null;
      else if (parse_int(v.text)) v.kind = Flow::Kind::Int;
      else throw Miss{};
    }
    return v;
  }
  std::string_view s_;
  size_t i_ = 0;
};

const std::string& str(const Flow& v) {
  if (v.kind != Flow::Kind::String) throw Miss{};
  return v.text;
}
bool boolean(const Flow& v) {
  if (v.kind != Flow::Kind::Bool) throw Miss{};
  return v.text == "true";
}
StringMap string_map(const Flow& v) {
  if (v.kind != Flow::Kind::Map) throw Miss{};
  StringMap m;
  for (const auto& [k, x] : v.map) m[k] = str(x);
  return m;
}
IpPrefix prefix(const Flow& v) {
  auto p = IpPrefix::parse(str(v));
  if (!p) throw Miss{};
  return *p;
}
IpPrefix prefix_text(const std::string& s) {
  auto p = IpPrefix::parse(s);
  if (!p) throw Miss{};
  return *p;
}
IpAddress address(const std::string& s) {
  auto a = IpAddress::parse(s);
  if (!a) throw Miss{};
  return *a;
}

model::IpamConfig pool(const Flow& v) {
  if (v.kind != Flow::Kind::Map) throw Miss{};
  model::IpamConfig c;
  bool subnet = false;
  for (const auto& [k, x] : v.map) {
    if (k == "subnet") c.subnet = prefix(x), subnet = true;
    else if (k == "ip_range") c.ip_range = prefix(x);
    else if (k == "gateway") c.gateway = address(str(x));
    else if (k == "aux_addresses") for (const auto& [name, ip] : string_map(x)) c.aux_addresses[name] = address(ip);
    else throw Miss{};
  }
  if (!subnet) throw Miss{};
  return c;
}

model::Endpoint endpoint(const std::string& cid, const Flow& v) {
  if (v.kind != Flow::Kind::Map) throw Miss{};
  model::Endpoint e;
  e.container_id = cid;
  for (const auto& [k, x] : v.map) {
    if (k == "name") e.name = str(x);
    else if (k == "endpoint_id") e.endpoint_id = str(x);
    else if (k == "mac_address") e.mac_address = str(x);
    else if (k == "ipv4") e.ipv4 = prefix(x);
    else if (k == "ipv6") e.ipv6 = prefix(x);
    else if (k == "host_ifname") e.host_ifname = str(x);
    else if (k == "ifname") e.ifname = str(x);
    else if (k == "aliases") e.aliases = split(str(x), ',');
    else if (k == "static_ip") e.static_ip = boolean(x);
    else if (k == "sysctls") e.sysctls = str(x);
    else if (k == "intent") e.intent = str(x);
    else if (k == "links") e.links = split(str(x), ',');
    else if (k == "link_local_ips") for (const auto& ip : split(str(x), ',')) e.link_local_ips.push_back(address(ip));
    else throw Miss{};
  }
  return e;
}

uint64_t number(const Flow& v) {
  if (v.kind != Flow::Kind::Int) throw Miss{};
  return std::stoull(v.text);
}

model::Container container(const Flow& v) {
  if (v.kind != Flow::Kind::Map) throw Miss{};
  model::Container c;
  for (const auto& [k, x] : v.map) {
    if (k == "id") c.id = str(x);
    else if (k == "name") c.name = str(x);
    else if (k == "netns") c.netns_path = str(x);
    else if (k == "dev") c.dev = number(x);
    else if (k == "ino") c.ino = number(x);
    else throw Miss{};
  }
  return c;
}

void set_field(model::Network& n, std::string_view k, const Flow& v) {
  if (k == "id") n.id = str(v);
  else if (k == "created") {
    auto t = Timestamp::parse_rfc3339(str(v));
    if (!t) throw Miss{};
    n.created = *t;
  } else if (k == "scope") n.scope = str(v);
  else if (k == "driver") n.driver = str(v);
  else if (k == "enable_ipv4") n.enable_ipv4 = boolean(v);
  else if (k == "enable_ipv6") n.enable_ipv6 = boolean(v);
  else if (k == "internal") n.internal = boolean(v);
  else if (k == "attachable") n.attachable = boolean(v);
  else if (k == "ingress") n.ingress = boolean(v);
  else if (k == "config_only") n.config_only = boolean(v);
  else if (k == "config_from") n.config_from = str(v);
  else if (k == "bridge_preexisting") n.bridge_preexisting = boolean(v);
  else if (k == "bridge_addresses_found")
    for (const auto& a : split(str(v), ',')) n.bridge_addresses_found.push_back(prefix_text(a));
  else if (k == "pending") n.pending = boolean(v);
  else if (k == "removing") n.removing = boolean(v);
  else if (k == "user_subnet") n.user_subnet = boolean(v);
  else if (k == "parent_link_created") n.parent_link_created = boolean(v);
  else if (k == "ipam_driver") n.ipam_driver = str(v);
  else if (k == "ipam_options") n.ipam_options = v.kind == Flow::Kind::Null ? std::nullopt : std::optional(string_map(v));
  else if (k == "options") n.options = string_map(v);
  else if (k == "labels") n.labels = string_map(v);
  else throw Miss{};
}

class Reader {
 public:
  explicit Reader(const std::string& text) : text_(text) {}

  model::State run() {
    model::State s;
    header(s);
    while (next()) {
      if (line_.rfind("  - name: ", 0) != 0) throw Miss{};
      model::Network n;
      n.name = str(ValueParser(line_.substr(10)).whole());
      network_body(n);
      s.networks.push_back(std::move(n));
    }
    return s;
  }

 private:
  bool next() {
    if (pending_) return !(pending_ = false);
    while (pos_ < text_.size()) {
      size_t end = text_.find('\n', pos_);
      if (end == std::string::npos) end = text_.size();
      line_ = std::string_view(text_).substr(pos_, end - pos_);
      pos_ = end + 1;
      if (!line_.empty() && line_[0] != '#') return true;
    }
    return false;
  }
  void push_back() { pending_ = true; }

  void header(model::State& s) {
    if (!next() || line_ != "schema: " + std::to_string(kSchemaVersion)) throw Miss{};
    if (!next() || line_.rfind("boot_id: ", 0) != 0) throw Miss{};
    s.boot_id = str(ValueParser(line_.substr(9)).whole());
    if (!next() || (line_ != "containers:" && line_ != "containers: []")) throw Miss{};
    while (next() && line_.rfind("  - {", 0) == 0) s.containers.push_back(container(ValueParser(line_.substr(4)).whole()));
    if (line_ != "networks:" && line_ != "networks: []") throw Miss{};
  }

  void network_body(model::Network& n) {
    while (next()) {
      if (line_.rfind("    ", 0) != 0 || line_.size() < 5 || line_[4] == ' ') {
        push_back();
        return;
      }
      auto colon = line_.find(':');
      if (colon == std::string_view::npos) throw Miss{};
      std::string_view key = line_.substr(4, colon - 4);
      std::string_view rest = line_.substr(colon + 1);
      // A block list ends at the first line that is not one of its items; that line is given back,
      // unless the file ended (then there is nothing to give back).
      bool more = false;
      if (key == "ipam_config" && rest.empty()) {
        while ((more = next()) && line_.rfind("      - ", 0) == 0)
          n.ipam_config.push_back(pool(ValueParser(line_.substr(8)).whole()));
        if (more) push_back();
      } else if (key == "containers" && rest.empty()) {
        while ((more = next()) && line_.rfind("      \"", 0) == 0) {
          std::string wrapped = "{";
          wrapped.append(line_.substr(6));
          wrapped += '}';
          Flow entry = ValueParser(wrapped).whole();
          if (entry.map.size() != 1) throw Miss{};
          n.containers[entry.map[0].first] = endpoint(entry.map[0].first, entry.map[0].second);
        }
        if (more) push_back();
      } else if (key == "ipam_config" && rest == " []") {
      } else if (key == "containers" && rest == " {}") {
      } else {
        if (rest.rfind(' ', 0) != 0) throw Miss{};
        set_field(n, key, ValueParser(rest.substr(1)).whole());
      }
    }
  }

  const std::string& text_;
  size_t pos_ = 0;
  std::string_view line_;
  bool pending_ = false;
};

}  // namespace

std::optional<model::State> read_state_fast(const std::string& text) {
  try {
    return Reader(text).run();
  } catch (const Miss&) {
    return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace docknet::store
