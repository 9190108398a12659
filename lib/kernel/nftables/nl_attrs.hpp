#pragma once
#include <endian.h>
#include <linux/netlink.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace docknet::kernel::nft {

/// Appends netlink attributes (type-length-value, 4-byte aligned, nestable) to a byte buffer.
/// nf_tables wants integers in network byte order; u32/u64 convert. Our own writer rather than
/// libnl's nl_msg because an nf_tables batch is several messages in one buffer, and because the
/// rule encoding then stays a pure function the unit tests compare byte for byte.
class AttrWriter {
 public:
  explicit AttrWriter(std::vector<unsigned char>& out) : out_(out) {}
  void bytes(uint16_t type, const void* data, size_t len) {
    size_t at = header(type, len);
    std::memcpy(out_.data() + at + NLA_HDRLEN, data, len);
  }
  void str(uint16_t type, const std::string& s) { bytes(type, s.c_str(), s.size() + 1); }
  void u32(uint16_t type, uint32_t host) {
    uint32_t be = htobe32(host);
    bytes(type, &be, sizeof be);
  }
  void u64(uint16_t type, uint64_t host) {
    uint64_t be = htobe64(host);
    bytes(type, &be, sizeof be);
  }
  /// Writes a nested attribute: what `fill` writes goes inside it.
  template <class Fill>
  void nest(uint16_t type, Fill fill) {
    size_t at = header(type | NLA_F_NESTED, 0);
    fill();
    auto* nla = reinterpret_cast<nlattr*>(out_.data() + at);
    nla->nla_len = static_cast<uint16_t>(out_.size() - at);
  }
  std::vector<unsigned char>& buffer() { return out_; }

 private:
  size_t header(uint16_t type, size_t len) {
    size_t at = out_.size();
    out_.resize(at + NLA_HDRLEN + NLA_ALIGN(len), 0);
    auto* nla = reinterpret_cast<nlattr*>(out_.data() + at);
    nla->nla_type = type;
    nla->nla_len = static_cast<uint16_t>(NLA_HDRLEN + len);
    return at;
  }
  std::vector<unsigned char>& out_;
};

/// One attribute read from a message the kernel sent.
struct Attr {
  uint16_t type = 0;  // without the nested/byte-order flags
  const unsigned char* data = nullptr;
  size_t len = 0;
  explicit operator bool() const { return data != nullptr; }
  uint32_t u32() const {
    uint32_t be = 0;
    if (data) std::memcpy(&be, data, len < 4 ? len : 4);
    return be32toh(be);
  }
  uint64_t u64() const {
    uint64_t be = 0;
    if (data) std::memcpy(&be, data, len < 8 ? len : 8);
    return be64toh(be);
  }
  std::string str() const {
    if (!data) return {};
    return std::string(reinterpret_cast<const char*>(data), strnlen(reinterpret_cast<const char*>(data), len));
  }
};

/// Calls `each(Attr)` for every well-formed attribute in [data, data+len); a truncated one ends it.
template <class Each>
void for_each_attr(const unsigned char* data, size_t len, Each each) {
  while (len >= NLA_HDRLEN) {
    const auto* nla = reinterpret_cast<const nlattr*>(data);
    if (nla->nla_len < NLA_HDRLEN || nla->nla_len > len) return;
    each(Attr{static_cast<uint16_t>(nla->nla_type & NLA_TYPE_MASK), data + NLA_HDRLEN, size_t(nla->nla_len) - NLA_HDRLEN});
    size_t step = NLA_ALIGN(nla->nla_len);
    if (step >= len) return;
    data += step;
    len -= step;
  }
}

/// The attributes of one level by type (types above N are ignored; a repeated one keeps the last).
template <size_t N>
struct AttrTable {
  Attr at[N + 1];
  AttrTable(const unsigned char* data, size_t len) {
    for_each_attr(data, len, [&](const Attr& a) {
      if (a.type <= N) at[a.type] = a;
    });
  }
  explicit AttrTable(const Attr& nested) : AttrTable(nested.data, nested.len) {}
  const Attr& operator[](size_t type) const { return at[type]; }
};

}  // namespace docknet::kernel::nft
