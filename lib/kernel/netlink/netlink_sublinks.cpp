// Links that hang from another link: dummy and VLAN parents in the host namespace, and the
// macvlan/ipvlan interfaces of containers, created straight into their namespace.
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/route/link/vlan.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "lib/core/error.hpp"
#include "lib/kernel/netlink/netlink_link_backend.hpp"

namespace docknet::kernel {
namespace {

using NlMsg = CPtr<nl_msg, nlmsg_free>;

uint32_t macvlan_mode(const std::string& mode) {
  if (mode == "private") return MACVLAN_MODE_PRIVATE;
  if (mode == "vepa") return MACVLAN_MODE_VEPA;
  if (mode == "passthru") return MACVLAN_MODE_PASSTHRU;
  return MACVLAN_MODE_BRIDGE;
}

uint16_t ipvlan_mode(const std::string& mode) {
  if (mode == "l3") return IPVLAN_MODE_L3;
  if (mode == "l3s") return IPVLAN_MODE_L3S;
  return IPVLAN_MODE_L2;
}

uint16_t ipvlan_flags(const std::string& flag) {
  if (flag == "private") return IPVLAN_F_PRIVATE;
  if (flag == "vepa") return IPVLAN_F_VEPA;
  return 0;
}

// A kind the kernel lacks (module missing) is refused with EOPNOTSUPP: say which feature.
// `op` and `object` read as "failed to OP OBJECT".
[[noreturn]] void throw_link_error(const std::string& op, const std::string& object, const std::string& kind,
                                   const char* config, int rc) {
  if (rc == -NLE_OPNOTSUPP)
    throw KernelError(KernelFault::Unsupported, op, object, EOPNOTSUPP, fmt::format("{} link support ({})", kind, config));
  throw_nl_error("failed to " + op + " " + object + " (" + kind + ")", "", rc);
}

void put(int rc) {
  if (rc < 0) throw KernelError("build", "netlink message", ENOMEM);
}

}  // namespace

void NetlinkLinkBackend::create_dummy(const std::string& name) {
  RtnlLink link(rtnl_link_alloc());
  if (!link) throw KernelError("allocate", "link " + name, ENOMEM);
  int rc = rtnl_link_set_type(link.get(), "dummy");
  if (rc < 0) throw_nl_error("set type dummy of", name, rc);
  rtnl_link_set_name(link.get(), name.c_str());
  rtnl_link_set_flags(link.get(), IFF_UP);
  rc = rtnl_link_add(sock(), link.get(), NLM_F_CREATE | NLM_F_EXCL);
  // Docker returns the raw netlink error here (moby@docker-v29.7.2:daemon/libnetwork/drivers/
  // macvlan/macvlan_setup.go:169-171; docker29-deltas row 21): on a kernel without dummy links
  // that is "operation not supported", and scripts may match it.
  if (rc == -NLE_OPNOTSUPP) throw KernelError(KernelFault::BareErrno, "create the dummy parent link", name, EOPNOTSUPP,
                                                std::strerror(EOPNOTSUPP));
  if (rc < 0) throw_link_error("create the dummy parent link", name, "dummy", "CONFIG_DUMMY", rc);
}

void NetlinkLinkBackend::create_vlan(const std::string& name, const std::string& master, int vlan_id) {
  RtnlLink parent = get_link(master, "find master interface");
  RtnlLink link(rtnl_link_vlan_alloc());
  if (!link) throw KernelError("allocate", "link " + name, ENOMEM);
  rtnl_link_set_name(link.get(), name.c_str());
  rtnl_link_set_link(link.get(), rtnl_link_get_ifindex(parent.get()));
  rtnl_link_vlan_set_id(link.get(), static_cast<uint16_t>(vlan_id));
  rtnl_link_set_flags(link.get(), IFF_UP);
  int rc = rtnl_link_add(sock(), link.get(), NLM_F_CREATE | NLM_F_EXCL);
  if (rc < 0) throw_link_error("create", name + " vlan link", "802.1Q vlan", "CONFIG_VLAN_8021Q", rc);
}

void NetlinkLinkBackend::delete_netns_link(const std::string& netns_path, const std::string& name) {
  NlSock sk;
  try {
    sk = socket_in(netns_path);
  } catch (const KernelError& e) {
    // The namespace is gone, and its links with it; or the file is no namespace at all (a
    // sandbox whose making was killed before its bind mount): nothing there to delete.
    if (e.code() == ENOENT || e.code() == EINVAL) return;
    throw;
  }
  RtnlLink link(rtnl_link_alloc());
  if (!link) throw KernelError("allocate", "link " + name, ENOMEM);
  rtnl_link_set_name(link.get(), name.c_str());
  int rc = rtnl_link_delete(sk.get(), link.get());
  if (rc == -NLE_NODEV || rc == -NLE_OBJ_NOTFOUND) return;
  if (rc < 0) throw_nl_error("delete link " + name + " in", netns_path, rc);
}

// Built by hand: libnl 3.7 cannot set IFLA_IPVLAN_FLAGS, and one path serves both kinds.
void create_sublink(nl_sock* sk, const EndpointLink& e, int parent_ifindex, int netns_fd) {
  bool ipvlan = e.kind == EndpointKind::Ipvlan;
  const char* kind = ipvlan ? "ipvlan" : "macvlan";
  NlMsg msg(nlmsg_alloc_simple(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL));
  if (!msg) throw KernelError("allocate", "netlink message", ENOMEM);
  ifinfomsg ifi{};
  ifi.ifi_family = AF_UNSPEC;
  put(nlmsg_append(msg.get(), &ifi, sizeof ifi, NLMSG_ALIGNTO));
  put(nla_put_string(msg.get(), IFLA_IFNAME, e.ifname.c_str()));
  put(nla_put_u32(msg.get(), IFLA_LINK, static_cast<uint32_t>(parent_ifindex)));
  put(nla_put_u32(msg.get(), IFLA_NET_NS_FD, static_cast<uint32_t>(netns_fd)));
  auto mac = parse_mac(e.mac);
  if (!ipvlan && e.mode != "passthru" && mac) put(nla_put(msg.get(), IFLA_ADDRESS, static_cast<int>(mac->size()), mac->data()));
  if (e.mtu > 0) put(nla_put_u32(msg.get(), IFLA_MTU, static_cast<uint32_t>(e.mtu)));
  put(nla_put_u32(msg.get(), IFLA_TXQLEN, 0));  // no transmit queue, as Docker's (no qlen in `ip link`)
  nlattr* info = nla_nest_start(msg.get(), IFLA_LINKINFO);
  if (!info) put(-1);
  put(nla_put_string(msg.get(), IFLA_INFO_KIND, kind));
  nlattr* data = nla_nest_start(msg.get(), IFLA_INFO_DATA);
  if (!data) put(-1);
  if (ipvlan) {
    put(nla_put_u16(msg.get(), IFLA_IPVLAN_MODE, ipvlan_mode(e.mode)));
    put(nla_put_u16(msg.get(), IFLA_IPVLAN_FLAGS, ipvlan_flags(e.flag)));
  } else {
    put(nla_put_u32(msg.get(), IFLA_MACVLAN_MODE, macvlan_mode(e.mode)));
  }
  nla_nest_end(msg.get(), data);
  nla_nest_end(msg.get(), info);
  int rc = nl_send_sync(sk, msg.release());  // frees the message, waits for the ACK
  if (rc < 0)
    throw_link_error(fmt::format("create the {} port {} on", kind, e.ifname), e.parent, kind,
                     ipvlan ? "CONFIG_IPVLAN" : "CONFIG_MACVLAN", rc);
}

}  // namespace docknet::kernel
