// The legacy backend's encoding (lib/kernel/iptables/entry_encoder.cpp, xt_extensions.cpp): the
// ipt_entry/ip6t_entry bytes docknet hands libiptc, compared with the entries iptables-legacy
// 1.8.9 made for the same rules (tests/golden/rule-bytes), and the decoder reading back exactly
// docknet's rules and nothing else. Shared extension checks (ports, DNAT) cover the nft backend
// too: it carries the same struct bytes in its compat expressions.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
// After netinet/in.h, so the kernel headers skip their own copies of its types.
#include <linux/netfilter/nf_nat.h>
#include <linux/netfilter/xt_addrtype.h>
#include <linux/netfilter_ipv4/ip_tables.h>
#include <linux/netfilter_ipv6/ip6_tables.h>

#include <cstddef>
#include <cstring>

#include "lib/kernel/iptables/entry_encoder.hpp"
#include "lib/kernel/iptables/xt_extensions.hpp"
#include "lib/model/network.hpp"
#include "tests/unit/rule_bytes.hpp"
#include "tests/unit/rules_of.hpp"

using namespace docknet;
using model::Family;
using model::Rule;

namespace {

/// An encoded entry in record.sh's "legacy" form: header (up to target_offset), each match and
/// the target as name/rev/hex; a standard target (a verdict or jump libiptc resolves) "verdict".
std::string legacy_form(const Rule& r, const std::vector<unsigned char>& e) {
  bool v6 = r.family == Family::Ipv6;
  size_t header = v6 ? offsetof(ip6t_entry, target_offset) : offsetof(ipt_entry, target_offset);
  size_t first = v6 ? sizeof(ip6t_entry) : sizeof(ipt_entry);
  size_t target = v6 ? reinterpret_cast<const ip6t_entry*>(e.data())->target_offset
                     : reinterpret_cast<const ipt_entry*>(e.data())->target_offset;
  std::string s = testing::hex_of(e.data(), header);
  auto ext = [&](size_t at, size_t size) {
    auto* m = reinterpret_cast<const xt_entry_match*>(e.data() + at);
    return "," + std::string(m->u.user.name) + "/" + std::to_string(m->u.user.revision) + "/" +
           testing::hex_of(e.data() + at + sizeof(xt_entry_match), size - sizeof(xt_entry_match));
  };
  for (size_t at = first; at < target;) {
    size_t size = reinterpret_cast<const xt_entry_match*>(e.data() + at)->u.match_size;
    s += ext(at, size);
    at += size;
  }
  if (kernel::xt_nat_target(r)) s += ext(target, e.size() - target);
  else s += ",verdict";
  return s;
}

std::optional<Rule> round_trip(const Rule& r) {
  auto e = kernel::encode_entry(r);
  return kernel::decode_entry(r.family, r.table, r.chain, e.data(), r.target.c_str());
}

}  // namespace

TEST_CASE("entry encoder: port publishing entries as iptables-legacy 1.8.9 makes them") {
  auto golden = testing::golden_rule_bytes();
  size_t compared = 0;
  for (const auto& r : testing::port_publishing_rules()) {
    std::string text = model::render_rule(r);
    INFO(text);
    for (const auto& g : golden) {
      if (g.backend != "legacy" || g.family != testing::family_key(r.family) || g.table != model::table_name(r.table) ||
          g.text != text)
        continue;
      ++compared;
      CHECK(legacy_form(r, kernel::encode_entry(r)) == g.bytes);
    }
    auto back = round_trip(r);
    REQUIRE(back);
    CHECK(back->same_as(r));
  }
  CHECK(compared == 16);
}

TEST_CASE("entry encoder: every rule docknet makes reads back as itself") {
  model::Network n;
  n.id = std::string(64, 'b');
  n.name = "n";
  n.driver = "bridge";
  n.enable_ipv6 = true;
  n.ipam_config = {{*IpPrefix::parse("10.2.0.0/20"), std::nullopt, IpAddress::parse("10.2.0.1"), {}},
                   {*IpPrefix::parse("fd00:2::/64"), std::nullopt, IpAddress::parse("fd00:2::1"), {}}};
  std::vector<Rule> all = testing::port_publishing_rules();
  for (bool internal : {false, true}) {
    n.internal = internal;
    n.options = {{"com.docker.network.host_ipv4", "192.0.2.1"}, {"com.docker.network.host_ipv6", "fd34::123"}};
    for (auto& r : testing::network_rules(n)) all.push_back(r);
  }
  for (auto f : {Family::Ipv4, Family::Ipv6})
    for (auto& r : model::base_rules(f).rules) all.push_back(r);
  REQUIRE(all.size() > 30);
  for (const auto& r : all) {
    INFO(model::render_rule(r));
    auto back = round_trip(r);
    REQUIRE(back);
    CHECK(back->same_as(r));
  }
}

