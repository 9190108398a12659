// Container endpoints: a veth pair, or a macvlan/ipvlan link, created with its container end
// born inside the target namespace (so it can never be left half-moved), then configured
// through a netlink socket opened inside that namespace.
#include <fcntl.h>
#include <net/if.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <netlink/msg.h>
#include <netlink/route/link/veth.h>
#include <sched.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>

#include "lib/core/error.hpp"
#include "lib/core/strings.hpp"
#include "lib/fs/unique_fd.hpp"
#include "lib/kernel/netlink/netlink_link_backend.hpp"

namespace docknet::kernel {
namespace {

using NlMsg = CPtr<nl_msg, nlmsg_free>;

using Fd = UniqueFd;

Fd open_netns(const std::string& path) {
  Fd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) throw KernelError("open network namespace", path, errno);
  return fd;
}

/// A NETLINK_ROUTE socket in the namespace the calling thread is in now.
NlSock route_socket_here(const std::string& where) {
  NlSock s(nl_socket_alloc());
  int rc = s ? nl_connect(s.get(), NETLINK_ROUTE) : -NLE_NOMEM;
  if (rc < 0) throw_nl_error("connect netlink in", where, rc);
  return s;
}

void bring_up(nl_sock* sk, const std::string& name) {
  RtnlLink current = link_by_name(sk, name, "bring up");
  RtnlLink change(rtnl_link_alloc());
  rtnl_link_set_flags(change.get(), IFF_UP);
  int rc = rtnl_link_change(sk, current.get(), change.get(), 0);
  if (rc < 0) throw_nl_error("bring up", name, rc);
}

/// A default route of one family: via `gateway`, or straight out of the interface (ipvlan l3).
void add_default_route(nl_sock* sk, int ifindex, bool v6, const std::optional<IpAddress>& gateway) {
  CPtr<rtnl_route, rtnl_route_put> route(rtnl_route_alloc());
  if (!route) throw KernelError("allocate", "route", ENOMEM);
  int family = v6 ? AF_INET6 : AF_INET;
  rtnl_route_set_family(route.get(), static_cast<uint8_t>(family));
  rtnl_route_set_table(route.get(), RT_TABLE_MAIN);
  rtnl_route_set_protocol(route.get(), RTPROT_BOOT);
  rtnl_route_set_scope(route.get(), gateway ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK);
  rtnl_route_set_type(route.get(), RTN_UNICAST);
  IpAddress any = *IpAddress::parse(v6 ? "::" : "0.0.0.0");
  NlAddr dst = to_nl_addr(any, 0);
  rtnl_route_set_dst(route.get(), dst.get());
  rtnl_nexthop* nh = rtnl_route_nh_alloc();
  if (!nh) throw KernelError("allocate", "route", ENOMEM);
  rtnl_route_nh_set_ifindex(nh, ifindex);
  if (gateway) {
    NlAddr gw = to_nl_addr(*gateway, gateway->bits());
    rtnl_route_nh_set_gateway(nh, gw.get());
  }
  rtnl_route_add_nexthop(route.get(), nh);  // the route now owns nh
  int rc = rtnl_route_add(sk, route.get(), NLM_F_CREATE | NLM_F_EXCL);
  std::string via = gateway ? "via " + gateway->to_string() : "dev";
  if (rc < 0) throw_nl_error("add default route " + via + " on", "the container", rc);
}

/// Writes /proc/sys/<path> in the current namespace unless it already holds `value`.
void write_proc_sys(const std::string& path, const std::string& value, bool tolerate_missing) {
  std::string file = "/proc/sys/" + path;
  Fd fd(open(file.c_str(), O_RDWR | O_CLOEXEC));
  if (fd.get() < 0) {
    if (tolerate_missing && errno == ENOENT) return;
    throw KernelError(KernelFault::NotSysctl, "open", file, errno, std::strerror(errno));
  }
  char current[64] = {};
  ssize_t n = read(fd.get(), current, sizeof current - 1);
  if (n > 0 && trim(std::string(current, static_cast<size_t>(n))) == value) return;
  std::string data = value + "\n";
  if (pwrite(fd.get(), data.data(), data.size(), 0) != static_cast<ssize_t>(data.size()))
    throw KernelError("unable to write to", file, errno);
}

// One visit to the namespace: sysctls first (IPv6 switched off on an interface that has no IPv6
// address, as Docker does, or on before its address is added; then the user's endpoint
// sysctls), and the netlink socket that configures the rest from home.
// --link-local-ip addresses go on with the link-local prefix lengths Docker gives them (/16,
// /64), and a failure reads as Docker's (osl/interface_linux.go): an interface whose IPv6 is off
// refuses fe80::x with EACCES, which is not a question of privileges there.
void add_link_local_addresses(nl_sock* sk, int ifindex, const EndpointLink& e) {
  std::vector<IpPrefix> all;
  for (const auto& ip : e.extra_addresses) all.emplace_back(ip, ip.is_v4() ? 16 : 64);
  for (const auto& address : all) {
    int rc = try_add_ip_address(sk, ifindex, address);
    if (rc >= 0) continue;
    std::string list;
    for (const auto& a : all) list += (list.empty() ? "" : " ") + a.to_string();
    std::string name = e.host_ifname.empty() ? e.ifname : e.host_ifname;
    throw KernelError(KernelFault::LinkLocal, "add link-local addresses to", name, nl_to_errno(rc), list);
  }
}

void configure_inside(const EndpointLink& e) {
  NlSock sk;
  run_in_netns(e.netns_path, [&] {
    write_proc_sys("net/ipv6/conf/" + e.ifname + "/disable_ipv6", e.address6 ? "0" : "1", true);
    for (const auto& [path, value] : e.sysctls) write_proc_sys(path, value, false);
    sk = route_socket_here(e.netns_path);
  });
  bring_up(sk.get(), "lo");
  RtnlLink inner = link_by_name(sk.get(), e.ifname, "configure");
  int ifindex = rtnl_link_get_ifindex(inner.get());
  if (e.address) add_ip_address(sk.get(), ifindex, *e.address, e.ifname);
  if (e.address6) add_ip_address(sk.get(), ifindex, *e.address6, e.ifname);
  add_link_local_addresses(sk.get(), ifindex, e);
  bring_up(sk.get(), e.ifname);
  if (e.address && (e.gateway || e.default_dev_v4)) add_default_route(sk.get(), ifindex, false, e.gateway);
  if (e.address6 && (e.gateway6 || e.default_dev_v6)) add_default_route(sk.get(), ifindex, true, e.gateway6);
}

void create_veth(nl_sock* sk, const EndpointLink& e, int bridge_ifindex, int netns_fd) {
  RtnlLink veth(rtnl_link_veth_alloc());
  if (!veth) throw KernelError("allocate", "veth " + e.host_ifname, ENOMEM);
  RtnlLink peer(rtnl_link_veth_get_peer(veth.get()));  // a new reference: released first
  rtnl_link_set_name(veth.get(), e.host_ifname.c_str());
  rtnl_link_set_master(veth.get(), bridge_ifindex);
  rtnl_link_set_flags(veth.get(), IFF_UP);
  rtnl_link_set_name(peer.get(), e.ifname.c_str());
  rtnl_link_set_ns_fd(peer.get(), netns_fd);
  // No transmit queue on either end, as Docker's veths (a qlen shows in `ip link` otherwise).
  rtnl_link_set_txqlen(veth.get(), 0);
  rtnl_link_set_txqlen(peer.get(), 0);
  if (e.mtu > 0) {
    rtnl_link_set_mtu(veth.get(), static_cast<unsigned>(e.mtu));
    rtnl_link_set_mtu(peer.get(), static_cast<unsigned>(e.mtu));
  }
  if (auto mac = parse_mac(e.mac)) {
    NlAddr ll(nl_addr_build(AF_LLC, mac->data(), mac->size()));
    rtnl_link_set_addr(peer.get(), ll.get());
  }
  int rc = rtnl_link_add(sk, veth.get(), NLM_F_CREATE | NLM_F_EXCL);
  if (rc == -NLE_OPNOTSUPP)
    throw KernelError(KernelFault::Unsupported, "create veth", e.host_ifname, EOPNOTSUPP, "veth support (CONFIG_VETH)");
  if (rc < 0) throw_nl_error("create veth", e.host_ifname, rc);
}

// IFLA_BRPORT_MODE on the bridge port: an RTM_SETLINK of family AF_BRIDGE with the port's
// attributes nested in IFLA_PROTINFO, as `bridge link set dev X hairpin on` sends it.
void set_hairpin(nl_sock* sk, const std::string& port) {
  int ifindex = rtnl_link_get_ifindex(link_by_name(sk, port, "set hairpin mode on").get());
  NlMsg msg(nlmsg_alloc_simple(RTM_SETLINK, NLM_F_REQUEST));
  if (!msg) throw KernelError("allocate", "hairpin message for " + port, ENOMEM);
  ifinfomsg ifi{};
  ifi.ifi_family = AF_BRIDGE;
  ifi.ifi_index = ifindex;
  nlattr* protinfo = nullptr;
  if (nlmsg_append(msg.get(), &ifi, sizeof ifi, NLMSG_ALIGNTO) < 0 ||
      !(protinfo = nla_nest_start(msg.get(), IFLA_PROTINFO | NLA_F_NESTED)) ||
      nla_put_u8(msg.get(), IFLA_BRPORT_MODE, 1) < 0)
    throw KernelError("build", "hairpin message for " + port, ENOMEM);
  nla_nest_end(msg.get(), protinfo);
  int rc = nl_send_sync(sk, msg.release());  // frees the message, waits for the ACK
  if (rc < 0) throw_nl_error("set hairpin mode on", port, rc);
}

}  // namespace

