#pragma once
// One host of a cluster in the unit tests: its own fake kernel and local store, sharing a
// MemoryKv (etcd's semantics) with the other hosts, as real hosts share one etcd.
#include <fmt/format.h>

#include "fakes/fake_kernel.hpp"
#include "fakes/memory_kv.hpp"
#include "lib/service/bootstrap.hpp"
#include "lib/service/context.hpp"
#include "lib/service/query.hpp"
#include "lib/store/cluster_store.hpp"

namespace docknet::fakes {

struct ClusterHost {
  /// Host hINDEX at 192.168.77.(10+INDEX) unless `address` says otherwise; `machine`: its machine ID.
  ClusterHost(MemoryKv& kv, int index, const std::string& machine = "", const std::string& address = "")
      : name(fmt::format("h{}", index)),
        address(*IpAddress::parse(address.empty() ? fmt::format("192.168.77.{}", 10 + index) : address)),
        cluster(local, kv, name, this->address, machine),
        index_(index) {
    config.cluster_store = "etcd://fake:2379";
    config.cluster_host = name;
    config.cluster_address = this->address;
    ctx.overlay = &kernel;
    kernel.namespaces = {{"/run/netns/c1", 100 + index}, {"/run/netns/c2", 200 + index}, {"/run/netns/c3", 300 + index}};
  }
  std::string name;
  IpAddress address;
  FakeKernel kernel;
  MemoryStore local;
  store::ClusterStore cluster;
  store::DaemonConfig config;
  int index_;
  int next_id = 0;
  service::ServiceContext ctx{cluster,
                              kernel,
                              kernel,
                              kernel,
                              config,
                              [] { return Timestamp{1795800000, 0, 0}; },
                              [this] {
                                // Unique across hosts in every prefix, as random IDs are.
                                std::string unit = fmt::format("{:02x}{:02x}", index_, ++next_id % 256), id;
                                for (int i = 0; i < 16; ++i) id += unit;
                                return id;
                              },
                              [](const std::string&) {},
                              {}};

  model::State state() { return service::open_for_read(ctx).state; }
  /// The network as this host sees it now, by value (a State read is a temporary).
  model::Network network_now(const std::string& n) {
    auto s = state();
    return service::resolve_network(s, n);
  }
  const model::Network& net(const model::State& s, const std::string& n) { return service::resolve_network(s, n); }
};

}  // namespace docknet::fakes
