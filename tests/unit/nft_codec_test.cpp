// The nf_tables encoding of rules (lib/kernel/nftables/rule_codec.cpp): byte goldens of what
// docknet sends, and the decoder reading back exactly docknet's rules and nothing else. The
// e2e suite (161-nftables.bats) proves the same bytes are what iptables-nft itself writes.
#include <catch2/catch.hpp>

#include <netinet/in.h>
// After netinet/in.h, so the kernel headers skip their own copies of its types.
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nf_tables_compat.h>

#include <algorithm>
#include <cstdio>

#include "lib/kernel/iptables/xt_extensions.hpp"
#include "lib/kernel/nftables/rule_codec.hpp"
#include "lib/model/firewall_rules.hpp"
#include "lib/model/network.hpp"
#include "tests/unit/rule_bytes.hpp"
#include "tests/unit/rules_of.hpp"

using namespace docknet;
using namespace docknet::kernel::nft;
using model::Family;
using model::Rule;

namespace {

std::vector<unsigned char> body(const Rule& r) {
  std::vector<unsigned char> out;
  AttrWriter w(out);
  write_rule_body(w, r);
  return out;
}

std::string hex(const std::vector<unsigned char>& b) {
  std::string s;
  char buf[4];
  for (unsigned char c : b) {
    std::snprintf(buf, sizeof buf, "%02x", c);
    s += buf;
  }
  return s;
}

/// The rule read back from what write_rule_body wrote.
std::optional<Rule> round_trip(const Rule& r) {
  auto b = body(r);
  std::optional<Rule> out;
  for_each_attr(b.data(), b.size(), [&](const Attr& a) {
    if (a.type == NFTA_RULE_EXPRESSIONS) out = read_rule_body(r.family, r.table, r.chain, a);
  });
  return out;
}

Rule rule(const char* chain, const char* target) {
  Rule r;
  r.chain = chain;
  r.target = target;
  return r;
}

}  // namespace

// Recorded from write_rule_body once 161-nftables.bats showed nft reads the same expressions from
// docknet's rules as from iptables-nft-restore's. The jump, for one: a counter (bytes, packets),
// then an immediate verdict NFT_JUMP (0xfffffffd) to "DOCKER-USER", then NFTA_RULE_COMPAT {0, 0}.
TEST_CASE("nft codec: byte goldens of rules as iptables-nft 1.8.9 encodes them") {
  Rule jump = rule("FORWARD", "DOCKER-USER");
  CHECK(hex(body(jump)) == "700004802c0001800c000100636f756e746572001c0002800c00010000000000000000000c0002000000000000000000"
        "400001800e000100696d6d6564696174650000002c0002800800010000000000200002801c00028008000100fffffffd"
        "10000200444f434b45522d55534552001400058008000100000000000800020000000000");
  Rule masq = rule("POSTROUTING", "MASQUERADE");
  masq.table = model::Table::Nat;
  masq.src = IpPrefix::parse("172.18.0.0/17");
  masq.out_iface = "br-x";
  masq.out_negated = true;
  CHECK(hex(body(masq)) == "7001048024000180090001006d6574610000000014000280080002000000000708000100000000013000018008000100"
        "636d70002400028008000100000000010800020000000001100003800900010062722d7800000000340001800c000100"
        "7061796c6f6164002400028008000100000000010800020000000001080003000000000c080004000000000444000180"
        "0c0001006269747769736500340002800800010000000001080002000000000108000300000000040c00048008000100"
        "ffff80000c00058008000100000000002c00018008000100636d70002000028008000100000000010800020000000000"
        "0c00038008000100ac1200002c0001800c000100636f756e746572001c0002800c00010000000000000000000c000200"
        "0000000000000000480001800b0001007461726765740000380002800f0001004d415351554552414445000008000200"
        "000000001c00030001000000000000000000000000000000000000000000000014000580080001000000000008000200"
        "00000000");
  Rule ct = rule("DOCKER-CT", "ACCEPT");
  ct.family = Family::Ipv6;
  ct.out_iface = "br-0123456789ab";
  ct.match = model::Match::ConntrackRelatedEstablished;
  CHECK(hex(body(ct)) == "9401048024000180090001006d6574610000000014000280080002000000000708000100000000013800018008000100"
        "636d70002c00028008000100000000010800020000000000180003801400010062722d30313233343536373839616200"
        "d80001800a0001006d61746368000000c80002800e000100636f6e6e747261636b0000000800020000000003ac000300"
        "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
        "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
        "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
        "0000010000000600000000000000000000000000000000002c0001800c000100636f756e746572001c0002800c000100"
        "00000000000000000c0002000000000000000000300001800e000100696d6d6564696174650000001c00028008000100"
        "00000000100002800c00028008000100000000011400058008000100000000000800020000000000");
}

