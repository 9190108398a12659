// Overlay sandboxes: a namespace per overlay network and host, bind-mounted on a file under the
// sandbox directory (as `ip netns add` does), holding br0 and vxlan0.
#include "lib/kernel/netlink/netlink_overlay.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <linux/if_link.h>
#include <linux/magic.h>
#include <net/if.h>
#include <netlink/route/addr.h>
#include <netlink/route/link/bridge.h>
#include <netlink/route/link/vxlan.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "lib/core/error.hpp"
#include "lib/fs/unique_fd.hpp"
#include "lib/kernel/netlink/netlink_link_backend.hpp"

namespace docknet::kernel {
namespace {

constexpr int kVxlanPort = 4789;  // IANA's, Docker's default data path port
constexpr int kVxlanOverhead = 50;
const char* const kBridge = "br0";
const char* const kVxlan = "vxlan0";

NlSock host_socket() {
  NlSock s(nl_socket_alloc());
  int rc = s ? nl_connect(s.get(), NETLINK_ROUTE) : -NLE_NOMEM;
  if (rc < 0) throw_nl_error("connect netlink in", "the host namespace", rc);
  return s;
}

bool is_namespace_file(const std::string& path) {
  struct statfs fs {};
  return statfs(path.c_str(), &fs) == 0 && static_cast<unsigned long>(fs.f_type) == NSFS_MAGIC;
}

// The directory, made if missing, never through a symlink.
void ensure_dir(const std::string& dir) {
  std::string at;
  size_t pos = 0;
  while (pos != std::string::npos) {
    pos = dir.find('/', pos + 1);
    at = dir.substr(0, pos);
    if (at.empty()) continue;
    struct stat st {};
    if (lstat(at.c_str(), &st) == 0) {
      if (!S_ISDIR(st.st_mode))
        throw KernelError(KernelFault::UnsafePath, "use", at, ENOTDIR, "not a directory (a symlink is never followed)");
      continue;
    }
    if (mkdir(at.c_str(), 0755) != 0 && errno != EEXIST) throw KernelError("create", at, errno);
  }
}

int ifindex_of(nl_sock* sk, const char* name, const char* op) {
  return rtnl_link_get_ifindex(link_by_name(sk, name, op).get());
}

void link_up(nl_sock* sk, const char* name, int master, int mtu) {
  RtnlLink current = link_by_name(sk, name, "bring up");
  RtnlLink change(rtnl_link_alloc());
  if (!change) throw KernelError("allocate", name, ENOMEM);
  rtnl_link_set_flags(change.get(), IFF_UP);
  if (master > 0) rtnl_link_set_master(change.get(), master);
  if (mtu > 0) rtnl_link_set_mtu(change.get(), static_cast<unsigned>(mtu));
  int rc = rtnl_link_change(sk, current.get(), change.get(), 0);
  if (rc < 0) throw_nl_error("bring up", name, rc);
}

// The MTU of the host link holding `local`, minus VXLAN's 50 bytes (Docker's default overlay
// MTU on a 1500 underlay is 1450).
int underlay_mtu(nl_sock* sk, const IpAddress& local) {
  nl_cache* raw = nullptr;
  if (rtnl_addr_alloc_cache(sk, &raw) < 0) return 1500 - kVxlanOverhead;
  CPtr<nl_cache, nl_cache_free> addrs(raw);
  int ifindex = 0;
  for (nl_object* o = nl_cache_get_first(addrs.get()); o; o = nl_cache_get_next(o)) {
    auto* a = reinterpret_cast<rtnl_addr*>(o);
    nl_addr* local_addr = rtnl_addr_get_local(a);
    if (!local_addr) continue;
    auto ip = ip_from_bytes(nl_addr_get_binary_addr(local_addr), nl_addr_get_len(local_addr));
    if (ip && *ip == local) ifindex = rtnl_addr_get_ifindex(a);
  }
  if (ifindex == 0) return 1500 - kVxlanOverhead;
  rtnl_link* l = nullptr;
  if (rtnl_link_get_kernel(sk, ifindex, nullptr, &l) < 0) return 1500 - kVxlanOverhead;
  RtnlLink link(l);
  return static_cast<int>(rtnl_link_get_mtu(link.get())) - kVxlanOverhead;
}

// vxlan0, made through the host's socket but born in the sandbox: the kernel opens its UDP
// socket in the namespace the request came from (the underlay's), the device lives in the
// sandbox. Learning off and the ARP/ND proxy on: every peer is programmed, nothing is flooded.
void create_vxlan(nl_sock* host, const OverlaySandbox& s, int netns_fd, int mtu) {
  RtnlLink vx(rtnl_link_vxlan_alloc());
  if (!vx) throw KernelError("allocate", kVxlan, ENOMEM);
  rtnl_link_set_name(vx.get(), kVxlan);
  rtnl_link_vxlan_set_id(vx.get(), s.vni);
  rtnl_link_vxlan_set_port(vx.get(), kVxlanPort);
  rtnl_link_vxlan_set_learning(vx.get(), 0);
  rtnl_link_vxlan_set_proxy(vx.get(), 1);
  rtnl_link_set_mtu(vx.get(), static_cast<unsigned>(mtu));
  rtnl_link_set_ns_fd(vx.get(), netns_fd);
  int rc = rtnl_link_add(host, vx.get(), NLM_F_CREATE | NLM_F_EXCL);
  // The vxlan0 of a sandbox whose namespace was just let go (removed by hand, or by a killed
  // call) lives until the kernel frees that namespace, a moment later: its ID is free then.
  for (int waited_ms = 0; rc == -NLE_EXIST && waited_ms < 2000; waited_ms += 50) {
    usleep(50 * 1000);
    rc = rtnl_link_add(host, vx.get(), NLM_F_CREATE | NLM_F_EXCL);
  }
  if (rc == -NLE_OPNOTSUPP)
    throw KernelError(KernelFault::Unsupported, "create vxlan", kVxlan, EOPNOTSUPP, "VXLAN support (CONFIG_VXLAN)");
  if (rc == -NLE_EXIST)
    throw KernelError("create vxlan", kVxlan, EEXIST,
                      "VXLAN ID " + std::to_string(s.vni) + " on port 4789 is used by another link of this host");
  if (rc < 0) throw_nl_error("create vxlan", kVxlan, rc);
}

}  // namespace

std::vector<std::string> NetlinkOverlayBackend::sandboxes() {
  std::vector<std::string> out;
  CPtr<DIR, closedir> d(opendir(dir_.c_str()));
  if (!d) return out;
  while (dirent* e = readdir(d.get())) {
    std::string name = e->d_name;
    if (name.rfind("1-", 0) == 0 && name.size() == 12) out.push_back(dir_ + "/" + name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void NetlinkOverlayBackend::make_namespace(const std::string& path) {
  ensure_dir(dir_);
  UniqueFd file(open(path.c_str(), O_RDONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0444));
  if (file.get() < 0) throw KernelError("create", path, errno);
  file = UniqueFd();
  UniqueFd home(open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
  if (home.get() < 0) throw KernelError("open", "/proc/thread-self/ns/net", errno);
  if (unshare(CLONE_NEWNET) != 0) {
    int err = errno;
    unlink(path.c_str());
    throw KernelError("create network namespace", path, err);
  }
  int err = mount("/proc/thread-self/ns/net", path.c_str(), "none", MS_BIND, nullptr) == 0 ? 0 : errno;
  if (setns(home.get(), CLONE_NEWNET) != 0) std::abort();  // going on elsewhere would change the wrong namespace
  if (err != 0) {
    unlink(path.c_str());
    throw KernelError("bind-mount network namespace", path, err);
  }
}

void NetlinkOverlayBackend::build_switch(const OverlaySandbox& s) {
  NlSock host = host_socket();
  int mtu = s.mtu > 0 ? s.mtu : underlay_mtu(host.get(), s.local);
  NlSock inside = socket_in(s.netns_path);
  link_up(inside.get(), "lo", 0, 0);
  RtnlLink br(rtnl_link_bridge_alloc());
  if (!br) throw KernelError("allocate", kBridge, ENOMEM);
  rtnl_link_set_name(br.get(), kBridge);
  rtnl_link_set_mtu(br.get(), static_cast<unsigned>(mtu));
  int rc = rtnl_link_add(inside.get(), br.get(), NLM_F_CREATE | NLM_F_EXCL);
  if (rc == -NLE_OPNOTSUPP)
    throw KernelError(KernelFault::Unsupported, "create bridge", kBridge, EOPNOTSUPP, "bridge support (CONFIG_BRIDGE)");
  if (rc < 0) throw_nl_error("create bridge", kBridge, rc);
  int br_index = ifindex_of(inside.get(), kBridge, "find");
  for (const auto& a : s.bridge_addresses) add_ip_address(inside.get(), br_index, a, kBridge);
  UniqueFd ns(open(s.netns_path.c_str(), O_RDONLY | O_CLOEXEC));
  if (ns.get() < 0) throw KernelError("open network namespace", s.netns_path, errno);
  create_vxlan(host.get(), s, ns.get(), mtu);
  link_up(inside.get(), kVxlan, br_index, 0);
  link_up(inside.get(), kBridge, 0, 0);
}

void NetlinkOverlayBackend::ensure_sandbox(const OverlaySandbox& s) {
  if (is_namespace_file(s.netns_path)) {
    NlSock inside = socket_in(s.netns_path);
    rtnl_link* raw = nullptr;
    if (rtnl_link_get_kernel(inside.get(), 0, kVxlan, &raw) >= 0) {
      RtnlLink keep(raw);
      // vxlan0 is made after br0 and its addresses; a call killed after that may not have
      // enslaved it or brought the two up: done again, which changes nothing when they are.
      try {
        link_up(inside.get(), kVxlan, ifindex_of(inside.get(), kBridge, "find"), 0);
        link_up(inside.get(), kBridge, 0, 0);
        return;
      } catch (const Error&) {  // no br0 (removed by hand): the sandbox is made again below
      }
    }
  }
  delete_sandbox(s.netns_path);  // a half-made one (a call killed while making it)
  make_namespace(s.netns_path);
  try {
    build_switch(s);
  } catch (...) {
    delete_sandbox(s.netns_path);
    throw;
  }
}

void NetlinkOverlayBackend::delete_sandbox(const std::string& path) {
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0) return;
  if (is_namespace_file(path)) {
    try {
      NlSock inside = socket_in(path);
      rtnl_link* raw = nullptr;
      if (rtnl_link_get_kernel(inside.get(), 0, kVxlan, &raw) >= 0) {
        RtnlLink vx(raw);
        rtnl_link_delete(inside.get(), vx.get());  // now, not when the namespace is freed later
      }
    } catch (const Error&) {
    }
    if (umount2(path.c_str(), MNT_DETACH) != 0 && errno != EINVAL) throw KernelError("unmount", path, errno);
  }
  if (unlink(path.c_str()) != 0 && errno != ENOENT) throw KernelError("remove", path, errno);
}

void NetlinkOverlayBackend::set_peers(const std::string& path, const std::vector<OverlayPeer>& peers) {
  NlSock inside = socket_in(path);
  int vx = ifindex_of(inside.get(), kVxlan, "program");
  auto current = read_peers(inside.get(), vx);
  for (const auto& p : current)
    if (std::find(peers.begin(), peers.end(), p) == peers.end()) delete_peer(inside.get(), vx, p);
  for (const auto& p : peers)
    if (std::find(current.begin(), current.end(), p) == current.end()) add_peer(inside.get(), vx, p);
}

}  // namespace docknet::kernel
