// The rules of an endpoint's published ports, as Docker 29's iptabler makes them with the
// userland proxy off (moby@docker-v29.7.2:daemon/libnetwork/drivers/bridge/internal/iptabler/
// port.go, golden listings hairpin=true): docknet runs no proxy, so NAT does all the work.
#include <algorithm>

#include "lib/model/firewall_rules.hpp"
#include "lib/model/naming.hpp"

namespace docknet::model {
namespace {

const IpPrefix kLinkLocal6 = *IpPrefix::parse("fe80::/10");
const IpPrefix kLoopback4 = *IpPrefix::parse("127.0.0.0/8");

IpPrefix host_prefix(const IpAddress& a) { return IpPrefix(a, a.bits()); }

Rule port_rule(Family f, Table t, const char* chain, const char* target, const PortBinding& b, uint16_t port) {
  Rule r;
  r.family = f;
  r.table = t;
  r.chain = chain;
  r.target = target;
  r.protocol = b.protocol;
  r.dport = port;
  return r;
}

void add_once(std::vector<Rule>& out, Rule r) {
  if (std::none_of(out.begin(), out.end(), [&](const Rule& o) { return o.same_as(r) && o.position == r.position; }))
    out.push_back(std::move(r));
}

// A port published on 127.0.0.1 is for this host only: packets for it from elsewhere (routed
// here with that destination) are dropped before NAT (filterPortMappedOnLoopback).
void loopback_filter(std::vector<Rule>& out, const PortBinding& b) {
  if (!b.host_ip.is_v4() || !kLoopback4.contains(b.host_ip)) return;
  Rule drop = port_rule(Family::Ipv4, Table::Raw, "PREROUTING", "DROP", b, b.host_port);
  drop.dst = host_prefix(b.host_ip);
  drop.in_iface = "lo";
  drop.in_negated = true;
  add_once(out, drop);
}

// setPerPortNAT with hairpin on: the DNAT applies to every interface, the bridge included, and
// a container reaching its own published port is masqueraded so the reply comes back through NAT.
void nat_rules(std::vector<Rule>& out, Family f, const PortBinding& b, const IpAddress& container) {
  Rule dnat = port_rule(f, Table::Nat, "DOCKER", "DNAT", b, b.host_port);
  if (f == Family::Ipv6) {
    dnat.src = kLinkLocal6;
    dnat.src_negated = true;
  }
  if (b.host_ip.value() != 0) dnat.dst = host_prefix(b.host_ip);
  dnat.dnat_to = container;
  dnat.dnat_port = b.container_port;
  add_once(out, dnat);
  Rule masq = port_rule(f, Table::Nat, "POSTROUTING", "MASQUERADE", b, b.container_port);
  masq.src = host_prefix(container);
  masq.dst = host_prefix(container);
  add_once(out, masq);
}

// setPerPortForwarding: the port is opened above the bridge's DROP in the filter DOCKER chain.
void open_port(std::vector<Rule>& out, Family f, const PortBinding& b, const IpAddress& container,
               const std::string& br) {
  Rule accept = port_rule(f, Table::Filter, "DOCKER", "ACCEPT", b, b.container_port);
  accept.dst = host_prefix(container);
  accept.in_iface = br;
  accept.in_negated = true;
  accept.out_iface = br;
  accept.position = Position::InsertTop;
  add_once(out, accept);
}

}  // namespace

void append_port_rules(std::vector<Rule>& out, const Network& n, const BridgeOptions& o, const Endpoint& e) {
  if (n.internal) return;
  std::string br = bridge_name(n);
  for (const PortBinding& b : e.ports) {
    bool v6 = b.host_ip.is_v6();
    const auto& addr = v6 ? e.ipv6 : e.ipv4;
    if (!addr || !(v6 ? n.enable_ipv6 : n.enable_ipv4)) continue;
    Family f = v6 ? Family::Ipv6 : Family::Ipv4;
    if (b.host_port != 0) {
      loopback_filter(out, b);
      nat_rules(out, f, b, addr->addr());
    }
    if ((v6 ? o.gateway_mode_ipv6 : o.gateway_mode_ipv4) != GatewayMode::NatUnprotected)
      open_port(out, f, b, addr->addr(), br);
  }
}

}  // namespace docknet::model
