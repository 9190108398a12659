#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include <cerrno>

#include "lib/core/error.hpp"
#include "lib/kernel/netlink/netlink_link_backend.hpp"

namespace docknet::kernel {

NlAddr to_nl_addr(const IpAddress& ip, int prefix_len) {
  NlAddr a(nl_addr_build(ip.is_v4() ? AF_INET : AF_INET6, ip.bytes(), ip.is_v4() ? 4 : 16));
  if (!a) throw KernelError("allocate", "address " + ip.to_string(), ENOMEM);
  nl_addr_set_prefixlen(a.get(), prefix_len);
  return a;
}

void add_ip_address(nl_sock* sk, int ifindex, const IpPrefix& address, const std::string& link_name) {
  int rc = try_add_ip_address(sk, ifindex, address);
  if (rc < 0) throw_nl_error("add address " + address.to_string() + " to", link_name, rc);
}

int try_add_ip_address(nl_sock* sk, int ifindex, const IpPrefix& address) {
  RtnlAddr addr(rtnl_addr_alloc());
  if (!addr) throw KernelError("allocate", "address", ENOMEM);
  rtnl_addr_set_ifindex(addr.get(), ifindex);
  NlAddr local = to_nl_addr(address.addr(), address.len());
  int rc = rtnl_addr_set_local(addr.get(), local.get());
  if (rc < 0) throw_nl_error("set address", address.to_string(), rc);
  if (address.is_v4() && address.len() < 31) {
    // Docker's addresses carry the subnet broadcast ("brd" in `ip addr`).
    NlAddr brd = to_nl_addr(address.masked().last(), 32);
    rtnl_addr_set_broadcast(addr.get(), brd.get());
  }
  // IPAM hands out unique addresses: no DAD, so the address is usable at once.
  if (!address.is_v4()) rtnl_addr_set_flags(addr.get(), IFA_F_NODAD);
  return rtnl_addr_add(sk, addr.get(), NLM_F_CREATE | NLM_F_EXCL);
}

void NetlinkLinkBackend::add_address(const std::string& link_name, const IpPrefix& address) {
  RtnlLink link = get_link(link_name, "add address to");
  add_ip_address(sock(), rtnl_link_get_ifindex(link.get()), address, link_name);
}

std::vector<IpPrefix> NetlinkLinkBackend::onlink_routes() {
  nl_cache* raw = nullptr;
  int rc = rtnl_route_alloc_cache(sock(), AF_INET, 0, &raw);
  NlCache cache(raw);
  if (rc < 0) throw_nl_error("list", "routes", rc);
  std::vector<IpPrefix> out;
  for (nl_object* o = nl_cache_get_first(cache.get()); o; o = nl_cache_get_next(o)) {
    auto* route = reinterpret_cast<rtnl_route*>(o);
    if (rtnl_route_get_table(route) != RT_TABLE_MAIN || rtnl_route_get_scope(route) != RT_SCOPE_LINK) continue;
    nl_addr* dst = rtnl_route_get_dst(route);
    if (!dst || nl_addr_get_family(dst) != AF_INET || nl_addr_get_len(dst) != 4) continue;
    uint32_t v;
    memcpy(&v, nl_addr_get_binary_addr(dst), 4);
    out.emplace_back(IpAddress::from_v4(ntohl(v)), static_cast<int>(nl_addr_get_prefixlen(dst)));
  }
  return out;
}

}  // namespace docknet::kernel

namespace docknet::kernel {
namespace {

std::optional<IpAddress> from_nl_addr(nl_addr* a) {
  if (!a) return std::nullopt;
  int family = nl_addr_get_family(a);
  if ((family != AF_INET || nl_addr_get_len(a) != 4) && (family != AF_INET6 || nl_addr_get_len(a) != 16))
    return std::nullopt;
  char text[INET6_ADDRSTRLEN] = {};
  if (!inet_ntop(family, nl_addr_get_binary_addr(a), text, sizeof text)) return std::nullopt;
  return IpAddress::parse(text);
}

}  // namespace

std::vector<IpPrefix> link_addresses(nl_sock* sk, int ifindex) {
  nl_cache* raw = nullptr;
  int rc = rtnl_addr_alloc_cache(sk, &raw);
  NlCache cache(raw);
  if (rc < 0) throw_nl_error("list", "addresses", rc);
  static const IpPrefix link_local = *IpPrefix::parse("fe80::/10");
  std::vector<IpPrefix> out;
  for (nl_object* o = nl_cache_get_first(cache.get()); o; o = nl_cache_get_next(o)) {
    auto* addr = reinterpret_cast<rtnl_addr*>(o);
    if (rtnl_addr_get_ifindex(addr) != ifindex) continue;
    auto ip = from_nl_addr(rtnl_addr_get_local(addr));
    if (!ip || link_local.contains(*ip)) continue;
    out.emplace_back(*ip, rtnl_addr_get_prefixlen(addr));
  }
  return out;
}

void NetlinkLinkBackend::delete_address(const std::string& link_name, const IpPrefix& address) {
  rtnl_link* raw = nullptr;
  int rc = rtnl_link_get_kernel(sock(), 0, link_name.c_str(), &raw);
  RtnlLink link(raw);
  if (rc == -NLE_NODEV || rc == -NLE_OBJ_NOTFOUND) return;
  if (rc < 0) throw_nl_error("delete address from", link_name, rc);
  RtnlAddr addr(rtnl_addr_alloc());
  if (!addr) throw KernelError("allocate", "address", ENOMEM);
  rtnl_addr_set_ifindex(addr.get(), rtnl_link_get_ifindex(link.get()));
  NlAddr local = to_nl_addr(address.addr(), address.len());
  rc = rtnl_addr_set_local(addr.get(), local.get());
  if (rc < 0) throw_nl_error("set address", address.to_string(), rc);
  rc = rtnl_addr_delete(sock(), addr.get(), 0);
  if (rc == -NLE_NOADDR || rc == -NLE_OBJ_NOTFOUND || rc == -NLE_NODEV) return;  // already gone
  if (rc < 0) throw_nl_error("delete address " + address.to_string() + " from", link_name, rc);
}

}  // namespace docknet::kernel
