#include "lib/model/create_spec.hpp"

#include <cctype>

#include "lib/model/messages.hpp"

namespace docknet::model {
namespace {

/// The CLI's subnetMatches (net.ParseCIDR), used to compare subnets with each other and with
/// ranges and gateways.
IpPrefix parse_subnet_strict(const std::string& s) {
  auto p = IpPrefix::parse(s);
  if (!p) throw msg::invalid_cidr(s);
  return *p;
}

/// The CLI's own parse of each --subnet (netip.ParsePrefix): a bare address is refused too.
IpPrefix parse_subnet_flag(const std::string& s) {
  auto p = s.find('/') == std::string::npos ? std::nullopt : IpPrefix::parse(s);
  if (!p) throw msg::invalid_subnet_flag(s);
  return *p;
}

}  // namespace

std::vector<IpamConfig> group_ipam_flags(const IpamFlags& f) {
  if (f.subnets.size() < f.ip_ranges.size() || f.subnets.size() < f.gateways.size())
    throw msg::range_or_gateway_without_subnet();
  std::vector<std::pair<std::string, IpamConfig>> data;  // keyed by the subnet as typed
  for (const auto& s : f.subnets) {
    for (const auto& [k, _] : data) {
      IpPrefix a = parse_subnet_strict(s), b = parse_subnet_strict(k);
      if (a.masked().contains(b.addr()) || b.masked().contains(a.addr()))
        throw msg::overlapping_subnets();
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
      if (c.ip_range) throw msg::multiple_ranges(r, *c.ip_range, s);
      c.ip_range = r;
      match = true;
    }
    if (!match) throw msg::no_subnet_for_range(r);
  }
  for (const auto& g : f.gateways) {
    bool match = false;
    for (auto& [s, c] : data) {
      if (!matches(s, g)) continue;
      if (c.gateway) throw msg::multiple_gateways(g, *c.gateway, s);
      c.gateway = g;
      match = true;
    }
    if (!match) throw msg::no_subnet_for_gateway(g);
  }
  for (const auto& [key, text] : f.aux_addresses) {
    // `--aux-address NAME` or `NAME=` has no address: the 29 CLI skips it
    // (cli@v29.7.2:cli/command/network/create.go:218-220).
    if (text.empty()) continue;
    auto ip = IpAddress::parse(text);
    if (!ip) throw msg::invalid_aux_address(text);
    bool match = false;
    for (auto& [s, c] : data) {
      if (!matches(s, *ip)) continue;
      c.aux_addresses[key] = *ip;
      match = true;
    }
    if (!match) throw msg::no_subnet_for_aux_address(text);
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
  if (key.empty()) return msg::label_without_name(label);
  for (char c : key)
    if (std::isspace(static_cast<unsigned char>(c))) return msg::label_with_whitespace(key);
  return "";
}

}  // namespace docknet::model
