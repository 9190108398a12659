// Choosing host ports. Docker keeps an allocator in the daemon's memory and a bound socket per
// port; docknet has neither between calls, so "taken" means held by a binding in the store (all
// networks: the store lock makes this check and the save one step) or bound by a process now.
#include "lib/service/publish.hpp"

#include <netinet/in.h>

#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

#include "lib/core/error.hpp"
#include "lib/core/strings.hpp"
#include "lib/model/messages.hpp"
#include "lib/model/ports.hpp"

namespace docknet::service {
namespace {

using model::BindingRequest;
using model::PortBinding;

// Docker's fallback when the kernel's range cannot be read (portallocator.go).
constexpr int kDefaultRangeStart = 49153, kDefaultRangeEnd = 60999;

struct PortRange {
  int begin, end;
};

// net.ipv4.ip_local_port_range, the kernel's own ephemeral range (it applies to IPv6 too).
PortRange read_ephemeral_range(ServiceContext& ctx) {
  try {
    int b = 0, e = 0;
    if (std::sscanf(ctx.host.read_sysctl("net.ipv4.ip_local_port_range").c_str(), "%d %d", &b, &e) == 2 && b > 0 &&
        e >= b && e <= 65535)
      return {b, e};
  } catch (const KernelError&) {
  }
  return {kDefaultRangeStart, kDefaultRangeEnd};
}

// net.ipv4.ip_local_reserved_ports ("8080,9000-9010"): skipped for ephemeral ports only, as the
// kernel skips them for its own automatic choices.
std::set<int> read_reserved_ports(ServiceContext& ctx) {
  std::set<int> out;
  std::string text;
  try {
    text = ctx.host.read_sysctl("net.ipv4.ip_local_reserved_ports");
  } catch (const KernelError&) {
    return out;
  }
  for (const auto& part : split(text, ',')) {
    auto dash = part.find('-');
    int b = std::atoi(part.substr(0, dash).c_str());
    int e = dash == std::string::npos ? b : std::atoi(part.substr(dash + 1).c_str());
    for (int p = b; p > 0 && p <= e && p <= 65535; ++p) out.insert(p);
  }
  return out;
}

class PortChooser {
 public:
  PortChooser(ServiceContext& ctx, const model::State& s) : ctx_(ctx) {
    for (const auto& n : s.networks)
      for (const auto& [_, e] : n.containers) held_.insert(held_.end(), e.ports.begin(), e.ports.end());
  }

  /// One host port for every request of the group; the text of Docker's error when none.
  std::optional<std::string> choose(const std::vector<BindingRequest>& group, std::vector<PortBinding>& out) {
    const BindingRequest& first = group.front();
    if (first.routed) return take(group, 0, out), std::nullopt;
    bool exact = first.host_port != 0 && first.host_port == first.host_port_end;
    if (exact) {
      if (auto why = unavailable(group, first.host_port)) return why;
      return take(group, first.host_port, out), std::nullopt;
    }
    // portallocator.RequestPortsInRange: a range must start above 0 (0-0 is the ephemeral one).
    if (first.host_port == 0 && first.host_port_end != 0)
      return model::msg::invalid_port_range(first.host_port, first.host_port_end);
    bool ephemeral = first.host_port == 0;
    PortRange r = ephemeral ? ephemeral_range() : PortRange{first.host_port, first.host_port_end};
    for (int port = r.begin; port <= r.end; ++port) {
      if ((ephemeral && reserved().count(port)) || unavailable(group, uint16_t(port))) continue;
      return take(group, uint16_t(port), out), std::nullopt;
    }
    return model::msg::all_ports_allocated();
  }

 private:
  // Held by a stored binding (Docker's alreadyAllocatedErr, naming the holder's address), or
  // bound by a process now (the bind's own error).
  std::optional<std::string> unavailable(const std::vector<BindingRequest>& group, uint16_t port) {
    for (const auto& b : group)
      for (const auto& h : held_)
        if (model::port_collides(h, b.host_ip, b.protocol, port)) return model::msg::port_already_allocated(h.host_ip, port);
    // The group's addresses bound together, as Docker holds them: 0.0.0.0 and 127.0.0.1 in one
    // group collide with each other too.
    std::vector<IpAddress> ips;
    for (const auto& b : group) ips.push_back(b.host_ip);
    kernel::BindProbe p = ctx_.host.probe_bind(ips, port, group.front().protocol);
    if (p.socket_failed) return model::msg::host_port_socket_failed(ips[p.index], port, group.front().protocol, p.error);
    if (p.error) return model::msg::host_port_bind_failed(ips[p.index], port, group.front().protocol, p.error);
    return std::nullopt;
  }

  void take(const std::vector<BindingRequest>& group, uint16_t port, std::vector<PortBinding>& out) {
    for (const auto& b : group) {
      PortBinding pb{b.protocol, b.container_port, b.host_ip, port};
      held_.push_back(pb);
      out.push_back(pb);
    }
  }

  // The kernel's ephemeral range and reserved ports, read once per call when first needed.
  PortRange ephemeral_range() {
    if (!range_) range_ = read_ephemeral_range(ctx_);
    return *range_;
  }
  const std::set<int>& reserved() {
    if (!reserved_) reserved_ = read_reserved_ports(ctx_);
    return *reserved_;
  }

  ServiceContext& ctx_;
  std::vector<PortBinding> held_;
  std::optional<PortRange> range_;
  std::optional<std::set<int>> reserved_;
};

bool any_unspecified_v6_candidate(const std::vector<model::PortRequest>& publish) {
  for (const auto& r : publish)
    if (!r.host_ip) return true;
  return false;
}

}  // namespace

std::vector<PortBinding> choose_host_ports(ServiceContext& ctx, const model::State& state, const model::Network& n,
                                           const model::BridgeOptions& o, const model::Endpoint& e,
                                           const std::vector<model::PortRequest>& publish) {
  if (publish.empty()) return {};
  // netutils.IsV6Listenable: can this host bind [::1]? Asked only when an address-less request
  // could bind [::].
  bool v6 = e.ipv6 && any_unspecified_v6_candidate(publish) &&
            ctx.host.probe_bind({*IpAddress::parse("::1")}, 0, IPPROTO_TCP).error == 0;
  auto requests = model::expand_publish(n, o, e, publish, v6);
  PortChooser chooser(ctx, state);
  std::vector<PortBinding> out;
  for (size_t i = 0; i < requests.size();) {
    size_t j = i + 1;
    while (j < requests.size() && model::same_port_group(requests[i], requests[j])) ++j;
    std::vector<BindingRequest> group(requests.begin() + long(i), requests.begin() + long(j));
    if (auto why = chooser.choose(group, out)) throw model::msg::publish_failed(e.name, e.endpoint_id, *why);
    i = j;
  }
  return out;
}

}  // namespace docknet::service