// The goldens are what iptables-nft 1.8.9 itself sent for the same rules (record.sh): tcp and udp
// --dport as a native transport header load, sctp --dport as compat match sctp rev 0, addrtype
// rev 1, DNAT as compat target rev 2 in both families. docknet must send the same bytes, and read
// iptables-nft's bytes back as the same rule.
TEST_CASE("nft codec: port publishing rules byte for byte as iptables-nft 1.8.9 writes them") {
  auto golden = testing::golden_rule_bytes();
  size_t compared = 0;
  for (const auto& r : testing::port_publishing_rules()) {
    std::string text = model::render_rule(r);
    INFO(text);
    bool found = false;
    for (const auto& g : golden) {
      if (g.backend != "nft" || g.family != testing::family_key(r.family) || g.table != model::table_name(r.table) ||
          g.text != text)
        continue;
      found = true;
      ++compared;
      CHECK(hex(body(r)) == g.bytes);
      auto theirs = testing::bytes_of(g.bytes);
      std::optional<Rule> read;
      for_each_attr(theirs.data(), theirs.size(), [&](const Attr& a) {
        if (a.type == NFTA_RULE_EXPRESSIONS) read = read_rule_body(r.family, r.table, r.chain, a);
      });
      REQUIRE(read);
      CHECK(read->same_as(r));
    }
    CHECK(found);
  }
  CHECK(compared == 16);
  auto nft_lines = std::count_if(golden.begin(), golden.end(), [](const auto& g) { return g.backend == "nft"; });
  CHECK(nft_lines == 16);
}

TEST_CASE("nft codec: every rule docknet makes reads back as itself") {
  model::Network n;
  n.id = std::string(64, 'a');
  n.name = "n";
  n.driver = "bridge";
  n.enable_ipv6 = true;
  n.ipam_config = {{*IpPrefix::parse("10.1.0.0/20"), std::nullopt, IpAddress::parse("10.1.0.1"), {}},
                   {*IpPrefix::parse("fd00:1::/64"), std::nullopt, IpAddress::parse("fd00:1::1"), {}}};
  std::vector<Rule> all;
  for (bool internal : {false, true})
    for (const char* icc : {"true", "false"}) {
      n.internal = internal;
      n.options = {{"com.docker.network.bridge.enable_icc", icc}, {"com.docker.network.host_ipv4", "192.0.2.1"},
                   {"com.docker.network.host_ipv6", "fd34::123"}};
      for (auto& r : testing::network_rules(n)) all.push_back(r);
    }
  for (auto f : {Family::Ipv4, Family::Ipv6})
    for (auto& r : model::base_rules(f).rules) all.push_back(r);
  Rule icmp = rule("DOCKER", "ACCEPT");
  icmp.protocol = 1;
  icmp.out_iface = "br-y";
  all.push_back(icmp);
  for (auto& r : testing::port_publishing_rules()) all.push_back(r);
  REQUIRE(all.size() > 20);
  for (const auto& r : all) {
    INFO(model::render_rule(r));
    auto back = round_trip(r);
    REQUIRE(back);
    CHECK(back->same_as(r));
  }
}

