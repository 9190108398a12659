// Unsolicited ARP and neighbour advertisements for a new endpoint's addresses, as Docker sends
// them (moby@docker-v29.7.2:daemon/libnetwork/osl/interface_linux.go:667-805 and
// internal/l2disco): an address is often reused at once by a container with another MAC, and
// its neighbours would send to the old MAC until their cache entry expires.
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "lib/core/error.hpp"
#include "lib/fs/unique_fd.hpp"
#include "lib/kernel/netlink/netlink_link_backend.hpp"

namespace docknet::kernel {
namespace {

struct Interface {
  int index = 0;
  std::array<unsigned char, 6> mac{};
};

std::string failure(const char* what, int e) { return std::string(what) + ": " + std::strerror(e); }

// The interface `name` of the current namespace, with its MAC; nothing (and why) when it is not
// there or has no MAC.
std::optional<Interface> find_interface(const std::string& name, std::string& why) {
  UniqueFd s(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  ifreq req{};
  if (!s) {
    why = failure("socket", errno);
    return std::nullopt;
  }
  if (name.size() >= sizeof req.ifr_name) {
    why = "interface name too long: " + name;
    return std::nullopt;
  }
  std::memcpy(req.ifr_name, name.c_str(), name.size());
  Interface out;
  if (ioctl(s.get(), SIOCGIFINDEX, &req) != 0) {
    why = failure("find interface", errno);
    return std::nullopt;
  }
  out.index = req.ifr_ifindex;
  if (ioctl(s.get(), SIOCGIFHWADDR, &req) != 0 || req.ifr_hwaddr.sa_family != ARPHRD_ETHER) {
    why = "no MAC address to advertise";
    return std::nullopt;
  }
  std::memcpy(out.mac.data(), req.ifr_hwaddr.sa_data, 6);
  if (out.mac != std::array<unsigned char, 6>{}) return out;
  why = "no MAC address to advertise";
  return std::nullopt;
}

// The sockets of a round. Closing a packet socket waits for an RCU grace period (af_packet's
// synchronize_net, ~5 ms here), so the first round's are closed by the detached process.
struct Sockets {
  UniqueFd arp, na;
};

// A gratuitous ARP request (sender and target IP both the address), broadcast.
std::string send_arp(const Interface& i, const IpAddress& ip, UniqueFd& s) {
  unsigned char pkt[28] = {0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01};
  std::memcpy(pkt + 8, i.mac.data(), 6);
  std::memcpy(pkt + 14, ip.bytes(), 4);
  std::memcpy(pkt + 24, ip.bytes(), 4);
  s.reset(socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!s) return failure("unsolicited ARP: socket", errno);
  sockaddr_ll to{};
  to.sll_family = AF_PACKET;
  to.sll_protocol = htons(ETH_P_ARP);
  to.sll_ifindex = i.index;
  to.sll_hatype = ARPHRD_ETHER;
  to.sll_halen = 6;
  std::memset(to.sll_addr, 0xff, 6);
  if (sendto(s.get(), pkt, sizeof pkt, 0, reinterpret_cast<sockaddr*>(&to), sizeof to) < 0)
    return failure("unsolicited ARP", errno);
  return "";
}

// An unsolicited neighbour advertisement (override flag, target link-layer address option) to
// all nodes, hop limit 255, from the address itself (RFC 4861 4.4); the kernel fills the checksum.
std::string send_na(const Interface& i, const IpAddress& ip, UniqueFd& s) {
  unsigned char pkt[32] = {ND_NEIGHBOR_ADVERT, 0, 0, 0, 0x20};
  std::memcpy(pkt + 8, ip.bytes(), 16);
  pkt[24] = ND_OPT_TARGET_LINKADDR;
  pkt[25] = 1;
  std::memcpy(pkt + 26, i.mac.data(), 6);
  s.reset(socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMPV6));
  if (!s) return failure("unsolicited NA: socket", errno);
  sockaddr_in6 to{};
  to.sin6_family = AF_INET6;
  inet_pton(AF_INET6, "ff02::1", &to.sin6_addr);
  to.sin6_scope_id = static_cast<uint32_t>(i.index);
  iovec iov{pkt, sizeof pkt};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(in6_pktinfo)) + CMSG_SPACE(sizeof(int))] = {};
  msghdr msg{};
  msg.msg_name = &to;
  msg.msg_namelen = sizeof to;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  cmsghdr* c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = IPPROTO_IPV6;
  c->cmsg_type = IPV6_PKTINFO;
  c->cmsg_len = CMSG_LEN(sizeof(in6_pktinfo));
  in6_pktinfo info{};
  std::memcpy(&info.ipi6_addr, ip.bytes(), 16);
  info.ipi6_ifindex = static_cast<unsigned>(i.index);
  std::memcpy(CMSG_DATA(c), &info, sizeof info);
  c = CMSG_NXTHDR(&msg, c);
  c->cmsg_level = IPPROTO_IPV6;
  c->cmsg_type = IPV6_HOPLIMIT;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  int hops = 255;
  std::memcpy(CMSG_DATA(c), &hops, sizeof hops);
  if (sendmsg(s.get(), &msg, 0) < 0) return failure("unsolicited NA", errno);
  return "";
}