void run_in_netns(const std::string& netns_path, const std::function<void()>& fn) {
  Fd target = open_netns(netns_path);
  Fd home(open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
  if (home.get() < 0) throw KernelError("open", "/proc/thread-self/ns/net", errno);
  if (setns(target.get(), CLONE_NEWNET) != 0) throw KernelError("enter network namespace", netns_path, errno);
  std::exception_ptr failure;
  try {
    fn();
  } catch (...) {
    failure = std::current_exception();
  }
  if (setns(home.get(), CLONE_NEWNET) != 0) std::abort();
  if (failure) std::rethrow_exception(failure);
}

NlSock socket_in(const std::string& netns_path) {
  NlSock s;
  run_in_netns(netns_path, [&] { s = route_socket_here(netns_path); });
  return s;
}

RtnlLink link_by_name(nl_sock* sk, const std::string& name, const char* op) {
  rtnl_link* raw = nullptr;
  int rc = rtnl_link_get_kernel(sk, 0, name.c_str(), &raw);
  RtnlLink link(raw);
  if (rc < 0) throw_nl_error(op, name, rc);
  return link;
}

std::optional<std::array<unsigned char, 6>> parse_mac(const std::string& text) {
  std::array<unsigned char, 6> m{};
  char tail = 0;
  if (std::sscanf(text.c_str(), "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx%c", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5], &tail) != 6)
    return std::nullopt;
  return m;
}

