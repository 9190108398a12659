#pragma once
#include <string>
#include <vector>

#include "lib/service/context.hpp"

namespace docknet::service {

/// `docknet network reconcile`: this host made to match the cluster store (and its own state):
/// interrupted changes finished or undone, endpoints of gone containers released, overlay
/// sandboxes and their peers, hosts files. Idempotent. Throws on the first failure.
void reconcile_host(ServiceContext& ctx);

/// One host of the cluster, as `docknet node ls` shows it.
struct ClusterHost {
  std::string name;
  std::string address;
  size_t endpoints = 0;
  bool self = false;
};
std::vector<ClusterHost> list_cluster_hosts(ServiceContext& ctx);

/// `docknet node rm NAME`: a host gone for good leaves the cluster; its endpoints and their
/// addresses are freed on every network. Refuses this host and a name the cluster does not know.
void remove_cluster_host(ServiceContext& ctx, const std::string& name);

}  // namespace docknet::service
