// Many links deleted under one kernel wait. Each RTM_DELLINK of one link unregisters it alone,
// and every unregister waits for an RCU grace period (~40 ms here); a link group deleted with
// one RTM_DELLINK is unregistered as one batch (rtnl_group_dellink, unregister_netdevice_many).
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <sys/random.h>

#include <cerrno>
#include <set>

#include "lib/core/error.hpp"
#include "lib/kernel/netlink/netlink_link_backend.hpp"

namespace docknet::kernel {
namespace {

using NlMsg = CPtr<nl_msg, nlmsg_free>;

// The groups links are in now: a batch group must hold nothing but docknet's doomed links.
std::set<uint32_t> groups_in_use(nl_sock* sk) {
  nl_cache* raw = nullptr;
  int rc = rtnl_link_alloc_cache(sk, AF_UNSPEC, &raw);
  NlCache cache(raw);
  if (rc < 0) throw_nl_error("list", "links", rc);
  std::set<uint32_t> out;
  for (nl_object* o = nl_cache_get_first(cache.get()); o; o = nl_cache_get_next(o))
    out.insert(rtnl_link_get_group(reinterpret_cast<rtnl_link*>(o)));
  return out;
}

uint32_t unused_group(nl_sock* sk) {
  auto used = groups_in_use(sk);
  for (;;) {
    uint32_t g = 0;
    if (getrandom(&g, sizeof g, 0) != sizeof g) throw KernelError("getrandom", "link group", errno);
    g |= 0x40000000u;  // far from the small numbers admins give /etc/iproute2/group
    if (!used.count(g)) return g;
  }
}

// One RTM_NEWLINK/RTM_DELLINK by name (or, without one, for the whole group) carrying IFLA_GROUP:
// libnl's own requests need an ifindex or a name and never address a group.
int group_request(nl_sock* sk, int type, const std::string& name, uint32_t group) {
  NlMsg msg(nlmsg_alloc_simple(type, NLM_F_REQUEST | NLM_F_ACK));
  if (!msg) return -NLE_NOMEM;
  ifinfomsg ifi{};
  ifi.ifi_family = AF_UNSPEC;
  if (nlmsg_append(msg.get(), &ifi, sizeof ifi, NLMSG_ALIGNTO) < 0) return -NLE_NOMEM;
  if (!name.empty() && nla_put_string(msg.get(), IFLA_IFNAME, name.c_str()) < 0) return -NLE_NOMEM;
  if (nla_put_u32(msg.get(), IFLA_GROUP, group) < 0) return -NLE_NOMEM;
  int rc = nl_send_auto_complete(sk, msg.get());
  return rc < 0 ? rc : nl_wait_for_ack(sk);
}

// Moves a link into the group; false when it is gone already.
bool set_group(nl_sock* sk, const std::string& name, uint32_t group) {
  int rc = group_request(sk, RTM_NEWLINK, name, group);
  if (rc == -NLE_NODEV || rc == -NLE_OBJ_NOTFOUND) return false;
  if (rc < 0) throw_nl_error("set the link group of", name, rc);
  return true;
}

int delete_group(nl_sock* sk, uint32_t group) { return group_request(sk, RTM_DELLINK, "", group); }

}  // namespace

void NetlinkLinkBackend::delete_links(const std::vector<std::string>& names) {
  if (names.size() == 1) return delete_link(names.front());
  if (names.empty()) return;
  uint32_t group = unused_group(sock());
  size_t grouped = 0;
  for (const auto& name : names) grouped += set_group(sock(), name, group) ? 1 : 0;
  // A kernel that cannot delete by group (or a link kind without dellink) leaves the group
  // whole: each is then deleted alone. A kill before this leaves the links in the group, and
  // the next call, finishing the removal from the store, deletes them by name.
  if (grouped > 0 && delete_group(sock(), group) >= 0) return;
  for (const auto& name : names) delete_link(name);
}

}  // namespace docknet::kernel
