#include "lib/core/ip.hpp"

#include <arpa/inet.h>

#include <cstring>

namespace docknet {

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  std::string s(text);
  IpAddress ip;
  if (s.find(':') == std::string::npos) {
    in_addr a{};
    // inet_pton accepts only dotted quads, which is what Go's netip accepts too.
    if (inet_pton(AF_INET, s.c_str(), &a) != 1) return std::nullopt;
    std::memcpy(ip.bytes_.data(), &a, 4);
    return ip;
  }
  in6_addr a{};
  if (inet_pton(AF_INET6, s.c_str(), &a) != 1) return std::nullopt;
  ip.v6_ = true;
  std::memcpy(ip.bytes_.data(), &a, 16);
  return ip;
}

IpAddress IpAddress::from_v4(uint32_t host_order) { return from_value(false, host_order); }

IpAddress IpAddress::from_value(bool v6, u128 value) {
  IpAddress ip;
  ip.v6_ = v6;
  int n = v6 ? 16 : 4;
  for (int i = n - 1; i >= 0; --i) {
    ip.bytes_[i] = static_cast<uint8_t>(value & 0xff);
    value >>= 8;
  }
  return ip;
}

u128 IpAddress::value() const {
  u128 v = 0;
  for (int i = 0; i < (v6_ ? 16 : 4); ++i) v = (v << 8) | bytes_[i];
  return v;
}

std::string IpAddress::to_string() const {
  char buf[INET6_ADDRSTRLEN];
  inet_ntop(v6_ ? AF_INET6 : AF_INET, bytes_.data(), buf, sizeof buf);
  return buf;
}

std::optional<IpPrefix> IpPrefix::parse(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto addr = IpAddress::parse(text.substr(0, slash));
  auto len_text = text.substr(slash + 1);
  if (!addr || len_text.empty() || len_text.size() > 3) return std::nullopt;
  int len = 0;
  for (char c : len_text) {
    if (c < '0' || c > '9') return std::nullopt;
    len = len * 10 + (c - '0');
  }
  if (len_text.size() > 1 && len_text[0] == '0') return std::nullopt;
  if (len > addr->bits()) return std::nullopt;
  return IpPrefix(*addr, len);
}

static u128 host_mask(int bits, int len) {
  int host = bits - len;
  if (host >= 128) return ~u128(0);
  return (u128(1) << host) - 1;
}

IpPrefix IpPrefix::masked() const {
  u128 v = addr_.value() & ~host_mask(addr_.bits(), len_);
  if (addr_.is_v4()) v &= 0xffffffffu;
  return IpPrefix(IpAddress::from_value(addr_.is_v6(), v), len_);
}

bool IpPrefix::contains(const IpAddress& ip) const {
  if (ip.is_v6() != addr_.is_v6()) return false;
  u128 mask = ~host_mask(addr_.bits(), len_);
  return (ip.value() & mask) == (addr_.value() & mask);
}

bool IpPrefix::overlaps(const IpPrefix& other) const {
  if (is_v4() != other.is_v4()) return false;
  const IpPrefix& wider = len_ <= other.len_ ? *this : other;
  const IpPrefix& narrower = len_ <= other.len_ ? other : *this;
  return wider.contains(narrower.addr());
}

u128 IpPrefix::size() const {
  int host = addr_.bits() - len_;
  if (host >= 64) return u128(1) << 64;
  return u128(1) << host;
}

IpAddress IpPrefix::last() const {
  return IpAddress::from_value(addr_.is_v6(), first().value() | host_mask(addr_.bits(), len_));
}

std::string IpPrefix::to_string() const { return addr_.to_string() + "/" + std::to_string(len_); }

}  // namespace docknet
