#include "lib/store/etcd/net.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <strings.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "lib/core/error.hpp"

namespace docknet::store::etcd {
namespace {

constexpr int kStopCheckMs = 250;

bool literal(const std::string& host, int port, SocketAddress& out) {
  auto* v4 = reinterpret_cast<sockaddr_in*>(&out.storage);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&out.storage);
  if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<uint16_t>(port));
    out.length = sizeof(sockaddr_in);
    return true;
  }
  if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<uint16_t>(port));
    out.length = sizeof(sockaddr_in6);
    return true;
  }
  return false;
}

// The static binary has no NSS: its names come from /etc/hosts, as the "files" source would.
std::vector<SocketAddress> from_hosts_file(const Endpoint& endpoint) {
  std::vector<SocketAddress> found;
  std::ifstream hosts("/etc/hosts");
  std::string line;
  while (std::getline(hosts, line)) {
    std::istringstream words(line.substr(0, line.find('#')));
    std::string address, name;
    words >> address;
    while (words >> name) {
      SocketAddress a;
      if (strcasecmp(name.c_str(), endpoint.host.c_str()) == 0 && literal(address, endpoint.port, a)) found.push_back(a);
    }
  }
  return found;
}

int wait_for(int fd, short events, Deadline deadline, const std::atomic<bool>* stop) {
  for (;;) {
    if (stop && stop->load()) return -1;
    int ms = -1;
    if (deadline) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - Clock::now()).count();
      if (left <= 0) throw NetError("timed out");
      ms = static_cast<int>(std::min<long long>(left, 60000));
    }
    if (stop) ms = ms < 0 ? kStopCheckMs : std::min(ms, kStopCheckMs);
    pollfd p{fd, events, 0};
    int n = ::poll(&p, 1, ms);
    if (n > 0) return p.revents;
    if (n < 0 && errno != EINTR) throw NetError(go_errno_text(errno));
  }
}

}  // namespace

std::vector<SocketAddress> resolve(const Endpoint& endpoint) {
  SocketAddress a;
  if (literal(endpoint.host, endpoint.port, a)) return {a};
  // A name: /etc/hosts only. The static binary has no resolver (lib/core/nss_stubs.c; even
  // freeaddrinfo would pull glibc's NSS code into the link).
  auto found = from_hosts_file(endpoint);
  if (found.empty()) throw NetError("lookup " + endpoint.host + ": not in /etc/hosts (use an IP address)");
  return found;
}

// A watch waits on its connection for hours: a member that died or was cut off without a FIN
// or RST must still end it. TCP keepalive probes an idle connection after 5 s, 3 times 2 s
// apart; unacknowledged data gives up after 10 s.
static void keep_alive(int fd) {
  int on = 1, idle = 5, interval = 2, count = 3;
  unsigned user_timeout_ms = 10000;
  setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
  setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
  setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof interval);
  setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof count);
  setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &user_timeout_ms, sizeof user_timeout_ms);
}

UniqueFd connect_endpoint(const Endpoint& endpoint, std::chrono::milliseconds timeout) {
  std::string why = "no address";
  for (const SocketAddress& a : resolve(endpoint)) {
    UniqueFd fd(::socket(a.storage.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd) throw NetError(go_errno_text(errno));
    keep_alive(fd.get());
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&a.storage), a.length) == 0) return fd;
    if (errno != EINPROGRESS) {
      why = go_errno_text(errno);
      continue;
    }
    try {
      wait_for(fd.get(), POLLOUT, Clock::now() + timeout, nullptr);
    } catch (const NetError& e) {
      why = e.what();
      continue;
    }
    int err = 0;
    socklen_t len = sizeof(err);
    if (getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
    if (err == 0) return fd;
    why = go_errno_text(err);
  }
  throw NetError(why);
}

void send_all(int fd, std::string_view data, Deadline deadline) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n > 0) {
      data.remove_prefix(static_cast<size_t>(n));
    } else if (errno == EAGAIN || errno == EINTR) {
      wait_for(fd, POLLOUT, deadline, nullptr);
    } else {
      throw NetError(go_errno_text(errno));
    }
  }
}

std::optional<size_t> recv_some(int fd, char* buf, size_t size, Deadline deadline, const std::atomic<bool>* stop) {
  for (;;) {
    ssize_t n = ::recv(fd, buf, size, 0);
    if (n >= 0) return static_cast<size_t>(n);
    if (errno != EAGAIN && errno != EINTR) throw NetError(go_errno_text(errno));
    if (wait_for(fd, POLLIN, deadline, stop) < 0) return std::nullopt;
  }
}

}  // namespace docknet::store::etcd
