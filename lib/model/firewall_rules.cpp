#include "lib/model/firewall_rules.hpp"

#include "lib/model/bridge_options.hpp"
#include "lib/model/naming.hpp"

namespace docknet::model {
namespace {

Rule rule(Table t, const char* chain, const char* target) {
  Rule r;
  r.table = t;
  r.chain = chain;
  r.target = target;
  return r;
}

Rule in_rule(const char* chain, const std::string& br, const char* target) {
  Rule r = rule(Table::Filter, chain, target);
  r.in_iface = br;
  return r;
}

Rule out_rule(const char* chain, const std::string& br, const char* target) {
  Rule r = rule(Table::Filter, chain, target);
  r.out_iface = br;
  return r;
}

std::optional<IpPrefix> first_ipv4_subnet(const Network& n) {
  for (const auto& c : n.ipam_config)
    if (c.subnet.is_v4()) return c.subnet.masked();
  return std::nullopt;
}

void internal_rules(std::vector<Rule>& out, const std::string& br, const IpPrefix& subnet, bool icc) {
  // Both DROPs are inserted at the top of DOCKER-INTERNAL, the in-rule first, as moby does.
  Rule in_drop = in_rule("DOCKER-INTERNAL", br, "DROP");
  in_drop.dst = subnet;
  in_drop.dst_negated = true;
  in_drop.position = Position::InsertTop;
  Rule out_drop = out_rule("DOCKER-INTERNAL", br, "DROP");
  out_drop.src = subnet;
  out_drop.src_negated = true;
  out_drop.position = Position::InsertTop;
  out.push_back(in_drop);
  out.push_back(out_drop);
  Rule icc_rule = in_rule("DOCKER-FORWARD", br, icc ? "ACCEPT" : "DROP");
  icc_rule.out_iface = br;
  out.push_back(icc_rule);
}

void external_rules(std::vector<Rule>& out, const std::string& br, const IpPrefix& subnet, const BridgeOptions& o) {
  bool routed = o.gateway_mode_ipv4 == GatewayMode::Routed;
  if (o.enable_masquerade && !routed) {
    Rule nat = rule(Table::Nat, "POSTROUTING", o.host_ipv4 ? "SNAT" : "MASQUERADE");
    nat.src = subnet;
    nat.out_iface = br;
    nat.out_negated = true;
    nat.snat_to = o.host_ipv4;
    nat.position = Position::InsertTop;
    out.push_back(nat);
  }
  if (!o.enable_icc) {
    Rule drop = in_rule("DOCKER-FORWARD", br, "DROP");
    drop.out_iface = br;
    out.push_back(drop);
    Rule accept = in_rule("DOCKER-FORWARD", br, "ACCEPT");
    accept.out_iface = br;
    accept.out_negated = true;
    out.push_back(accept);
  } else {
    out.push_back(in_rule("DOCKER-FORWARD", br, "ACCEPT"));
  }
  if (routed) {
    Rule icmp = out_rule("DOCKER", br, "ACCEPT");
    icmp.protocol = 1;
    out.push_back(icmp);
  }
  Rule def = out_rule("DOCKER", br, o.gateway_mode_ipv4 == GatewayMode::NatUnprotected ? "ACCEPT" : "DROP");
  def.in_iface = br;
  def.in_negated = true;
  out.push_back(def);
  Rule ct = out_rule("DOCKER-CT", br, "ACCEPT");
  ct.match = Match::ConntrackRelatedEstablished;
  out.push_back(ct);
  out.push_back(out_rule("DOCKER-BRIDGE", br, "DOCKER"));
}

}  // namespace

bool Rule::same_as(const Rule& o) const {
  return table == o.table && chain == o.chain && in_iface == o.in_iface && in_negated == o.in_negated &&
         out_iface == o.out_iface && out_negated == o.out_negated && src == o.src && src_negated == o.src_negated &&
         dst == o.dst && dst_negated == o.dst_negated && protocol == o.protocol && match == o.match &&
         target == o.target && snat_to == o.snat_to;
}

RuleSet base_rules() {
  RuleSet s;
  for (const char* c : {"DOCKER", "DOCKER-BRIDGE", "DOCKER-CT", "DOCKER-FORWARD", "DOCKER-INTERNAL", "DOCKER-USER"})
    s.chains.push_back({Table::Filter, c});
  s.chains.push_back({Table::Nat, "DOCKER"});
  // Inserted at the top in this order, so FORWARD starts DOCKER-USER, DOCKER-FORWARD.
  Rule fwd = rule(Table::Filter, "FORWARD", "DOCKER-FORWARD");
  fwd.position = Position::InsertTop;
  Rule user = rule(Table::Filter, "FORWARD", "DOCKER-USER");
  user.position = Position::InsertTop;
  s.rules = {fwd, user, rule(Table::Filter, "DOCKER-FORWARD", "DOCKER-CT"),
             rule(Table::Filter, "DOCKER-FORWARD", "DOCKER-INTERNAL"),
             rule(Table::Filter, "DOCKER-FORWARD", "DOCKER-BRIDGE")};
  Rule pre = rule(Table::Nat, "PREROUTING", "DOCKER");
  pre.match = Match::AddrtypeDstLocal;
  Rule output = pre;
  output.chain = "OUTPUT";
  output.dst = *IpPrefix::parse("127.0.0.0/8");
  output.dst_negated = true;
  s.rules.push_back(pre);
  s.rules.push_back(output);
  return s;
}

std::vector<Rule> endpoint_rules(const Network& n, const Endpoint& e) {
  if (!n.is_bridge() || n.internal || !e.ipv4) return {};
  if (parse_bridge_options(n.options).gateway_mode_ipv4 != GatewayMode::Nat) return {};
  Rule r = rule(Table::Raw, "PREROUTING", "DROP");
  r.dst = IpPrefix(e.ipv4->addr(), 32);
  r.in_iface = bridge_name(n);
  r.in_negated = true;
  return {r};
}

std::vector<Rule> network_rules(const Network& n) {
  std::vector<Rule> out;
  if (!n.is_bridge()) return out;
  auto subnet = first_ipv4_subnet(n);
  if (!subnet) return out;
  BridgeOptions o = parse_bridge_options(n.options);
  std::string br = bridge_name(n);
  if (n.internal) internal_rules(out, br, *subnet, o.enable_icc);
  else external_rules(out, br, *subnet, o);
  for (const auto& [_, e] : n.containers)
    for (const auto& r : endpoint_rules(n, e)) out.push_back(r);
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

std::string render_rule(const Rule& r) {
  std::string s = "-A " + r.chain;
  auto neg = [](bool n) { return n ? " !" : ""; };
  if (r.src) s += std::string(neg(r.src_negated)) + " -s " + r.src->to_string();
  if (r.dst) s += std::string(neg(r.dst_negated)) + " -d " + r.dst->to_string();
  if (!r.in_iface.empty()) s += std::string(neg(r.in_negated)) + " -i " + r.in_iface;
  if (!r.out_iface.empty()) s += std::string(neg(r.out_negated)) + " -o " + r.out_iface;
  if (r.protocol == 1) s += " -p icmp";
  if (r.match == Match::ConntrackRelatedEstablished) s += " -m conntrack --ctstate RELATED,ESTABLISHED";
  if (r.match == Match::AddrtypeDstLocal) s += " -m addrtype --dst-type LOCAL";
  s += " -j " + r.target;
  if (r.snat_to) s += " --to-source " + r.snat_to->to_string();
  return s;
}

}  // namespace docknet::model
