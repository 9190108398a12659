#include "lib/kernel/nftables/nfnl_socket.hpp"

#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <netlink/socket.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "lib/core/error.hpp"

namespace docknet::kernel::nft {
namespace {

constexpr size_t kReceiveBuffer = 256 * 1024;  // larger than any one netlink message the kernel sends
constexpr int kSocketBuffer = 8 * 1024 * 1024;  // a batch restoring 1000 networks is ~1.5 MB
constexpr int kDumpRetries = 8;
constexpr int kReplyTimeoutSeconds = 30;

void put_header(std::vector<unsigned char>& buf, uint16_t type, uint16_t flags, uint32_t seq, uint8_t family,
                uint16_t res_id) {
  size_t at = buf.size();
  buf.resize(at + NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(nfgenmsg)), 0);
  auto* h = reinterpret_cast<nlmsghdr*>(buf.data() + at);
  h->nlmsg_len = static_cast<uint32_t>(buf.size() - at);
  h->nlmsg_type = type;
  h->nlmsg_flags = flags;
  h->nlmsg_seq = seq;
  auto* g = reinterpret_cast<nfgenmsg*>(buf.data() + at + NLMSG_HDRLEN);
  g->nfgen_family = family;
  g->version = NFNETLINK_V0;
  g->res_id = htobe16(res_id);
}

uint16_t nft_type(uint16_t msg) { return static_cast<uint16_t>((NFNL_SUBSYS_NFTABLES << 8) | msg); }

[[noreturn]] void fail(const std::string& op, int code) { throw KernelError(op, "nf_tables", code); }

}  // namespace

size_t Batch::begin(uint16_t nft_msg, uint16_t flags, uint8_t family) {
  size_t at = buf_.size();
  put_header(buf_, nft_type(nft_msg), static_cast<uint16_t>(NLM_F_REQUEST | flags), 0, family, 0);
  return at;
}

void Batch::end(size_t at, std::string what) {
  reinterpret_cast<nlmsghdr*>(buf_.data() + at)->nlmsg_len = static_cast<uint32_t>(buf_.size() - at);
  starts_.push_back(at);
  what_.push_back(std::move(what));
}

Socket::Socket() : sock_(nl_socket_alloc()), seq_(static_cast<uint32_t>(time(nullptr))) {
  if (!sock_) fail("open a netlink socket", ENOMEM);
  if (int err = nl_connect(sock_.get(), NETLINK_NETFILTER); err < 0) fail("open a netlink socket", EPROTONOSUPPORT);
  int fd = nl_socket_get_fd(sock_.get());
  // Force the buffers past the sysctl limits (root may) so a large batch or dump fits; else as
  // large as the limits allow.
  if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &kSocketBuffer, sizeof kSocketBuffer) != 0)
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &kSocketBuffer, sizeof kSocketBuffer);
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &kSocketBuffer, sizeof kSocketBuffer) != 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &kSocketBuffer, sizeof kSocketBuffer);
  // The kernel answers inside sendmsg; a read that waits this long means something is wrong.
  timeval timeout{kReplyTimeoutSeconds, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
}

std::pair<const unsigned char*, size_t> Socket::receive(bool wait) {
  buf_.resize(kReceiveBuffer);
  int fd = nl_socket_get_fd(sock_.get());
  for (;;) {
    ssize_t n = recv(fd, buf_.data(), buf_.size(), wait ? 0 : MSG_DONTWAIT);
    if (n >= 0) return {buf_.data(), static_cast<size_t>(n)};
    if (errno == EINTR) continue;
    if (!wait && (errno == EAGAIN || errno == EWOULDBLOCK)) return {nullptr, 0};
    if (errno == EAGAIN || errno == EWOULDBLOCK) fail("wait for the kernel's answer", ETIMEDOUT);
    fail("read from the netlink socket", errno);
  }
}