namespace {

// An overlay endpoint: the veth's host end is born in the sandbox, on its br0, with br0's MTU.
void create_sandbox_endpoint(const EndpointLink& given) {
  NlSock inside = socket_in(given.bridge_netns);
  RtnlLink bridge = link_by_name(inside.get(), given.bridge, "attach to");
  EndpointLink e = given;
  if (e.mtu == 0) e.mtu = static_cast<int>(rtnl_link_get_mtu(bridge.get()));
  Fd ns = open_netns(e.netns_path);
  create_veth(inside.get(), e, rtnl_link_get_ifindex(bridge.get()), ns.get());
  try {
    configure_inside(e);
  } catch (...) {
    rtnl_link* raw = nullptr;
    if (rtnl_link_get_kernel(inside.get(), 0, e.host_ifname.c_str(), &raw) >= 0) {
      RtnlLink host_end(raw);
      rtnl_link_delete(inside.get(), host_end.get());
    }
    throw;
  }
}

}  // namespace

void NetlinkLinkBackend::create_endpoint(const EndpointLink& e) {
  if (e.kind == EndpointKind::Veth && !e.bridge_netns.empty()) return create_sandbox_endpoint(e);
  bool veth = e.kind == EndpointKind::Veth;
  if (!veth && !link_exists(e.parent))
    throw KernelError(KernelFault::NoParent, "find the parent link", e.parent, ENODEV, std::strerror(ENODEV));
  RtnlLink parent = get_link(veth ? e.bridge : e.parent, veth ? "attach to" : "find the parent link");
  Fd ns = open_netns(e.netns_path);
  if (veth) create_veth(sock(), e, rtnl_link_get_ifindex(parent.get()), ns.get());
  else create_sublink(sock(), e, rtnl_link_get_ifindex(parent.get()), ns.get());
  try {
    if (veth && e.hairpin) set_hairpin(sock(), e.host_ifname);
    configure_inside(e);
  } catch (...) {
    delete_endpoint(e);
    throw;
  }
}

