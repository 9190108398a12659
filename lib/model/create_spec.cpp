#include "lib/model/create_spec.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "lib/core/error.hpp"

namespace docknet::model {
namespace {

Error client(const std::string& text) { return Error(ErrorKind::Client, text); }

/// Why Go's netip.ParsePrefix refuses `s`, in its words; the CLI prints it as is (cli@v29.7.2:
/// cli/command/network/create.go:160-163; docker29-deltas row 11a). ParseAddr's own reasons are
/// given for the common IPv4 cases and as "unable to parse IP" otherwise.
std::string parse_prefix_reason(const std::string& s) {
  auto slash = s.rfind('/');
  if (slash == std::string::npos) return "no '/'";
  std::string addr = s.substr(0, slash), bits = s.substr(slash + 1);
  auto ip = IpAddress::parse(addr);
  if (!ip) {
    std::string why = "unable to parse IP";
    if (!addr.empty() && addr.find_first_not_of("0123456789.") == std::string::npos) {
      size_t dots = static_cast<size_t>(std::count(addr.begin(), addr.end(), '.'));
      if (dots < 3) why = "IPv4 address too short";
      else if (dots > 3) why = "IPv4 address too long";
    }
    if (addr.empty()) return "ParseAddr(\"\"): unable to parse IP";
    return fmt::format("ParseAddr({}): {}", go_quote(addr), why);
  }
  bool digits = !bits.empty() && bits.find_first_not_of("0123456789") == std::string::npos;
  if (!digits || (bits.size() > 1 && bits[0] == '0') || bits.size() > 9) return "bad bits after slash: " + go_quote(bits);
  if (std::stoi(bits) > ip->bits()) return "prefix length out of range";
  return "unable to parse prefix";
}

/// The CLI's subnetMatches (net.ParseCIDR), used to compare subnets with each other and with
/// ranges and gateways.
IpPrefix parse_subnet_strict(const std::string& s) {
  auto p = IpPrefix::parse(s);
  if (!p) throw client(fmt::format("invalid subnet: invalid CIDR address: {}", s));
  return *p;
}

/// The CLI's own parse of each --subnet (netip.ParsePrefix): a bare address is refused too.
IpPrefix parse_subnet_flag(const std::string& s) {
  auto p = s.find('/') == std::string::npos ? std::nullopt : IpPrefix::parse(s);
  if (!p) throw client(fmt::format("netip.ParsePrefix({}): {}", go_quote(s), parse_prefix_reason(s)));
  return *p;
}


}  // namespace

std::vector<IpamConfig> group_ipam_flags(const IpamFlags& f) {
  if (f.subnets.size() < f.ip_ranges.size() || f.subnets.size() < f.gateways.size())
    throw client("every ip-range or gateway must have a corresponding subnet");
  std::vector<std::pair<std::string, IpamConfig>> data;  // keyed by the subnet as typed
  for (const auto& s : f.subnets) {
    for (const auto& [k, _] : data) {
      IpPrefix a = parse_subnet_strict(s), b = parse_subnet_strict(k);
      if (a.masked().contains(b.addr()) || b.masked().contains(a.addr()))
        throw client("multiple overlapping subnet configuration is not supported");
    }
    IpamConfig c;
    c.subnet = parse_subnet_flag(s);
    data.emplace_back(s, c);
  }
  auto matches = [](const std::string& subnet, const IpAddress& ip) {
    return parse_subnet_strict(subnet).masked().contains(ip);
  };
  for (const auto& r : f.ip_ranges) {
    bool match = false;
    for (auto& [s, c] : data) {
      if (!matches(s, r.addr())) continue;
      if (c.ip_range)
        throw client(fmt::format("cannot configure multiple ranges ({}, {}) on the same subnet ({})",
                                 r.masked().to_string(), c.ip_range->to_string(), s));
      c.ip_range = r;
      match = true;
    }
    if (!match) throw client(fmt::format("no matching subnet for range {}", r.masked().to_string()));
  }
  for (const auto& g : f.gateways) {
    bool match = false;
    for (auto& [s, c] : data) {
      if (!matches(s, g)) continue;
      if (c.gateway)
        throw client(fmt::format("cannot configure multiple gateways ({}, {}) for the same subnet ({})",
                                 g.to_string(), c.gateway->to_string(), s));
      c.gateway = g;
      match = true;
    }
    if (!match) throw client(fmt::format("no matching subnet for gateway {}", g.to_string()));
  }
  for (const auto& [key, text] : f.aux_addresses) {
    // `--aux-address NAME` or `NAME=` has no address: the 29 CLI skips it
    // (cli@v29.7.2:cli/command/network/create.go:218-220).
    if (text.empty()) continue;
    auto ip = IpAddress::parse(text);
    if (!ip) throw client(fmt::format("ParseAddr({}): unable to parse IP", go_quote(text)));
    bool match = false;
    for (auto& [s, c] : data) {
      if (!matches(s, *ip)) continue;
      c.aux_addresses[key] = *ip;
      match = true;
    }
    if (!match) throw client(fmt::format("no matching subnet for aux-address {}", text));
  }
  std::vector<IpamConfig> out;
  for (auto& [_, c] : data) out.push_back(std::move(c));
  return out;
}

std::string validate_label(const std::string& label) {
  auto eq = label.find('=');
  std::string key = label.substr(0, eq);
  // Docker trims only the left side of the key before its checks.
  size_t b = 0;
  while (b < key.size() && std::isspace(static_cast<unsigned char>(key[b]))) ++b;
  key = key.substr(b);
  if (key.empty()) return fmt::format("invalid label '{}': empty name", label);
  for (char c : key)
    if (std::isspace(static_cast<unsigned char>(c))) return fmt::format("label '{}' contains whitespaces", key);
  return "";
}

}  // namespace docknet::model
