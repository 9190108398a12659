#pragma once
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "lib/fs/unique_fd.hpp"
#include "lib/store/etcd/endpoints.hpp"

namespace docknet::store::etcd {

using Clock = std::chrono::steady_clock;
/// When an operation must be over; nullopt: never (a watch waiting for events).
using Deadline = std::optional<Clock::time_point>;

/// A failed socket operation; what() is the reason as Go prints it ("connection refused",
/// "timed out", "connection reset by peer").
class NetError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A resolved address of an endpoint.
struct SocketAddress {
  sockaddr_storage storage{};
  socklen_t length = 0;
};

/// The endpoint's addresses: an IP literal as is, a name through getaddrinfo or, in the static
/// docknet binary (whose getaddrinfo is a stub, lib/core/nss_stubs.c), through /etc/hosts.
/// Throws NetError ("lookup NAME: ...").
std::vector<SocketAddress> resolve(const Endpoint& endpoint);

/// A TCP connection to one of the endpoint's addresses, tried in order, each for at most
/// `timeout` (a non-blocking connect and poll). Throws NetError with the last address's reason.
UniqueFd connect_endpoint(const Endpoint& endpoint, std::chrono::milliseconds timeout);

/// Writes all of `data` before the deadline (MSG_NOSIGNAL: a closed peer is an error, not a
/// SIGPIPE). Throws NetError.
void send_all(int fd, std::string_view data, Deadline deadline);

/// Reads what is there (at most `size` bytes), waiting until the deadline; 0 means the peer
/// closed. With `stop`, returns nullopt once *stop is set (checked at least four times a
/// second, and whenever a signal interrupts the wait). Throws NetError.
std::optional<size_t> recv_some(int fd, char* buf, size_t size, Deadline deadline,
                                const std::atomic<bool>* stop = nullptr);

}  // namespace docknet::store::etcd
