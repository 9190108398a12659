#include "lib/kernel/nftables/rule_codec.hpp"

#include <netinet/in.h>
// After glibc's netinet/in.h, so the kernel headers skip their own copies of its types.
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nf_tables_compat.h>

#include <vector>

#include "lib/kernel/iptables/xt_extensions.hpp"

namespace docknet::kernel::nft {
namespace {

using model::Family;
using model::Rule;

constexpr uint32_t kReg = NFT_REG_1;  // iptables-nft 1.8.9 loads every match into register 1

struct AddrLayout {
  uint32_t src_offset, dst_offset, len;
};
AddrLayout layout(Family f) { return f == Family::Ipv6 ? AddrLayout{8, 24, 16} : AddrLayout{12, 16, 4}; }

template <class Fill>
void expr(AttrWriter& w, const char* name, Fill fill) {
  w.nest(NFTA_LIST_ELEM, [&] {
    w.str(NFTA_EXPR_NAME, name);
    w.nest(NFTA_EXPR_DATA, fill);
  });
}

void meta(AttrWriter& w, uint32_t key) {
  expr(w, "meta", [&] {
    w.u32(NFTA_META_KEY, key);
    w.u32(NFTA_META_DREG, kReg);
  });
}

void cmp(AttrWriter& w, bool negated, const void* data, size_t len) {
  expr(w, "cmp", [&] {
    w.u32(NFTA_CMP_SREG, kReg);
    w.u32(NFTA_CMP_OP, negated ? NFT_CMP_NEQ : NFT_CMP_EQ);
    w.nest(NFTA_CMP_DATA, [&] { w.bytes(NFTA_DATA_VALUE, data, len); });
  });
}

void iface(AttrWriter& w, uint32_t key, const std::string& name, bool negated) {
  if (name.empty()) return;
  meta(w, key);
  cmp(w, negated, name.c_str(), name.size() + 1);  // the name and its NUL: an exact match
}

std::vector<unsigned char> mask_bytes(int prefix_len, size_t bytes) {
  std::vector<unsigned char> m(bytes, 0);
  for (int bit = 0; bit < prefix_len; ++bit) m[bit / 8] |= static_cast<unsigned char>(0x80 >> (bit % 8));
  return m;
}

void address(AttrWriter& w, const std::optional<IpPrefix>& prefix, bool negated, uint32_t offset, uint32_t full_len) {
  if (!prefix) return;
  IpPrefix p = prefix->masked();
  bool aligned = p.len() % 8 == 0;
  uint32_t len = aligned ? static_cast<uint32_t>(p.len() / 8) : full_len;  // as iptables' add_addr
  expr(w, "payload", [&] {
    w.u32(NFTA_PAYLOAD_DREG, kReg);
    w.u32(NFTA_PAYLOAD_BASE, NFT_PAYLOAD_NETWORK_HEADER);
    w.u32(NFTA_PAYLOAD_OFFSET, offset);
    w.u32(NFTA_PAYLOAD_LEN, len);
  });
  if (!aligned) {
    auto mask = mask_bytes(p.len(), len);
    std::vector<unsigned char> zero(len, 0);
    expr(w, "bitwise", [&] {
      w.u32(NFTA_BITWISE_SREG, kReg);
      w.u32(NFTA_BITWISE_DREG, kReg);
      w.u32(NFTA_BITWISE_LEN, len);
      w.nest(NFTA_BITWISE_MASK, [&] { w.bytes(NFTA_DATA_VALUE, mask.data(), len); });
      w.nest(NFTA_BITWISE_XOR, [&] { w.bytes(NFTA_DATA_VALUE, zero.data(), len); });
    });
  }
  cmp(w, negated, p.addr().bytes(), len);
}

// `-m tcp|udp --dport N`: iptables-nft 1.8.9 turns a plain destination port into a native
// transport header load (the port sits at offset 2 in both headers) and cmp; sctp stays a compat
// match (see write_rule_body).
void native_dport(AttrWriter& w, uint16_t port) {
  expr(w, "payload", [&] {
    w.u32(NFTA_PAYLOAD_DREG, kReg);
    w.u32(NFTA_PAYLOAD_BASE, NFT_PAYLOAD_TRANSPORT_HEADER);
    w.u32(NFTA_PAYLOAD_OFFSET, 2);
    w.u32(NFTA_PAYLOAD_LEN, 2);
  });
  uint16_t be = htons(port);
  cmp(w, false, &be, sizeof be);
}

void extension(AttrWriter& w, const XtExtension& x, bool target) {
  // NFTA_MATCH_* and NFTA_TARGET_* number their name, revision and info alike.
  static_assert(int(NFTA_MATCH_NAME) == int(NFTA_TARGET_NAME) && int(NFTA_MATCH_REV) == int(NFTA_TARGET_REV) &&
                int(NFTA_MATCH_INFO) == int(NFTA_TARGET_INFO));
  expr(w, target ? "target" : "match", [&] {
    w.str(NFTA_MATCH_NAME, x.name);
    w.u32(NFTA_MATCH_REV, x.revision);
    w.bytes(NFTA_MATCH_INFO, x.info.data(), x.info.size());
  });
}

void verdict(AttrWriter& w, const Rule& r) {
  int code = r.target == "ACCEPT" ? NF_ACCEPT : r.target == "DROP" ? NF_DROP : r.target == "RETURN" ? NFT_RETURN : NFT_JUMP;
  expr(w, "immediate", [&] {
    w.u32(NFTA_IMMEDIATE_DREG, NFT_REG_VERDICT);
    w.nest(NFTA_IMMEDIATE_DATA, [&] {
      w.nest(NFTA_DATA_VERDICT, [&] {
        w.u32(NFTA_VERDICT_CODE, static_cast<uint32_t>(code));
        if (code == NFT_JUMP) w.str(NFTA_VERDICT_CHAIN, r.target);
      });
    });
  });
}

}  // namespace

uint8_t nf_family(Family f) { return f == Family::Ipv6 ? NFPROTO_IPV6 : NFPROTO_IPV4; }

void write_rule_body(AttrWriter& w, const Rule& r) {
  AddrLayout l = layout(r.family);
  w.nest(NFTA_RULE_EXPRESSIONS, [&] {
    iface(w, NFT_META_IIFNAME, r.in_iface, r.in_negated);
    iface(w, NFT_META_OIFNAME, r.out_iface, r.out_negated);
    if (r.protocol) {
      meta(w, NFT_META_L4PROTO);
      uint8_t proto = static_cast<uint8_t>(r.protocol);
      cmp(w, false, &proto, 1);
    }
    address(w, r.src, r.src_negated, l.src_offset, l.len);
    address(w, r.dst, r.dst_negated, l.dst_offset, l.len);
    if (r.dport && (r.protocol == IPPROTO_TCP || r.protocol == IPPROTO_UDP)) native_dport(w, *r.dport);
    else if (auto port = xt_port_match(r)) extension(w, *port, false);
    if (auto m = xt_match(r.match)) extension(w, *m, false);
    expr(w, "counter", [&] {
      w.u64(NFTA_COUNTER_BYTES, 0);
      w.u64(NFTA_COUNTER_PACKETS, 0);
    });
    if (auto nat = xt_nat_target(r)) extension(w, *nat, true);
    else verdict(w, r);
  });
  w.nest(NFTA_RULE_COMPAT, [&] {
    w.u32(NFTA_RULE_COMPAT_PROTO, static_cast<uint32_t>(r.protocol));
    w.u32(NFTA_RULE_COMPAT_FLAGS, 0);
  });
}

}  // namespace docknet::kernel::nft
