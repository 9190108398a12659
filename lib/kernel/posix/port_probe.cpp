// Is a host port free? docknet holds no socket between calls (there is no daemon), so it asks the
// kernel the way Docker's port allocator does (moby@docker-v29.7.2:daemon/libnetwork/
// portallocator/osallocator_linux.go): bind with SO_REUSEADDR, listen for stream protocols,
// then let the socket go.
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "lib/fs/unique_fd.hpp"
#include "lib/kernel/posix/linux_host_system.hpp"

namespace docknet::kernel {

namespace {

// One bound (and, for stream protocols, listening) socket on ip:port, or the errno.
int bind_one(const IpAddress& ip, uint16_t port, int protocol, UniqueFd& fd, bool& socket_failed) {
  int domain = ip.is_v6() ? AF_INET6 : AF_INET;
  int type = protocol == IPPROTO_UDP ? SOCK_DGRAM : SOCK_STREAM;
  fd = UniqueFd(socket(domain, type | SOCK_CLOEXEC, protocol));
  if (!fd) return socket_failed = true, errno;
  int one = 1;
  // TCP only, as Docker: a UDP port a service bound with SO_REUSEADDR (avahi's 5353) must read
  // as taken, not as shareable.
  if (protocol == IPPROTO_TCP) setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  // [::] must not also take 0.0.0.0: Docker binds each family on its own socket.
  if (ip.is_v6()) setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  sockaddr_storage ss{};
  socklen_t len;
  if (ip.is_v6()) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(port);
    std::memcpy(&a->sin6_addr, ip.bytes(), 16);
    len = sizeof *a;
  } else {
    auto* a = reinterpret_cast<sockaddr_in*>(&ss);
    a->sin_family = AF_INET;
    a->sin_port = htons(port);
    std::memcpy(&a->sin_addr, ip.bytes(), 4);
    len = sizeof *a;
  }
  if (bind(fd.get(), reinterpret_cast<sockaddr*>(&ss), len) != 0) return errno;
  if (type == SOCK_STREAM && listen(fd.get(), 1) != 0) return errno;
  return 0;
}

}  // namespace

BindProbe LinuxHostSystem::probe_bind(const std::vector<IpAddress>& ips, uint16_t port, int protocol) {
  std::vector<UniqueFd> held(ips.size());  // closed together, once every address is bound
  for (size_t i = 0; i < ips.size(); ++i) {
    bool socket_failed = false;
    if (int err = bind_one(ips[i], port, protocol, held[i], socket_failed)) return {err, socket_failed, i};
  }
  return {};
}

}  // namespace docknet::kernel
