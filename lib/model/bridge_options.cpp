#include "lib/model/bridge_options.hpp"

#include <fmt/format.h>

#include "lib/core/error.hpp"

namespace docknet::model {
namespace {

[[noreturn]] void parse_error(const std::string& key, const std::string& value, const std::string& why) {
  throw Error(ErrorKind::InvalidParameter, fmt::format("failed to parse {} value: {} ({})", key, value, why));
}

bool to_bool(const std::string& key, const std::string& value) {
  auto b = parse_go_bool(value);
  if (!b) parse_error(key, value, fmt::format("strconv.ParseBool: parsing {}: invalid syntax", go_quote(value)));
  return *b;
}

IpAddress to_ip(const std::string& key, const std::string& value) {
  auto ip = IpAddress::parse(value);
  if (!ip) parse_error(key, value, fmt::format("ParseAddr({}): unable to parse IP", go_quote(value)));
  return *ip;
}

GatewayMode to_gateway_mode(const std::string& key, const std::string& value) {
  if (value == "nat") return GatewayMode::Nat;
  if (value == "nat-unprotected") return GatewayMode::NatUnprotected;
  if (value == "routed") return GatewayMode::Routed;
  if (value == "isolated") return GatewayMode::Isolated;
  throw Error(ErrorKind::InvalidParameter,
              fmt::format("{} must be one of \"nat\", \"nat-unprotected\", \"routed\" or \"isolated\"", key));
}

}  // namespace

BridgeOptions parse_bridge_options(const StringMap& options) {
  BridgeOptions o;
  for (const auto& [key, value] : options) {
    if (key == kOptBridgeName) {
      o.bridge_name = value;
    } else if (key == kOptEnableIcc) {
      o.enable_icc = to_bool(key, value);
    } else if (key == kOptEnableMasquerade) {
      o.enable_masquerade = to_bool(key, value);
    } else if (key == kOptDefaultBridge) {
      o.default_bridge = to_bool(key, value);
    } else if (key == kOptInhibitIpv4) {
      o.inhibit_ipv4 = to_bool(key, value);
    } else if (key == kOptHostBindingIpv4) {
      o.host_binding_ipv4 = to_ip(key, value);
    } else if (key == kOptHostIpv4) {
      o.host_ipv4 = to_ip(key, value);
      if (!o.host_ipv4->is_v4())
        throw Error(ErrorKind::InvalidParameter, fmt::format("{} must be an IPv4 address", key));
    } else if (key == kOptHostIpv6) {
      o.host_ipv6 = to_ip(key, value);
      if (!o.host_ipv6->is_v6())
        throw Error(ErrorKind::InvalidParameter, fmt::format("{} must be an IPv6 address", key));
    } else if (key == kOptMtu) {
      auto mtu = parse_int(value);
      if (!mtu) parse_error(key, value, fmt::format("strconv.Atoi: parsing {}: invalid syntax", go_quote(value)));
      if (*mtu < 68 || *mtu > 65535)
        throw Error(ErrorKind::InvalidParameter, fmt::format("invalid MTU number: {}", *mtu));
      o.mtu = static_cast<int>(*mtu);
    } else if (key == kOptGatewayModeIpv4) {
      o.gateway_mode_ipv4 = to_gateway_mode(key, value);
    } else if (key == kOptGatewayModeIpv6) {
      o.gateway_mode_ipv6 = to_gateway_mode(key, value);
    } else if (key == kOptIfacePrefix) {
      o.container_iface_prefix = value;
    }
    // Other keys are kept in the network's Options and otherwise ignored, as Docker does.
  }
  if (o.bridge_name.size() > 15)
    throw Error(ErrorKind::InvalidParameter,
                fmt::format("bridge name {} is longer than 15 characters", o.bridge_name));
  return o;
}

}  // namespace docknet::model