TEST_CASE("nft codec: rules docknet never writes are not read as its own") {
  auto decode = [](const std::vector<unsigned char>& exprs) {
    Attr a{NFTA_RULE_EXPRESSIONS, exprs.data(), exprs.size()};
    return read_rule_body(Family::Ipv4, model::Table::Filter, "DOCKER", a);
  };
  // Build expression lists by hand: each case changes one thing in a rule docknet would write.
  auto exprs = [](auto fill) {
    std::vector<unsigned char> out;
    AttrWriter w(out);
    fill(w);
    return out;
  };
  auto elem = [](AttrWriter& w, const char* name, auto data) {
    w.nest(NFTA_LIST_ELEM, [&] {
      w.str(NFTA_EXPR_NAME, name);
      w.nest(NFTA_EXPR_DATA, [&] { data(w); });
    });
  };
  auto meta_iif = [&](AttrWriter& w) { elem(w, "meta", [](AttrWriter& x) { x.u32(NFTA_META_KEY, NFT_META_IIFNAME); x.u32(NFTA_META_DREG, NFT_REG_1); }); };
  auto cmp_name = [&](AttrWriter& w, const char* name, size_t len) {
    elem(w, "cmp", [&](AttrWriter& x) {
      x.u32(NFTA_CMP_SREG, NFT_REG_1);
      x.u32(NFTA_CMP_OP, NFT_CMP_EQ);
      x.nest(NFTA_CMP_DATA, [&] { x.bytes(NFTA_DATA_VALUE, name, len); });
    });
  };
  auto verdict = [&](AttrWriter& w, int code, const char* chain) {
    elem(w, "immediate", [&](AttrWriter& x) {
      x.u32(NFTA_IMMEDIATE_DREG, NFT_REG_VERDICT);
      x.nest(NFTA_IMMEDIATE_DATA, [&] {
        x.nest(NFTA_DATA_VERDICT, [&] {
          x.u32(NFTA_VERDICT_CODE, static_cast<uint32_t>(code));
          if (chain) x.str(NFTA_VERDICT_CHAIN, chain);
        });
      });
    });
  };
  auto counter = [&](AttrWriter& w) { elem(w, "counter", [](AttrWriter& x) { x.u64(NFTA_COUNTER_BYTES, 0); x.u64(NFTA_COUNTER_PACKETS, 0); }); };
  // Docknet's own: -i br-x -j ACCEPT.
  auto ours = decode(exprs([&](AttrWriter& w) { meta_iif(w); cmp_name(w, "br-x", 5); counter(w); verdict(w, NF_ACCEPT, nullptr); }));
  REQUIRE(ours);
  CHECK(ours->in_iface == "br-x");
  // -i br+ (a wildcard: the name without its NUL)
  CHECK_FALSE(decode(exprs([&](AttrWriter& w) { meta_iif(w); cmp_name(w, "br", 2); counter(w); verdict(w, NF_ACCEPT, nullptr); })));
  // -g DOCKER (goto, not jump)
  CHECK_FALSE(decode(exprs([&](AttrWriter& w) { counter(w); verdict(w, NFT_GOTO, "DOCKER"); })));
  // -j MYCHAIN (a jump docknet never writes)
  CHECK_FALSE(decode(exprs([&](AttrWriter& w) { counter(w); verdict(w, NFT_JUMP, "MYCHAIN"); })));
  // -j LOG (another target)
  CHECK_FALSE(decode(exprs([&](AttrWriter& w) {
    counter(w);
    elem(w, "target", [](AttrWriter& x) { x.str(1, "LOG"); x.u32(2, 0); x.bytes(3, "\0\0\0\0\0\0\0\0", 8); });
  })));
  // an expression iptables-nft writes for other matches (a mark, a limit ...)
  CHECK_FALSE(decode(exprs([&](AttrWriter& w) { elem(w, "limit", [](AttrWriter& x) { x.u64(1, 5); }); counter(w); verdict(w, NF_ACCEPT, nullptr); })));
  // a verdict with something after it, and a rule with no verdict at all
  CHECK_FALSE(decode(exprs([&](AttrWriter& w) { verdict(w, NF_ACCEPT, nullptr); counter(w); })));
  CHECK_FALSE(decode(exprs([&](AttrWriter& w) { meta_iif(w); cmp_name(w, "br-x", 5); counter(w); })));
  // a load never compared
  CHECK_FALSE(decode(exprs([&](AttrWriter& w) { meta_iif(w); counter(w); verdict(w, NF_DROP, nullptr); })));
}

