#include "lib/model/firewall_rules.hpp"

#include <fmt/format.h>

#include "lib/model/bridge_options.hpp"
#include "lib/model/naming.hpp"

namespace docknet::model {
namespace {

Rule rule(Family f, Table t, const char* chain, const char* target) {
  Rule r;
  r.family = f;
  r.table = t;
  r.chain = chain;
  r.target = target;
  return r;
}

Rule in_rule(Family f, const char* chain, const std::string& br, const char* target) {
  Rule r = rule(f, Table::Filter, chain, target);
  r.in_iface = br;
  return r;
}

Rule out_rule(Family f, const char* chain, const std::string& br, const char* target) {
  Rule r = rule(f, Table::Filter, chain, target);
  r.out_iface = br;
  return r;
}

/// What one family of a network needs to build its rules.
struct FamilyConfig {
  Family family;
  IpPrefix subnet;
  GatewayMode mode;
};

std::vector<FamilyConfig> family_configs(const Network& n, const BridgeOptions& o) {
  std::vector<FamilyConfig> out;
  auto first = [&](bool v6) -> std::optional<IpPrefix> {
    for (const auto& c : n.ipam_config)
      if (c.subnet.is_v4() != v6) return c.subnet.masked();
    return std::nullopt;
  };
  if (n.enable_ipv4)
    if (auto s = first(false)) out.push_back({Family::Ipv4, *s, o.gateway_mode_ipv4});
  if (n.enable_ipv6)
    if (auto s = first(true)) out.push_back({Family::Ipv6, *s, o.gateway_mode_ipv6});
  return out;
}

void internal_rules(std::vector<Rule>& out, const FamilyConfig& fc, const std::string& br, bool icc) {
  // Both DROPs are inserted at the top of DOCKER-INTERNAL, the in-rule first, as moby does.
  // The IPv6 rules also name the other direction's interface (moby iptabler setupInternalNetworkRules).
  bool v6 = fc.family == Family::Ipv6;
  Rule in_drop = in_rule(fc.family, "DOCKER-INTERNAL", br, "DROP");
  in_drop.dst = fc.subnet;
  in_drop.dst_negated = true;
  if (v6) in_drop.out_iface = br, in_drop.out_negated = true;
  in_drop.position = Position::InsertTop;
  Rule out_drop = out_rule(fc.family, "DOCKER-INTERNAL", br, "DROP");
  out_drop.src = fc.subnet;
  out_drop.src_negated = true;
  if (v6) out_drop.in_iface = br, out_drop.in_negated = true;
  out_drop.position = Position::InsertTop;
  out.push_back(in_drop);
  out.push_back(out_drop);
  Rule icc_rule = in_rule(fc.family, "DOCKER-FORWARD", br, icc ? "ACCEPT" : "DROP");
  icc_rule.out_iface = br;
  out.push_back(icc_rule);
}

void external_rules(std::vector<Rule>& out, const FamilyConfig& fc, const std::string& br, const BridgeOptions& o) {
  bool routed = fc.mode == GatewayMode::Routed;
  bool v6 = fc.family == Family::Ipv6;
  if (o.enable_masquerade && !routed) {
    const std::optional<IpAddress>& host_ip = v6 ? o.host_ipv6 : o.host_ipv4;
    Rule nat = rule(fc.family, Table::Nat, "POSTROUTING", host_ip ? "SNAT" : "MASQUERADE");
    nat.src = fc.subnet;
    nat.out_iface = br;
    nat.out_negated = true;
    nat.snat_to = host_ip;
    nat.position = Position::InsertTop;
    out.push_back(nat);
  }
  // Hairpin: the host reaching a published port through 127.0.0.1 (route_localnet on the bridge)
  // is masqueraded to the bridge's address, so the container's reply finds its way back.
  // With host_ipv4/host_ipv6 it is an SNAT to that address, masquerade on or off (iptabler
  // network.go hpNatArgs).
  const std::optional<IpAddress>& snat_ip = v6 ? o.host_ipv6 : o.host_ipv4;
  Rule local = rule(fc.family, Table::Nat, "POSTROUTING", snat_ip ? "SNAT" : "MASQUERADE");
  local.snat_to = snat_ip;
  local.out_iface = br;
  local.match = Match::AddrtypeSrcLocal;
  local.position = Position::InsertTop;
  out.push_back(local);
  if (!o.enable_icc) {
    Rule drop = in_rule(fc.family, "DOCKER-FORWARD", br, "DROP");
    drop.out_iface = br;
    out.push_back(drop);
    Rule accept = in_rule(fc.family, "DOCKER-FORWARD", br, "ACCEPT");
    accept.out_iface = br;
    accept.out_negated = true;
    out.push_back(accept);
  } else {
    out.push_back(in_rule(fc.family, "DOCKER-FORWARD", br, "ACCEPT"));
  }
  if (routed) {
    Rule icmp = out_rule(fc.family, "DOCKER", br, "ACCEPT");
    icmp.protocol = v6 ? 58 : 1;
    out.push_back(icmp);
  }
  Rule def = out_rule(fc.family, "DOCKER", br, fc.mode == GatewayMode::NatUnprotected ? "ACCEPT" : "DROP");
  def.in_iface = br;
  def.in_negated = true;
  out.push_back(def);
  Rule ct = out_rule(fc.family, "DOCKER-CT", br, "ACCEPT");
  ct.match = Match::ConntrackRelatedEstablished;
  out.push_back(ct);
  out.push_back(out_rule(fc.family, "DOCKER-BRIDGE", br, "DOCKER"));
}

}  // namespace

bool Rule::same_as(const Rule& o) const {
  return family == o.family && table == o.table && chain == o.chain && in_iface == o.in_iface &&
         in_negated == o.in_negated && out_iface == o.out_iface && out_negated == o.out_negated && src == o.src &&
         src_negated == o.src_negated && dst == o.dst && dst_negated == o.dst_negated && protocol == o.protocol &&
         dport == o.dport && match == o.match && target == o.target && snat_to == o.snat_to && dnat_to == o.dnat_to &&
         dnat_port == o.dnat_port;
}

RuleSet base_rules(Family f) {
  RuleSet s;
  for (const char* c : {"DOCKER", "DOCKER-BRIDGE", "DOCKER-CT", "DOCKER-FORWARD", "DOCKER-INTERNAL", "DOCKER-USER"})
    s.chains.push_back({Table::Filter, c, f});
  s.chains.push_back({Table::Nat, "DOCKER", f});
  // Inserted at the top in this order, so FORWARD starts DOCKER-USER, DOCKER-FORWARD.
  Rule fwd = rule(f, Table::Filter, "FORWARD", "DOCKER-FORWARD");
  fwd.position = Position::InsertTop;
  Rule user = rule(f, Table::Filter, "FORWARD", "DOCKER-USER");
  user.position = Position::InsertTop;
  s.rules = {fwd, user, rule(f, Table::Filter, "DOCKER-FORWARD", "DOCKER-CT"),
             rule(f, Table::Filter, "DOCKER-FORWARD", "DOCKER-INTERNAL"),
             rule(f, Table::Filter, "DOCKER-FORWARD", "DOCKER-BRIDGE")};
  Rule pre = rule(f, Table::Nat, "PREROUTING", "DOCKER");
  pre.match = Match::AddrtypeDstLocal;
  // With the userland proxy off (docknet has none), local traffic to 127.0.0.1 goes through the
  // DNAT too: no `! -d 127.0.0.0/8` (moby iptabler.go; golden hairpin=true).
  Rule output = pre;
  output.chain = "OUTPUT";
  s.rules.push_back(pre);
  s.rules.push_back(output);
  return s;
}

std::vector<Rule> obsolete_base_rules(Family f) {
  Rule output = rule(f, Table::Nat, "OUTPUT", "DOCKER");
  output.match = Match::AddrtypeDstLocal;
  output.dst = *IpPrefix::parse(f == Family::Ipv6 ? "::1/128" : "127.0.0.0/8");
  output.dst_negated = true;
  return {output};
}

std::vector<Family> bridge_families(const Network& n, const BridgeOptions& o) {
  std::vector<Family> out;
  for (const auto& fc : family_configs(n, o)) out.push_back(fc.family);
  return out;
}

std::vector<Rule> bridge_endpoint_rules(const Network& n, const BridgeOptions& o, const Endpoint& e) {
  if (n.internal) return {};
  std::vector<Rule> out;
  auto drop_unless_bridge = [&](Family f, const IpPrefix& addr) {
    Rule r = rule(f, Table::Raw, "PREROUTING", "DROP");
    r.dst = IpPrefix(addr.addr(), addr.addr().bits());
    r.in_iface = bridge_name(n);
    r.in_negated = true;
    out.push_back(r);
  };
  if (e.ipv4 && n.enable_ipv4 && o.gateway_mode_ipv4 == GatewayMode::Nat) drop_unless_bridge(Family::Ipv4, *e.ipv4);
  if (e.ipv6 && n.enable_ipv6 && o.gateway_mode_ipv6 == GatewayMode::Nat) drop_unless_bridge(Family::Ipv6, *e.ipv6);
  append_port_rules(out, n, o, e);
  return out;
}

std::vector<Rule> bridge_network_rules(const Network& n, const BridgeOptions& o) {
  std::vector<Rule> out;
  std::string br = bridge_name(n);
  for (const auto& fc : family_configs(n, o)) {
    if (n.internal) internal_rules(out, fc, br, o.enable_icc);
    else external_rules(out, fc, br, o);
  }
  for (const auto& [_, e] : n.containers)
    for (const auto& r : bridge_endpoint_rules(n, o, e)) out.push_back(r);
  return out;
}

const char* table_name(Table t) {
  switch (t) {
    case Table::Filter: return "filter";
    case Table::Nat: return "nat";
    case Table::Raw: return "raw";
  }
  return "filter";
}

const char* l4_name(int protocol) {
  switch (protocol) {
    case 6: return "tcp";
    case 17: return "udp";
    case 132: return "sctp";
  }
  return nullptr;
}

std::string render_rule(const Rule& r) {
  std::string s = "-A " + r.chain;
  auto neg = [](bool n) { return n ? " !" : ""; };
  if (r.src) s += std::string(neg(r.src_negated)) + " -s " + r.src->to_string();
  if (r.dst) s += std::string(neg(r.dst_negated)) + " -d " + r.dst->to_string();
  if (!r.in_iface.empty()) s += std::string(neg(r.in_negated)) + " -i " + r.in_iface;
  if (!r.out_iface.empty()) s += std::string(neg(r.out_negated)) + " -o " + r.out_iface;
  if (r.protocol == 1) s += " -p icmp";
  if (r.protocol == 58) s += " -p ipv6-icmp";
  if (const char* l4 = l4_name(r.protocol); l4 && r.dport) s += fmt::format(" -p {0} -m {0} --dport {1}", l4, *r.dport);
  if (r.match == Match::ConntrackRelatedEstablished) s += " -m conntrack --ctstate RELATED,ESTABLISHED";
  if (r.match == Match::AddrtypeDstLocal) s += " -m addrtype --dst-type LOCAL";
  if (r.match == Match::AddrtypeSrcLocal) s += " -m addrtype --src-type LOCAL";
  s += " -j " + r.target;
  if (r.snat_to) s += " --to-source " + r.snat_to->to_string();
  if (r.dnat_to) {
    s += fmt::format(" --to-destination {}:{}", r.dnat_to->to_host_string(), r.dnat_port);
  }
  return s;
}

}  // namespace docknet::model