void Socket::commit(Batch& batch) {
  if (batch.empty()) return;
  uint32_t first = ++seq_;
  std::vector<unsigned char> out;
  out.reserve(batch.buf_.size() + 64);
  put_header(out, NFNL_MSG_BATCH_BEGIN, NLM_F_REQUEST, first, AF_UNSPEC, NFNL_SUBSYS_NFTABLES);
  size_t messages_at = out.size();
  out.insert(out.end(), batch.buf_.begin(), batch.buf_.end());
  for (size_t i = 0; i < batch.starts_.size(); ++i) {
    auto* h = reinterpret_cast<nlmsghdr*>(out.data() + messages_at + batch.starts_[i]);
    h->nlmsg_seq = ++seq_;
    // Errors always come back; an ack on the last message says the batch went through.
    if (i + 1 == batch.starts_.size()) h->nlmsg_flags |= NLM_F_ACK;
  }
  uint32_t last = seq_;
  put_header(out, NFNL_MSG_BATCH_END, NLM_F_REQUEST, ++seq_, AF_UNSPEC, NFNL_SUBSYS_NFTABLES);
  if (nl_sendto(sock_.get(), out.data(), out.size()) < 0) fail("send an nf_tables batch", EMSGSIZE);

  // nfnetlink handles the batch inside sendmsg: every answer is queued before send returns.
  bool acked = false;
  int error = 0;
  uint32_t error_seq = 0;
  for (bool wait = true;; wait = false) {
    auto [data, size] = receive(wait);
    if (size == 0) break;
    int len = static_cast<int>(size);
    for (auto* h = reinterpret_cast<const nlmsghdr*>(data); NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
      if (h->nlmsg_type != NLMSG_ERROR || h->nlmsg_seq < first || h->nlmsg_seq > last) continue;
      int code = -reinterpret_cast<const nlmsgerr*>(NLMSG_DATA(h))->error;
      if (code == 0 && h->nlmsg_seq == last) acked = true;
      if (code != 0 && error == 0) error = code, error_seq = h->nlmsg_seq;
    }
  }
  if (error != 0) {
    if (error_seq == first) fail("start an nf_tables batch", error);
    throw KernelError(batch.what_[error_seq - first - 1], "in nf_tables", error);
  }
  if (!acked) fail("apply an nf_tables batch", EPROTO);
}

int Socket::dump(uint16_t nft_msg, uint8_t family, const std::function<void(AttrWriter&)>& filter,
                 const std::function<void(const unsigned char*, size_t)>& each) {
  for (int attempt = 0; attempt < kDumpRetries; ++attempt) {
    std::vector<unsigned char> req;
    uint32_t seq = ++seq_;
    put_header(req, nft_type(nft_msg), NLM_F_REQUEST | NLM_F_DUMP, seq, family, 0);
    AttrWriter w(req);
    if (filter) filter(w);
    reinterpret_cast<nlmsghdr*>(req.data())->nlmsg_len = static_cast<uint32_t>(req.size());
    if (nl_sendto(sock_.get(), req.data(), req.size()) < 0) fail("send an nf_tables request", EIO);
    std::vector<std::vector<unsigned char>> objects;
    bool done = false, interrupted = false;
    while (!done) {
      auto [data, size] = receive(true);
      int len = static_cast<int>(size);
      for (auto* h = reinterpret_cast<const nlmsghdr*>(data); NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
        if (h->nlmsg_seq != seq) continue;
        if (h->nlmsg_flags & NLM_F_DUMP_INTR) interrupted = true;
        if (h->nlmsg_type == NLMSG_DONE) {
          // A dump that failed midway says so in DONE's payload: a negative errno.
          int status = 0;
          if (h->nlmsg_len >= NLMSG_LENGTH(sizeof status)) std::memcpy(&status, NLMSG_DATA(h), sizeof status);
          if (status < 0) return -status;
          done = true;
        } else if (h->nlmsg_type == NLMSG_ERROR) {
          int code = -reinterpret_cast<const nlmsgerr*>(NLMSG_DATA(h))->error;
          if (code != 0) return code;
          done = true;
        } else {
          size_t header = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(nfgenmsg));
          if (h->nlmsg_len < header) continue;
          auto* p = reinterpret_cast<const unsigned char*>(h);
          objects.emplace_back(p + header, p + h->nlmsg_len);
        }
      }
    }
    if (interrupted) continue;  // the ruleset changed during the dump: read it again
    for (const auto& o : objects) each(o.data(), o.size());
    return 0;
  }
  fail("read a consistent nf_tables dump", EINTR);
}

}  // namespace docknet::kernel::nft
