#pragma once
#include <string>

#include "lib/model/create_spec.hpp"
#include "lib/service/context.hpp"

namespace docknet::service {

/// `network create`: validates, allocates, makes the kernel state, saves; returns the new ID.
/// On any failure the kernel and the store are left as they were.
std::string create_network(ServiceContext& ctx, const model::CreateRequest& request);

}  // namespace docknet::service
