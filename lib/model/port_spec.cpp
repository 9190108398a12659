#include "lib/model/port_spec.hpp"
#include "lib/model/firewall_rules.hpp"

#include <map>

#include "lib/model/messages.hpp"

// The rules follow docker/cli v29.7.2 and what it calls; the Go sources named in each comment
// are the reference (go-connections v0.8.0 nat/nat.go and nat/parse.go, moby api v1.55.0
// types/network/port.go, fvbommel/sortorder v1.1.0 natsort.go).
namespace docknet::model {

namespace {

struct PortRange {
  int start = 0, end = 0;
};

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// nat's parsePortNumber: Go's strconv.ParseInt(s, 10, 0), so a sign is allowed ("+80" is 80,
// "-0" is 0), then 0..65535. Only whether it parses matters: ParsePortSpec drops the reason.
std::optional<int> nat_port_number(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  long value = 0;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
    value = value * 10 + (c - '0');
    if (value > 65535) return std::nullopt;  // out of range whatever follows
  }
  if (negative && value != 0) return std::nullopt;
  return static_cast<int>(value);
}

// nat's parsePortRange: "START" or "START-END", cut at the first '-'. An END spelt exactly as
// START is not parsed again, and END below START is refused.
std::optional<PortRange> nat_port_range(std::string_view s) {
  if (s.empty()) return std::nullopt;
  auto dash = s.find('-');
  auto start_text = s.substr(0, dash);
  auto start = nat_port_number(start_text);
  if (!start) return std::nullopt;
  if (dash == std::string_view::npos || s.substr(dash + 1) == start_text) return PortRange{*start, *start};
  auto end = nat_port_number(s.substr(dash + 1));
  if (!end || *end < *start) return std::nullopt;
  return PortRange{*start, *end};
}

// Go's net.SplitHostPort on "IP:" for an IP that starts with '[': why it fails, or the address
// between the brackets. Docker wraps the failure as "invalid IP address IP: address IP:: WHY".
std::string unbracket(const std::string& ip) {
  std::string hostport = ip + ":";
  auto fail = [&](const char* why) { throw msg::invalid_bracketed_ip(ip, "address " + hostport + ": " + why); };
  size_t last_colon = hostport.size() - 1;
  size_t close = hostport.find(']');
  if (close == std::string::npos) fail("missing ']' in address");
  if (close + 1 != last_colon) {
    // Either ']' is not followed by a colon, or the colon after it is not the last one.
    if (hostport[close + 1] == ':') fail("too many colons in address");
    fail("missing port in address");
  }
  if (hostport.find('[', 1) != std::string::npos) fail("unexpected '[' in address");
  return hostport.substr(1, close - 1);
}

int protocol_number(const std::string& proto) {
  if (auto p = protocol_of(proto)) return *p;
  throw msg::invalid_proto(proto);
}

// cli/command/container/opts.go convertToStandardNotation: a value with '=' is the long form,
// "published=P,target=T,protocol=PROTO" (protocol tcp unless given; other names are accepted
// and ignored; a later pair wins), rewritten as "P:T/PROTO" for the short-form parser.
std::string long_form_to_short(std::string_view spec) {
  std::map<std::string, std::string> params{{"protocol", "tcp"}};
  size_t pos = 0;
  while (true) {
    size_t comma = spec.find(',', pos);
    std::string pair(spec.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
    size_t eq = pair.find('=');
    if (eq == std::string::npos || eq == 0) throw msg::invalid_publish_opts(pair);
    params[pair.substr(0, eq)] = pair.substr(eq + 1);
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return params["published"] + ":" + params["target"] + "/" + params["protocol"];
}

// nat's splitParts: split at every ':'; the last part is the container port, the one before it
// the host port, and everything before those (joined again) the host address, so a bare IPv6
// address works when both ports' places are there ("::1:80:80", "::::80").
void split_parts(const std::string& spec, std::string& ip, std::string& host_port, std::string& container) {
  size_t last = spec.rfind(':');
  if (last == std::string::npos) {
    container = spec;
    return;
  }
  container = spec.substr(last + 1);
  size_t before = last == 0 ? std::string::npos : spec.rfind(':', last - 1);
  if (before == std::string::npos) {
    host_port = spec.substr(0, last);
    return;
  }
  host_port = spec.substr(before + 1, last - before - 1);
  ip = spec.substr(0, before);
}

// nat.ParsePortSpec on one short-form value.
std::vector<PortRequest> parse_short_form(const std::string& spec) {
  std::string ip, host_port, container;
  split_parts(spec, ip, host_port, container);

  // SplitProtoPort: cut at the first '/'; no port at all is refused before the protocol.
  auto slash = container.find('/');
  std::string proto = slash == std::string::npos ? "" : container.substr(slash + 1);
  container = container.substr(0, slash);
  if (container.empty()) throw msg::no_port_specified(spec);
  int protocol = protocol_number(proto.empty() ? "tcp" : ascii_lower(proto));

  if (!ip.empty() && ip[0] == '[') ip = unbracket(ip);  // "[]" leaves no address at all
  std::optional<IpAddress> host_ip;
  if (!ip.empty()) {
    // Go's net.ParseIP: netip.ParseAddr without a zone; IpAddress::parse is as strict.
    host_ip = IpAddress::parse(ip);
    if (!host_ip) throw msg::invalid_host_ip(ip);
  }

  auto ports = nat_port_range(container);
  if (!ports) throw msg::invalid_container_port(container);
  PortRange hosts;
  if (!host_port.empty()) {
    auto parsed = nat_port_range(host_port);
    if (!parsed) throw msg::invalid_host_port(host_port);
    hosts = *parsed;
    // Lengths may differ only for a single container port: the host range is then the pool
    // its one host port is taken from.
    if (ports->end - ports->start != hosts.end - hosts.start && ports->end != ports->start)
      throw msg::mismatched_port_ranges(container, host_port);
  }

  std::vector<PortRequest> out;
  int count = ports->end - ports->start + 1;
  for (int i = 0; i < count; ++i) {
    PortRequest r;
    r.protocol = protocol;
    r.container_port = static_cast<uint16_t>(ports->start + i);
    r.host_ip = host_ip;
    if (!host_port.empty()) {
      r.host_port = static_cast<uint16_t>(hosts.start + i);
      r.host_port_end = count == 1 ? static_cast<uint16_t>(hosts.end) : r.host_port;
    }
    out.push_back(r);
  }
  return out;
}

}  // namespace

std::vector<PortRequest> parse_publish(std::string_view spec) {
  if (spec.find('=') != std::string_view::npos) return parse_short_form(long_form_to_short(spec));
  return parse_short_form(std::string(spec));
}

std::vector<PortRequest> parse_publish_list(const std::vector<std::string>& specs) {
  // The CLI converts every long-form value before it parses any (opts.go:423-457), so a bad
  // long form is reported before a bad short one given earlier.
  std::vector<std::string> standard;
  for (const auto& spec : specs) standard.push_back(spec.find('=') != std::string::npos ? long_form_to_short(spec) : spec);
  std::vector<PortRequest> out;
  for (const auto& spec : standard)
    for (auto& r : parse_short_form(spec)) out.push_back(r);
  return out;
}

void check_port_requests(const std::vector<PortRequest>& requests) {
  // The CLI lets "0" through as a container port; the daemon refuses it when it creates the
  // container. Host ports the CLI produced always parse again, so that check never fails here.
  for (const auto& r : requests)
    if (r.container_port == 0) throw msg::invalid_port_specification("0/" + proto_name(r.protocol));
}

ParsedPort parse_port_arg(std::string_view arg) {
  // moby api network.ParsePort: cut at the first '/'; the number is strconv.ParseUint(s, 10, 16),
  // whose reason Docker passes on unwrapped.
  if (arg.empty()) throw msg::empty_port_arg();
  auto slash = arg.find('/');
  std::string port(arg.substr(0, slash));
  std::string proto = slash == std::string_view::npos ? "" : ascii_lower(arg.substr(slash + 1));
  if (port.empty()) throw msg::invalid_port_arg(port, "value is empty");
  unsigned value = 0;
  for (char c : port) {
    // ParseUint stops at the first bad digit or at the first overflow, whichever comes first.
    if (!is_digit(c)) throw msg::invalid_port_arg(port, "invalid syntax");
    value = value * 10 + static_cast<unsigned>(c - '0');
    if (value > 65535) throw msg::invalid_port_arg(port, "value out of range");
  }
  return ParsedPort{static_cast<uint16_t>(value), proto.empty() ? "tcp" : proto};
}

std::string proto_name(int protocol) {
  const char* name = l4_name(protocol);
  return name ? name : std::to_string(protocol);
}

std::optional<int> protocol_of(std::string_view name) {
  for (int p : {6, 17, 132})
    if (name == l4_name(p)) return p;
  return std::nullopt;
}

}  // namespace docknet::model
