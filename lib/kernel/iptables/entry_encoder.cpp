#include "lib/kernel/iptables/entry_encoder.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
// The kernel's UAPI structs only (no libiptc), so this codec links into the unit tests. After
// glibc's netinet/in.h, so the kernel headers skip their own copies of its types.
#include <linux/netfilter_ipv4/ip_tables.h>
#include <linux/netfilter_ipv6/ip6_tables.h>

#include <algorithm>
#include <cstring>

#include "lib/kernel/iptables/xt_extensions.hpp"

namespace docknet::kernel {
namespace {

void set_iface(char* name, unsigned char* mask, const std::string& iface) {
  std::strncpy(name, iface.c_str(), IFNAMSIZ - 1);
  // Exact match on every character and the terminating NUL, as xtables_parse_interface does.
  std::memset(mask, 0xff, iface.size() + 1);
}

void set_prefix(in_addr& addr, in_addr& mask, const IpPrefix& p) {
  uint32_t m = p.len() == 0 ? 0 : ~uint32_t(0) << (32 - p.len());
  addr.s_addr = htonl(static_cast<uint32_t>(p.masked().addr().value()));
  mask.s_addr = htonl(m);
}

void set_prefix6(in6_addr& addr, in6_addr& mask, const IpPrefix& p) {
  std::memcpy(&addr, p.masked().addr().bytes(), 16);
  std::memset(&mask, 0, sizeof mask);
  for (int bit = 0; bit < p.len(); ++bit) mask.s6_addr[bit / 8] |= static_cast<uint8_t>(0x80 >> (bit % 8));
}

void append_extension(std::vector<unsigned char>& out, const XtExtension& x, bool target) {
  // xt_entry_match and xt_entry_target share one layout: size, name, revision, then the data.
  static_assert(sizeof(xt_entry_match) == sizeof(xt_entry_target));
  size_t size = XT_ALIGN(sizeof(xt_entry_match)) + x.info.size();
  size_t at = out.size();
  out.resize(at + size, 0);
  if (target) {
    auto* t = reinterpret_cast<xt_entry_target*>(out.data() + at);
    t->u.user.target_size = static_cast<uint16_t>(size);
    std::strncpy(t->u.user.name, x.name.c_str(), sizeof t->u.user.name - 1);
    t->u.user.revision = x.revision;
  } else {
    auto* m = reinterpret_cast<xt_entry_match*>(out.data() + at);
    m->u.user.match_size = static_cast<uint16_t>(size);
    std::strncpy(m->u.user.name, x.name.c_str(), sizeof m->u.user.name - 1);
    m->u.user.revision = x.revision;
  }
  std::memcpy(out.data() + at + XT_ALIGN(sizeof(xt_entry_match)), x.info.data(), x.info.size());
}

void append_rule_target(std::vector<unsigned char>& out, const model::Rule& r) {
  if (auto nat = xt_nat_target(r)) return append_extension(out, *nat, true);
  // ACCEPT/DROP/RETURN or a chain: libiptc maps the name to a verdict or a jump itself.
  XtExtension standard{r.target, 0, std::vector<unsigned char>(XT_ALIGN(sizeof(int)), 0)};
  append_extension(out, standard, true);
}

}  // namespace

namespace {

std::vector<unsigned char> ipv4_header(const model::Rule& r) {
  std::vector<unsigned char> out(XT_ALIGN(sizeof(ipt_entry)), 0);
  auto* e = reinterpret_cast<ipt_entry*>(out.data());
  if (r.src) set_prefix(e->ip.src, e->ip.smsk, *r.src);
  if (r.dst) set_prefix(e->ip.dst, e->ip.dmsk, *r.dst);
  if (!r.in_iface.empty()) set_iface(e->ip.iniface, e->ip.iniface_mask, r.in_iface);
  if (!r.out_iface.empty()) set_iface(e->ip.outiface, e->ip.outiface_mask, r.out_iface);
  e->ip.proto = static_cast<uint16_t>(r.protocol);
  if (r.in_negated) e->ip.invflags |= IPT_INV_VIA_IN;
  if (r.out_negated) e->ip.invflags |= IPT_INV_VIA_OUT;
  if (r.src && r.src_negated) e->ip.invflags |= IPT_INV_SRCIP;
  if (r.dst && r.dst_negated) e->ip.invflags |= IPT_INV_DSTIP;
  return out;
}

std::vector<unsigned char> ipv6_header(const model::Rule& r) {
  std::vector<unsigned char> out(XT_ALIGN(sizeof(ip6t_entry)), 0);
  auto* e = reinterpret_cast<ip6t_entry*>(out.data());
  if (r.src) set_prefix6(e->ipv6.src, e->ipv6.smsk, *r.src);
  if (r.dst) set_prefix6(e->ipv6.dst, e->ipv6.dmsk, *r.dst);
  if (!r.in_iface.empty()) set_iface(e->ipv6.iniface, e->ipv6.iniface_mask, r.in_iface);
  if (!r.out_iface.empty()) set_iface(e->ipv6.outiface, e->ipv6.outiface_mask, r.out_iface);
  if (r.protocol) {
    e->ipv6.proto = static_cast<uint16_t>(r.protocol);
    e->ipv6.flags |= IP6T_F_PROTO;  // as ip6tables -p sets it
  }
  if (r.in_negated) e->ipv6.invflags |= IP6T_INV_VIA_IN;
  if (r.out_negated) e->ipv6.invflags |= IP6T_INV_VIA_OUT;
  if (r.src && r.src_negated) e->ipv6.invflags |= IP6T_INV_SRCIP;
  if (r.dst && r.dst_negated) e->ipv6.invflags |= IP6T_INV_DSTIP;
  return out;
}

// ipt_entry and ip6t_entry end alike: the offsets, counters and the matches that follow.
template <class Entry>
void finish(std::vector<unsigned char>& out, size_t target_offset) {
  auto* e = reinterpret_cast<Entry*>(out.data());
  e->target_offset = static_cast<uint16_t>(target_offset);
  e->next_offset = static_cast<uint16_t>(out.size());
}

}  // namespace

std::vector<unsigned char> encode_entry(const model::Rule& r) {
  bool v6 = r.family == model::Family::Ipv6;
  std::vector<unsigned char> out = v6 ? ipv6_header(r) : ipv4_header(r);
  // In iptables' order: `-p tcp -m tcp --dport N` comes before any other -m.
  if (auto port = xt_port_match(r)) append_extension(out, *port, false);
  if (auto m = xt_match(r.match)) append_extension(out, *m, false);
  size_t target_offset = out.size();
  append_rule_target(out, r);
  if (v6) finish<ip6t_entry>(out, target_offset);
  else finish<ipt_entry>(out, target_offset);
  return out;
}

}  // namespace docknet::kernel

