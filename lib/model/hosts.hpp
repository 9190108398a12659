#pragma once
#include <map>
#include <string>

#include "lib/model/network.hpp"

namespace docknet::model {

/// Name resolution without a daemon: for every container that is a named namespace
/// (/run/netns/NAME), the /etc/netns/NAME/hosts file `ip netns exec` mounts over /etc/hosts.
/// It lists the container itself and every container sharing a user-defined network with it,
/// by name, aliases and short ID; the default `bridge` network resolves nothing, as in Docker.
std::map<std::string, std::string> hosts_files(const State& state);

/// /etc/netns/NAME/hosts for a named namespace, or "" for a PID or a path.
std::string hosts_path(const Container& container);

}  // namespace docknet::model
