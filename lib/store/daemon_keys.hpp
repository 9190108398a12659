#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace docknet::store {

/// What docknet does with a top-level daemon.json key.
enum class DaemonKeyKind {
  Applied,  // read and applied (mtu, bip, ...), or docknet's own (firewall-backend)
  Network,  // a Docker network key docknet does not apply: warned about, value ignored
  Daemon,   // a key for the daemon or its containers, which docknet does not have: warned, ignored
};

/// The kind of a daemon.json key, or nullopt when neither Docker nor docknet knows it. The
/// table is every key dockerd 28.5 and 29 accept on Linux: the long names of dockerd's flags,
/// the names of its list and map options (labels, log-opts, ...) and the keys its config
/// loader lets through unchecked (features, builder, min-api-version, ...), plus "proxies",
/// whose members dockerd reads as flags. Exact spelling only, as dockerd compares them.
std::optional<DaemonKeyKind> daemon_key_kind(std::string_view key);

/// Every key of the table, in order (the unit tests walk it).
std::vector<std::string_view> daemon_keys();

/// The candidate closest to a key nobody knows, for "did you mean": one that differs only in
/// case or in '_' against '-', else one within edit distance 2 (never as far as the key is
/// long, so "x" suggests nothing). Ties go to the first candidate; nullopt when none is close.
std::optional<std::string> closest_key(std::string_view unknown, const std::vector<std::string_view>& candidates);

}  // namespace docknet::store
