#pragma once
#include <string>

#include "lib/model/network.hpp"

namespace docknet::model {

inline constexpr const char* kDefaultBridgeName = "docker0";

/// The kernel name of a network's bridge: the option if given, else "br-" + 12 hex of the ID.
std::string bridge_name(const Network& network);

/// Docker's container-name rule, `^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$` (moby: daemon/names.go).
bool valid_container_name(const std::string& name);

/// A word docknet may write into a hosts file: non-empty, no whitespace, no control character
/// and no '#' (which would start a comment), so it can never add a line or another name.
bool valid_hosts_token(const std::string& word);


/// Refuses what a connect would write into hosts files unsafely: the name of a named namespace
/// that breaks Docker's container-name rule (Docker's message, the name as given), a container path or PID name
/// with whitespace or control characters, and aliases and --link names and aliases that are not
/// hosts-file tokens. Docker itself accepts such aliases (its DNS server needs no file); docknet
/// writes /etc/netns/NAME/hosts, so it refuses them. Throws InvalidParameter.
void check_container_name(const std::string& name, bool named_netns);
void check_alias(const std::string& alias);
void check_link(const std::string& link);

}  // namespace docknet::model
