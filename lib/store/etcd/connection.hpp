#pragma once
#include <atomic>
#include <optional>
#include <string>
#include <string_view>

#include "lib/fs/unique_fd.hpp"
#include "lib/store/etcd/http.hpp"
#include "lib/store/etcd/net.hpp"

namespace docknet::store::etcd {

/// One HTTP/1.1 client connection: requests out, responses (whole, or a chunked stream) in.
/// Throws NetError when the socket fails or the peer closes mid-response, std::runtime_error
/// on a malformed response.
class HttpConnection {
 public:
  explicit HttpConnection(UniqueFd fd) : fd_(std::move(fd)) {}

  void send(std::string_view request, Deadline deadline);
  HttpHead read_head(Deadline deadline);
  /// The whole body of the response whose head was just read.
  std::string read_body(const HttpHead& head, Deadline deadline);
  /// The next piece of a chunked body: "" once it has ended, nullopt when *stop was set.
  std::optional<std::string> read_stream(Deadline deadline, const std::atomic<bool>* stop);
  /// Whether any byte of a response came in since the last send: a reused keep-alive
  /// connection that fails before one did was closed by the server while idle.
  bool answered() const { return answered_; }
  /// False when the peer has closed the idle connection (or sent bytes nobody asked for):
  /// checked before reusing it, so a request is never sent into a connection already gone.
  bool idle_and_open() const;

 private:
  bool fill(Deadline deadline, const std::atomic<bool>* stop = nullptr);
  UniqueFd fd_;
  std::string buffer_;  // read, not yet consumed
  ChunkedDecoder chunks_;
  bool answered_ = false;
};

}  // namespace docknet::store::etcd