TEST_CASE("entry encoder: port rules docknet never writes are not read as its own") {
  Rule tcp;
  tcp.table = model::Table::Nat;
  tcp.chain = "DOCKER";
  tcp.protocol = IPPROTO_TCP;
  tcp.dport = 80;
  tcp.target = "DNAT";
  tcp.dnat_to = IpAddress::parse("172.17.0.2");
  tcp.dnat_port = 8080;
  REQUIRE(round_trip(tcp));
  // -p tcp without a port match
  Rule bare = tcp;
  bare.dport.reset();
  CHECK_FALSE(round_trip(bare));
  // the port match's bytes changed one field at a time
  auto port = kernel::xt_port_match(tcp);
  REQUIRE(port);
  auto reads = [&](const std::string& name, std::vector<unsigned char> info) {
    Rule r = tcp;
    r.dport.reset();
    return kernel::read_port_match(name, 0, info.data(), info.size(), r) && r.dport == tcp.dport;
  };
  CHECK(reads("tcp", port->info));
  CHECK_FALSE(reads("udp", port->info));  // a udp match in a -p tcp rule
  auto sport = port->info;
  sport[0] = 1;  // --sport 1:65535
  CHECK_FALSE(reads("tcp", sport));
  auto range = port->info;
  range[6] = 0x51;  // --dport 80:81
  CHECK_FALSE(reads("tcp", range));
  auto inverted = port->info;
  inverted[11] = 0x02;  // ! --dport 80
  CHECK_FALSE(reads("tcp", inverted));
  Rule sctp = tcp;
  sctp.protocol = IPPROTO_SCTP;
  auto chunks = kernel::xt_port_match(sctp);
  REQUIRE(chunks);
  chunks->info[chunks->info.size() - 12] |= 0x04;  // flags: XT_SCTP_CHUNK_TYPES
  Rule s = sctp;
  s.dport.reset();
  CHECK_FALSE(kernel::read_port_match("sctp", 0, chunks->info.data(), chunks->info.size(), s));
  // addrtype with both a source and a destination type
  auto both = kernel::xt_match(model::Match::AddrtypeSrcLocal);
  REQUIRE(both);
  both->info[2] = XT_ADDRTYPE_LOCAL;  // dest too
  CHECK_FALSE(kernel::match_of("addrtype", 1, both->info.data(), both->info.size()));
}

// Found in review of the SNAT reader: a DNAT with a port range, a random port or an address range
// is a user's rule that merely looks like docknet's; reading it as docknet's would let rm delete it.
TEST_CASE("entry encoder: only the exact DNAT target bytes docknet writes are docknet's") {
  for (const char* to : {"172.17.0.2", "fd00:7::2"}) {
    Rule r;
    r.family = IpAddress::parse(to)->is_v6() ? Family::Ipv6 : Family::Ipv4;
    r.table = model::Table::Nat;
    r.chain = "DOCKER";
    r.target = "DNAT";
    r.dnat_to = IpAddress::parse(to);
    r.dnat_port = 80;
    auto mine = kernel::xt_nat_target(r);
    REQUIRE(mine);
    CHECK(mine->revision == 2);
    auto reads = [&](std::vector<unsigned char> info) {
      Rule back = r;
      back.dnat_to.reset();
      back.dnat_port = 0;
      return kernel::read_nat_target("DNAT", 2, info.data(), info.size(), back) && back.same_as(r);
    };
    CHECK(reads(mine->info));
    auto range = mine->info;
    range[offsetof(nf_nat_range2, max_proto) + 1] = 81;  // --to-destination ADDR:80-81
    CHECK_FALSE(reads(range));
    auto random = mine->info;
    random[0] |= NF_NAT_RANGE_PROTO_RANDOM;
    CHECK_FALSE(reads(random));
    auto addresses = mine->info;
    addresses[offsetof(nf_nat_range2, max_addr) + (r.family == Family::Ipv6 ? 15 : 3)] = 9;  // ADDR-ADDR9
    CHECK_FALSE(reads(addresses));
    Rule back = r;
    CHECK_FALSE(kernel::read_nat_target("DNAT", 1, mine->info.data(), mine->info.size(), back));
  }
}