namespace docknet::kernel {
namespace {

std::string iface_name(const char* name) { return std::string(name, strnlen(name, IFNAMSIZ)); }

/// docknet matches interfaces exactly (set_iface); a wildcard such as `-o br+` masks fewer
/// bytes and is someone else's rule, never to be read as the exact name `br`.
bool exact_iface(const char* name, const unsigned char* mask) {
  size_t len = strnlen(name, IFNAMSIZ);
  if (len == 0) return std::all_of(mask, mask + IFNAMSIZ, [](unsigned char b) { return b == 0; });
  if (len + 1 > IFNAMSIZ) return false;
  for (size_t i = 0; i <= len; ++i)
    if (mask[i] != 0xff) return false;
  return true;
}

int mask_len(const unsigned char* mask, size_t bytes) {
  int len = 0;
  for (size_t i = 0; i < bytes; ++i) len += __builtin_popcount(mask[i]);
  return len;
}

std::optional<IpPrefix> prefix_of(bool v6, const void* addr, const void* mask) {
  auto* m = static_cast<const unsigned char*>(mask);
  size_t n = v6 ? 16 : 4;
  int len = mask_len(m, n);
  if (len == 0) return std::nullopt;
  IpAddress a = v6 ? IpAddress::from_value(true, [&] {
    u128 v = 0;
    for (size_t i = 0; i < 16; ++i) v = (v << 8) | static_cast<const unsigned char*>(addr)[i];
    return v;
  }())
                   : IpAddress::from_v4(ntohl(static_cast<const in_addr*>(addr)->s_addr));
  return IpPrefix(a, len);
}

// The matches between the header and the target, as encode_entry lays them out: the port match
// of a tcp/udp/sctp rule, then at most one other.
bool decode_matches(const unsigned char* begin, const unsigned char* end, model::Rule& r) {
  r.match = model::Match::None;
  for (const unsigned char* p = begin; p < end;) {
    auto* m = reinterpret_cast<const xt_entry_match*>(p);
    if (m->u.match_size < sizeof(xt_entry_match) || m->u.match_size > size_t(end - p)) return false;
    std::string name(m->u.user.name, strnlen(m->u.user.name, sizeof m->u.user.name));
    const unsigned char* info = m->data;
    size_t len = m->u.match_size - sizeof(xt_entry_match);
    if (r.match != model::Match::None) return false;  // nothing follows the other match
    if (p == begin && model::l4_name(r.protocol)) {
      if (!read_port_match(name, m->u.user.revision, info, len, r)) return false;
    } else {
      auto decoded = match_of(name, m->u.user.revision, info, len);
      if (!decoded) return false;
      r.match = *decoded;
    }
    p += m->u.match_size;
  }
  // docknet writes -p tcp|udp|sctp only with a --dport: a bare `-p tcp` is someone else's rule.
  return model::l4_name(r.protocol) == nullptr || r.dport.has_value();
}

bool decode_target(const xt_entry_target* t, const char* target_name, model::Rule& r) {
  if (!target_name || !*target_name) return false;
  r.target = target_name;
  // Only the targets docknet writes: a REJECT or LOG there is someone else's rule.
  bool nat = r.target == "MASQUERADE" || r.target == "SNAT" || r.target == "DNAT";
  bool ours = nat || r.target == "ACCEPT" || r.target == "DROP" || r.target == "RETURN" || r.target.rfind("DOCKER", 0) == 0;
  if (!ours) return false;
  if (nat)
    return read_nat_target(r.target, t->u.user.revision, t->data, t->u.target_size - sizeof(xt_entry_target), r);
  return true;
}

}  // namespace

std::optional<model::Rule> decode_entry(model::Family family, model::Table table, const std::string& chain,
                                        const void* entry, const char* target_name) {
  model::Rule r;
  r.family = family;
  r.table = table;
  r.chain = chain;
  const unsigned char* base = static_cast<const unsigned char*>(entry);
  const unsigned char *matches, *target;
  if (family == model::Family::Ipv4) {
    auto* e = static_cast<const ipt_entry*>(entry);
    const ipt_ip& ip = e->ip;
    if (ip.invflags & ~(IPT_INV_VIA_IN | IPT_INV_VIA_OUT | IPT_INV_SRCIP | IPT_INV_DSTIP)) return std::nullopt;
    if (ip.flags) return std::nullopt;  // fragments
    if (!exact_iface(ip.iniface, ip.iniface_mask) || !exact_iface(ip.outiface, ip.outiface_mask)) return std::nullopt;
    r.src = prefix_of(false, &ip.src, &ip.smsk);
    r.dst = prefix_of(false, &ip.dst, &ip.dmsk);
    r.src_negated = r.src && (ip.invflags & IPT_INV_SRCIP);
    r.dst_negated = r.dst && (ip.invflags & IPT_INV_DSTIP);
    r.in_iface = iface_name(ip.iniface);
    r.out_iface = iface_name(ip.outiface);
    r.in_negated = ip.invflags & IPT_INV_VIA_IN;
    r.out_negated = ip.invflags & IPT_INV_VIA_OUT;
    r.protocol = ip.proto;
    matches = base + sizeof(ipt_entry);
    target = base + e->target_offset;
  } else {
    auto* e = static_cast<const ip6t_entry*>(entry);
    const ip6t_ip6& ip = e->ipv6;
    if (ip.invflags & ~(IP6T_INV_VIA_IN | IP6T_INV_VIA_OUT | IP6T_INV_SRCIP | IP6T_INV_DSTIP)) return std::nullopt;
    if (ip.flags & ~IP6T_F_PROTO) return std::nullopt;
    if (!exact_iface(ip.iniface, ip.iniface_mask) || !exact_iface(ip.outiface, ip.outiface_mask)) return std::nullopt;
    r.src = prefix_of(true, &ip.src, &ip.smsk);
    r.dst = prefix_of(true, &ip.dst, &ip.dmsk);
    r.src_negated = r.src && (ip.invflags & IP6T_INV_SRCIP);
    r.dst_negated = r.dst && (ip.invflags & IP6T_INV_DSTIP);
    r.in_iface = iface_name(ip.iniface);
    r.out_iface = iface_name(ip.outiface);
    r.in_negated = ip.invflags & IP6T_INV_VIA_IN;
    r.out_negated = ip.invflags & IP6T_INV_VIA_OUT;
    r.protocol = (ip.flags & IP6T_F_PROTO) ? ip.proto : 0;
    matches = base + sizeof(ip6t_entry);
    target = base + e->target_offset;
  }
  if (r.in_iface.empty()) r.in_negated = false;
  if (r.out_iface.empty()) r.out_negated = false;
  if (r.protocol != 0 && r.protocol != 1 && r.protocol != 58 && !model::l4_name(r.protocol)) return std::nullopt;
  if (!decode_matches(matches, target, r)) return std::nullopt;
  if (!decode_target(reinterpret_cast<const xt_entry_target*>(target), target_name, r)) return std::nullopt;
  return r;
}

}  // namespace docknet::kernel
