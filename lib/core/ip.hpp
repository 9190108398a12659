#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace docknet {

using u128 = unsigned __int128;

/// An IPv4 or IPv6 address, stored in network byte order.
class IpAddress {
 public:
  IpAddress() = default;
  static std::optional<IpAddress> parse(std::string_view text);
  static IpAddress from_v4(uint32_t host_order);
  static IpAddress from_value(bool v6, u128 value);

  bool is_v4() const { return !v6_; }
  bool is_v6() const { return v6_; }
  int bits() const { return v6_ ? 128 : 32; }
  u128 value() const;
  const uint8_t* bytes() const { return bytes_.data(); }
  std::string to_string() const;
  /// As a URL or host:port writes it: IPv6 in brackets ("[::1]"), IPv4 as is.
  std::string to_host_string() const { return v6_ ? "[" + to_string() + "]" : to_string(); }
  IpAddress plus(u128 n) const { return from_value(v6_, value() + n); }

  friend bool operator==(const IpAddress&, const IpAddress&) = default;
  friend auto operator<=>(const IpAddress& a, const IpAddress& b) {
    if (a.v6_ != b.v6_) return a.v6_ <=> b.v6_;
    return a.bytes_ <=> b.bytes_;
  }

 private:
  bool v6_ = false;
  std::array<uint8_t, 16> bytes_{};
};

/// An address with a prefix length, like Go's netip.Prefix (host bits are kept until masked()).
class IpPrefix {
 public:
  IpPrefix() = default;
  IpPrefix(IpAddress addr, int len) : addr_(addr), len_(len) {}
  static std::optional<IpPrefix> parse(std::string_view text);

  const IpAddress& addr() const { return addr_; }
  int len() const { return len_; }
  bool is_v4() const { return addr_.is_v4(); }
  IpPrefix masked() const;
  bool is_masked() const { return masked() == *this; }
  bool contains(const IpAddress& ip) const;
  bool overlaps(const IpPrefix& other) const;
  /// Number of addresses, saturating at 2^64 for huge IPv6 prefixes.
  u128 size() const;
  IpAddress first() const { return masked().addr_; }
  IpAddress last() const;
  IpAddress nth(u128 n) const { return first().plus(n); }
  std::string to_string() const;

  friend bool operator==(const IpPrefix&, const IpPrefix&) = default;
  friend auto operator<=>(const IpPrefix&, const IpPrefix&) = default;

 private:
  IpAddress addr_;
  int len_ = 0;
};

}  // namespace docknet
