#pragma once
#include <string>
#include <vector>

#include "lib/model/network.hpp"
#include "lib/service/context.hpp"

namespace docknet::service {

/// `docknet port CONTAINER`: the ports the container publishes on every network it is on.
/// CONTAINER is a name, a full or unique ID prefix, or what `connect` takes (a namespace name,
/// PID or path). Docker's "No such container" when none matches; a container whose namespace
/// is gone publishes nothing (as a stopped container in Docker).
std::vector<model::PortBinding> published_ports(ServiceContext& ctx, const std::string& container);

}  // namespace docknet::service
