#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace docknet::store::etcd {

/// The status line and the headers of an HTTP/1.1 response that matter to a client.
struct HttpHead {
  int status = 0;
  std::string reason;
  int64_t content_length = -1;  // -1: none given
  bool chunked = false;
  bool close = false;  // the server closes the connection after this response
};

/// The head up to (not including) the blank line; nullopt when it is no HTTP/1.x response.
std::optional<HttpHead> parse_http_head(std::string_view head);

/// A POST of a JSON body, keep-alive (HTTP/1.1's default).
std::string http_post(const std::string& host, const std::string& path, const std::string& body);

/// Decodes a chunked body as it arrives (RFC 9112 §7.1): feed bytes in any pieces, take the
/// data decoded so far. Chunk extensions and trailers are read and dropped (etcd's gateway
/// sends a Grpc-Trailer-Content-Type trailer after an error).
class ChunkedDecoder {
 public:
  /// Consumes `bytes`; returns how many belong to the body (the rest, after the last chunk and
  /// its trailers, is the next response's). Throws std::runtime_error on a malformed stream.
  size_t feed(std::string_view bytes);
  /// The data decoded since the last take().
  std::string take();
  bool finished() const { return state_ == State::Done; }

 private:
  enum class State { Size, Data, DataEnd, Trailer, Done };
  bool step(std::string_view bytes, size_t& pos);
  std::string line_;  // a size or trailer line, until its CRLF
  std::string data_;
  uint64_t remaining_ = 0;
  State state_ = State::Size;
};

}  // namespace docknet::store::etcd
