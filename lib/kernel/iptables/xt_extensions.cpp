#include "lib/kernel/iptables/xt_extensions.hpp"

#include <arpa/inet.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/nf_nat.h>
#include <linux/netfilter/x_tables.h>
#include <linux/netfilter/xt_addrtype.h>
#include <linux/netfilter/xt_conntrack.h>
#include <linux/netfilter/xt_tcpudp.h>
#include <netinet/in.h>
// xt_sctp.h is written for C: its inline helpers return _Bool, and it defines a `bytes(type)`
// macro that would rename IpAddress::bytes() below.
#define _Bool bool
#include <linux/netfilter/xt_sctp.h>
#undef _Bool
#undef bytes

#include <cstring>

namespace docknet::kernel {
namespace {

constexpr uint16_t kRelatedEstablished =
    XT_CONNTRACK_STATE_BIT(IP_CT_RELATED) | XT_CONNTRACK_STATE_BIT(IP_CT_ESTABLISHED);

template <class Payload>
XtExtension extension(const char* name, uint8_t revision, const Payload& payload) {
  XtExtension x{name, revision, std::vector<unsigned char>(XT_ALIGN(sizeof(Payload)), 0)};
  std::memcpy(x.info.data(), &payload, sizeof payload);
  return x;
}

template <class Payload>
const Payload* as(const unsigned char* info, size_t len) {
  return len >= sizeof(Payload) ? reinterpret_cast<const Payload*>(info) : nullptr;
}

}  // namespace

std::optional<XtExtension> xt_match(model::Match match) {
  if (match == model::Match::ConntrackRelatedEstablished) {
    xt_conntrack_mtinfo3 info{};
    info.match_flags = XT_CONNTRACK_STATE;
    info.state_mask = kRelatedEstablished;
    return extension("conntrack", 3, info);
  }
  if (match == model::Match::AddrtypeDstLocal || match == model::Match::AddrtypeSrcLocal) {
    xt_addrtype_info_v1 info{};
    (match == model::Match::AddrtypeDstLocal ? info.dest : info.source) = XT_ADDRTYPE_LOCAL;
    return extension("addrtype", 1, info);
  }
  return std::nullopt;
}

// Ports in host byte order, as the kernel's tcp/udp/sctp matches compare them. The unused source
// range is what each extension's init leaves: 0-65535 for tcp and udp, but 0-0 for sctp (its
// check skips source ports unless XT_SCTP_SRC_PORTS is set).
std::optional<XtExtension> xt_port_match(const model::Rule& r) {
  if (!r.dport) return std::nullopt;
  uint16_t port = *r.dport;
  if (r.protocol == IPPROTO_TCP) {
    xt_tcp info{};
    info.spts[1] = 0xffff;
    info.dpts[0] = info.dpts[1] = port;
    return extension("tcp", 0, info);
  }
  if (r.protocol == IPPROTO_UDP) {
    xt_udp info{};
    info.spts[1] = 0xffff;
    info.dpts[0] = info.dpts[1] = port;
    return extension("udp", 0, info);
  }
  if (r.protocol == IPPROTO_SCTP) {
    xt_sctp_info info{};
    info.dpts[0] = info.dpts[1] = port;
    info.flags = XT_SCTP_DEST_PORTS;
    for (auto& f : info.flag_info) f.chunktype = 0xff;  // libxt_sctp's init marks the chunk flags unused
    return extension("sctp", 0, info);
  }
  return std::nullopt;
}

std::optional<XtExtension> xt_nat_target(const model::Rule& r) {
  if (r.family == model::Family::Ipv6 && r.target == "MASQUERADE")
    return extension("MASQUERADE", 0, nf_nat_range{});  // xt_MASQUERADE's IPv6 revision 0
  if (r.family == model::Family::Ipv6 && r.target == "SNAT") {
    // xt_nat's revision 1, which ip6tables-nft 1.8.9 picks for --to-source on this kernel.
    nf_nat_range range{};
    if (r.snat_to) {
      range.flags = NF_NAT_RANGE_MAP_IPS;
      std::memcpy(&range.min_addr.in6, r.snat_to->bytes(), 16);
      std::memcpy(&range.max_addr.in6, r.snat_to->bytes(), 16);
    }
    return extension("SNAT", 1, range);
  }
  if (r.target == "DNAT") {
    // xt_nat's revision 2 (nf_nat_range2): iptables 1.8.9 asks the kernel for the newest DNAT it
    // has and, on the kernels docknet runs on, writes this one in both families, legacy and nft.
    nf_nat_range2 range{};
    if (r.dnat_to) {
      range.flags = NF_NAT_RANGE_MAP_IPS;
      if (r.dnat_to->is_v6()) {
        std::memcpy(&range.min_addr.in6, r.dnat_to->bytes(), 16);
      } else {
        range.min_addr.ip = htonl(static_cast<uint32_t>(r.dnat_to->value()));
      }
      range.max_addr = range.min_addr;
    }
    range.flags |= NF_NAT_RANGE_PROTO_SPECIFIED;  // render_rule always prints the :port
    range.min_proto.all = range.max_proto.all = htons(r.dnat_port);
    return extension("DNAT", 2, range);
  }
  if (r.target != "MASQUERADE" && r.target != "SNAT") return std::nullopt;
  nf_nat_ipv4_multi_range_compat range{};
  range.rangesize = 1;
  if (r.snat_to) {
    range.range[0].flags = NF_NAT_RANGE_MAP_IPS;
    range.range[0].min_ip = range.range[0].max_ip = htonl(static_cast<uint32_t>(r.snat_to->value()));
  }
  return extension(r.target.c_str(), 0, range);
}

std::optional<model::Match> match_of(const std::string& name, int revision, const unsigned char* info, size_t len) {
  if (name == "conntrack" && revision == 3) {
    auto* ct = as<xt_conntrack_mtinfo3>(info, len);
    if (!ct || ct->match_flags != XT_CONNTRACK_STATE || ct->invert_flags != 0 || ct->state_mask != kRelatedEstablished)
      return std::nullopt;
    return model::Match::ConntrackRelatedEstablished;
  }
  if (name == "addrtype" && revision == 1) {
    auto* at = as<xt_addrtype_info_v1>(info, len);
    if (!at || at->flags != 0) return std::nullopt;
    if (at->dest == XT_ADDRTYPE_LOCAL && at->source == 0) return model::Match::AddrtypeDstLocal;
    if (at->source == XT_ADDRTYPE_LOCAL && at->dest == 0) return model::Match::AddrtypeSrcLocal;
    return std::nullopt;
  }
  return std::nullopt;
}

bool read_port_match(const std::string& name, int revision, const unsigned char* info, size_t len, model::Rule& r) {
  const char* l4 = model::l4_name(r.protocol);
  if (!l4 || name != l4 || revision != 0 || r.dport) return false;
  model::Rule read = r;
  // The port is read here; the comparison below checks every other byte.
  if (auto* tcp = as<xt_tcp>(info, len); tcp && name == "tcp") read.dport = tcp->dpts[0];
  else if (auto* udp = as<xt_udp>(info, len); udp && name == "udp") read.dport = udp->dpts[0];
  else if (auto* sctp = as<xt_sctp_info>(info, len); sctp && name == "sctp") read.dport = sctp->dpts[0];
  else return false;
  auto mine = xt_port_match(read);
  if (!mine || len < mine->info.size() || std::memcmp(info, mine->info.data(), mine->info.size()) != 0) return false;
  r = read;
  return true;
}

bool read_nat_target(const std::string& name, int revision, const unsigned char* info, size_t len, model::Rule& r) {
  model::Rule read = r;
  read.target = name;
  if (name == "DNAT") {
    auto* range = as<nf_nat_range2>(info, len);
    if (revision != 2 || !range || !(range->flags & NF_NAT_RANGE_MAP_IPS)) return false;
    if (r.family == model::Family::Ipv6) {
      u128 v = 0;
      for (int i = 0; i < 16; ++i) v = (v << 8) | reinterpret_cast<const unsigned char*>(&range->min_addr.in6)[i];
      read.dnat_to = IpAddress::from_value(true, v);
    } else {
      read.dnat_to = IpAddress::from_v4(ntohl(range->min_addr.ip));
    }
    read.dnat_port = ntohs(range->min_proto.all);
  } else if (name == "SNAT") {
    if (r.family == model::Family::Ipv6) {
      auto* range = as<nf_nat_range>(info, len);
      if (revision != 1 || !range) return false;
      u128 v = 0;
      for (int i = 0; i < 16; ++i) v = (v << 8) | reinterpret_cast<const unsigned char*>(&range->min_addr.in6)[i];
      read.snat_to = IpAddress::from_value(true, v);
    } else {
      auto* range = as<nf_nat_ipv4_multi_range_compat>(info, len);
      if (revision != 0 || !range) return false;
      read.snat_to = IpAddress::from_v4(ntohl(range->range[0].min_ip));
    }
  } else if (name != "MASQUERADE" || revision != 0) {
    return false;
  }
  // Only the exact bytes docknet writes: a --random-fully, a port range or an address range
  // (`--to-source A-B`, `--to-destination A-B:P`) is someone else's rule, never to be taken,
  // kept or deleted as docknet's.
  auto mine = xt_nat_target(read);
  if (!mine || mine->revision != revision || len < mine->info.size() ||
      std::memcmp(info, mine->info.data(), mine->info.size()) != 0)
    return false;
  r = read;
  return true;
}

}  // namespace docknet::kernel