// One round, in the current namespace. As moby, a round stops when the interface's MAC is no
// longer the one first advertised (another endpoint took the name).
std::string send_round(const EndpointLink& e, const std::array<unsigned char, 6>* expected_mac,
                       std::array<unsigned char, 6>* mac_out, Sockets& sockets) {
  std::string why;
  auto i = find_interface(e.ifname, why);
  if (!i) return why;
  if (expected_mac && i->mac != *expected_mac) return "MAC address changed";
  if (mac_out) *mac_out = i->mac;
  std::string out;
  if (e.address) out = send_arp(*i, e.address->addr(), sockets.arp);
  if (e.address6) {
    std::string na = send_na(*i, e.address6->addr(), sockets.na);
    out += out.empty() || na.empty() ? na : "; " + na;
  }
  return out;
}

void sleep_ms(int ms) {
  timespec t{ms / 1000, static_cast<long>(ms % 1000) * 1000000L};
  while (nanosleep(&t, &t) != 0 && errno == EINTR) {
  }
}

// Enters the namespace at `path` only while it is the one with this device and inode (never
// another one found at the same path later); "" when in, else why not.
std::string enter_same_namespace(const std::string& path, uint64_t dev, uint64_t ino) {
  UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  struct stat now {};
  if (!fd || fstat(fd.get(), &now) != 0) return failure("open namespace", errno);
  if (static_cast<uint64_t>(now.st_dev) != dev || static_cast<uint64_t>(now.st_ino) != ino)
    return "the namespace at " + path + " is another one now";
  if (setns(fd.get(), CLONE_NEWNET) != 0) return failure("enter namespace", errno);
  return "";
}

// The detached sender of the remaining rounds. Between rounds it is back in its own namespace
// and holds nothing of the container's, so it never pins that namespace (a deleted container's
// namespace goes at once); it re-enters it only while the path still names the same one.
[[noreturn]] void send_later(const EndpointLink& e, uint64_t dev, uint64_t ino, std::array<unsigned char, 6> mac,
                             int rounds, int interval_ms) noexcept {  // an exception here ends the process
  UniqueFd home(open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC));
  if (!home) _exit(0);
  for (int k = 0; k < rounds; ++k) {
    sleep_ms(interval_ms);
    if (!enter_same_namespace(e.netns_path, dev, ino).empty()) _exit(0);
    Sockets sockets;
    bool sent = send_round(e, &mac, nullptr, sockets).empty();
    if (setns(home.get(), CLONE_NEWNET) != 0 || !sent) _exit(0);
  }
  _exit(0);
}

// Forks the sender of the remaining rounds, detached (its parent exits at once and is reaped
// here), with stdio on /dev/null and signals back to their defaults. It holds the first
// round's sockets until this process has let go of them, then closes every descriptor, so
// the grace period of closing them is spent there, not in the command.
void spawn_sender(const EndpointLink& e, uint64_t dev, uint64_t ino, const std::array<unsigned char, 6>& mac, int rounds,
                  int interval_ms, Sockets& first) {
  int gate[2];
  if (pipe2(gate, O_CLOEXEC) != 0) return;
  UniqueFd gate_read(gate[0]), gate_write(gate[1]);
  pid_t middle = fork();
  if (middle == 0) {
    gate_write.reset();
    setsid();
    if (fork() != 0) _exit(0);
    char c;
    while (read(gate_read.get(), &c, 1) < 0 && errno == EINTR) {
    }
    int null = open("/dev/null", O_RDWR);
    if (null < 0) _exit(0);  // never keep the caller's stdout: $(docknet ...) would wait for us
    for (int fd = 0; fd < 3; ++fd) dup2(null, fd);
    if (close_range(3, ~0U, 0) != 0)
      for (int fd = 3; fd < 65536; ++fd) close(fd);
    if (chdir("/") != 0) _exit(0);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) signal(sig, SIG_DFL);
    send_later(e, dev, ino, mac, rounds, interval_ms);
  }
  first.arp.reset();
  first.na.reset();
  gate_write.reset();  // end of file for the sender: ours are closed
  gate_read.reset();
  if (middle > 0)
    while (waitpid(middle, nullptr, 0) < 0 && errno == EINTR) {
    }
}

}  // namespace

std::string NetlinkLinkBackend::advertise_addresses(const EndpointLink& e, uint64_t dev, uint64_t ino, int count,
                                                    int interval_ms) {
  if (count <= 0 || (!e.address && !e.address6)) return "";
  std::array<unsigned char, 6> mac{};
  Sockets first;
  UniqueFd home(open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
  if (!home) return failure("open own namespace", errno);
  // The namespace the endpoint was made in, as the call that made it knew it.
  std::string why = enter_same_namespace(e.netns_path, dev, ino);
  if (!why.empty()) return why;
  try {
    why = send_round(e, nullptr, &mac, first);
  } catch (const std::exception& err) {
    why = err.what();
  }
  if (setns(home.get(), CLONE_NEWNET) != 0) std::abort();  // never go on in the container's namespace
  // As moby: no more rounds after a failed first one (a send is only an optimisation).
  int rounds = why.empty() ? count - 1 : 0;
  if (rounds > 0 || first.arp || first.na) spawn_sender(e, dev, ino, mac, rounds, interval_ms, first);
  return why;
}

}  // namespace docknet::kernel
