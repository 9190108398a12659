#include "lib/store/etcd/connection.hpp"

#include <poll.h>
#include <sys/socket.h>

namespace docknet::store::etcd {
namespace {

constexpr size_t kMaxHead = 64 * 1024;
constexpr size_t kMaxBody = 64 * 1024 * 1024;  // etcd's own request limit is 1.5 MiB

}  // namespace

void HttpConnection::send(std::string_view request, Deadline deadline) {
  answered_ = false;
  chunks_ = ChunkedDecoder();
  send_all(fd_.get(), request, deadline);
}

// Appends what the socket has to buffer_; false at end of stream, or when stopped.
bool HttpConnection::fill(Deadline deadline, const std::atomic<bool>* stop) {
  char buf[16384];
  auto n = recv_some(fd_.get(), buf, sizeof(buf), deadline, stop);
  if (!n || *n == 0) return false;
  answered_ = true;
  buffer_.append(buf, *n);
  return true;
}

bool HttpConnection::idle_and_open() const {
  if (!buffer_.empty()) return false;
  pollfd p{fd_.get(), POLLIN, 0};
  return ::poll(&p, 1, 0) == 0;  // readable now means EOF, an error or stray bytes
}

HttpHead HttpConnection::read_head(Deadline deadline) {
  size_t end;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (buffer_.size() > kMaxHead) throw std::runtime_error("response head too long");
    if (!fill(deadline)) throw NetError("connection closed by the server");
  }
  auto head = parse_http_head(std::string_view(buffer_).substr(0, end));
  if (!head) throw std::runtime_error("not an HTTP response");
  buffer_.erase(0, end + 4);
  return *head;
}

std::string HttpConnection::read_body(const HttpHead& head, Deadline deadline) {
  if (head.chunked) {
    std::string body;
    while (true) {
      auto piece = read_stream(deadline, nullptr);
      if (piece->empty() && chunks_.finished()) return body;
      body += *piece;
      if (body.size() > kMaxBody) throw std::runtime_error("response too long");
    }
  }
  if (head.content_length >= 0) {
    auto length = static_cast<size_t>(head.content_length);
    if (length > kMaxBody) throw std::runtime_error("response too long");
    while (buffer_.size() < length)
      if (!fill(deadline)) throw NetError("connection closed by the server");
    std::string body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return body;
  }
  while (fill(deadline))  // no length: the body ends with the connection
    if (buffer_.size() > kMaxBody) throw std::runtime_error("response too long");
  return std::move(buffer_);
}

std::optional<std::string> HttpConnection::read_stream(Deadline deadline, const std::atomic<bool>* stop) {
  for (;;) {
    size_t used = chunks_.feed(buffer_);
    buffer_.erase(0, used);
    std::string data = chunks_.take();
    if (!data.empty() || chunks_.finished()) return data;
    if (!fill(deadline, stop)) {
      if (stop && stop->load()) return std::nullopt;
      throw NetError("connection closed by the server");
    }
  }
}

}  // namespace docknet::store::etcd
