#pragma once
#include <optional>
#include <string>

#include "lib/core/ip.hpp"
#include "lib/core/strings.hpp"

namespace docknet::model {

inline constexpr const char* kOptBridgeName = "com.docker.network.bridge.name";
inline constexpr const char* kOptEnableIcc = "com.docker.network.bridge.enable_icc";
inline constexpr const char* kOptEnableMasquerade = "com.docker.network.bridge.enable_ip_masquerade";
inline constexpr const char* kOptHostBindingIpv4 = "com.docker.network.bridge.host_binding_ipv4";
inline constexpr const char* kOptDefaultBridge = "com.docker.network.bridge.default_bridge";
inline constexpr const char* kOptInhibitIpv4 = "com.docker.network.bridge.inhibit_ipv4";
inline constexpr const char* kOptGatewayModeIpv4 = "com.docker.network.bridge.gateway_mode_ipv4";
inline constexpr const char* kOptGatewayModeIpv6 = "com.docker.network.bridge.gateway_mode_ipv6";
inline constexpr const char* kOptTrustedHostIfaces = "com.docker.network.bridge.trusted_host_interfaces";
inline constexpr const char* kOptMtu = "com.docker.network.driver.mtu";
inline constexpr const char* kOptIfacePrefix = "com.docker.network.container_iface_prefix";
inline constexpr const char* kOptHostIpv4 = "com.docker.network.host_ipv4";
inline constexpr const char* kOptHostIpv6 = "com.docker.network.host_ipv6";

enum class GatewayMode { Nat, NatUnprotected, Routed, Isolated };

/// The bridge driver's -o options, parsed and typed (moby's bridge networkConfiguration.fromLabels).
struct BridgeOptions {
  std::string bridge_name;  // empty: derived from the network ID
  bool enable_icc = true;
  bool enable_masquerade = true;
  bool default_bridge = false;
  bool inhibit_ipv4 = false;
  int mtu = 0;  // 0: kernel default (1500)
  std::optional<IpAddress> host_binding_ipv4;
  std::optional<IpAddress> host_ipv4;  // SNAT source instead of MASQUERADE
  std::optional<IpAddress> host_ipv6;  // the same for IPv6 (Docker 28+)
  GatewayMode gateway_mode_ipv4 = GatewayMode::Nat;
  GatewayMode gateway_mode_ipv6 = GatewayMode::Nat;
  std::string container_iface_prefix;
};

/// Throws Error(InvalidParameter) with Docker's "failed to parse ... value" text.
BridgeOptions parse_bridge_options(const StringMap& options);

}  // namespace docknet::model