void NetlinkLinkBackend::delete_endpoint(const EndpointLink& e) {
  if (e.kind == EndpointKind::Veth && !e.bridge_netns.empty()) delete_netns_link(e.bridge_netns, e.host_ifname);
  else if (e.kind == EndpointKind::Veth) delete_link(e.host_ifname);  // removes both ends
  else delete_netns_link(e.netns_path, e.ifname);
}

namespace {

/// Deletes every default route of `family` in the main table of the socket's namespace.
void delete_default_routes(nl_sock* sk, int family, const std::string& where) {
  nl_cache* raw = nullptr;
  int rc = rtnl_route_alloc_cache(sk, family, 0, &raw);
  NlCache cache(raw);
  if (rc < 0) throw_nl_error("list routes in", where, rc);
  for (nl_object* o = nl_cache_get_first(cache.get()); o; o = nl_cache_get_next(o)) {
    auto* route = reinterpret_cast<rtnl_route*>(o);
    nl_addr* dst = rtnl_route_get_dst(route);
    if (rtnl_route_get_table(route) != RT_TABLE_MAIN || !dst || nl_addr_get_prefixlen(dst) != 0) continue;
    rc = rtnl_route_delete(sk, route, 0);
    if (rc < 0 && rc != -NLE_OBJ_NOTFOUND) throw_nl_error("delete a default route in", where, rc);
  }
}

}  // namespace

void NetlinkLinkBackend::replace_default_routes(const EndpointLink& e, bool v4, bool v6) {
  NlSock sk;
  try {
    sk = socket_in(e.netns_path);
  } catch (const KernelError& err) {
    if (err.code() == ENOENT) return;  // the namespace is gone, and its routes with it
    throw;
  }
  if (v4) delete_default_routes(sk.get(), AF_INET, e.netns_path);
  if (v6) delete_default_routes(sk.get(), AF_INET6, e.netns_path);
  bool add4 = v4 && e.address && (e.gateway || e.default_dev_v4);
  bool add6 = v6 && e.address6 && (e.gateway6 || e.default_dev_v6);
  if (!add4 && !add6) return;
  int ifindex = rtnl_link_get_ifindex(link_by_name(sk.get(), e.ifname, "route through").get());
  if (add4) add_default_route(sk.get(), ifindex, false, e.gateway);
  if (add6) add_default_route(sk.get(), ifindex, true, e.gateway6);
}

bool NetlinkLinkBackend::netns_ipv6_disabled(const std::string& netns_path) {
  bool disabled = false;
  run_in_netns(netns_path, [&] {
    // /proc/sys/net shows the namespace of the thread that opens it.
    Fd fd(open("/proc/sys/net/ipv6/conf/all/disable_ipv6", O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
      disabled = errno == ENOENT;  // a kernel without IPv6
      return;
    }
    char c = '0';
    disabled = read(fd.get(), &c, 1) == 1 && c == '1';
  });
  return disabled;
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
