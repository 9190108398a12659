#include "lib/model/create_spec.hpp"

#include <cctype>

#include <fmt/format.h>

#include "lib/core/error.hpp"

namespace docknet::model {
namespace {

Error client(const std::string& text) { return Error(ErrorKind::Client, text); }

IpPrefix parse_subnet_strict(const std::string& s) {
  auto p = IpPrefix::parse(s);
  if (!p) throw client(fmt::format("invalid subnet: invalid CIDR address: {}", s));
  return *p;
}

IpPrefix parse_prefix_or_addr(const std::string& s) {
  if (auto p = IpPrefix::parse(s)) return *p;
  auto a = IpAddress::parse(s);
  if (!a) throw client(fmt::format("invalid address: ParseAddr({}): unable to parse IP", go_quote(s)));
  return IpPrefix(*a, a->bits());
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
    c.subnet = parse_prefix_or_addr(s);
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
