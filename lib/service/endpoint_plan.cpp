#include "lib/service/endpoint_plan.hpp"

#include <algorithm>
#include <set>

#include "lib/core/error.hpp"
#include "lib/model/endpoint_options.hpp"
#include "lib/model/ipam.hpp"
#include "lib/model/messages.hpp"
#include "lib/service/drivers/driver.hpp"

namespace docknet::service {
namespace {

using model::Network;

Error not_in_subnet(const IpAddress& ip) { return model::msg::invalid_endpoint_settings({model::msg::ip_not_in_subnet(ip)}); }

/// The network's subnet of `ip`'s family that holds it (moby's validateEndpointIPAddress).
const model::IpamConfig* pool_holding(const Network& n, const IpAddress& ip, bool v6) {
  if (v6 ? !n.enable_ipv6 : !n.enable_ipv4) return nullptr;
  for (const auto& p : n.ipam_config)
    if (p.subnet.is_v4() != v6 && p.subnet.masked().contains(ip)) return &p;
  return nullptr;
}

}  // namespace

void check_endpoint_settings(const Network& n, const std::optional<IpAddress>& ip, const std::optional<IpAddress>& ip6,
                             bool aliases, const StringMap& driver_opts) {
  // moby@docker-v29.7.2:daemon/container_operations.go:545-585 (docker29-deltas rows 14a, 14c).
  std::vector<std::string> errs;
  if (n.is_predefined()) {
    if (ip || ip6) errs.push_back(model::msg::ip_on_predefined_network());
    if (aliases) errs.push_back(model::msg::aliases_on_predefined_network());
  }
  auto unspecified = [](const IpAddress& a) { return a.value() == 0; };
  if (ip && (!ip->is_v4() || unspecified(*ip))) errs.push_back(model::msg::invalid_endpoint_ip(*ip, false));
  if (ip6 && (!ip6->is_v6() || unspecified(*ip6))) errs.push_back(model::msg::invalid_endpoint_ip(*ip6, true));
  if (ip && !pool_holding(n, *ip, false)) errs.push_back(model::msg::ip_not_in_subnet(*ip));
  if (ip6 && !pool_holding(n, *ip6, true)) errs.push_back(model::msg::ip_not_in_subnet(*ip6));
  if (auto it = driver_opts.find(model::kOptEndpointSysctls); it != driver_opts.end())
    for (auto& e : model::sysctl_option_errors(it->second)) errs.push_back(std::move(e));
  if (!errs.empty()) throw model::msg::invalid_endpoint_settings(errs);
}

std::optional<IpPrefix> pick_address(const Network& n, bool v6, const std::optional<IpAddress>& wanted) {
  const model::IpamConfig* pool = first_pool(n, v6);
  if (!pool) {
    if (wanted) throw not_in_subnet(*wanted);
    return std::nullopt;
  }
  std::set<IpAddress> used;
  for (const auto* eps : {&n.containers, &n.remote_endpoints})  // overlay: every host's
    for (const auto& [_, e] : *eps) {
      const auto& ip = v6 ? e.ipv6 : e.ipv4;
      if (ip) used.insert(ip->addr());
    }
  if (wanted) {
    // Any subnet of the family, user-configured or automatic (29.1+).
    pool = pool_holding(n, *wanted, v6);
    if (!pool) throw not_in_subnet(*wanted);
    if (used.count(*wanted) || model::reserved_addresses(*pool).count(*wanted))
      throw model::msg::address_in_use();
    return IpPrefix(*wanted, pool->subnet.len());
  }
  auto ip = model::first_free_address(*pool, used);
  if (!ip)
    throw model::msg::no_free_address(v6, n.name, n.id);
  return IpPrefix(*ip, pool->subnet.len());
}

std::string next_ifname(ServiceContext& ctx, const Network& n, const std::string& netns_path, const StringMap& opts) {
  if (auto it = opts.find(model::kOptEndpointIfname); it != opts.end() && !it->second.empty()) return it->second;
  std::string prefix = driver_for(n)->interface_prefix();
  auto names = ctx.links.netns_link_names(netns_path);
  for (int i = 0;; ++i) {
    std::string candidate = prefix + std::to_string(i);
    if (std::find(names.begin(), names.end(), candidate) == names.end()) return candidate;
  }
}

kernel::EndpointLink endpoint_link(const Network& n, const model::Endpoint& e, const model::Container& c,
                                   Routes routes) {
  return driver_for(n)->endpoint_link(n, e, c, routes);
}

}  // namespace docknet::service