// Found in review: a NAT target with flags, ports or an address range docknet never writes
// must not read as docknet's, or rm would delete a user's rule that merely looks like one.
TEST_CASE("nft codec: only the exact NAT target bytes docknet writes are docknet's") {
  Rule masq = rule("POSTROUTING", "MASQUERADE");
  masq.table = model::Table::Nat;
  auto mine = kernel::xt_nat_target(masq);
  REQUIRE(mine);
  Rule out = masq;
  CHECK(kernel::read_nat_target("MASQUERADE", 0, mine->info.data(), mine->info.size(), out));
  auto random_fully = mine->info;
  random_fully[4] = 0x10;  // range[0].flags: NF_NAT_RANGE_PROTO_RANDOM_FULLY
  CHECK_FALSE(kernel::read_nat_target("MASQUERADE", 0, random_fully.data(), random_fully.size(), out));
  Rule snat = rule("POSTROUTING", "SNAT");
  snat.table = model::Table::Nat;
  snat.snat_to = IpAddress::parse("192.0.2.1");
  auto exact = kernel::xt_nat_target(snat);
  REQUIRE(exact);
  Rule back = snat;
  back.snat_to.reset();
  CHECK(kernel::read_nat_target("SNAT", 0, exact->info.data(), exact->info.size(), back));
  CHECK(back.snat_to == snat.snat_to);
  auto range = exact->info;
  range[15] = 9;  // max_ip's last byte: --to-source 192.0.2.1-192.0.2.9
  CHECK_FALSE(kernel::read_nat_target("SNAT", 0, range.data(), range.size(), back));
}

// iptables-nft writes a plain tcp/udp --dport natively and never as a compat match; a bare
// `-p tcp`, a compat tcp match or a port load before the protocol is someone else's rule.
TEST_CASE("nft codec: port rules docknet never writes are not read as its own") {
  Rule tcp = rule("DOCKER", "ACCEPT");
  tcp.protocol = IPPROTO_TCP;
  tcp.dport = 80;
  REQUIRE(round_trip(tcp));
  Rule bare = tcp;
  bare.dport.reset();
  CHECK_FALSE(round_trip(bare));
  Rule sctp = tcp;
  sctp.protocol = IPPROTO_SCTP;
  REQUIRE(round_trip(sctp));
  // The sctp rule's bytes with its compat sctp match renamed and its info made tcp's.
  auto compat_tcp = [&] {
    std::vector<unsigned char> out;
    AttrWriter w(out);
    w.nest(NFTA_RULE_EXPRESSIONS, [&] {
      auto elem = [&](const char* name, auto fill) {
        w.nest(NFTA_LIST_ELEM, [&] {
          w.str(NFTA_EXPR_NAME, name);
          w.nest(NFTA_EXPR_DATA, fill);
        });
      };
      elem("meta", [&] { w.u32(NFTA_META_KEY, NFT_META_L4PROTO); w.u32(NFTA_META_DREG, NFT_REG_1); });
      uint8_t proto = IPPROTO_TCP;
      elem("cmp", [&] {
        w.u32(NFTA_CMP_SREG, NFT_REG_1);
        w.u32(NFTA_CMP_OP, NFT_CMP_EQ);
        w.nest(NFTA_CMP_DATA, [&] { w.bytes(NFTA_DATA_VALUE, &proto, 1); });
      });
      auto m = kernel::xt_port_match(tcp);
      elem("match", [&] { w.str(NFTA_MATCH_NAME, m->name); w.u32(NFTA_MATCH_REV, 0); w.bytes(NFTA_MATCH_INFO, m->info.data(), m->info.size()); });
      elem("counter", [&] { w.u64(NFTA_COUNTER_BYTES, 0); w.u64(NFTA_COUNTER_PACKETS, 0); });
      elem("immediate", [&] {
        w.u32(NFTA_IMMEDIATE_DREG, NFT_REG_VERDICT);
        w.nest(NFTA_IMMEDIATE_DATA, [&] { w.nest(NFTA_DATA_VERDICT, [&] { w.u32(NFTA_VERDICT_CODE, NF_ACCEPT); }); });
      });
    });
    return out;
  }();
  std::optional<Rule> read;
  bool seen = false;
  for_each_attr(compat_tcp.data(), compat_tcp.size(), [&](const Attr& a) {
    seen = true;
    read = read_rule_body(Family::Ipv4, model::Table::Filter, "DOCKER", a);
  });
  CHECK(seen);
  CHECK_FALSE(read);
}
