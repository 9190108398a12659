#include "lib/model/bridge_options.hpp"

#include "lib/model/messages.hpp"

namespace docknet::model {
namespace {

bool to_bool(const std::string& key, const std::string& value) {
  auto b = parse_go_bool(value);
  if (!b) throw msg::bridge_option_not_bool(key, value);
  return *b;
}

IpAddress to_ip(const std::string& key, const std::string& value) {
  auto ip = IpAddress::parse(value);
  if (!ip) throw msg::bridge_option_not_ip(key, value);
  return *ip;
}

GatewayMode to_gateway_mode(const std::string& key, const std::string& value) {
  if (value == "nat") return GatewayMode::Nat;
  if (value == "nat-unprotected") return GatewayMode::NatUnprotected;
  if (value == "routed") return GatewayMode::Routed;
  if (value == "isolated") return GatewayMode::Isolated;
  throw msg::invalid_gateway_mode(key);
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
      if (!o.host_ipv4->is_v4()) throw msg::bridge_option_wrong_family(key, false);
    } else if (key == kOptHostIpv6) {
      o.host_ipv6 = to_ip(key, value);
      if (!o.host_ipv6->is_v6()) throw msg::bridge_option_wrong_family(key, true);
    } else if (key == kOptMtu) {
      auto mtu = parse_int(value);
      if (!mtu) throw msg::bridge_option_not_int(key, value);
      if (*mtu < 68 || *mtu > 65535) throw msg::invalid_mtu(*mtu);
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
  if (o.bridge_name.size() > 15) throw msg::bridge_name_too_long(o.bridge_name);
  return o;
}

}  // namespace docknet::model
