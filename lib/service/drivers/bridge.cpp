// The bridge driver: a Linux bridge per network, the gateway addresses on it, a veth pair per
// endpoint, and Docker's iptables rules (moby daemon/libnetwork/drivers/bridge).
#include "lib/service/drivers/bridge.hpp"
#include "lib/service/publish.hpp"

#include <algorithm>

#include "lib/core/error.hpp"
#include "lib/model/messages.hpp"
#include "lib/model/naming.hpp"
#include "lib/service/drivers/registry.hpp"

namespace docknet::service {
namespace {

using model::GatewayMode;

// validateIPv6Subnet, on the bridge's address (gateway with the subnet's length).
void check_ipv6_address(const model::IpamConfig& pool) {
  if (pool.subnet.is_v4() || !pool.gateway) return;
  IpPrefix address(*pool.gateway, pool.subnet.len());
  static const IpPrefix link_local = *IpPrefix::parse("fe80::/64");
  static const IpPrefix multicast = *IpPrefix::parse("ff00::/8");
  if (multicast.contains(pool.subnet.addr()))
    throw model::msg::multicast_subnet(address.to_string());
  if (address.masked() != link_local && link_local.overlaps(address))
    throw model::msg::link_local_clash(address.to_string());
}

}  // namespace

// The bridge driver's own checks (moby bridge_linux.go parseNetworkOptions, CreateNetwork).
void BridgeDriver::check_request(const model::CreateRequest& r) const {
  if ((o_.gateway_mode_ipv4 == GatewayMode::Isolated || o_.gateway_mode_ipv6 == GatewayMode::Isolated) && !r.internal)
    throw model::msg::isolated_not_internal();
  if (!r.enable_ipv4.value_or(true) && !r.enable_ipv6.value_or(false))
    throw model::msg::no_address_family();
  // One pool per family (moby@docker-v29.7.2:daemon/libnetwork/drivers/bridge/bridge_linux.go:596-597;
  // docker29-deltas row 2). A v6 subnet without --ipv6 is ignored, so it does not count.
  size_t v4 = 0, v6 = 0;
  for (const auto& c : r.ipam_config) ++(c.subnet.is_v4() ? v4 : v6);
  if (v4 > 1 || (r.enable_ipv6.value_or(false) && v6 > 1))
    throw model::msg::bridge_multiple_subnets();
}

bool BridgeDriver::allocates_gateway(bool v6, bool internal) const {
  if (v6) return o_.gateway_mode_ipv6 != GatewayMode::Isolated;
  return o_.gateway_mode_ipv4 != GatewayMode::Isolated && !(o_.inhibit_ipv4 && internal);
}

void BridgeDriver::prepare(ServiceContext& ctx, const model::State& state, model::Network& n) const {
  for (const auto& pool : n.ipam_config) check_ipv6_address(pool);
  std::string br = model::bridge_name(n);
  for (const auto& other : state.networks)
    if (model::driver_kind(other) == model::DriverKind::Bridge && model::bridge_name(other) == br)
      throw model::msg::same_bridge_name(n.id, other.id, br);
  // A link of another kind is never made a bridge (Docker's words); an existing bridge is used
  // and left as found: its own addresses are recorded so that rm takes away only docknet's.
  if (auto taken = link_conflict(ctx, n)) throw model::msg::link_not_bridge(*taken);
  auto found = ctx.links.link_info(br);
  n.bridge_preexisting = found.has_value();
  if (n.bridge_preexisting && !n.options.count(model::kOptBridgeName))
    throw model::msg::link_exists(br);
  if (found) n.bridge_addresses_found = found->addresses;
}

std::optional<std::string> BridgeDriver::link_conflict(ServiceContext& ctx, const model::Network& n) const {
  std::string br = model::bridge_name(n);
  auto info = ctx.links.link_info(br);
  if (!info || info->kind == "bridge") return std::nullopt;
  return model::msg::not_a_bridge(br);
}

std::string BridgeDriver::rules_interface(const model::Network& n) const { return model::bridge_name(n); }

std::vector<model::Rule> BridgeDriver::rules(const model::Network& n) const { return model::bridge_network_rules(n, o_); }

std::vector<model::PortBinding> BridgeDriver::publish(ServiceContext& ctx, const model::State& state,
                                                      const model::Network& n, const model::Endpoint& e,
                                                      const std::vector<model::PortRequest>& requests) const {
  return choose_host_ports(ctx, state, n, o_, e, requests);
}

std::vector<model::Rule> BridgeDriver::endpoint_rules(const model::Network& n, const model::Endpoint& e) const {
  return model::bridge_endpoint_rules(n, o_, e);
}

std::vector<IpPrefix> BridgeDriver::gateway_addresses(const model::Network& n) const {
  std::vector<IpPrefix> out;
  // The gateway of each enabled family, unless the bridge must not route (inhibit_ipv4, an
  // isolated gateway mode).
  for (const auto& pool : n.ipam_config) {
    if (!pool.gateway) continue;
    bool v4 = pool.subnet.is_v4();
    if (v4 && (!n.enable_ipv4 || o_.inhibit_ipv4 || o_.gateway_mode_ipv4 == GatewayMode::Isolated)) continue;
    if (!v4 && (!n.enable_ipv6 || o_.gateway_mode_ipv6 == GatewayMode::Isolated)) continue;
    out.emplace_back(*pool.gateway, pool.subnet.len());
  }
  return out;
}

std::vector<KernelFinding> BridgeDriver::check(ServiceContext& ctx, const model::Network& n) const {
  std::string br = model::bridge_name(n);
  auto info = ctx.links.link_info(br);
  if (!info) return {{"missing bridge " + br, true}};
  if (info->kind != "bridge")
    return {{"existing interface " + br + " is not a bridge" + (info->kind.empty() ? "" : " (" + info->kind + ")") +
                 "; not repaired: docknet never takes over a link it did not make",
             false}};
  std::vector<KernelFinding> out;
  if (!info->up) out.push_back({"bridge " + br + " is down", true});
  for (const auto& a : gateway_addresses(n))
    if (std::find(info->addresses.begin(), info->addresses.end(), a) == info->addresses.end())
      out.push_back({"missing address " + a.to_string() + " on " + br, true});
  // Without it, 127.0.0.1:PORT no longer reaches the network's published ports (bridge_links.cpp).
  if (n.enable_ipv4) {
    std::string value;
    try {
      value = ctx.host.read_sysctl("net/ipv4/conf/" + br + "/route_localnet");
    } catch (const KernelError&) {
    }
    if (value != "1") out.push_back({"route_localnet is off on " + br, true});
  }
  return out;
}

void BridgeDriver::name_endpoint(ServiceContext& ctx, model::Endpoint& e) const {
  e.mac_address = random_mac(ctx.new_id());
  e.host_ifname = "veth" + ctx.new_id().substr(0, 7);
}

std::string BridgeDriver::interface_prefix() const {
  return o_.container_iface_prefix.empty() ? "eth" : o_.container_iface_prefix;
}

kernel::EndpointLink BridgeDriver::endpoint_link(const model::Network& n, const model::Endpoint& e,
                                                 const model::Container& c, Routes routes) const {
  kernel::EndpointLink l = endpoint_link_base(n, e, c);
  if (n.internal) routes = Routes{};
  l.kind = kernel::EndpointKind::Veth;
  l.host_ifname = e.host_ifname;
  l.bridge = model::bridge_name(n);
  l.hairpin = true;  // no userland proxy: Docker turns hairpin mode on for every bridge port
  l.mtu = o_.mtu;
  const model::IpamConfig* pool4 = first_pool(n, false);
  const model::IpamConfig* pool6 = first_pool(n, true);
  if (routes.v4 && pool4 && e.ipv4 && o_.gateway_mode_ipv4 != GatewayMode::Isolated) l.gateway = pool4->gateway;
  if (routes.v6 && pool6 && e.ipv6 && o_.gateway_mode_ipv6 != GatewayMode::Isolated) l.gateway6 = pool6->gateway;
  return l;
}

std::unique_ptr<NetworkDriver> make_bridge_driver(const StringMap& options) {
  return std::make_unique<BridgeDriver>(options);
}

}  // namespace docknet::service
