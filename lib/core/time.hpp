#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace docknet {

/// A point in time with the UTC offset it was recorded in, as Go's time.Time carries it.
struct Timestamp {
  int64_t seconds = 0;  // since the Unix epoch
  int32_t nanos = 0;
  int32_t offset = 0;  // seconds east of UTC

  /// Now, in the local time zone.
  static Timestamp now();
  /// RFC3339Nano as Go formats it: trailing zeros of the fraction dropped, "Z" for UTC.
  std::string rfc3339nano() const;
  /// Go's Time.String(): "2006-01-02 15:04:05.999999999 -0700 MST".
  std::string go_string() const;
  static std::optional<Timestamp> parse_rfc3339(std::string_view text);
  /// The same instant recorded in the same offset (what the store round-trips).
  friend bool operator==(const Timestamp&, const Timestamp&) = default;
  friend bool operator<=(const Timestamp& a, const Timestamp& b) {
    return a.seconds < b.seconds || (a.seconds == b.seconds && a.nanos <= b.nanos);
  }
};

/// docker's timestamp.GetTimestamp for the `until` filter: a Go duration ("24h", "10m30s",
/// relative to now), Unix seconds[.nanos], or an RFC3339-like date. nullopt if unparseable.
std::optional<Timestamp> parse_until(std::string_view value, const Timestamp& now);
/// The daemon's text (Docker 29.4+) for an `until` value parse_until refused.
std::string until_parse_error(std::string_view value);

}  // namespace docknet
