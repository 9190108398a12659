#pragma once
// Docker's port-publishing rules (userland-proxy=false) as Rules, and the bytes iptables 1.8.9
// itself writes for them (tests/golden/rule-bytes/rule-bytes.golden, made by record.sh from
// ipv4.rules and ipv6.rules), for the encoder tests of both backends.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "lib/model/firewall_rules.hpp"

namespace docknet::testing {

/// One rule as iptables wrote it: `backend` is "nft" (NFTA_RULE_EXPRESSIONS and NFTA_RULE_COMPAT
/// in hex) or "legacy" (the entry's header hex, then each match and the target as name/rev/hex,
/// comma-separated; a verdict or jump just "verdict"); `text` is the iptables-save line.
struct GoldenRuleBytes {
  std::string backend, family, table, bytes, text;
};

inline std::vector<GoldenRuleBytes> golden_rule_bytes() {
  std::ifstream in(std::string(DOCKNET_SOURCE_DIR) + "/tests/golden/rule-bytes/rule-bytes.golden");
  std::vector<GoldenRuleBytes> out;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream s(line);
    GoldenRuleBytes g;
    s >> g.backend >> g.family >> g.table >> g.bytes >> std::ws;
    std::getline(s, g.text);
    out.push_back(g);
  }
  return out;
}

inline std::string hex_of(const unsigned char* data, size_t len) {
  std::string s;
  char buf[4];
  for (size_t i = 0; i < len; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", data[i]);
    s += buf;
  }
  return s;
}

inline std::vector<unsigned char> bytes_of(const std::string& hex) {
  std::vector<unsigned char> out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<unsigned char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

/// The rules of ipv4.rules and ipv6.rules, built the way the model builds Docker's.
inline std::vector<model::Rule> port_publishing_rules() {
  using model::Family;
  using model::Table;
  auto make = [](Family f, Table t, const char* chain, int proto, int dport, const char* target) {
    model::Rule r;
    r.family = f;
    r.table = t;
    r.chain = chain;
    r.protocol = proto;
    if (dport) r.dport = static_cast<uint16_t>(dport);
    r.target = target;
    return r;
  };
  auto pfx = [](const char* s) { return *IpPrefix::parse(s); };
  auto dnat = [](model::Rule r, const char* to, uint16_t port) {
    r.dnat_to = IpAddress::parse(to);
    r.dnat_port = port;
    return r;
  };
  std::vector<model::Rule> out;
  for (Family f : {Family::Ipv4, Family::Ipv6}) {
    bool v6 = f == Family::Ipv6;
    const char* loopback = v6 ? "::1/128" : "127.0.0.1/32";
    const char* bridge = v6 ? "br-x" : "docker0";
    auto ctr = v6 ? pfx("fd00:7::2/128") : pfx("172.17.0.2/32");
    model::Rule drop = make(f, Table::Raw, "PREROUTING", 17, 9000, "DROP");
    drop.dst = pfx(loopback);
    drop.in_iface = "lo";
    drop.in_negated = true;
    out.push_back(drop);
    for (int proto : {6, 132}) {
      model::Rule accept = make(f, Table::Filter, "DOCKER", proto, v6 || proto == 132 ? 80 : 54321, "ACCEPT");
      accept.dst = ctr;
      accept.in_iface = accept.out_iface = bridge;
      accept.in_negated = true;
      out.push_back(accept);
    }
    model::Rule local = make(f, Table::Nat, "POSTROUTING", 0, 0, "MASQUERADE");
    local.out_iface = bridge;
    local.match = model::Match::AddrtypeSrcLocal;
    out.push_back(local);
    model::Rule hairpin = make(f, Table::Nat, "POSTROUTING", v6 ? 17 : 6, v6 ? 53 : 54321, "MASQUERADE");
    hairpin.src = hairpin.dst = ctr;
    out.push_back(hairpin);
    model::Rule output = make(f, Table::Nat, "OUTPUT", 0, 0, "DOCKER");
    output.match = model::Match::AddrtypeDstLocal;
    if (!v6) out.push_back(output);  // ipv6.rules has none: the same bytes as IPv4's
    if (v6) {
      for (int dport : {8081, 8082}) {
        model::Rule r = dnat(make(f, Table::Nat, "DOCKER", 6, dport, "DNAT"), "fd00:7::2", 80);
        r.src = pfx("fe80::/10");
        r.src_negated = true;
        if (dport == 8082) r.dst = pfx(loopback);
        out.push_back(r);
      }
    } else {
      out.push_back(dnat(make(f, Table::Nat, "DOCKER", 6, 80, "DNAT"), "172.17.0.2", 54321));
      model::Rule udp = dnat(make(f, Table::Nat, "DOCKER", 17, 9000, "DNAT"), "172.17.0.2", 53);
      udp.dst = pfx(loopback);
      out.push_back(udp);
      out.push_back(dnat(make(f, Table::Nat, "DOCKER", 132, 81, "DNAT"), "172.17.0.2", 82));
    }
  }
  return out;
}

inline const char* family_key(model::Family f) { return f == model::Family::Ipv6 ? "ipv6" : "ipv4"; }

}  // namespace docknet::testing
