// Reading nf_tables rules back into Rules: the inverse of write_rule_body (rule_codec.cpp).
#include <netinet/in.h>
// After glibc's netinet/in.h, so the kernel headers skip their own copies of its types.
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nf_tables_compat.h>

#include "lib/kernel/iptables/xt_extensions.hpp"
#include "lib/kernel/nftables/rule_codec.hpp"

namespace docknet::kernel::nft {
namespace {

using model::Family;
using model::Rule;

/// What the register holds: the expression that loaded it, waiting for its cmp.
struct Loaded {
  enum Kind { Nothing, InIface, OutIface, L4proto, Src, Dst, Dport } kind = Nothing;
  size_t len = 0;      // bytes of the address loaded
  int prefix_len = -1;  // set by a bitwise mask; otherwise len * 8
};

int contiguous_prefix(const Attr& mask, size_t len) {
  AttrTable<NFTA_DATA_MAX> v(mask);
  if (!v[NFTA_DATA_VALUE] || v[NFTA_DATA_VALUE].len != len) return -1;
  int bits = 0;
  bool ended = false;
  for (size_t i = 0; i < len; ++i)
    for (int b = 7; b >= 0; --b) {
      bool set = v[NFTA_DATA_VALUE].data[i] & (1 << b);
      if (set && ended) return -1;
      if (set) ++bits;
      else ended = true;
    }
  return bits;
}

bool all_zero(const Attr& value, size_t len) {
  AttrTable<NFTA_DATA_MAX> v(value);
  if (!v[NFTA_DATA_VALUE] || v[NFTA_DATA_VALUE].len != len) return false;
  for (size_t i = 0; i < len; ++i)
    if (v[NFTA_DATA_VALUE].data[i]) return false;
  return true;
}

class Decoder {
 public:
  Decoder(Family f, model::Table t, const std::string& chain) {
    rule_.family = f;
    rule_.table = t;
    rule_.chain = chain;
  }
  bool step(const std::string& name, const Attr& data) {
    if (done_) return false;  // nothing follows the verdict or target
    if (name == "meta") return meta(AttrTable<NFTA_META_MAX>(data));
    if (name == "payload") return payload(AttrTable<NFTA_PAYLOAD_MAX>(data));
    if (name == "bitwise") return bitwise(AttrTable<NFTA_BITWISE_MAX>(data));
    if (name == "cmp") return cmp(AttrTable<NFTA_CMP_MAX>(data));
    if (name == "counter") return loaded_.kind == Loaded::Nothing;
    if (name == "match") return match(AttrTable<NFTA_MATCH_MAX>(data));
    if (name == "immediate") return immediate(AttrTable<NFTA_IMMEDIATE_MAX>(data));
    if (name == "target") return target(AttrTable<NFTA_TARGET_MAX>(data));
    return false;
  }
  std::optional<Rule> result() const {
    if (!done_ || loaded_.kind != Loaded::Nothing) return std::nullopt;
    // docknet writes -p tcp|udp|sctp only with a --dport: a bare `-p tcp` is someone else's rule.
    if (model::l4_name(rule_.protocol) && !rule_.dport) return std::nullopt;
    return rule_;
  }

