#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "lib/kernel/netlink/handles.hpp"
#include "lib/kernel/nftables/nl_attrs.hpp"

namespace docknet::kernel::nft {

/// nf_tables changes sent as one nfnetlink batch: the kernel applies all of them or none.
class Batch {
 public:
  /// Adds one NFT_MSG_* message; `fill` writes its attributes; `what` names it in an error.
  template <class Fill>
  void add(uint16_t nft_msg, uint16_t flags, uint8_t family, std::string what, Fill fill) {
    size_t at = begin(nft_msg, flags, family);
    AttrWriter w(buf_);
    fill(w);
    end(at, std::move(what));
  }
  bool empty() const { return starts_.empty(); }
  size_t size() const { return starts_.size(); }

 private:
  friend class Socket;
  size_t begin(uint16_t nft_msg, uint16_t flags, uint8_t family);
  void end(size_t at, std::string what);
  std::vector<unsigned char> buf_;
  std::vector<size_t> starts_;
  std::vector<std::string> what_;
};

/// A NETLINK_NETFILTER socket (libnl's nl_sock: connect, buffers, close) speaking nf_tables.
class Socket {
 public:
  Socket();
  /// Sends the batch and waits for the kernel's verdict; throws naming the first message it refused.
  void commit(Batch& batch);
  /// Dumps objects of one kind (NFT_MSG_GETCHAIN, NFT_MSG_GETRULE ...), `filter` writing the
  /// request's attributes; `each` gets every object's attributes. Returns 0, or the errno the
  /// kernel answered (ENOENT: no such table or chain).
  int dump(uint16_t nft_msg, uint8_t family, const std::function<void(AttrWriter&)>& filter,
           const std::function<void(const unsigned char*, size_t)>& each);

 private:
  /// The next datagram from the kernel, in buf_; empty when !wait and nothing is queued.
  std::pair<const unsigned char*, size_t> receive(bool wait);
  NlSock sock_;
  std::vector<unsigned char> buf_;  // one receive buffer for the socket's life (no mmap per read)
  uint32_t seq_;
};

}  // namespace docknet::kernel::nft
