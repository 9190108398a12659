#pragma once
#include <memory>

#include "lib/kernel/link_backend.hpp"
#include "lib/store/cluster_store.hpp"
#include "lib/store/daemon_config.hpp"
#include "lib/store/etcd/etcd_client.hpp"

namespace docknet::cli {

/// This host's membership of the cluster the config names: the etcd client and the store that
/// merges the cluster's state with the local one.
struct Cluster {
  Cluster(const std::string& url, store::Store& local, const std::string& host, IpAddress address,
          const std::string& machine)
      : client(url), store(local, client, host, address, machine) {}
  /// Blocks until the cluster store changes after the last read (a watch from that revision).
  bool wait_for_change();
  store::etcd::EtcdClient client;
  store::ClusterStore store;
};

/// nullptr without cluster-store. Fills config.cluster_host (the hostname) and
/// config.cluster_address (cluster-advertise: an address, an interface's address, or the source
/// address towards the first etcd host). When that cannot be told, the cluster is unavailable
/// for that reason: changes are refused, this host's own networks are still shown and restored.
std::unique_ptr<Cluster> join_cluster(store::DaemonConfig& config, kernel::LinkBackend& links, store::Store& local);

}  // namespace docknet::cli
