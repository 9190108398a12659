#include <algorithm>

#include <fmt/format.h>

#include "lib/core/strings.hpp"
#include "lib/model/messages.hpp"

// The texts of address pools: the daemon's checks of a network's IPAM config and its pool
// allocation, and the CLI's own checks of create's --subnet, --ip-range, --gateway,
// --aux-address and --label flags (Docker 29 wording; docker-compat.md §b.4).
namespace docknet::model::msg {

using K = ErrorKind;

// The daemon's IPAM config check ----------------------------------------------------------------

namespace {

std::string family_error(int family) { return fmt::format("parent subnet is an IPv{} block", family); }

}  // namespace

std::string subnet_not_masked(const IpPrefix& subnet) {
  return fmt::format("invalid subnet {}: it should be {}", subnet.to_string(), subnet.masked().to_string());
}

std::string ip_range_wrong_family(const IpPrefix& range, int family) {
  return fmt::format("invalid ip-range {}: {}", range.to_string(), family_error(family));
}

std::string ip_range_bigger_than_subnet(const IpPrefix& range, const IpPrefix& subnet) {
  return fmt::format("invalid ip-range {}: CIDR block is bigger than its parent subnet {}", range.to_string(),
                     subnet.to_string());
}

std::string ip_range_not_masked(const IpPrefix& range) {
  return fmt::format("invalid ip-range {}: it should be {}", range.to_string(), range.masked().to_string());
}

std::string ip_range_outside_subnet(const IpPrefix& range, const IpPrefix& subnet) {
  return fmt::format("invalid ip-range {}: parent subnet {} doesn't contain ip-range", range.to_string(),
                     subnet.to_string());
}

std::string gateway_subject(const IpAddress& gateway) { return "gateway " + gateway.to_string(); }

std::string aux_address_subject(const std::string& name) { return "auxiliary address " + name; }

std::string address_wrong_family(const std::string& subject, int family) {
  return fmt::format("invalid {}: {}", subject, family_error(family));
}

std::string address_outside_subnet(const std::string& subject, const IpPrefix& subnet) {
  return fmt::format("invalid {}: parent subnet {} doesn't contain this address", subject, subnet.to_string());
}

Error invalid_network_config(const std::vector<std::string>& errors) {
  std::string text = "invalid network config:";
  for (const auto& e : errors) text += "\n" + e;
  return Error(K::InvalidParameter, text);
}

// Pool allocation -----------------------------------------------------------------------------

Error no_gateway_address() { return Error(K::System, "no available addresses on this pool"); }

Error aux_address_outside_pool(const std::string& name, const IpAddress& ip, const IpPrefix& pool) {
  return Error(K::Forbidden, fmt::format("auxiliary address: ({}:{}) must belong to the master pool: {}", name,
                                         ip.to_string(), pool.masked().to_string()));
}

Error aux_address_in_use(const std::string& name, const IpAddress& ip) {
  return Error(K::System,
               fmt::format("failed to allocate secondary ip address ({}:{}): Address already in use", name, ip.to_string()));
}

// The CLI's create flags (client-side: no "Error response from daemon") -----------------------

namespace {

Error client(const std::string& text) { return Error(K::Client, text); }

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

}  // namespace

Error range_or_gateway_without_subnet() { return client("every ip-range or gateway must have a corresponding subnet"); }

Error overlapping_subnets() { return client("multiple overlapping subnet configuration is not supported"); }

Error invalid_cidr(const std::string& subnet) {
  return client(fmt::format("invalid subnet: invalid CIDR address: {}", subnet));
}

Error invalid_subnet_flag(const std::string& subnet) {
  return client(fmt::format("netip.ParsePrefix({}): {}", go_quote(subnet), parse_prefix_reason(subnet)));
}

Error multiple_ranges(const IpPrefix& range, const IpPrefix& existing, const std::string& subnet) {
  return client(fmt::format("cannot configure multiple ranges ({}, {}) on the same subnet ({})",
                            range.masked().to_string(), existing.to_string(), subnet));
}

Error no_subnet_for_range(const IpPrefix& range) {
  return client(fmt::format("no matching subnet for range {}", range.masked().to_string()));
}

Error multiple_gateways(const IpAddress& gateway, const IpAddress& existing, const std::string& subnet) {
  return client(fmt::format("cannot configure multiple gateways ({}, {}) for the same subnet ({})", gateway.to_string(),
                            existing.to_string(), subnet));
}

Error no_subnet_for_gateway(const IpAddress& gateway) {
  return client(fmt::format("no matching subnet for gateway {}", gateway.to_string()));
}

Error invalid_aux_address(const std::string& text) {
  return client(fmt::format("ParseAddr({}): unable to parse IP", go_quote(text)));
}

Error no_subnet_for_aux_address(const std::string& text) {
  return client(fmt::format("no matching subnet for aux-address {}", text));
}

std::string label_without_name(const std::string& label) { return fmt::format("invalid label '{}': empty name", label); }

std::string label_with_whitespace(const std::string& key) { return fmt::format("label '{}' contains whitespaces", key); }

}  // namespace docknet::model::msg
