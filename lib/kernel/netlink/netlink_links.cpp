#include <net/if.h>
#include <sys/random.h>
#include <netlink/route/link/bridge.h>

#include <cerrno>

#include "lib/core/error.hpp"
#include "lib/kernel/netlink/netlink_link_backend.hpp"

namespace docknet::kernel {

int nl_to_errno(int nl_code) {
  switch (nl_code < 0 ? -nl_code : nl_code) {
    case NLE_EXIST: return EEXIST;
    case NLE_NODEV: return ENODEV;
    case NLE_OBJ_NOTFOUND: return ENOENT;
    case NLE_PERM: return EPERM;
    case NLE_INVAL: return EINVAL;
    case NLE_RANGE: return ERANGE;
    case NLE_OPNOTSUPP: return EOPNOTSUPP;
    case NLE_NOADDR: return EADDRNOTAVAIL;
    case NLE_AGAIN: return EAGAIN;
    case NLE_BUSY: return EBUSY;
    case NLE_NOMEM: return ENOMEM;
    case NLE_NOACCESS: return EACCES;
    case NLE_AF_NOSUPPORT: return EAFNOSUPPORT;
    default: return EIO;
  }
}

void throw_nl_error(const std::string& op, const std::string& object, int nl_code) {
  int code = nl_to_errno(nl_code);
  auto fault = code == EPERM || code == EACCES ? KernelFault::Denied : KernelFault::Failed;
  throw KernelError(fault, op, object, code, nl_geterror(nl_code));
}

nl_sock* NetlinkLinkBackend::sock() {
  if (!sock_) {
    NlSock s(nl_socket_alloc());
    if (!s) throw KernelError("allocate", "netlink socket", ENOMEM);
    int rc = nl_connect(s.get(), NETLINK_ROUTE);
    if (rc < 0) throw_nl_error("connect", "netlink socket", rc);
    sock_ = std::move(s);
  }
  return sock_.get();
}

RtnlLink NetlinkLinkBackend::get_link(const std::string& name, const char* op) { return link_by_name(sock(), name, op); }

bool NetlinkLinkBackend::link_exists(const std::string& name) {
  rtnl_link* raw = nullptr;
  int rc = rtnl_link_get_kernel(sock(), 0, name.c_str(), &raw);
  RtnlLink link(raw);
  if (rc == 0) return true;
  if (rc == -NLE_NODEV || rc == -NLE_OBJ_NOTFOUND) return false;
  throw_nl_error("look up link", name, rc);
}

void NetlinkLinkBackend::create_bridge(const std::string& name, int mtu) {
  RtnlLink link(rtnl_link_bridge_alloc());
  if (!link) throw KernelError("allocate", "bridge " + name, ENOMEM);
  rtnl_link_set_name(link.get(), name.c_str());
  unsigned char mac[6];
  if (getrandom(mac, sizeof mac, 0) != sizeof mac) throw KernelError("generate", "MAC address", errno);
  mac[0] = static_cast<unsigned char>((mac[0] & 0xfe) | 0x02);  // unicast, locally administered
  NlAddr lladdr(nl_addr_build(AF_LLC, mac, sizeof mac));
  if (!lladdr) throw KernelError("allocate", "MAC address", ENOMEM);
  rtnl_link_set_addr(link.get(), lladdr.get());
  // Docker makes its bridges without a transmit queue (`ip link` shows no qlen), as a virtual
  // device needs none; the kernel's default would be 1000.
  rtnl_link_set_txqlen(link.get(), 0);
  int rc = rtnl_link_add(sock(), link.get(), NLM_F_CREATE | NLM_F_EXCL);
  if (rc == -NLE_OPNOTSUPP)
    throw KernelError(KernelFault::Unsupported, "create bridge", name, EOPNOTSUPP, "bridge support (CONFIG_BRIDGE)");
  if (rc < 0) throw_nl_error("create bridge", name, rc);
  // The MTU is set by a change of its own, as Docker does: the kernel keeps an MTU that was set
  // that way when the last port leaves, where one given at creation falls back to 1500.
  if (mtu > 0) {
    RtnlLink current = get_link(name, "set the MTU of");
    RtnlLink change(rtnl_link_alloc());
    if (!change) throw KernelError("allocate", "link " + name, ENOMEM);
    rtnl_link_set_mtu(change.get(), static_cast<unsigned>(mtu));
    rc = rtnl_link_change(sock(), current.get(), change.get(), 0);
    if (rc < 0) {
      delete_link(name);
      throw_nl_error("set the MTU of", name, rc);
    }
  }
}

void NetlinkLinkBackend::delete_link(const std::string& name) {
  RtnlLink link(rtnl_link_alloc());
  if (!link) throw KernelError("allocate", "link " + name, ENOMEM);
  rtnl_link_set_name(link.get(), name.c_str());
  int rc = rtnl_link_delete(sock(), link.get());
  if (rc == -NLE_NODEV || rc == -NLE_OBJ_NOTFOUND) return;  // already gone
  if (rc < 0) throw_nl_error("delete link", name, rc);
}

std::optional<LinkInfo> NetlinkLinkBackend::link_info(const std::string& name) {
  rtnl_link* raw = nullptr;
  int rc = rtnl_link_get_kernel(sock(), 0, name.c_str(), &raw);
  RtnlLink link(raw);
  if (rc == -NLE_NODEV || rc == -NLE_OBJ_NOTFOUND) return std::nullopt;
  if (rc < 0) throw_nl_error("look up link", name, rc);
  LinkInfo info;
  if (const char* type = rtnl_link_get_type(link.get())) info.kind = type;
  info.up = (rtnl_link_get_flags(link.get()) & IFF_UP) != 0;
  if (int master = rtnl_link_get_master(link.get()); master > 0) {
    char buf[IF_NAMESIZE] = {};
    if (if_indextoname(static_cast<unsigned>(master), buf)) info.master = buf;
    else info.master = "#" + std::to_string(master);
  }
  info.addresses = link_addresses(sock(), rtnl_link_get_ifindex(link.get()));
  return info;
}

void NetlinkLinkBackend::set_up(const std::string& name) {
  RtnlLink current = get_link(name, "bring up");
  RtnlLink change(rtnl_link_alloc());
  if (!change) throw KernelError("allocate", "link " + name, ENOMEM);
  rtnl_link_set_flags(change.get(), IFF_UP);
  int rc = rtnl_link_change(sock(), current.get(), change.get(), 0);
  if (rc < 0) throw_nl_error("bring up", name, rc);
}

}  // namespace docknet::kernel
