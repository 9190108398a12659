// vxlan0's permanent entries, as `bridge fdb` and `ip neigh` make them: a forwarding entry (family
// AF_BRIDGE, NTF_SELF) sends a peer's MAC to its host's tunnel endpoint; a neighbour entry per
// address lets vxlan0's proxy answer ARP and neighbour solicitations for the peer.
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <netlink/msg.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <map>

#include "lib/core/error.hpp"
#include "lib/kernel/netlink/netlink_link_backend.hpp"
#include "lib/kernel/netlink/netlink_overlay.hpp"

namespace docknet::kernel {
namespace {

using NlMsg = CPtr<nl_msg, nlmsg_free>;

struct Entry {
  bool fdb = false;
  std::string mac;
  std::optional<IpAddress> ip;  // fdb: the tunnel endpoint; neighbour: the peer's address
};

struct Dump {
  int ifindex = 0;
  std::vector<Entry> entries;
};

std::string mac_text(const unsigned char* m) {
  char buf[18];
  std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
  return buf;
}

int on_entry(nl_msg* msg, void* arg) {
  auto* dump = static_cast<Dump*>(arg);
  nlmsghdr* h = nlmsg_hdr(msg);
  if (h->nlmsg_type != RTM_NEWNEIGH) return NL_OK;
  auto* ndm = static_cast<ndmsg*>(nlmsg_data(h));
  if (ndm->ndm_ifindex != dump->ifindex || !(ndm->ndm_state & NUD_PERMANENT)) return NL_OK;
  nlattr* tb[NDA_MAX + 1] = {};
  if (nlmsg_parse(h, sizeof(ndmsg), tb, NDA_MAX, nullptr) < 0) return NL_OK;
  if (!tb[NDA_LLADDR] || nla_len(tb[NDA_LLADDR]) != 6 || !tb[NDA_DST]) return NL_OK;
  Entry e;
  e.fdb = ndm->ndm_family == AF_BRIDGE;
  if (e.fdb && !(ndm->ndm_flags & NTF_SELF)) return NL_OK;
  e.mac = mac_text(static_cast<const unsigned char*>(nla_data(tb[NDA_LLADDR])));
  e.ip = ip_from_bytes(nla_data(tb[NDA_DST]), static_cast<unsigned>(nla_len(tb[NDA_DST])));
  if (e.ip) dump->entries.push_back(e);
  return NL_OK;
}

void dump_family(nl_sock* sk, int family, Dump& dump) {
  ndmsg req{};
  req.ndm_family = static_cast<uint8_t>(family);
  int rc = nl_send_simple(sk, RTM_GETNEIGH, NLM_F_DUMP, &req, sizeof req);
  if (rc < 0) throw_nl_error("list neighbours of", "vxlan0", rc);
  CPtr<nl_cb, nl_cb_put> cb(nl_cb_alloc(NL_CB_DEFAULT));
  if (!cb) throw KernelError("allocate", "netlink callback", ENOMEM);
  nl_cb_set(cb.get(), NL_CB_VALID, NL_CB_CUSTOM, on_entry, &dump);
  rc = nl_recvmsgs(sk, cb.get());
  if (rc < 0) throw_nl_error("list neighbours of", "vxlan0", rc);
}

void send_entry(nl_sock* sk, int type, int flags, int ifindex, const Entry& e) {
  NlMsg msg(nlmsg_alloc_simple(type, NLM_F_REQUEST | flags));
  if (!msg) throw KernelError("allocate", "neighbour message", ENOMEM);
  ndmsg ndm{};
  ndm.ndm_family = static_cast<uint8_t>(e.fdb ? AF_BRIDGE : (e.ip->is_v4() ? AF_INET : AF_INET6));
  ndm.ndm_ifindex = ifindex;
  ndm.ndm_state = NUD_PERMANENT;
  ndm.ndm_flags = e.fdb ? NTF_SELF : 0;
  auto mac = parse_mac(e.mac);
  if (!mac) throw KernelError("parse", "MAC address " + e.mac, EINVAL);
  if (nlmsg_append(msg.get(), &ndm, sizeof ndm, NLMSG_ALIGNTO) < 0 ||
      nla_put(msg.get(), NDA_LLADDR, 6, mac->data()) < 0 ||
      nla_put(msg.get(), NDA_DST, e.ip->is_v4() ? 4 : 16, e.ip->bytes()) < 0)
    throw KernelError("build", "neighbour message", ENOMEM);
  int rc = nl_send_sync(sk, msg.release());
  if (rc < 0 && !(type == RTM_DELNEIGH && (rc == -NLE_OBJ_NOTFOUND || rc == -NLE_NOADDR)))
    throw_nl_error(type == RTM_DELNEIGH ? "delete the entry of" : "add the entry of", e.mac + " on vxlan0", rc);
}

std::vector<Entry> entries_of(const OverlayPeer& p) {
  std::vector<Entry> out{{true, p.mac, p.vtep}};
  for (const auto& a : p.addresses) out.push_back({false, p.mac, a});
  return out;
}

}  // namespace

std::optional<IpAddress> ip_from_bytes(const void* bytes, unsigned len) {
  if (len != 4 && len != 16) return std::nullopt;
  u128 v = 0;
  for (unsigned i = 0; i < len; ++i) v = (v << 8) | static_cast<const uint8_t*>(bytes)[i];
  return IpAddress::from_value(len == 16, v);
}

std::vector<OverlayPeer> read_peers(nl_sock* sk, int ifindex) {
  Dump dump{ifindex, {}};
  dump_family(sk, AF_BRIDGE, dump);
  dump_family(sk, AF_UNSPEC, dump);
  // One peer per MAC: its tunnel endpoint from the forwarding entry, its addresses from the
  // neighbour entries (a neighbour entry without a forwarding one is a peer half-removed).
  std::map<std::string, OverlayPeer> by_mac;
  for (const auto& e : dump.entries)
    if (e.fdb) by_mac[e.mac] = OverlayPeer{e.mac, {}, *e.ip};
  std::vector<OverlayPeer> out;
  for (const auto& e : dump.entries) {
    if (e.fdb) continue;
    auto it = by_mac.find(e.mac);
    if (it != by_mac.end()) it->second.addresses.push_back(*e.ip);
    else out.push_back(OverlayPeer{e.mac, {*e.ip}, *e.ip});  // deleted as a whole
  }
  for (auto& [_, p] : by_mac) {
    std::sort(p.addresses.begin(), p.addresses.end());
    out.push_back(p);
  }
  return out;
}

void add_peer(nl_sock* sk, int ifindex, const OverlayPeer& p) {
  for (const auto& e : entries_of(p)) send_entry(sk, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE, ifindex, e);
}

void delete_peer(nl_sock* sk, int ifindex, const OverlayPeer& p) {
  auto entries = entries_of(p);
  // A half-removed peer (read_peers' placeholder) has no forwarding entry to its "vtep".
  if (p.addresses.size() == 1 && p.vtep == p.addresses.front()) entries.erase(entries.begin());
  for (const auto& e : entries) send_entry(sk, RTM_DELNEIGH, 0, ifindex, e);
}

}  // namespace docknet::kernel
