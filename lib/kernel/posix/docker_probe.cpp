// Is a Docker daemon running next to docknet? Both would program the same bridges (docker0)
// and the same iptables chains, so mutating commands refuse while one is (issue 10).
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "lib/core/strings.hpp"
#include "lib/fs/unique_fd.hpp"
#include "lib/kernel/posix/linux_host_system.hpp"

namespace docknet::kernel {
namespace {

constexpr int kPingTimeoutMs = 300;

/// Waits for `events` on fd; false on timeout or error.
bool wait_for(int fd, short events) {
  pollfd p{fd, events, 0};
  int r;
  do r = poll(&p, 1, kPingTimeoutMs);
  while (r < 0 && errno == EINTR);
  return r == 1 && (p.revents & events);
}

/// True when something listening on the unix socket `path` answers GET /_ping like an HTTP
/// server (Docker's API answers "HTTP/1.1 200 OK ... OK"). A missing socket, a refused or
/// silent one is not Docker.
bool socket_answers_ping(const std::string& path) {
  sockaddr_un addr{};
  if (path.empty() || path.size() >= sizeof(addr.sun_path)) return false;
  UniqueFd fd(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!fd) return false;
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.c_str(), path.size());
  if (connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    if (errno != EINPROGRESS && errno != EAGAIN) return false;
    if (!wait_for(fd.get(), POLLOUT)) return false;
  }
  static const char kRequest[] = "GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n";
  if (send(fd.get(), kRequest, sizeof(kRequest) - 1, MSG_NOSIGNAL) != static_cast<ssize_t>(sizeof(kRequest) - 1))
    return false;
  char reply[16] = {};
  size_t got = 0;
  while (got < 9 && wait_for(fd.get(), POLLIN)) {
    ssize_t n = recv(fd.get(), reply + got, 9 - got, 0);
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  return got >= 9 && std::strncmp(reply, "HTTP/1.", 7) == 0;
}

/// The pid in Docker's pid file, when that process is a dockerd.
std::optional<std::string> live_dockerd(const std::string& pidfile) {
  std::ifstream in(pidfile);
  std::string pid;
  if (!(in >> pid) || pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  std::ifstream comm("/proc/" + pid + "/comm");
  std::string name;
  if (!std::getline(comm, name) || name != "dockerd") return std::nullopt;
  return pid;
}

}  // namespace

std::optional<std::string> LinuxHostSystem::running_docker_daemon() {
  std::vector<std::string> sockets{"/var/run/docker.sock"};
  // A client pointed elsewhere (DOCKER_HOST=unix:///run/user/1000/docker.sock, rootful with -H)
  // names the daemon's socket; a tcp:// or ssh:// one is another machine's business.
  if (const char* host = std::getenv("DOCKER_HOST"); host && std::strncmp(host, "unix://", 7) == 0)
    sockets.insert(sockets.begin(), host + 7);
  for (const auto& path : sockets)
    if (socket_answers_ping(path)) return "it answers on " + path;
  if (auto pid = live_dockerd("/var/run/docker.pid")) return "/var/run/docker.pid names dockerd, pid " + *pid;
  return std::nullopt;
}

}  // namespace docknet::kernel