 private:
  bool meta(const AttrTable<NFTA_META_MAX>& a) {
    if (loaded_.kind != Loaded::Nothing || !a[NFTA_META_DREG] || a[NFTA_META_DREG].u32() != NFT_REG_1) return false;
    switch (a[NFTA_META_KEY].u32()) {
      case NFT_META_IIFNAME: loaded_ = {Loaded::InIface}; return rule_.in_iface.empty();
      case NFT_META_OIFNAME: loaded_ = {Loaded::OutIface}; return rule_.out_iface.empty();
      case NFT_META_L4PROTO: loaded_ = {Loaded::L4proto}; return rule_.protocol == 0;
      default: return false;
    }
  }
  bool payload(const AttrTable<NFTA_PAYLOAD_MAX>& a) {
    if (loaded_.kind != Loaded::Nothing || a[NFTA_PAYLOAD_DREG].u32() != NFT_REG_1) return false;
    if (a[NFTA_PAYLOAD_BASE].u32() == NFT_PAYLOAD_TRANSPORT_HEADER) {
      // tcp/udp --dport, natively: after the l4proto cmp, and only once. sctp's is a compat match.
      loaded_ = {Loaded::Dport};
      return a[NFTA_PAYLOAD_OFFSET].u32() == 2 && a[NFTA_PAYLOAD_LEN].u32() == 2 && !rule_.dport &&
             (rule_.protocol == IPPROTO_TCP || rule_.protocol == IPPROTO_UDP) && rule_.match == model::Match::None;
    }
    // Addresses come before the port, as iptables-nft orders them.
    if (a[NFTA_PAYLOAD_BASE].u32() != NFT_PAYLOAD_NETWORK_HEADER || rule_.dport) return false;
    bool v6 = rule_.family == Family::Ipv6;
    uint32_t offset = a[NFTA_PAYLOAD_OFFSET].u32(), len = a[NFTA_PAYLOAD_LEN].u32();
    uint32_t src = v6 ? 8 : 12, dst = v6 ? 24 : 16, full = v6 ? 16 : 4;
    if ((offset != src && offset != dst) || len == 0 || len > full) return false;
    loaded_ = {offset == src ? Loaded::Src : Loaded::Dst, len};
    return offset == src ? !rule_.src : !rule_.dst;
  }
  bool bitwise(const AttrTable<NFTA_BITWISE_MAX>& a) {
    if ((loaded_.kind != Loaded::Src && loaded_.kind != Loaded::Dst) || loaded_.prefix_len >= 0) return false;
    if (a[NFTA_BITWISE_SREG].u32() != NFT_REG_1 || a[NFTA_BITWISE_DREG].u32() != NFT_REG_1 ||
        a[NFTA_BITWISE_LEN].u32() != loaded_.len || (a[NFTA_BITWISE_OP] && a[NFTA_BITWISE_OP].u32() != NFT_BITWISE_BOOL))
      return false;
    loaded_.prefix_len = contiguous_prefix(a[NFTA_BITWISE_MASK], loaded_.len);
    return loaded_.prefix_len >= 0 && all_zero(a[NFTA_BITWISE_XOR], loaded_.len);
  }
  bool cmp(const AttrTable<NFTA_CMP_MAX>& a) {
    uint32_t op = a[NFTA_CMP_OP].u32();
    if (a[NFTA_CMP_SREG].u32() != NFT_REG_1 || (op != NFT_CMP_EQ && op != NFT_CMP_NEQ)) return false;
    AttrTable<NFTA_DATA_MAX> d(a[NFTA_CMP_DATA]);
    const Attr& v = d[NFTA_DATA_VALUE];
    if (!v) return false;
    bool neg = op == NFT_CMP_NEQ;
    Loaded l = loaded_;
    loaded_ = {};
    switch (l.kind) {
      case Loaded::InIface: return iface(v, neg, rule_.in_iface, rule_.in_negated);
      case Loaded::OutIface: return iface(v, neg, rule_.out_iface, rule_.out_negated);
      case Loaded::L4proto:
        rule_.protocol = v.len == 1 ? v.data[0] : 0;
        return !neg && (rule_.protocol == 1 || rule_.protocol == 58 || model::l4_name(rule_.protocol));
      case Loaded::Dport:
        if (neg || v.len != 2) return false;
        rule_.dport = static_cast<uint16_t>(v.data[0] << 8 | v.data[1]);
        return true;
      case Loaded::Src: return address(v, l, neg, rule_.src, rule_.src_negated);
      case Loaded::Dst: return address(v, l, neg, rule_.dst, rule_.dst_negated);
      case Loaded::Nothing: return false;
    }
    return false;
  }
  // docknet matches interfaces exactly: the name and its NUL. A wildcard (`br+`) loads fewer bytes.
  static bool iface(const Attr& v, bool neg, std::string& name, bool& negated) {
    if (v.len < 2 || v.len > 16 || v.data[v.len - 1] != 0) return false;
    name = v.str();
    negated = neg;
    return name.size() + 1 == v.len;
  }
  bool address(const Attr& v, const Loaded& l, bool neg, std::optional<IpPrefix>& out, bool& negated) const {
    if (v.len != l.len) return false;
    bool v6 = rule_.family == Family::Ipv6;
    u128 value = 0;
    for (size_t i = 0; i < (v6 ? 16u : 4u); ++i) value = (value << 8) | (i < v.len ? v.data[i] : 0);
    int len = l.prefix_len >= 0 ? l.prefix_len : static_cast<int>(l.len * 8);
    if (len == 0) return false;
    out = IpPrefix(IpAddress::from_value(v6, value), len);
    negated = neg;
    return out->is_masked();
  }
  bool match(const AttrTable<NFTA_MATCH_MAX>& a) {
    if (loaded_.kind != Loaded::Nothing || rule_.match != model::Match::None) return false;
    std::string name = a[NFTA_MATCH_NAME].str();
    int rev = static_cast<int>(a[NFTA_MATCH_REV].u32());
    // Only sctp's port is a compat match: iptables-nft writes tcp and udp ports natively.
    if (rule_.protocol == IPPROTO_SCTP && !rule_.dport)
      return read_port_match(name, rev, a[NFTA_MATCH_INFO].data, a[NFTA_MATCH_INFO].len, rule_);
    auto m = match_of(name, rev, a[NFTA_MATCH_INFO].data, a[NFTA_MATCH_INFO].len);
    if (!m) return false;
    rule_.match = *m;
    return true;
  }
  bool immediate(const AttrTable<NFTA_IMMEDIATE_MAX>& a) {
    if (loaded_.kind != Loaded::Nothing || a[NFTA_IMMEDIATE_DREG].u32() != NFT_REG_VERDICT) return false;
    AttrTable<NFTA_DATA_MAX> data(a[NFTA_IMMEDIATE_DATA]);
    AttrTable<NFTA_VERDICT_MAX> v(data[NFTA_DATA_VERDICT]);
    if (!v[NFTA_VERDICT_CODE]) return false;
    switch (static_cast<int>(v[NFTA_VERDICT_CODE].u32())) {
      case NF_ACCEPT: rule_.target = "ACCEPT"; break;
      case NF_DROP: rule_.target = "DROP"; break;
      case NFT_RETURN: rule_.target = "RETURN"; break;
      case NFT_JUMP:
        rule_.target = v[NFTA_VERDICT_CHAIN].str();
        if (rule_.target.rfind("DOCKER", 0) != 0) return false;  // a jump docknet never writes
        break;
      default: return false;
    }
    return done_ = true;
  }
  bool target(const AttrTable<NFTA_TARGET_MAX>& a) {
    if (loaded_.kind != Loaded::Nothing) return false;
    if (!read_nat_target(a[NFTA_TARGET_NAME].str(), static_cast<int>(a[NFTA_TARGET_REV].u32()), a[NFTA_TARGET_INFO].data,
                         a[NFTA_TARGET_INFO].len, rule_))
      return false;
    return done_ = true;
  }

  Rule rule_;
  Loaded loaded_;
  bool done_ = false;
};

}  // namespace

std::optional<Rule> read_rule_body(Family family, model::Table table, const std::string& chain, const Attr& expressions) {
  Decoder d(family, table, chain);
  bool ok = true;
  for_each_attr(expressions.data, expressions.len, [&](const Attr& elem) {
    if (!ok) return;
    AttrTable<NFTA_EXPR_MAX> e(elem);
    ok = elem.type == NFTA_LIST_ELEM && e[NFTA_EXPR_NAME] && d.step(e[NFTA_EXPR_NAME].str(), e[NFTA_EXPR_DATA]);
  });
  return ok ? d.result() : std::nullopt;
}

}  // namespace docknet::kernel::nft
