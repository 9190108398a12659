// Container endpoints: a veth pair created with its peer inside the target namespace (so it can
// never be left half-moved), configured through a netlink socket opened inside that namespace.
#include <fcntl.h>
#include <net/if.h>
#include <netlink/route/link/veth.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "lib/core/error.hpp"
#include "lib/kernel/netlink/netlink_link_backend.hpp"

namespace docknet::kernel {
namespace {

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(Fd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

Fd open_netns(const std::string& path) {
  Fd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) throw KernelError("open network namespace", path, errno);
  return fd;
}

/// A NETLINK_ROUTE socket bound inside another namespace: the thread enters it, opens the
/// socket and returns. If it cannot return it aborts, since going on would change the wrong
/// namespace.
NlSock socket_in(const std::string& netns_path) {
  Fd target = open_netns(netns_path);
  Fd home(open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
  if (home.get() < 0) throw KernelError("open", "/proc/thread-self/ns/net", errno);
  if (setns(target.get(), CLONE_NEWNET) != 0) throw KernelError("enter network namespace", netns_path, errno);
  NlSock s(nl_socket_alloc());
  int rc = s ? nl_connect(s.get(), NETLINK_ROUTE) : -NLE_NOMEM;
  if (setns(home.get(), CLONE_NEWNET) != 0) std::abort();
  if (rc < 0) throw_nl_error("connect netlink in", netns_path, rc);
  return s;
}

NlAddr v4(const IpAddress& ip, int len) {
  NlAddr a(nl_addr_build(AF_INET, ip.bytes(), 4));
  if (!a) throw KernelError("allocate", "address", ENOMEM);
  nl_addr_set_prefixlen(a.get(), len);
  return a;
}

RtnlLink link_by_name(nl_sock* sk, const std::string& name, const char* op) {
  rtnl_link* raw = nullptr;
  int rc = rtnl_link_get_kernel(sk, 0, name.c_str(), &raw);
  RtnlLink link(raw);
  if (rc < 0) throw_nl_error(op, name, rc);
  return link;
}

void bring_up(nl_sock* sk, const std::string& name) {
  RtnlLink current = link_by_name(sk, name, "bring up");
  RtnlLink change(rtnl_link_alloc());
  rtnl_link_set_flags(change.get(), IFF_UP);
  int rc = rtnl_link_change(sk, current.get(), change.get(), 0);
  if (rc < 0) throw_nl_error("bring up", name, rc);
}

void add_default_route(nl_sock* sk, int ifindex, const IpAddress& gateway) {
  CPtr<rtnl_route, rtnl_route_put> route(rtnl_route_alloc());
  if (!route) throw KernelError("allocate", "route", ENOMEM);
  rtnl_route_set_family(route.get(), AF_INET);
  rtnl_route_set_table(route.get(), RT_TABLE_MAIN);
  rtnl_route_set_protocol(route.get(), RTPROT_BOOT);
  rtnl_route_set_scope(route.get(), RT_SCOPE_UNIVERSE);
  rtnl_route_set_type(route.get(), RTN_UNICAST);
  uint32_t zero = 0;
  NlAddr dst(nl_addr_build(AF_INET, &zero, 4));
  nl_addr_set_prefixlen(dst.get(), 0);
  rtnl_route_set_dst(route.get(), dst.get());
  rtnl_nexthop* nh = rtnl_route_nh_alloc();
  if (!nh) throw KernelError("allocate", "route", ENOMEM);
  rtnl_route_nh_set_ifindex(nh, ifindex);
  NlAddr gw = v4(gateway, 32);
  rtnl_route_nh_set_gateway(nh, gw.get());
  rtnl_route_add_nexthop(route.get(), nh);  // the route now owns nh
  int rc = rtnl_route_add(sk, route.get(), NLM_F_CREATE | NLM_F_EXCL);
  if (rc < 0) throw_nl_error("add default route via " + gateway.to_string() + " on", "the container", rc);
}

void configure_inside(const EndpointLink& e) {
  NlSock sk = socket_in(e.netns_path);
  bring_up(sk.get(), "lo");
  RtnlLink inner = link_by_name(sk.get(), e.ifname, "configure");
  int ifindex = rtnl_link_get_ifindex(inner.get());
  RtnlAddr addr(rtnl_addr_alloc());
  rtnl_addr_set_ifindex(addr.get(), ifindex);
  NlAddr local = v4(e.address.addr(), e.address.len());
  rtnl_addr_set_local(addr.get(), local.get());
  if (e.address.len() < 31) {
    NlAddr brd = v4(e.address.masked().last(), 32);
    rtnl_addr_set_broadcast(addr.get(), brd.get());
  }
  int rc = rtnl_addr_add(sk.get(), addr.get(), NLM_F_CREATE | NLM_F_EXCL);
  if (rc < 0) throw_nl_error("add address " + e.address.to_string() + " to", e.ifname, rc);
  for (const auto& extra : e.extra_addresses) {
    RtnlAddr more(rtnl_addr_alloc());
    rtnl_addr_set_ifindex(more.get(), ifindex);
    NlAddr a = v4(extra, 32);
    rtnl_addr_set_local(more.get(), a.get());
    rc = rtnl_addr_add(sk.get(), more.get(), NLM_F_CREATE | NLM_F_EXCL);
    if (rc < 0) throw_nl_error("add link-local address " + extra.to_string() + " to", e.ifname, rc);
  }
  bring_up(sk.get(), e.ifname);
  if (e.gateway) add_default_route(sk.get(), ifindex, *e.gateway);
}

}  // namespace

void NetlinkLinkBackend::create_endpoint(const EndpointLink& e) {
  RtnlLink bridge = get_link(e.bridge, "attach to");
  Fd ns = open_netns(e.netns_path);
  RtnlLink veth(rtnl_link_veth_alloc());
  if (!veth) throw KernelError("allocate", "veth " + e.host_ifname, ENOMEM);
  RtnlLink peer(rtnl_link_veth_get_peer(veth.get()));  // a new reference: released first
  rtnl_link_set_name(veth.get(), e.host_ifname.c_str());
  rtnl_link_set_master(veth.get(), rtnl_link_get_ifindex(bridge.get()));
  rtnl_link_set_flags(veth.get(), IFF_UP);
  rtnl_link_set_name(peer.get(), e.ifname.c_str());
  rtnl_link_set_ns_fd(peer.get(), ns.get());
  if (e.mtu > 0) {
    rtnl_link_set_mtu(veth.get(), static_cast<unsigned>(e.mtu));
    rtnl_link_set_mtu(peer.get(), static_cast<unsigned>(e.mtu));
  }
  unsigned char mac[6];
  if (std::sscanf(e.mac.c_str(), "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1], &mac[2], &mac[3], &mac[4], &mac[5]) == 6) {
    NlAddr ll(nl_addr_build(AF_LLC, mac, 6));
    rtnl_link_set_addr(peer.get(), ll.get());
  }
  int rc = rtnl_link_add(sock(), veth.get(), NLM_F_CREATE | NLM_F_EXCL);
  if (rc == -NLE_OPNOTSUPP)
    throw Error(ErrorKind::System, "failed to create veth " + e.host_ifname + ": this kernel has no veth support (CONFIG_VETH)");
  if (rc < 0) throw_nl_error("create veth", e.host_ifname, rc);
  try {
    configure_inside(e);
  } catch (...) {
    delete_link(e.host_ifname);  // removes both ends
    throw;
  }
}

std::vector<std::string> NetlinkLinkBackend::netns_link_names(const std::string& netns_path) {
  NlSock sk = socket_in(netns_path);
  nl_cache* raw = nullptr;
  int rc = rtnl_link_alloc_cache(sk.get(), AF_UNSPEC, &raw);
  NlCache cache(raw);
  if (rc < 0) throw_nl_error("list links in", netns_path, rc);
  std::vector<std::string> names;
  for (nl_object* o = nl_cache_get_first(cache.get()); o; o = nl_cache_get_next(o))
    names.emplace_back(rtnl_link_get_name(reinterpret_cast<rtnl_link*>(o)));
  return names;
}

}  // namespace docknet::kernel
